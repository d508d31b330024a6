// PDF to plain text with unpdf (pdf.js): one line per text line, pages joined by a blank line, running page numbers removed.

import { extractText, getDocumentProxy } from "unpdf";

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
    // extractText ends every line with "\n" (from pdf.js's hasEOL), so lines survive.
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const pages = text.map(cleanPage);
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
