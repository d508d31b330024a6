// Tests for the document loaders on real files: sample plans, .docx built with the docx package, and PDF fixtures in test/fixtures.

import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from "docx";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { UnsupportedFileError } from "../core/errors.js";
import { toTcvn3, toVni } from "../../test/fixtures/legacy-vietnamese.js";
import { htmlToText } from "./docx.js";
import { SUPPORTED_EXTENSIONS, loadBuffer, loadDocument, loadTextFileSync, readDocumentFileSync } from "./index.js";
import { cleanPage } from "./pdf.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const PLANS = fileURLToPath(new URL("../../data/plans/", import.meta.url));
const VIETNAMESE = /[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "loaders-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tempFile(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/**
 * Awaits a load that must fail and checks the error: an UnsupportedFileError whose
 * Vietnamese userMessage names the file and matches `message`, with an English reason.
 */
async function expectUnsupported(load: Promise<unknown>, fileName: string, message: RegExp, reason?: RegExp) {
  const err = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnsupportedFileError);
  const e = err as UnsupportedFileError;
  expect(e.userMessage).toContain(`"${fileName}"`);
  expect(e.userMessage).toMatch(VIETNAMESE);
  expect(e.userMessage).toMatch(message);
  expect(e.reason).toMatch(/^[\x20-\x7e]+$/);
  if (reason) expect(e.reason).toMatch(reason);
  expect(e.code).toBe("unsupported_file");
  return e;
}

// ---------------------------------------------------------------------------
// .docx builders

const cell = (...paragraphs: Array<string | Paragraph | Table>) =>
  new TableCell({ children: paragraphs.map((p) => (typeof p === "string" ? new Paragraph(p) : p)) });
const row = (...cells: TableCell[]) => new TableRow({ children: cells });

async function docxBuffer(children: Array<Paragraph | Table>): Promise<Buffer> {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "plan-numbering",
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: "%1.", alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.LOWER_LETTER, text: "%2)", alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}

const numbered = (text: string, level: number) => new Paragraph({ text, numbering: { reference: "plan-numbering", level } });
const bullet = (text: string, level: number) => new Paragraph({ text, bullet: { level } });

test("Word's automatic numbering is kept, Roman parts included, and continues after an interruption", async () => {
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: "parts",
          levels: [
            { level: 0, format: LevelFormat.UPPER_ROMAN, text: "%1.", alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.DECIMAL, text: "%2.", alignment: AlignmentType.START },
            { level: 2, format: LevelFormat.LOWER_LETTER, text: "%3)", alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: "MỤC ĐÍCH, YÊU CẦU", numbering: { reference: "parts", level: 0 } }),
          new Paragraph({ text: "Mục đích", numbering: { reference: "parts", level: 1 } }),
          new Paragraph("Nâng cao nhận thức."),
          new Paragraph({ text: "Yêu cầu", numbering: { reference: "parts", level: 1 } }),
          new Paragraph({ text: "NHIỆM VỤ", numbering: { reference: "parts", level: 0 } }),
          new Paragraph({ text: "Sở Tư pháp", numbering: { reference: "parts", level: 1 } }),
          new Paragraph({ text: "Tuyên truyền pháp luật", numbering: { reference: "parts", level: 2 } }),
        ],
      },
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), "docx-numbering-"));
  const path = join(dir, "numbered.docx");
  await writeFile(path, await Packer.toBuffer(doc));
  const text = (await loadDocument(path)).text;
  expect(text.split("\n").filter(Boolean)).toEqual([
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Mục đích",
    "Nâng cao nhận thức.",
    "2. Yêu cầu",
    "II. NHIỆM VỤ",
    "1. Sở Tư pháp",
    "a) Tuyên truyền pháp luật",
  ]);
});

