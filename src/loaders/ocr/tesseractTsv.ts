// Pure parsing of Tesseract's TSV output into pages of lines with positions and confidences, and page text in reading order.

import { linesWithParagraphGaps } from "../paragraphGaps.js";

/** One recognized line of text, with its box in image pixels. */
export interface OcrLine {
  text: string;
  left: number;
  top: number;
  bottom: number;
  /** Tesseract's block and paragraph numbers: a new paragraph starts a new text block. */
  block: number;
  paragraph: number;
  /** The boxes of the line's words: on a skewed scan the line's own box is as tall as the skew makes it, a word's is not. */
  words: WordBox[];
}

/** A horizontal band of a page, in image pixels. */
export interface Band {
  top: number;
  bottom: number;
}

/** A recognized word and its box in image pixels. */
export interface WordBox {
  text: string;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Recognition confidence, 0-100 (-1 when Tesseract gave none). */
  conf: number;
}

/** One page (image) as Tesseract read it. */
export interface OcrPage {
  width: number;
  height: number;
  lines: OcrLine[];
  /** Each recognized word with its confidence (0-100). */
  words: Array<{ text: string; conf: number }>;
}

const LEVEL_PAGE = 1;
const LEVEL_WORD = 5;

/**
 * Parses `tesseract ... tsv` output (one row per page, block, paragraph, line and
 * word) into pages. Rows that do not have the 12 columns are skipped, so a
 * truncated or noisy output yields what could be read.
 */
export function parseTesseractTsv(tsv: string): OcrPage[] {
  const pages = new Map<number, OcrPage>();
  const lines = new Map<string, { page: number; line: OcrLine; words: string[] }>();
  for (const row of tsv.split("\n")) {
    const cols = row.replace(/\r$/, "").split("\t");
    if (cols.length < 12) continue;
    const [level, pageNum, block, par, line, , left, top, width, height, conf] = cols.slice(0, 11).map(Number) as number[];
    if (level === undefined || !Number.isFinite(level) || pageNum === undefined) continue;
    const text = cols.slice(11).join("\t");
    if (level === LEVEL_PAGE) {
      pages.set(pageNum, { width: width ?? 0, height: height ?? 0, lines: [], words: [] });
      continue;
    }
    if (level !== LEVEL_WORD || text.trim() === "") continue;
    let page = pages.get(pageNum);
    if (!page) {
      page = { width: 0, height: 0, lines: [], words: [] };
      pages.set(pageNum, page);
    }
    if (conf !== undefined && conf >= 0) page.words.push({ text: text.trim(), conf });
    const key = `${pageNum}:${block}:${par}:${line}`;
    let entry = lines.get(key);
    if (!entry) {
      entry = {
        page: pageNum,
        line: { text: "", left: left ?? 0, top: top ?? 0, bottom: (top ?? 0) + (height ?? 0), block: block ?? 0, paragraph: par ?? 0, words: [] },
        words: [],
      };
      lines.set(key, entry);
      page.lines.push(entry.line);
    }
    entry.words.push(text.trim());
    entry.line.words.push({ text: text.trim(), left: left ?? 0, top: top ?? 0, width: width ?? 0, height: height ?? 0, conf: conf ?? -1 });
    entry.line.left = Math.min(entry.line.left, left ?? 0);
    entry.line.top = Math.min(entry.line.top, top ?? 0);
    entry.line.bottom = Math.max(entry.line.bottom, (top ?? 0) + (height ?? 0));
  }
  for (const entry of lines.values()) entry.line.text = entry.words.join(" ");
  return [...pages.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
}

/** Bands at least this many word heights tall with no recognized line are looked at again. */
const UNREAD_BAND_WORD_HEIGHTS = 4;
/** The top and bottom of the page where only margins, headers and page numbers are expected. */
const EDGE_BAND = 0.06;

/**
 * Bands of the page's body where Tesseract's layout analysis recognized no line although
 * text around it was read: its page segmentation sometimes takes a noisy paragraph for a
 * picture and skips it (tesseract-ocr/tesseract#3596). A band counts when it is at least
 * four word heights tall, inside the page's top and bottom 6%.
 */
export function unreadBands(page: OcrPage): Band[] {
  const lines = page.lines.filter((l) => l.words.length > 0);
  if (lines.length === 0 || page.height <= 0) return [];
  const wordHeight = median(lines.flatMap((l) => l.words.map((w) => w.height)));
  const minHeight = Math.max(20, wordHeight * UNREAD_BAND_WORD_HEIGHTS);
  const top = Math.round(page.height * EDGE_BAND);
  const bottom = Math.round(page.height * (1 - EDGE_BAND));
  const covered = lines.map((l) => ({ top: l.top, bottom: l.bottom })).sort((a, b) => a.top - b.top);
  const bands: Band[] = [];
  let reach = top;
  for (const c of [...covered, { top: bottom, bottom }]) {
    const from = Math.max(reach, top);
    const to = Math.min(c.top, bottom);
    if (to - from >= minHeight) bands.push({ top: from, bottom: to });
    reach = Math.max(reach, c.bottom);
  }
  return bands;
}

/** A recognized line from a second look at a band keeps only if its words average this confidence (cut-off letters of the lines around read as noise). */
const BAND_LINE_MIN_CONFIDENCE = 60;

/**
 * Adds the lines read in a band (a crop of the page starting at `band.top`, read as one block) to the page:
 * coordinates moved to the page, block numbers after the page's own, lines of low confidence left out.
 */
export function withBandLines(page: OcrPage, band: Band, cropPages: OcrPage[]): OcrPage {
  const firstBlock = Math.max(0, ...page.lines.map((l) => l.block)) + 1;
  const lines: OcrLine[] = [];
  const words: OcrPage["words"] = [];
  for (const crop of cropPages) {
    for (const line of crop.lines) {
      const confs = line.words.map((w) => w.conf).filter((c) => c >= 0);
      const mean = confs.length === 0 ? 0 : confs.reduce((a, b) => a + b, 0) / confs.length;
      if (mean < BAND_LINE_MIN_CONFIDENCE) continue;
      lines.push({
        ...line,
        top: line.top + band.top,
        bottom: line.bottom + band.top,
        block: firstBlock + line.block,
        words: line.words.map((w) => ({ ...w, top: w.top + band.top })),
      });
      words.push(...line.words.filter((w) => w.conf >= 0).map((w) => ({ text: w.text, conf: w.conf })));
    }
  }
  return { ...page, lines: [...page.lines, ...lines], words: [...page.words, ...words] };
}

/** Mean word confidence over pages, 0-100 (0 when no word was read). */
export function meanConfidence(pages: OcrPage[]): number {
  const all = pages.flatMap((p) => p.words);
  return all.length === 0 ? 0 : all.reduce((sum, w) => sum + w.conf, 0) / all.length;
}

/** Words read with a confidence of at least `minConf` that have two letters or more. */
export function confidentWordCount(pages: OcrPage[], minConf = 60): number {
  return pages.reduce((n, p) => n + p.words.filter((w) => w.conf >= minConf && (w.text.match(/\p{L}/gu) ?? []).length >= 2).length, 0);
}

/** Fraction of the page height at the top and at the bottom where headers, footers and page numbers live. */
const MARGIN_BAND = 0.08;

/** Page number wordings: "5", "- 5 -", "Trang 5", "Trang 5/12". */
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:\d{1,4}|trang\s*\d{1,4}(?:\s*\/\s*\d{1,4})?)(?:\s*[-–—])?$/iu;

