// Pure parsing of Tesseract's TSV output into pages of lines with positions and confidences, and page text in reading order.

/** One recognized line of text, with its box in image pixels. */
export interface OcrLine {
  text: string;
  left: number;
  top: number;
  bottom: number;
  /** Tesseract's block and paragraph numbers: a new paragraph starts a new text block. */
  block: number;
  paragraph: number;
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
        line: { text: "", left: left ?? 0, top: top ?? 0, bottom: (top ?? 0) + (height ?? 0), block: block ?? 0, paragraph: par ?? 0 },
        words: [],
      };
      lines.set(key, entry);
      page.lines.push(entry.line);
    }
    entry.words.push(text.trim());
    entry.line.left = Math.min(entry.line.left, left ?? 0);
    entry.line.top = Math.min(entry.line.top, top ?? 0);
    entry.line.bottom = Math.max(entry.line.bottom, (top ?? 0) + (height ?? 0));
  }
  for (const entry of lines.values()) entry.line.text = entry.words.join(" ");
  return [...pages.entries()].sort(([a], [b]) => a - b).map(([, p]) => p);
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
  // One line per recognized line and no blank lines, like a PDF text layer: the normalizer re-flows wrapped lines.
  return ordered
    .flat()
    .map((l) => l.text)
    .join("\n")
    .trim();
}