function planDocx(): Promise<Buffer> {
  return docxBuffer([
    new Paragraph("ỦY BAN NHÂN DÂN HUYỆN VẠN NINH"),
    new Paragraph("Số:\u00a025/KH-UBND"),
    new Paragraph({ text: "KẾ HOẠCH", heading: HeadingLevel.HEADING_1 }),
    new Paragraph({
      children: [new TextRun("Hoạt động thông tin đối ngoại"), new TextRun({ text: "trên địa bàn huyện năm 2019", break: 1 })],
    }),
    new Paragraph(""),
    new Paragraph("Căn cứ Quyết định số 368/QĐ-TTg ngày 28/2/2013 của Thủ tướng Chính phủ;"),
    numbered("Mục đích, yêu cầu", 0),
    numbered("Nâng cao nhận thức của cán bộ, đảng viên.", 1),
    numbered("Phát huy sức mạnh tổng hợp.", 1),
    numbered("Nhiệm vụ trọng tâm", 0),
    bullet("Phòng Văn hóa & Thông tin chủ trì.", 0),
    bullet("Tài liệu tuyên truyền: Trung tâm Văn hóa - Thể thao.", 1),
    new Table({
      rows: [
        row(cell("STT"), cell("Nội dung nhiệm vụ"), cell("Cơ quan chủ trì")),
        row(cell("1"), cell("Tuyên truyền về biển, đảo", "trên địa bàn huyện"), cell("Phòng VH&TT")),
        row(cell("2"), cell("Thông tin đối ngoại <định kỳ>"), cell("Công an huyện | Đồn Biên phòng")),
      ],
    }),
    new Paragraph("Trên đây là Kế hoạch hoạt động thông tin đối ngoại năm 2019 của UBND huyện."),
  ]);
}

const PLAN_DOCX_TEXT = [
  "ỦY BAN NHÂN DÂN HUYỆN VẠN NINH",
  "",
  "Số: 25/KH-UBND",
  "",
  "KẾ HOẠCH",
  "",
  "Hoạt động thông tin đối ngoại",
  "trên địa bàn huyện năm 2019",
  "",
  "Căn cứ Quyết định số 368/QĐ-TTg ngày 28/2/2013 của Thủ tướng Chính phủ;",
  "",
  "1. Mục đích, yêu cầu",
  "",
  "a) Nâng cao nhận thức của cán bộ, đảng viên.",
  "",
  "b) Phát huy sức mạnh tổng hợp.",
  "",
  "2. Nhiệm vụ trọng tâm",
  "",
  "- Phòng Văn hóa & Thông tin chủ trì.",
  "",
  "+ Tài liệu tuyên truyền: Trung tâm Văn hóa - Thể thao.",
  "",
  "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì |",
  "| 1 | Tuyên truyền về biển, đảo trên địa bàn huyện | Phòng VH&TT |",
  "| 2 | Thông tin đối ngoại <định kỳ> | Công an huyện / Đồn Biên phòng |",
  "",
  "Trên đây là Kế hoạch hoạt động thông tin đối ngoại năm 2019 của UBND huyện.",
].join("\n");

// ---------------------------------------------------------------------------

describe("SUPPORTED_EXTENSIONS", () => {
  test("lists the readable types (archives apart)", () => {
    expect(SUPPORTED_EXTENSIONS).toEqual([".txt", ".md", ".docx", ".pdf", ".doc", ".rtf", ".odt", ".xlsx", ".xls", ".png", ".jpg", ".jpeg", ".tif", ".tiff"]);
  });
});

