// Tesseract TSV parsing and page layout: reading order, page numbers and running headers dropped, confidences.

import { describe, expect, test } from "vitest";
import { confidentWordCount, meanConfidence, pageSlope, pagesToText, parseTesseractTsv, unreadBands, withBandLines } from "./tesseractTsv.js";

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

/** A page of 2000 px with one word line (30 px tall) at each given top, left to right words of 100 px. */
function pageWithLines(tops: number[], wordsPerLine = 1, drop = 0): string {
  return tsv([tops.flatMap((top, i) => Array.from({ length: wordsPerLine }, (_, w) => [i + 1, 1, 1, 200 + w * 110, top + Math.round(w * 110 * drop), `từ${i}-${w}`, 90] as [number, number, number, number, number, string, number]))]);
}

describe("paragraph spacing", () => {
  test("a step down clearly longer than the line pitch gives a blank line", () => {
    const pages = parseTesseractTsv(pageWithLines([300, 340, 380, 440, 480, 520, 580, 620]));
    expect(pagesToText(pages)[0]!.split("\n")).toEqual(["từ0-0", "từ1-0", "từ2-0", "", "từ3-0", "từ4-0", "từ5-0", "", "từ6-0", "từ7-0"]);
  });

  test("on a skewed scan the steps are measured on deskewed word boxes, not on the lines' tall boxes", () => {
    // 10 words a line sloping 3 px down per 100 px (about 1.7 degrees): each line's box is 30 px taller than its words.
    const pages = parseTesseractTsv(pageWithLines([300, 340, 380, 420, 460, 520, 560], 10, 0.03));
    expect(pageSlope(pages[0]!.lines)).toBeCloseTo(0.03, 2);
    expect(pagesToText(pages)[0]!.split("\n").filter((l) => l === "")).toHaveLength(1);
  });
});

describe("bands the layout analysis skipped", () => {
  test("a tall band without lines inside the body is found; margins and paragraph spacing are not", () => {
    const page = parseTesseractTsv(pageWithLines([300, 340, 380, 700, 740, 780]))[0]!;
    // From the end of the top margin (6% of 2000 px) to the first line, between the paragraphs, and to the bottom margin.
    expect(unreadBands(page)).toEqual([{ top: 120, bottom: 300 }, { top: 410, bottom: 700 }, { top: 810, bottom: 1880 }]);
    expect(unreadBands(parseTesseractTsv(pageWithLines([200, 240, 300, 340]))[0]!)).toEqual([{ top: 370, bottom: 1880 }]);
  });

  test("lines read in a band join the page at their place, after the page's blocks; unsure fragments are left out", () => {
    const page = parseTesseractTsv(pageWithLines([300, 340, 380, 700, 740, 780]))[0]!;
    const crop = parseTesseractTsv(
      tsv([[
        [1, 1, 1, 200, 2, ". . có TU", 30],
        [1, 1, 2, 200, 60, "4. Đấu tranh, phản bác thông tin sai trái", 91],
        [1, 1, 3, 200, 100, "Tổ quốc", 88],
      ]]),
    );
    const merged = withBandLines(page, { top: 410, bottom: 700 }, crop);
    expect(merged.lines.slice(6).map((l) => [l.text, l.top, l.block])).toEqual([["4. Đấu tranh, phản bác thông tin sai trái", 470, 8], ["Tổ quốc", 510, 8]]);
    expect(pagesToText([merged])[0]).toContain("từ2-0\n\n4. Đấu tranh, phản bác thông tin sai trái\nTổ quốc\n\ntừ3-0");
    expect(confidentWordCount([merged])).toBe(confidentWordCount([page]) + 2);
  });
});
