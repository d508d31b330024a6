// The loaders added for what agencies actually send: .doc, .rtf, .odt, spreadsheets, .zip archives, photos and scans (real Tesseract).

import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import * as XLSX from "@e965/xlsx";
import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { OcrUnavailableError, UnsupportedFileError } from "../core/errors.js";
import { isArchive, loadBuffer, readArchive, type LoadProgress } from "./index.js";
import { createOcrEngine } from "./ocr/engine.js";
import { checkBiffRecordSizes, sheetRowsToText } from "./spreadsheet.js";
import { tabbedLinesToRows } from "./tabbedRows.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const fixture = (path: string) => readFile(join(FIXTURES, path));

/** The annex rows every format of test/fixtures/formats/plan.* must give. */
const PLAN_ROWS = [
  "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì |",
  "| 1 | Tuyên truyền về biển, đảo | Phòng Văn hóa và Thông tin |",
  "| 2 | Thông tin đối ngoại định kỳ | Công an huyện |",
];

async function failure(load: Promise<unknown>): Promise<UnsupportedFileError> {
  const err = await load.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UnsupportedFileError);
  const e = err as UnsupportedFileError;
  expect(e.reason).toMatch(/^[\x20-\x7e]+$/);
  return e;
}

describe("legacy and open word-processor formats", () => {
  test("a damaged .doc whose sector chain loops (found by the fuzzer; word-extractor filled memory until V8 stopped) is one clear error", async () => {
    const e = await failure(loadBuffer(await fixture("fuzz/word-extractor-fat-cycle.doc"), "vong-lap.doc"));
    expect(e.reason).toBe("cannot parse Word 97-2003 (.doc): Error: OLE2 FAT chain through sector 8 loops back on itself");
    expect(e.userMessage).toMatch(/bị hỏng hoặc không đúng định dạng Word \(\.doc\)/);
  });

  test.each(["plan.doc", "plan.rtf", "plan.odt"])("%s reads with its headings, items, deadline and annex table", async (name) => {
    const doc = await loadBuffer(await fixture(`formats/${name}`), name);
    expect(doc.format).toBe(name.split(".")[1]);
    const lines = doc.text.split("\n").filter((l) => l.trim() !== "");
    expect(lines.slice(0, 4)).toEqual(["ỦY BAN NHÂN DÂN HUYỆN VẠN NINH", "Số: 25/KH-UBND", "KẾ HOẠCH", "Hoạt động thông tin đối ngoại năm 2019"]);
    expect(lines).toContain("1. Phòng Văn hóa và Thông tin chủ trì, báo cáo trước ngày 15/12/2019.");
    expect(lines.filter((l) => l.startsWith("| "))).toEqual(PLAN_ROWS);
    expect(lines.at(-1)).toBe("Trên đây là Kế hoạch của UBND huyện.");
  });

  test("a damaged .doc declaring a million FAT sectors (found by the fuzzer) is refused at once", async () => {
    const e = await failure(loadBuffer(await fixture("formats/word-extractor-huge.doc"), "lon.doc"));
    expect(e.reason).toMatch(/1048577 FAT sectors/);
  });

  test.each([
    ["a truncated .doc", "hong.doc", async () => (await fixture("formats/plan.doc")).subarray(0, 3000), /\(\.doc\)/],
    ["random bytes as .doc", "rac.doc", async () => Buffer.from("not an OLE2 file at all"), /\(\.doc\)/],
    ["an .rtf without the {\\rtf header", "hong.rtf", async () => Buffer.from("plain text, not RTF"), /RTF/],
    ["an .odt that is not a zip", "hong.odt", async () => Buffer.from("PK but not really"), /OpenDocument/],
    ["a zip without content.xml as .odt", "rong.odt", async () => new JSZip().file("x.txt", "x").generateAsync({ type: "nodebuffer" }), /OpenDocument/],
    ["an .odt with broken XML", "xml.odt", async () => new JSZip().file("content.xml", "<office:document-content><a>").generateAsync({ type: "nodebuffer" }), /OpenDocument/],
  ])("%s is one clear error", async (_label, name, bytes, kind) => {
    const e = await failure(loadBuffer(await bytes(), name));
    expect(e.userMessage).toMatch(/bị hỏng/);
    expect(e.userMessage).toMatch(kind);
    expect(e.userMessage).toContain(`"${name}"`);
  });
});