describe(".txt and .md", () => {
  test.each(["hung-yen-2022.txt", "quang-ngai-2024.txt", "trieu-son-2022.txt", "van-ninh-2019.txt", "vu-thu-2024.txt"])(
    "sample plan %s loads as is",
    async (file) => {
      const doc = await loadDocument(join(PLANS, file));
      expect(doc.format).toBe("txt");
      expect(doc.pages).toBeUndefined();
      expect(doc.text).toBe((await readFile(join(PLANS, file), "utf8")).normalize("NFC"));
    },
  );

  test("Markdown is returned as written (the normalizer cleans it later)", async () => {
    const md = "## I. MỤC ĐÍCH, YÊU CẦU\n\n**1. Phòng Văn hóa và Thông tin**\n\n- Tham mưu UBND huyện.\n";
    const doc = await loadDocument(await tempFile("ke-hoach.md", md));
    expect(doc).toEqual({ text: md, format: "md" });
  });

  test("upper-case extensions are accepted", async () => {
    const doc = await loadDocument(await tempFile("KE-HOACH.TXT", "Kế hoạch số 33/KH-UBND"));
    expect(doc.format).toBe("txt");
  });

  test.each([
    ["UTF-8 with BOM", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("Ủy ban nhân dân huyện", "utf8")])],
    ["UTF-16 LE with BOM", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Ủy ban nhân dân huyện", "utf16le")])],
    ["UTF-16 BE with BOM", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("Ủy ban nhân dân huyện", "utf16le").swap16()])],
  ])("%s is decoded without the BOM", async (_label, bytes) => {
    const doc = await loadBuffer(bytes, "ubnd.txt");
    expect(doc.text).toBe("Ủy ban nhân dân huyện");
  });

  test("NFD text comes out NFC", async () => {
    const doc = await loadBuffer(Buffer.from("Cộng hòa xã hội chủ nghĩa Việt Nam".normalize("NFD")), "nfd.txt");
    expect(doc.text).toBe("Cộng hòa xã hội chủ nghĩa Việt Nam".normalize("NFC"));
    expect(doc.text).not.toBe(doc.text.normalize("NFD"));
  });

  test("a file that is not UTF-8 is rejected", async () => {
    const path = await tempFile("cp1258.txt", Buffer.from("Hà Nội, ngày 15 tháng 01", "latin1"));
    await expectUnsupported(loadDocument(path), "cp1258.txt", /UTF-8/, /not valid UTF-8/);
  });

  test("a binary file named .txt is rejected", async () => {
    const bytes = Buffer.from("K\0e\0 \0h\0o\0a\0c\0h\0", "latin1");
    await expectUnsupported(loadBuffer(bytes, "utf16-no-bom.txt"), "utf16-no-bom.txt", /UTF-8/, /NUL/);
  });

  test.each([
    ["raw TCVN3 bytes", "tcvn3-bytes.txt", Buffer.from(toTcvn3("Cộng hoà xã hội chủ nghĩa Việt Nam. Uỷ ban nhân dân huyện."), "latin1"), /TCVN3/],
    ["raw VNI bytes", "vni-bytes.txt", Buffer.from(toVni("Cộng hòa xã hội chủ nghĩa Việt Nam. Ủy ban nhân dân huyện."), "latin1"), /VNI/],
    ["TCVN3 mojibake saved as UTF-8", "tcvn3-utf8.md", Buffer.from("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "utf8"), /TCVN3/],
    ["VNI mojibake saved as UTF-8", "vni-utf8.txt", Buffer.from("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nUÛy ban nhaân daân", "utf8"), /VNI/],
  ])("%s: legacy encoding is reported", async (_label, name, bytes, encoding) => {
    const e = await expectUnsupported(loadBuffer(bytes, name), name, /bảng mã cũ/);
    expect(e.userMessage).toMatch(encoding);
    expect(e.userMessage).toMatch(/Unicode/);
  });

  test.each([
    ["0 bytes", ""],
    ["only whitespace", " \n\t\r\n  \n"],
    ["only a BOM", "\ufeff"],
  ])("an empty file (%s) is rejected", async (_label, content) => {
    const path = await tempFile("trong.txt", content);
    await expectUnsupported(loadDocument(path), "trong.txt", /trống/, /empty/);
  });
});