/** A line's text with digits masked, to find the same running header on different pages. */
const runningKey = (text: string): string => text.toLowerCase().replace(/\d+/g, "#").replace(/\s+/g, " ").trim();

function inMargin(line: OcrLine, page: OcrPage): boolean {
  if (page.height <= 0) return false;
  return line.bottom < page.height * MARGIN_BAND || line.top > page.height * (1 - MARGIN_BAND);
}

/**
 * The text of each page in reading order: text blocks sorted top to bottom
 * (left to right when they start on the same band), one line per recognized
 * line. Page numbers in the top or bottom
 * margin are dropped, and so are margin lines that repeat on at least two
 * pages (running headers and footers).
 */
export function pagesToText(pages: OcrPage[]): string[] {
  const marginCounts = new Map<string, number>();
  for (const page of pages) {
    const seen = new Set(page.lines.filter((l) => inMargin(l, page)).map((l) => runningKey(l.text)));
    for (const key of seen) marginCounts.set(key, (marginCounts.get(key) ?? 0) + 1);
  }
  return pages.map((page) => {
    const kept = page.lines.filter((l) => {
      if (!inMargin(l, page)) return true;
      if (PAGE_NUMBER.test(l.text.trim())) return false;
      return pages.length < 2 || (marginCounts.get(runningKey(l.text)) ?? 0) < 2;
    });
    return orderedText(kept, page.height);
  });
}

function orderedText(lines: OcrLine[], pageHeight: number): string {
  if (lines.length === 0) return "";
  const blocks = new Map<number, OcrLine[]>();
  for (const line of lines) {
    const list = blocks.get(line.block) ?? [];
    list.push(line);
    blocks.set(line.block, list);
  }
  // Blocks whose tops are within this distance count as side by side (the two-column letterhead).
  const sameBand = Math.max(8, pageHeight * 0.01);
  const ordered = [...blocks.values()].sort((a, b) => {
    const ta = a[0]!.top;
    const tb = b[0]!.top;
    if (Math.abs(ta - tb) > sameBand) return ta - tb;
    return a[0]!.left - b[0]!.left;
  });
  // One line per recognized line, and a blank line where the text steps down by paragraph spacing, as the PDF
  // loader does; the normalizer re-flows wrapped lines. Steps are measured on the deskewed word boxes.
  const slope = pageSlope(lines);
  const placed = ordered.flat().map((l) => ({ text: l.text, ...deskewedExtent(l, slope) }));
  return linesWithParagraphGaps(placed).trim();
}

/** Median of a list (0 for none). */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The page's skew as a slope (pixels down per pixel right): the median over lines of at least four words of
 * the least-squares slope of their word centres. A scanner's 1-2 degrees make a 1,300-pixel line's box
 * 25-45 pixels taller than its letters, nearly a line pitch at 200 dpi.
 */
export function pageSlope(lines: OcrLine[]): number {
  const slopes: number[] = [];
  for (const line of lines) {
    if (line.words.length < 4) continue;
    const xs = line.words.map((w) => w.left + w.width / 2);
    const ys = line.words.map((w) => w.top + w.height / 2);
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxx = 0;
    let sxy = 0;
    xs.forEach((x, i) => {
      sxx += (x - mx) ** 2;
      sxy += (x - mx) * ((ys[i] ?? my) - my);
    });
    if (sxx > 0) slopes.push(sxy / sxx);
  }
  return median(slopes);
}

/** The line's top and bottom once the page's skew is taken out (each word moved up by slope × its x). */
function deskewedExtent(line: OcrLine, slope: number): { top: number; bottom: number } {
  if (line.words.length === 0) return { top: line.top, bottom: line.bottom };
  let top = Number.POSITIVE_INFINITY;
  let bottom = Number.NEGATIVE_INFINITY;
  for (const w of line.words) {
    const shift = slope * (w.left + w.width / 2);
    top = Math.min(top, w.top - shift);
    bottom = Math.max(bottom, w.top + w.height - shift);
  }
  return { top, bottom };
}