describe("tabbedLinesToRows", () => {
  test.each([
    ["rows between text", "Trước\nSTT\tNội dung\n1\tHội nghị\nSau", "Trước\n\n| STT | Nội dung |\n| 1 | Hội nghị |\n\nSau"],
    ["trailing empty cells go, | becomes /", "a\tb | c\t\t\n", "| a | b / c |"],
    ["a line of empty cells is dropped", "\t\t\nx", "x"],
    ["text without tabs is kept", "Một\n\nHai", "Một\n\nHai"],
  ])("%s", (_label, input, expected) => {
    expect(tabbedLinesToRows(input)).toBe(expected);
  });
});

describe("spreadsheets", () => {
  test.each([
    [
      "a header row among titles",
      "Sheet1",
      [["PHỤ LỤC I", "", ""], ["DANH MỤC NHIỆM VỤ", "", ""], ["", "", ""], ["STT", "Nội dung", "Chủ trì"], ["1", "Hội nghị", "Sở Nội vụ"]],
      "PHỤ LỤC I\nDANH MỤC NHIỆM VỤ\n\n| STT | Nội dung | Chủ trì |\n| 1 | Hội nghị | Sở Nội vụ |",
    ],
    ["no annex title: the sheet name names it", "Nhiệm vụ 2025", [["TT", "Nhiệm vụ", "Thời gian"], ["1", "Tập huấn", "Quý II"]], "PHỤ LỤC: Nhiệm vụ 2025\n\n| TT | Nhiệm vụ | Thời gian |\n| 1 | Tập huấn | Quý II |"],
    ["a default sheet name is not repeated", "Sheet2", [["a", "b"]], "PHỤ LỤC\n\n| a | b |"],
    ["trailing empty columns go", "Sheet1", [["STT", "Nội dung", "", ""], ["1", "x", "", ""]], "PHỤ LỤC\n\n| STT | Nội dung |\n| 1 | x |"],
    ["an empty sheet gives nothing", "Sheet1", [["", ""], []], ""],
  ])("sheetRowsToText: %s", (_label, name, rows, expected) => {
    expect(sheetRowsToText(name, rows)).toBe(expected);
  });

  function workbook(kind: "xlsx" | "biff8"): Buffer {
    const sheet = XLSX.utils.aoa_to_sheet([
      ["PHỤ LỤC", null, null, null],
      ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
      [1, "Tuyên truyền về biển, đảo", "Phòng Văn hóa và Thông tin", new Date(2024, 11, 15)],
      [2, "Thông tin đối ngoại", null, "Quý IV"],
    ]);
    sheet["!merges"] = [{ s: { r: 2, c: 2 }, e: { r: 3, c: 2 } }];
    const book = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(book, sheet, "Phụ lục");
    return XLSX.write(book, { type: "buffer", bookType: kind }) as Buffer;
  }

  test.each([
    ["ke-hoach.xlsx", "xlsx"],
    ["ke-hoach.xls", "biff8"],
  ] as const)("%s: rows become annex rows, dates read dd/mm/yyyy, a cell merged down repeats", async (name, kind) => {
    const doc = await loadBuffer(workbook(kind), name);
    expect(doc.text).toBe(
      [
        "PHỤ LỤC",
        "",
        "| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Thời hạn |",
        "| 1 | Tuyên truyền về biển, đảo | Phòng Văn hóa và Thông tin | 15/12/2024 |",
        "| 2 | Thông tin đối ngoại | Phòng Văn hóa và Thông tin | Quý IV |",
      ].join("\n"),
    );
  });

  test("a damaged .xls with a 3-byte Array record (found by the fuzzer; SheetJS looped for ever on it) is one clear error", async () => {
    const e = await failure(loadBuffer(await fixture("fuzz/sheetjs-array-nan-loop.xls"), "vong-lap-cong-thuc.xls"));
    expect(e.reason).toBe("cannot parse spreadsheet (.xls): Error: BIFF Array record at offset 1479 is 3 bytes, too short for the length SheetJS reads (at least 14)");
    expect(e.userMessage).toMatch(/bị hỏng hoặc không đúng bảng tính Excel \(\.xls\)/);
  });

  test("a damaged .xlsx on whose deflate data SheetJS's own inflate looped for ever (found by the fuzzer) reads its sheets", async () => {
    // SheetJS now reads a stored copy rebuilt from the parts yauzl and zlib read.
    const doc = await loadBuffer(await fixture("fuzz/sheetjs-inflate-loop.xlsx"), "vong-lap-nen.xlsx");
    expect(doc.text).toContain("| 1 | Hội nghị | Sở Nội vụ | Quý II |");
  });

  test("a damaged .xls with an empty String record (found by the fuzzer; SheetJS looped for ever on it) is one clear error", async () => {
    const e = await failure(loadBuffer(await fixture("fuzz/sheetjs-string-length-loop.xls"), "chuoi-rong.xls"));
    expect(e.reason).toBe("cannot parse spreadsheet (.xls): Error: BIFF String record at offset 422 is 0 bytes, too short for the length SheetJS reads (at least 1)");
  });

  test("a damaged .xls declaring a sheet 26,000 columns wide (found by the fuzzer) reads its first columns only", async () => {
    const doc = await loadBuffer(await fixture("fuzz/sheetjs-wide-range.xls"), "rong.xls");
    expect(doc.text).toContain("| 1 | Hội nghị | Sở Nội vụ | Quý II |");
    expect(Math.max(...doc.text.split("\n").map((l) => l.split(" | ").length))).toBeLessThanOrEqual(64);
  });

  test("a damaged .xls whose directory has a cycle (found by the fuzzer; SheetJS's reader looped for ever) is one clear error", async () => {
    const e = await failure(loadBuffer(await fixture("fuzz/cfb-directory-cycle.xls"), "thu-muc-vong.xls"));
    expect(e.reason).toBe("cannot parse spreadsheet (.xls): Error: OLE2 directory entry 1 is pointed to twice (entries 0 and 3)");
  });

  test("a damaged .xls with a 1-byte ExternSheet record (found by the fuzzer; SheetJS looped for ever on it) is one clear error", async () => {
    const e = await failure(loadBuffer(await fixture("fuzz/sheetjs-externsheet-loop.xls"), "externsheet.xls"));
    expect(e.reason).toMatch(/^cannot parse spreadsheet \(\.xls\): Error: BIFF ExternSheet record at offset \d+ is [01] bytes, too short/);
  });

  test("an .xls with formulas reads their values", async () => {
    const book = XLSX.utils.book_new();
    const sheet = XLSX.utils.aoa_to_sheet([["STT", "Nội dung", "Chủ trì"], [1, "Hội nghị", "Sở Nội vụ"], [null, "Tập huấn", "Công an tỉnh"]]);
    sheet["A3"] = { t: "n", v: 2, f: "A2+1" };
    XLSX.utils.book_append_sheet(book, sheet, "Phụ lục");
    const doc = await loadBuffer(XLSX.write(book, { type: "buffer", bookType: "biff8" }) as Buffer, "cong-thuc.xls");
    expect(doc.text).toContain("| 2 | Tập huấn | Công an tỉnh |");
  });

  test.each([
    ["no records", [], null],
    ["a whole Formula record", [[0x0006, 22]], null],
    ["a Formula record cut short", [[0x0006, 21]], "BIFF Formula record at offset 0 is 21 bytes, too short for the length SheetJS reads (at least 22)"],
    ["a short Array record after others", [[0x0809, 16], [0x0021, 3]], "BIFF Array record at offset 20 is 3 bytes, too short for the length SheetJS reads (at least 14)"],
    ["a short ShrFmla record", [[0x04bc, 9]], "BIFF ShrFmla record at offset 0 is 9 bytes, too short for the length SheetJS reads (at least 10)"],
    ["a short defined name", [[0x0018, 5]], "BIFF Lbl record at offset 0 is 5 bytes, too short for the length SheetJS reads (at least 6)"],
    ["a string record without its length byte", [[0x0007, 0]], "BIFF String record at offset 0 is 0 bytes, too short for the length SheetJS reads (at least 1)"],
    ["an ExternSheet without its count", [[0x0017, 1]], "BIFF ExternSheet record at offset 0 is 1 bytes, too short for the length SheetJS reads (at least 2)"],
    ["short records of other kinds", [[0x0203, 0], [0x00fc, 1]], null],
  ])("checkBiffRecordSizes: %s", (_label, records, error) => {
    const stream = Buffer.concat((records as Array<[number, number]>).map(([type, size]) => {
      const head = Buffer.alloc(4);
      head.writeUInt16LE(type, 0);
      head.writeUInt16LE(size, 2);
      return Buffer.concat([head, Buffer.alloc(size)]);
    }));
    if (error === null) expect(() => checkBiffRecordSizes(stream)).not.toThrow();
    else expect(() => checkBiffRecordSizes(stream)).toThrow(error);
  });

  test("a damaged .xls whose property set declares a huge count (found by the fuzzer) still gives its sheets", async () => {
    // SheetJS filled an array of that many properties: gigabytes, then a fatal error in the whole process.
    const doc = await loadBuffer(await fixture("formats/sheetjs-loop.xls"), "vong-lap.xls");
    expect(doc.text).toContain("| 1 | Hội nghị | Sở Nội vụ | Quý II |");
  });

  test.each([
    ["text named .xlsx", "a.xlsx", Buffer.from("STT,Nội dung\n1,x")],
    ["a zip that is not a workbook", "b.xlsx", null],
    ["random bytes named .xls", "c.xls", Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])],
  ])("%s is one clear error", async (_label, name, bytes) => {
    const buf = bytes ?? (await new JSZip().file("hello.txt", "x").generateAsync({ type: "nodebuffer" }));
    const e = await failure(loadBuffer(buf, name));
    expect(e.userMessage).toMatch(/bị hỏng hoặc không đúng bảng tính Excel/);
  });
});