describe(".docx", () => {
  test("paragraphs become lines, lists get numbers, table rows stay rows and cells stay cells", async () => {
    const path = await tempFile("ke-hoach.docx", await planDocx());
    const doc = await loadDocument(path);
    expect(doc.format).toBe("docx");
    expect(doc.text).toBe(PLAN_DOCX_TEXT);
  });

  test("loadBuffer reads the same upload from memory", async () => {
    const doc = await loadBuffer(await planDocx(), "Kế hoạch TTĐN.docx");
    expect(doc.text).toBe(PLAN_DOCX_TEXT);
  });

  test("merged cells keep the grid and nested tables are flattened into their cell", async () => {
    const buf = await docxBuffer([
      new Paragraph("PHỤ LỤC"),
      new Table({
        rows: [
          row(cell("STT"), cell("Nội dung"), new TableCell({ children: [new Paragraph("Thời gian")], columnSpan: 2 })),
          row(cell("1"), cell("Hội nghị"), new TableCell({ children: [new Paragraph("Phòng Văn hóa và Thông tin")], rowSpan: 2 }), cell("Quý I")),
          row(cell("2"), cell("Tập huấn"), cell("Quý II")),
          row(
            cell("3"),
            cell(new Table({ rows: [row(cell("Tài liệu"), cell("Sổ tay"))] })),
            cell("Công an huyện"),
            cell("Năm 2024"),
          ),
        ],
      }),
      new Paragraph("Hết phụ lục"),
    ]);
    const doc = await loadBuffer(buf, "phu-luc.docx");
    expect(doc.text).toBe(
      [
        "PHỤ LỤC",
        "",
        "| STT | Nội dung | Thời gian |  |",
        "| 1 | Hội nghị | Phòng Văn hóa và Thông tin | Quý I |",
        "| 2 | Tập huấn | Phòng Văn hóa và Thông tin | Quý II |",
        "| 3 | Tài liệu Sổ tay | Công an huyện | Năm 2024 |",
        "",
        "Hết phụ lục",
      ].join("\n"),
    );
  });

  test("TCVN3 text typed with a .VnTime font is reported as a legacy encoding", async () => {
    const buf = await docxBuffer([
      new Paragraph(toTcvn3("Uỷ ban nhân dân huyện Vạn Ninh")),
      new Paragraph(toTcvn3("Cộng hoà xã hội chủ nghĩa Việt Nam")),
      new Paragraph(toTcvn3("Kế hoạch hoạt động thông tin đối ngoại năm 2019")),
    ]);
    await expectUnsupported(loadBuffer(buf, "vntime.docx"), "vntime.docx", /TCVN3/, /TCVN3/);
  });

  test("VNI text is reported as a legacy encoding", async () => {
    const buf = await docxBuffer([
      new Paragraph(toVni("Ủy ban nhân dân huyện Vạn Ninh")),
      new Paragraph(toVni("Cộng hòa xã hội chủ nghĩa Việt Nam")),
    ]);
    await expectUnsupported(loadBuffer(buf, "vni-times.docx"), "vni-times.docx", /VNI/, /VNI/);
  });

  test("a document without text is empty", async () => {
    const buf = await docxBuffer([new Paragraph(""), new Paragraph("   ")]);
    await expectUnsupported(loadBuffer(buf, "rong.docx"), "rong.docx", /trống/, /empty/);
  });

  test.each([
    ["random bytes", Buffer.from("this is not a zip archive at all")],
    ["a truncated zip", Buffer.from("PK\u0003\u0004\u0014\u0000\u0000\u0000", "latin1")],
  ])("a corrupt .docx (%s) is rejected", async (_label, bytes) => {
    const path = await tempFile("hong.docx", bytes);
    await expectUnsupported(loadDocument(path), "hong.docx", /bị hỏng/, /cannot parse \.docx/);
  });

  test("a valid zip that is not a Word document is rejected as corrupt", async () => {
    const zip = await planDocx();
    // Same archive with the main part renamed: mammoth cannot find word/document.xml.
    const broken = Buffer.from(zip.toString("latin1").replaceAll("word/document.xml", "word/documenX.xml"), "latin1");
    await expectUnsupported(loadBuffer(broken, "khong-phai-word.docx"), "khong-phai-word.docx", /bị hỏng/);
  });

  test("an OLE2 file named .docx that is not a readable .doc is reported as encrypted or damaged", async () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    await expectUnsupported(loadBuffer(ole, "cu.docx"), "cu.docx", /mật khẩu hoặc bị hỏng/, /OLE2/);
  });
});

