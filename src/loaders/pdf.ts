// PDF to plain text with unpdf (pdf.js): one line per text line, a blank line where paragraph spacing shows, pages joined by a blank line, running page numbers removed.

import { extractTextItems, getDocumentProxy } from "unpdf";
import { linesWithParagraphGaps, type PlacedLine } from "./paragraphGaps.js";

/** Text of a PDF, page by page, as read from its text layer. */
export interface PdfText {
  /** Page texts after cleanup, joined with a blank line. */
  text: string;
  pages: number;
  /** Non-space characters per page, averaged: low values mean a scan without a text layer. */
  charsPerPage: number;
  /** Each page's cleaned text, in order ("" for a page without a text layer). */
  pageTexts: string[];
}

/**
 * Reads the text layer of a PDF. Throws what pdf.js throws on a damaged or
 * password-protected file (InvalidPDFException, PasswordException...).
 */
export async function pdfToText(buf: Buffer): Promise<PdfText> {
  // pdf.js may take over (detach) the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(buf), { verbosity: 0, isEvalSupported: false });
  try {
    const { totalPages, items } = await extractTextItems(pdf);
    const pages = items.map((pageItems) => cleanPage(linesWithParagraphGaps(placedLines(pageItems))));
    const nonSpace = pages.reduce((n, p) => n + p.replace(/\s+/gu, "").length, 0);
    return {
      text: pages.filter((p) => p !== "").join("\n\n"),
      pages: totalPages,
      charsPerPage: totalPages > 0 ? nonSpace / totalPages : 0,
      pageTexts: pages,
    };
  } finally {
    await pdf.destroy();
  }
}

/** The part of unpdf's text item this loader reads: PDF coordinates grow upwards from the baseline. */
interface TextItem {
  str: string;
  y: number;
  fontSize: number;
  hasEOL: boolean;
}

/**
 * The page's text lines with their vertical extent (pdf.js ends a line at an item with hasEOL, as its own
 * getTextContent text does); y is negated so that it grows downwards.
 */
export function placedLines(items: TextItem[]): PlacedLine[] {
  const lines: PlacedLine[] = [];
  let text = "";
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  let breakBefore = false;
  const flush = () => {
    // An empty line (pdf.js's own blank line) is kept as a paragraph break before the next line.
    if (text.trim() === "" || !Number.isFinite(top)) breakBefore = lines.length > 0;
    else {
      lines.push({ text, top, bottom, ...(breakBefore ? { breakBefore } : {}) });
      breakBefore = false;
    }
    text = "";
    top = Number.POSITIVE_INFINITY;
    bottom = Number.NEGATIVE_INFINITY;
  };
  for (const item of items) {
    text += item.str;
    if (item.str.trim() !== "") {
      top = Math.min(top, -item.y - item.fontSize);
      bottom = Math.max(bottom, -item.y);
    }
    if (item.hasEOL) flush();
  }
  if (text !== "") flush();
  return lines;
}

/**
 * A line that is only a page number: "5", "- 5 -", "– 5 –", "Trang 5", "Trang 5/12".
 * A bare "5/12" is left alone: at the end of an annex page it may be a deadline.
 */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:\d{1,4}|trang\s*\d{1,4}(?:\s*\/\s*\d{1,4})?)(?:\s*[-–—])?$/iu;

/**
 * Cleans one page: trailing spaces trimmed, runs of blank lines collapsed, and a
 * page number removed when it is the first or last line of the page.
 */
export function cleanPage(pageText: string): string {
  const lines = pageText.split(/\r?\n/u).map((l) => l.replace(/\s+$/u, ""));
  const firstIdx = lines.findIndex((l) => l.trim() !== "");
  if (firstIdx >= 0 && isPageNumber(lines[firstIdx])) lines[firstIdx] = "";
  const lastIdx = lines.findLastIndex((l) => l.trim() !== "");
  if (lastIdx >= 0 && isPageNumber(lines[lastIdx])) lines[lastIdx] = "";
  return lines
    .join("\n")
    .replace(/\n{3,}/gu, "\n\n")
    .trim();
}

function isPageNumber(line: string | undefined): boolean {
  return line !== undefined && PAGE_NUMBER.test(line.trim());
}
