// Tesseract TSV parsing and page layout: reading order, page numbers and running headers dropped, confidences.

import { describe, expect, test } from "vitest";
import { confidentWordCount, meanConfidence, pagesToText, parseTesseractTsv } from "./tesseractTsv.js";

const HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";

/** One TSV page: [block, par, line, left, top, text, conf] per word. */
function tsv(pages: Array<Array<[number, number, number, number, number, string, number]>>, height = 2000): string {
  const rows = [HEADER];
  pages.forEach((words, p) => {
    rows.push(`1\t${p + 1}\t0\t0\t0\t0\t0\t0\t1600\t${height}\t-1\t`);
    words.forEach(([block, par, line, left, top, text, conf], w) => {
      rows.push(`5\t${p + 1}\t${block}\t${par}\t${line}\t${w + 1}\t${left}\t${top}\t100\t30\t${conf}\t${text}`);
    });
  });
  return rows.join("\n");
}

describe("parseTesseractTsv", () => {
  test("words are grouped into lines with their boxes and confidences", () => {
    const pages = parseTesseractTsv(tsv([[[1, 1, 1, 200, 300, "KẾ", 96], [1, 1, 1, 310, 302, "HOẠCH", 94], [1, 1, 2, 200, 360, "Căn", 90]]]));
    expect(pages).toHaveLength(1);
    expect(pages[0]!.lines.map((l) => [l.text, l.top, l.bottom])).toEqual([["KẾ HOẠCH", 300, 332], ["Căn", 360, 390]]);
    expect(meanConfidence(pages)).toBeCloseTo(93.33, 1);
    expect(confidentWordCount(pages)).toBe(3);
  });

  test.each([
    ["empty output", ""],
    ["only the header", HEADER],
    ["garbage", "not\ta tsv\nat all"],
  ])("%s gives no page", (_label, text) => {
    expect(parseTesseractTsv(text)).toEqual([]);
  });

  test("a word with tab-free text and conf -1 rows are ignored for confidence", () => {
    const pages = parseTesseractTsv(`${HEADER}\n1\t1\t0\t0\t0\t0\t0\t0\t100\t100\t-1\t\n4\t1\t1\t1\t1\t0\t0\t0\t10\t10\t-1\t`);
    expect(pages[0]!.words).toEqual([]);
    expect(meanConfidence(pages)).toBe(0);
  });
});

describe("pagesToText", () => {
  test("blocks are read top to bottom, side-by-side blocks left to right", () => {
    const pages = parseTesseractTsv(
      tsv([[
        [3, 1, 1, 200, 700, "Ninh năm 2019", 90],
        [1, 1, 1, 200, 300, "ỦY BAN NHÂN DÂN", 90],
        [2, 1, 1, 900, 305, "CỘNG HÒA XÃ HỘI", 90],
        [4, 1, 1, 260, 640, "Để tổ chức tốt", 90],
      ]]),
    );
    expect(pagesToText(pages)).toEqual(["ỦY BAN NHÂN DÂN\nCỘNG HÒA XÃ HỘI\nĐể tổ chức tốt\nNinh năm 2019"]);
  });

  test("page numbers in the margins and running headers go; the same words in the body stay", () => {
    const page = (n: number): Array<[number, number, number, number, number, string, number]> => [
      [1, 1, 1, 700, 40, "Kế hoạch số 25/KH-UBND", 90],
      [2, 1, 1, 200, 400, `Nội dung trang ${n}`, 90],
      [3, 1, 1, 200, 600, "Kế hoạch số 25/KH-UBND", 90],
      [4, 1, 1, 780, 1950, `- ${n} -`, 90],
    ];
    const text = pagesToText(parseTesseractTsv(tsv([page(1), page(2)])));
    expect(text).toEqual(["Nội dung trang 1\nKế hoạch số 25/KH-UBND", "Nội dung trang 2\nKế hoạch số 25/KH-UBND"]);
  });

  test("a margin line on one page only is kept (a title near the top)", () => {
    const text = pagesToText(parseTesseractTsv(tsv([[[1, 1, 1, 200, 60, "ỦY BAN NHÂN DÂN", 90]], [[1, 1, 1, 200, 400, "Tiếp theo", 90]]])));
    expect(text).toEqual(["ỦY BAN NHÂN DÂN", "Tiếp theo"]);
  });
});