describe(".zip archives", () => {
  const zip = async (files: Record<string, string | Buffer>, opts: JSZip.JSZipGeneratorOptions<"nodebuffer"> = {}) => {
    const z = new JSZip();
    for (const [name, content] of Object.entries(files)) z.file(name, content);
    return z.generateAsync({ type: "nodebuffer", compression: "DEFLATE", ...opts });
  };

  test("members come back in order, system files skipped, with archive-qualified names", async () => {
    const buf = await zip({ "a.txt": "Kế hoạch A", "thu-muc/b.md": "Kế hoạch B", "__MACOSX/._a.txt": "x", ".DS_Store": "x", "Thumbs.db": "x" });
    const entries = await readArchive(buf, "goi.zip");
    expect(entries.map((e) => [e.fileName, "data" in e ? e.data.toString() : e.error.reason])).toEqual([
      ["goi.zip/a.txt", "Kế hoạch A"],
      ["goi.zip/thu-muc/b.md", "Kế hoạch B"],
    ]);
    expect(isArchive("GOI.ZIP")).toBe(true);
  });

  test("a nested archive and an oversized member are per-file errors; the rest still loads", async () => {
    const inner = await zip({ "x.txt": "x" });
    // Random text compresses little: over the size limit without looking like a bomb.
    const big = randomBytes(2500).toString("hex");
    const entries = await readArchive(await zip({ "trong.zip": inner, "lon.txt": big, "nho.txt": "Kế hoạch" }), "ngoai.zip", { maxBytes: 4000 });
    expect(entries.map((e) => ("data" in e ? e.fileName : e.error.userMessage))).toEqual([
      expect.stringMatching(/"trong.zip" trong "ngoai.zip" là một tệp nén lồng/),
      expect.stringMatching(/"lon.txt" trong "ngoai.zip" nặng .* vượt giới hạn/),
      "ngoai.zip/nho.txt",
    ]);
  });

  test.each([
    ["a zip bomb (30 MB of zeros in 30 KB)", "bom.zip", async () => zip({ "bom.txt": Buffer.alloc(30 * 1024 * 1024) }), /bomb/],
    ["too many files", "nhieu.zip", async () => zip(Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}.txt`, "x"]))), /too-many-entries/],
    // 12 members of 100 KB against a 1 MB total (the default total is 200 MB: same code path, smaller test).
    ["more than the total size once inflated", "tong.zip", async () => zip(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`f${i}.txt`, randomBytes(50 * 1024).toString("hex")]))), /too-large/],
    ["a corrupt zip", "hong.zip", async () => Buffer.from("PK\u0003\u0004 not really a zip", "latin1"), /corrupt/],
  ])("%s is refused as a whole", async (_label, name, bytes, reason) => {
    const e = await failure(readArchive(await bytes(), name, { limits: { maxTotalBytes: 1024 * 1024 } }));
    expect(e.reason).toMatch(reason);
    expect(e.userMessage).toContain(`"${name}"`);
  });

  test("an encrypted member refuses the archive", async () => {
    const buf = await zip({ "a.txt": "Kế hoạch" });
    // Set bit 0 (encrypted) of the general purpose flags in the local header and the central directory.
    buf.writeUInt16LE(buf.readUInt16LE(6) | 1, 6);
    const central = buf.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    buf.writeUInt16LE(buf.readUInt16LE(central + 8) | 1, central + 8);
    const e = await failure(readArchive(buf, "mat-khau.zip"));
    expect(e.userMessage).toMatch(/mật khẩu/);
  });

  test("loadBuffer points archives to readArchive", async () => {
    const e = await failure(loadBuffer(await zip({ "a.txt": "x" }), "goi.zip"));
    expect(e.reason).toMatch(/readArchive/);
  });
});

describe("OCR (real Tesseract)", { timeout: 180_000 }, () => {
  test("a photographed page is read in Vietnamese with its confidence", async () => {
    const progress: LoadProgress[] = [];
    const doc = await loadBuffer(await fixture("ocr/photo-page.jpg"), "anh-chup.jpg", { onProgress: (p) => progress.push(p) });
    expect(doc.format).toBe("image");
    expect(doc.ocr?.pages).toBe(1);
    expect(doc.ocr?.meanConfidence).toBeGreaterThan(70);
    expect(doc.text).toContain("KẾ HOẠCH");
    expect(doc.text).toContain("Số: 25/KH-UBND");
    expect(doc.text).toMatch(/^I\. MỤC ĐÍCH, YÊU CẦU$/mu);
    expect(doc.text).toMatch(/^II\. NHIỆM VỤ$/mu);
    expect(doc.text).toMatch(/trước ngày 15\/12\/2019/);
    expect(progress).toEqual([
      { stage: "ocr", done: 0, total: 1 },
      { stage: "ocr", done: 1, total: 1 },
    ]);
  });

  test("a scanned PDF (1-bit, skewed, noisy) is read page by page and reports each page", async () => {
    const progress: number[] = [];
    const doc = await loadBuffer(await fixture("ocr/trieu-son-2022.scan.pdf"), "trieu-son.pdf", { onProgress: (p) => progress.push(p.done) });
    expect(doc.pages).toBe(3);
    expect(doc.ocr).toEqual({ pages: 3, meanConfidence: expect.any(Number) });
    expect(doc.ocr!.meanConfidence).toBeGreaterThan(70);
    expect(progress).toEqual([0, 1, 2, 3]);
    expect(doc.text).toMatch(/KẾ HOẠCH/);
    expect(doc.text).not.toMatch(/^\s*-?\s*\d+\s*-?\s*$/mu);
  });

  test.each([
    ["a picture of a cat", "meo.jpg", () => fixture("ocr/cat.jpg"), /Không nhận dạng được chữ nào/, /no text recognized/],
    ["a 0-byte image", "rong.png", async () => Buffer.alloc(0), /trống/, /empty/],
    ["a truncated PNG", "cut.png", async () => (await fixture("ocr/cat.jpg")).subarray(0, 40), /bị hỏng|không phải ảnh/, /image/],
    ["a GIF named .png", "dong.png", async () => Buffer.from("GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;", "latin1"), /không phải ảnh PNG, JPEG hay TIFF/, /gif/],
    ["text named .jpg", "chu.jpg", async () => Buffer.from("Kế hoạch số 25"), /bị hỏng hoặc không phải ảnh/, /not a readable image/],
  ])("%s is one clear error", async (_label, name, bytes, message, reason) => {
    const e = await failure(loadBuffer(await bytes(), name));
    expect(e.userMessage).toMatch(message);
    expect(e.reason).toMatch(reason);
  });

  test("an image declaring 100,000 x 100,000 pixels is refused before OCR", async () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000186a0000186a00806000000", "hex");
    const e = await failure(loadBuffer(Buffer.concat([png, Buffer.alloc(16)]), "khong-lo.png"));
    expect(e.reason).toMatch(/100000x100000/);
  });

  test("without Tesseract a scan gets one error that says how to enable OCR", async () => {
    const ocr = createOcrEngine({ tesseract: "/nonexistent/tesseract" });
    const err = await loadBuffer(await fixture("ocr/photo-page.jpg"), "anh.jpg", { ocr }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OcrUnavailableError);
    const e = err as OcrUnavailableError;
    expect(e.reason).toMatch(/not installed/);
    expect(e.userMessage).toMatch(/tesseract-ocr, tesseract-ocr-vie và poppler-utils/);
    expect(e.userMessage).toContain('"anh.jpg"');
    expect((await loadBuffer(await fixture("ocr/photo-page.jpg"), "anh.jpg", { ocr: null }).catch((x: unknown) => x)) instanceof OcrUnavailableError).toBe(true);
  });

  test("a text PDF never calls OCR", async () => {
    const ocr = createOcrEngine({ tesseract: "/nonexistent/tesseract" });
    const doc = await loadBuffer(await fixture("vietnamese-text.pdf"), "chu.pdf", { ocr });
    expect(doc.ocr).toBeUndefined();
  });
});

describe("PDF edge cases", () => {
  test("an encrypted PDF is one clear error", async () => {
    const e = await failure(loadBuffer(await fixture("formats/encrypted.pdf"), "mat-khau.pdf"));
    expect(e.userMessage).toMatch(/mật khẩu/);
    expect(e.reason).toMatch(/password-protected/);
  });

  test("a PDF with zero pages is empty", async () => {
    const body = "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n";
    const xref = body.length;
    const pdf = `${body}xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \ntrailer << /Size 3 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    const e = await failure(loadBuffer(Buffer.from(pdf, "latin1"), "khong-trang.pdf"));
    expect(e.userMessage).toMatch(/trống|bị hỏng/);
  });
});