describe("htmlToText (mammoth's HTML)", () => {
  test.each([
    ["entities are decoded", "<p>A &amp; B &lt; C &gt; D&nbsp;E &quot;F&quot; &#39;G&#39; &#7871;</p>", "A & B < C > D E \"F\" 'G' ế"],
    ["<br> splits a paragraph into lines", "<p>Dòng một<br />Dòng hai<br/><br/>Dòng ba</p>", "Dòng một\nDòng hai\nDòng ba"],
    ["inline formatting is flattened", "<h2><strong>II.</strong> <em>NHIỆM VỤ</em></h2><p>Nội <u>dung</u></p>", "II. NHIỆM VỤ\n\nNội dung"],
    ["empty paragraphs leave no extra blank lines", "<p>Một</p><p></p><p> </p><p>Hai</p>", "Một\n\nHai"],
    [
      "header rows in <thead> with <th> cells",
      "<table><thead><tr><th>STT</th><th>Nội dung</th></tr></thead><tbody><tr><td>1</td><td>Hội nghị</td></tr></tbody></table>",
      "| STT | Nội dung |\n| 1 | Hội nghị |",
    ],
    ["<br> inside a cell becomes a space", "<table><tr><td><p>Phòng A<br />Phòng B</p></td><td>x</td></tr></table>", "| Phòng A Phòng B | x |"],
    ["a list inside a cell stays in the cell", "<table><tr><td><ul><li>Một</li><li>Hai</li></ul></td></tr></table>", "| - Một - Hai |"],
    ["<ol start> continues the numbering", '<ol start="3"><li>Ba</li><li>Bốn</li></ol>', "3. Ba\n\n4. Bốn"],
    [
      "depths 1, 2 and 3 of ordered lists",
      "<ol><li>Một<ol><li>A<ol><li>Sâu</li></ol></li><li>B</li></ol></li><li>Hai</li></ol>",
      "1. Một\n\na) A\n\n- Sâu\n\nb) B\n\n2. Hai",
    ],
    ["list items with paragraphs", "<ul><li><p>Đoạn một</p><p>Đoạn hai</p></li></ul>", "- Đoạn một\n\nĐoạn hai"],
    [
      "footnote back-links are dropped",
      '<p>Văn bản<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup></p><ol><li id="footnote-1"><p>Ghi chú <a href="#footnote-ref-1">↑</a></p></li></ol>',
      "Văn bản[1]\n\n1. Ghi chú",
    ],
    ["images are ignored", '<p>Trước<img src="" />sau</p>', "Trướcsau"],
  ])("%s", (_label, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe("cleanPage (PDF page numbers)", () => {
  test.each([
    ["a bare number as last line", "Nội dung trang\n5", "Nội dung trang"],
    ["- 5 - as last line", "Nội dung trang\n- 5 -", "Nội dung trang"],
    ["– 12 – with en dashes", "Nội dung trang\n– 12 –", "Nội dung trang"],
    ["Trang 5 as first line", "Trang 5\nNội dung trang", "Nội dung trang"],
    ["Trang 5/12 as last line", "Nội dung trang\nTrang 5/12", "Nội dung trang"],
    ["numbers at both ends", "3\nNội dung trang\n\n- 3 -\n", "Nội dung trang"],
    ["a number in the middle stays", "Nội dung\n15\nTiếp theo", "Nội dung\n15\nTiếp theo"],
    ["a date at the end stays", "Thời gian hoàn thành\n15/5", "Thời gian hoàn thành\n15/5"],
    ["a numbered heading stays", "1. Mục đích\nNội dung", "1. Mục đích\nNội dung"],
    ["a year line stays when it is not alone at an edge", "Năm\n2024\nKế hoạch", "Năm\n2024\nKế hoạch"],
    ["blank lines collapse and trailing spaces go", "Một   \n\n\n\nHai  ", "Một\n\nHai"],
  ])("%s", (_label, page, expected) => {
    expect(cleanPage(page)).toBe(expected);
  });
});

describe(".pdf", () => {
  test("a PDF with a Vietnamese text layer keeps its lines, marks paragraph spacing with a blank line and drops running page numbers", async () => {
    const doc = await loadDocument(join(FIXTURES, "vietnamese-text.pdf"));
    expect(doc.format).toBe("pdf");
    expect(doc.pages).toBe(2);
    // A blank line where the text steps down clearly more than its line pitch (see make-fixtures.mjs), and between pages.
    expect(doc.text.split("\n")).toEqual([
      "ỦY BAN NHÂN DÂN",
      "HUYỆN VẠN NINH",
      "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
      "Độc lập - Tự do - Hạnh phúc",
      "",
      "Số: 25/KH-UBND Vạn Ninh, ngày 15 tháng 01 năm 2019",
      "",
      "KẾ HOẠCH",
      "Hoạt động thông tin đối ngoại trên địa bàn huyện năm 2019",
      "",
      "I. MỤC ĐÍCH, YÊU CẦU",
      "1. Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân về",
      "công tác thông tin đối ngoại; bảo đảm “đúng định hướng”.",
      "",
      "Cơ quan chủ trì: Phòng Văn hóa và Thông tin",
      "",
      // Page 2: "Trang 2" (its first line) is gone; the "3" in the middle of the page stays.
      "II. TỔ CHỨC THỰC HIỆN",
      "Công an huyện phối hợp với UBND các xã, thị trấn.",
      "3",
      "Báo cáo kết quả về UBND huyện trước ngày 05/11/2019.",
    ]);
    expect(doc.text).toBe(doc.text.normalize("NFC"));
  });

  test("loadBuffer reads an uploaded PDF", async () => {
    const doc = await loadBuffer(await readFile(join(FIXTURES, "vietnamese-text.pdf")), "upload.pdf");
    expect(doc.pages).toBe(2);
    expect(doc.text).toContain("Cơ quan chủ trì: Phòng Văn hóa và Thông tin");
  });

  test("a scanned PDF whose pages hold no text at all is rejected, never loaded as an empty plan", async () => {
    const e = await expectUnsupported(loadDocument(join(FIXTURES, "scanned.pdf")), "scanned.pdf", /Không nhận dạng được chữ nào/);
    expect(e.reason).toMatch(/no text recognized/);
  });

  test("a PDF whose text layer is TCVN3 mojibake is reported as a legacy encoding", async () => {
    await expectUnsupported(loadDocument(join(FIXTURES, "legacy-tcvn3.pdf")), "legacy-tcvn3.pdf", /TCVN3/, /TCVN3/);
  });

  test("a corrupt PDF is rejected", async () => {
    await expectUnsupported(loadDocument(join(FIXTURES, "corrupt.pdf")), "corrupt.pdf", /bị hỏng/, /cannot parse PDF/);
  });

  test("a truncated PDF is rejected", async () => {
    const whole = await readFile(join(FIXTURES, "vietnamese-text.pdf"));
    await expectUnsupported(loadBuffer(whole.subarray(0, 600), "cut.pdf"), "cut.pdf", /bị hỏng/);
  });

  test("a 0-byte PDF is empty", async () => {
    await expectUnsupported(loadBuffer(Buffer.alloc(0), "rong.pdf"), "rong.pdf", /trống/);
  });
});

describe("file type", () => {
  test("a truncated legacy .doc is reported as damaged", async () => {
    const path = await tempFile("ke-hoach-cu.doc", Buffer.from([0xd0, 0xcf, 0x11, 0xe0]));
    await expectUnsupported(loadDocument(path), "ke-hoach-cu.doc", /bị hỏng.*\(\.doc\)/, /cannot parse Word 97-2003/);
  });

  test.each(["trinh-chieu.ppt", "ke-hoach.pages", "anh.heic", "cai-dat.exe"])("%s is not supported", async (name) => {
    await expectUnsupported(loadBuffer(Buffer.from("x"), name), name, /Chưa hỗ trợ định dạng .*Word \(\.docx, \.doc\), PDF/, /unsupported extension/);
  });

  test("a file name without extension is rejected", async () => {
    await expectUnsupported(loadBuffer(Buffer.from("Kế hoạch"), "KE_HOACH"), "KE_HOACH", /phần mở rộng/);
  });

  test("fileName decides the type of a temp file and is the name users see", async () => {
    const path = await tempFile("upload-7f3a9c", await planDocx());
    const doc = await loadDocument(path, { fileName: "Kế hoạch 25.docx" });
    expect(doc.format).toBe("docx");
    expect(doc.text).toBe(PLAN_DOCX_TEXT);

    const e = await expectUnsupported(loadDocument(path, { fileName: "Kế hoạch 25.pdf" }), "Kế hoạch 25.pdf", /bị hỏng/);
    expect(e.userMessage).not.toContain("upload-7f3a9c");
  });

  test("only the base name of a path reaches the user", async () => {
    const path = await tempFile("bao-cao.ppt", "x");
    const e = await expectUnsupported(loadDocument(path), "bao-cao.ppt", /Chưa hỗ trợ/);
    expect(e.userMessage).not.toContain(dir);
  });

  test("a missing file is reported", async () => {
    await expectUnsupported(loadDocument(join(dir, "khong-co.pdf")), "khong-co.pdf", /Không tìm thấy/, /not found/);
  });

  test("a directory is not a file", async () => {
    await expectUnsupported(loadDocument(dir, { fileName: "thu-muc.txt" }), "thu-muc.txt", /không phải là một tệp/);
  });

  /** What a loader gives for a file, synchronous or not: its text, or its error's class, message, reason and user message. */
  async function outcomeOf(load: () => unknown): Promise<Record<string, unknown>> {
    try {
      return { text: ((await load()) as { text?: string }).text };
    } catch (e) {
      const err = e as UnsupportedFileError;
      return { unsupported: err instanceof UnsupportedFileError, message: err.message, reason: err.reason, userMessage: err.userMessage };
    }
  }

  // Parse workers read files synchronously: the same checks, the same errors, the same bytes.
  test.each([
    ["a missing file", () => join(dir, "khong-co.pdf"), {}],
    ["a directory", () => dir, { fileName: "thu-muc.txt" }],
    ["a file over the limit", () => join(dir, "lon.txt"), { maxBytes: 10 }],
    ["an unsupported type", () => join(dir, "bao-cao.ppt"), {}],
  ] as const)("readDocumentFileSync refuses %s as loadDocument does", async (_case, path, opts) => {
    await writeFile(join(dir, "lon.txt"), "Kế hoạch số 25/KH-UBND");
    await writeFile(join(dir, "bao-cao.ppt"), "x");
    const expected = await outcomeOf(() => loadDocument(path(), opts));
    expect(expected.unsupported).toBe(true);
    expect(await outcomeOf(() => readDocumentFileSync(path(), opts))).toEqual(expected);
  });

  test.each([
    ["a plan", "ke-hoach-sync.txt", Buffer.from("\ufeffKe\u0302\u0301 hoạch số 25/KH-UBND\r\nI. MỤC ĐÍCH\n", "utf8")],
    ["an empty file", "trong-sync.md", Buffer.alloc(0)],
    ["only blanks", "trang-sync.txt", Buffer.from(" \n\t\n", "utf8")],
    ["TCVN3 text", "tcvn3-sync.txt", Buffer.from("Céng hoµ x· héi chñ nghÜa ViÖt Nam", "latin1")],
    ["not UTF-8", "cp1258-sync.txt", Buffer.from([0x4b, 0xea, 0x20, 0x68, 0x6f, 0xb5, 0x63, 0x68])],
  ])("loadTextFileSync reads %s as loadDocument does", async (_case, name, bytes) => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    expect(await outcomeOf(() => loadTextFileSync(path))).toEqual(await outcomeOf(() => loadDocument(path)));
  });

  test("readDocumentFileSync gives the file's bytes", async () => {
    const path = await tempFile("ke-hoach-dong-bo.txt", "Kế hoạch số 25/KH-UBND");
    expect(readDocumentFileSync(path, { maxBytes: 1000 })).toEqual(await readFile(path));
  });
});

describe("size limit", () => {
  test("maxBytes: 10 rejects a small file and says the limit in MB", async () => {
    const path = await tempFile("nho.txt", "Kế hoạch số 25/KH-UBND");
    const e = await expectUnsupported(loadDocument(path, { maxBytes: 10 }), "nho.txt", /vượt giới hạn .* MB/, /over the limit of 10 bytes/);
    expect(e.reason).toMatch(/is 28 bytes/);
  });

  test("loadBuffer honours maxBytes too", async () => {
    await expectUnsupported(loadBuffer(Buffer.from("Kế hoạch số 25/KH-UBND"), "nho.md", { maxBytes: 10 }), "nho.md", /vượt giới hạn/);
  });

  test("the default limit is 20 MB and is checked with stat before reading", async () => {
    // A sparse 3 GiB file: reading it would fail (Node cannot read a file over 2 GiB
    // into one Buffer), so this only passes if the size is checked first.
    const path = join(dir, "rat-lon.pdf");
    await writeFile(path, "");
    await truncate(path, 3 * 1024 * 1024 * 1024);
    const e = await expectUnsupported(loadDocument(path), "rat-lon.pdf", /vượt giới hạn 20 MB/, /over the limit of 20971520 bytes/);
    expect(e.userMessage).toContain("3.072 MB");
    await rm(path);
  });

  test("a file exactly at the limit is accepted", async () => {
    const text = "Kế hoạch";
    const path = await tempFile("vua.txt", text);
    const doc = await loadDocument(path, { maxBytes: Buffer.byteLength(text) });
    expect(doc.text).toBe(text);
  });
});
