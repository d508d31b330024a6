/**
 * Turns extracted document text into clean logical lines for the plan parser:
 * NFC, converter residue (Markdown, HTML, pipe tables) removed, tables kept one
 * row per line as "| cell | cell |", hard wraps and page-break splits joined.
 */
import { createRequire } from "node:module";
import type { HTMLElement } from "node-html-parser";
import { isBlank } from "./scan.js";

type HtmlParser = typeof import("node-html-parser");
let htmlParser: HtmlParser | null = null;
/** node-html-parser, loaded on first use: few documents have an HTML table, and loading it costs ~7 ms per process. */
function loadHtmlParser(): HtmlParser {
  htmlParser ??= createRequire(import.meta.url)("node-html-parser") as HtmlParser;
  return htmlParser;
}

/** A line that opens a numbered or bulleted item, a label, or a table row: never a continuation. */
const MARKER =
  /^(?:(?:PHẦN|Phần|MỤC|Mục)\s+[IVXLC]+\b|[IVXLCl1]{1,6}\s*[.)]\s|[A-HJ-UWYZ]\s*\.\s+\p{Lu}|\(?\d{1,2}(?:\.\d{1,2})*\s*[.)]\s|\(\d{1,2}\)|[a-zđ]\s*[).]\s|[-+•*–—]\s|\||Điều\s+\d)/u;
/** Closing quotes and brackets that may follow a line's final punctuation. */
const isCloser = (c: number): boolean => c === 34 || c === 0x201d || c === 0x2019 || c === 41;
const isTerminal = (c: number): boolean => c === 46 || c === 59 || c === 58 || c === 33 || c === 63 || c === 0x2026;
const isSentenceEnd = (c: number): boolean => c === 46 || c === 33 || c === 63 || c === 0x2026;

/** Whether the last character before any closing quotes or brackets passes `isEnd`, read from the end. */
function endsWithBeforeClosers(line: string, isEnd: (c: number) => boolean): boolean {
  let i = line.length - 1;
  while (i >= 0 && isCloser(line.charCodeAt(i))) i--;
  return i >= 0 && isEnd(line.charCodeAt(i));
}

/** `/[.;:!?…]["”’)]*$|\/\.?$/u.test(line)`: the line ends with final punctuation, or with "/" ("/." ends with "."). */
const endsTerminal = (line: string): boolean => line.charCodeAt(line.length - 1) === 47 || endsWithBeforeClosers(line, isTerminal);
const LOWER_START = /^[\p{Ll}]/u;
const LETTER = /\p{L}/u;

/** True when the line starts a new item (numbering, bullet, table row). */
export function startsWithMarker(line: string): boolean {
  return MARKER.test(line);
}

function isAllCaps(line: string): boolean {
  // Upper-casing never shortens a string, so one letter that changes (any ASCII a-z) settles it.
  if (/[a-z]/.test(line)) return false;
  const letters = line.replace(/[^\p{L}]/gu, "");
  return letters.length > 0 && letters === letters.toLocaleUpperCase("vi");
}

// "Nội dung: ...", "Cơ quan chủ trì: ..." — the labels plans use; any other "Words: ..." may be a wrapped name ("Vạn Hưng: Theo dõi").
const isLabelLine = (line: string): boolean =>
  /^(?:Nội dung|Hình thức|Cơ quan|Đơn vị|Thời gian|Thời hạn|Tiến độ|Sản phẩm|Kết quả|Kinh phí|Đối tượng|Mục tiêu|Yêu cầu|Địa điểm|Chủ trì|Phối hợp|Trách nhiệm|Ghi chú|Lưu|Nơi nhận|Quy mô|Thành phần)(?=[\s,:])[^:]{0,50}:/u.test(line);

/** Decode the few HTML entities converters leave behind. */
function decodeEntities(s: string): string {
  if (!s.includes("&")) return s; // every entity starts with "&"
  return s
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

const cellText = (el: HTMLElement): string =>
  el.structuredText.replace(/\s*\n\s*/g, " ").replace(/\|/g, "/").replace(/\s+/g, " ").trim();

/** Replace each HTML <table> by pipe rows, one per <tr>. */
function htmlTablesToRows(text: string): string {
  return text.replace(/<table[\s\S]*?<\/table>/gi, (html) => {
    const root = loadHtmlParser().parse(html);
    const rows = root.querySelectorAll("tr").map((tr) => {
      const cells = tr.querySelectorAll("td, th").map(cellText);
      return `| ${cells.join(" | ")} |`;
    });
    return `\n\n${rows.join("\n")}\n\n`;
  });
}

/**
 * What cleanLine may rewrite in a document, tested once on its whole text: a regex call on every
 * line costs more than one scan of the text, and most documents have no markup or no blank runs.
 */
interface Residue {
  /** The characters of MARKUP_CHARS the document has. */
  markup: string[];
  blankRuns: boolean;
}
const MARKUP_CHARS = ["#", ">", "*", "_", "\\", "<"];
const ANY_RESIDUE: Residue = { markup: MARKUP_CHARS, blankRuns: true };
const residueOf = (text: string): Residue => ({ markup: MARKUP_CHARS.filter((c) => text.includes(c)), blankRuns: BLANK_RUN.test(text) });

/** `/[#>*_\\<]/.test(line)` for a line of a document with `residue` (literal searches: much faster than a class). */
function hasMarkup(line: string, residue: Residue): boolean {
  for (const c of residue.markup) if (line.includes(c)) return true;
  return false;
}

/** Remove Markdown and HTML residue from one line (of a document with `residue`). */
function cleanLine(line: string, residue: Residue = ANY_RESIDUE): string {
  let s = line;
  // Each rewrite runs only when its trigger character is there (most lines are plain text: one scan).
  if (hasMarkup(s, residue)) s = stripMarkup(s);
  // Runs of blanks become one space (a lone space is already one); stripped markup may leave a run.
  if ((residue.blankRuns || s !== line) && BLANK_RUN.test(s)) s = s.replace(/[ \t\u00a0\u2000-\u200b\u202f\u3000]+/g, " ");
  return s.trim();
}

/** A blank that cleanLine rewrites: any but a lone space. */
const BLANK_RUN = /[\t\u00a0\u2000-\u200b\u202f\u3000]| {2}/;

/** cleanLine's Markdown and HTML rewrites, each when its trigger character is there. */
function stripMarkup(line: string): string {
  let s = line;
  if (s.includes("#")) s = s.replace(/^\s{0,3}#{1,6}\s+/, "");
  if (s.includes(">")) s = s.replace(/^\s*>\s?/, "");
  if (s.includes("*") || s.includes("_")) s = s.replace(/\*{2,3}|_{2,3}/g, "");
  if (s.includes("*")) s = s.replace(/(^|[\s(“"])\*(\S(?:[^*]*\S)?)\*(?=$|[\s.,;:)”"/])/gu, "$1$2");
  if (s.includes("\\")) s = s.replace(/\\([-*_.#()[\]|+!`])/g, "$1");
  // Emphasis markers left unpaired by a converter ("*Đơn vị chủ trì: *Các", "*-* Bộ Y tế"); a leading "* " is a bullet.
  if (s.includes("*")) s = s.replace(/(?!^\*\s)(^|[^\\])\*+/g, "$1");
  if (s.includes("<")) s = s.replace(/<\/?(?:b|strong|i|em|u|span|font|sup|sub|a|div|p)\b[^>]*>/gi, "");
  return s;
}

// `/^\|.*\|$/.test(l)` read from both ends first: the regex (its "." stops at line terminators) runs only on a row.
const isPipeRow = (l: string): boolean => l.length >= 2 && l.charCodeAt(0) === 124 && l.charCodeAt(l.length - 1) === 124 && /^\|.*\|$/.test(l);

/** A line holding only a cell separator, as converters write tables "one cell per line between | lines". */
const isCellBar = (l: string): boolean => l.includes("|") && /^\s*\|\s*$/.test(l);
const isRule = (l: string): boolean => /^\s*[-=_*]{3,}\s*$/.test(l);
const STT_CELL = /^(?:STT|TT|Số TT|Số thứ tự)$/iu;
// STT_CELL can only match a cell that opens with S, T (either case) or "ſ" (which /iu folds to s).
const mayBeSttCell = (cell: string): boolean => {
  if (cell.length === 0) return false; // checked, not read past the end: that would deoptimize the compiled code
  const c = cell.charCodeAt(0) | 32;
  return c === 115 || c === 116 || cell.charCodeAt(0) === 0x17f;
};
const isRuleChar = (c: number): boolean => c === 45 || c === 61 || c === 95 || c === 42; // - = _ *
const ROW_NUMBER = /^\d{1,3}(?:\.\d{1,2})*\.?$/;
const GROUP_LABEL = /^(?:[IVXLC]{1,6}|[A-HJ-UWYZ])\s*\.?(?:\s+\S.*)?$/u;

/**
 * Tables written one cell per line (or per wrapped run of lines) between lone "|" lines.
 * A task table (its first row starts with STT/TT) becomes pipe rows, with rows read by the
 * header's width and Roman or letter group rows kept; any other table (the letterhead, data
 * tables) becomes one paragraph per cell.
 */
function pipeCellTablesToRows(lines: string[], residue: Residue): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!isCellBar(lines[i] ?? "")) {
      out.push(lines[i] ?? "");
      i++;
      continue;
    }
    // The region runs over cells and bars up to the first blank line after a bar.
    const cells: string[][] = [];
    let cell: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] ?? "";
      if (isCellBar(l)) {
        cells.push(cell);
        cell = [];
        continue;
      }
      if (l.trim() === "" && cell.length === 0) break;
      if (l.trim() === "" || isRule(l)) continue;
      cell.push(l.trim());
    }
    if (cell.length) cells.push(cell);
    const rows = cellsToRows(cells.map((c) => cleanLine(c.join(" "), residue)));
    // Not a task table (the letterhead, the signature, a data table): each cell is a paragraph of its own.
    out.push("", ...(rows ?? cells.filter((c) => c.length).flatMap((c) => [...c, ""])), "");
    i = j;
  }
  return out;
}

function cellsToRows(cells: string[]): string[] | null {
  const width = cells.indexOf("");
  const header = cells.slice(0, width < 0 ? cells.length : width);
  if (header.length < 3 || !STT_CELL.test(header[0] ?? "")) return null;
  const isGroupAt = (at: number): boolean => {
    const c = cells[at] ?? "";
    if (ROW_NUMBER.test(c) || !GROUP_LABEL.test(c)) return false;
    return /^(?:[IVXLC]{1,6}|[A-HJ-UWYZ])\s*\.\s+\S/u.test(c) || (/^(?:[IVXLC]{1,6}|[A-HJ-UWYZ])\.?$/u.test(c) && (cells[at + 1] ?? "") !== "");
  };
  let lastNumber = 0;
  // A row closes early (its trailing cells merged away) when a group or the next row number follows the bars.
  const rowStartsAt = (at: number): boolean => {
    while (cells[at] === "") at++;
    if (isGroupAt(at)) return true;
    const c = cells[at] ?? "";
    if (!ROW_NUMBER.test(c)) return false;
    const n = Number(c.split(".")[0]);
    return n === 1 || n === lastNumber || n === lastNumber + 1;
  };
  const rows: string[][] = [header];
  let i = header.length;
  while (i < cells.length) {
    while (cells[i] === "") i++;
    if (i >= cells.length) break;
    if (isGroupAt(i)) {
      const m = /^([IVXLC]{1,6}|[A-HJ-UWYZ])\s*\.?\s*(.*)$/u.exec(cells[i] ?? "");
      const group = [m?.[1] ?? "", ...(m?.[2] ? [m[2]] : [])];
      i++;
      while (i < cells.length && cells[i] !== "") group.push(cells[i++] ?? "");
      rows.push(group);
      continue;
    }
    const row: string[] = [];
    if (ROW_NUMBER.test(cells[i] ?? "")) lastNumber = Number((cells[i] ?? "").split(".")[0]);
    else row.push(""); // a continuation row: its merged number cell is not repeated
    while (i < cells.length && row.length < header.length) {
      if (cells[i] === "" && row.length >= 2 && rowStartsAt(i + 1)) break;
      row.push(cells[i++] ?? "");
    }
    rows.push(row);
  }
  return rows.map((r) => `| ${r.map((c) => c.replace(/\|/g, "/")).join(" | ")} |`);
}

const isDigitOrDash = (c: number): boolean => (c >= 48 && c <= 57) || c === 45 || c === 0x2013;

/** Whether a trimmed line can be a page number ("12", "- 3 -"): it opens and ends with a digit or a dash. */
// (Empty text is tested first: reading past the end would deoptimize the compiled code.)
const mayBePageNumber = (trimmed: string): boolean => trimmed.length > 0 && isDigitOrDash(trimmed.charCodeAt(0)) && isDigitOrDash(trimmed.charCodeAt(trimmed.length - 1));

/**
 * Whether the text is written as paragraphs separated by blank lines and hard-wrapped inside
 * (Markdown or HTML converted to text): most blocks span several lines and are short.
 */
function isParagraphBlockText(lines: string[]): boolean {
  const sizes: number[] = [];
  let n = 0;
  for (const l of lines) {
    const t = l.trim();
    if (mayBePageNumber(t) && /^\s*[-–]?\s*\d{1,3}\s*[-–]?\s*$/.test(l)) continue; // page numbers
    if (t === "" || isPipeRow(t)) {
      if (n) sizes.push(n);
      n = 0;
    } else n++;
  }
  if (n) sizes.push(n);
  if (sizes.length < 8) return false;
  const multi = sizes.filter((x) => x > 1).length;
  const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
  return multi / sizes.length >= 0.5 && mean <= 10;
}

/**
 * One logical line per paragraph block: the lines of a block are joined (emphasis that a wrap
 * split, "**1. Sở\nTài chính**", closes again), except where a line opens a new item after a
 * line ending in punctuation (bullets of a list written without blank lines).
 */
function joinParagraphBlocks(lines: string[], residue: Residue): string[] {
  const out: string[] = [];
  let cur: string[] = [];
  let prev = ""; // the last line of the block, cleaned
  let stars = 0; // "**" seen in the block so far
  const flush = () => {
    if (cur.length) out.push(cleanLine(cur.join(" "), residue));
    cur = [];
    stars = 0;
  };
  for (const raw of lines) {
    const l = raw.trim();
    if (l === "" || isRule(l)) {
      flush();
      out.push("");
      continue;
    }
    if (isPipeRow(l)) {
      flush();
      out.push(l);
      continue;
    }
    const emphasisOpen = stars % 2 === 1;
    const here = l.includes("*") || l.includes("#") || l.includes("\\") ? cleanLine(l, residue) : l;
    // A new item after a line ending in punctuation; a short line in capitals (signature block, letterhead) stands alone.
    const shortCaps = (t: string): boolean => t.length <= 40 && isAllCaps(t);
    if (cur.length && ((startsWithMarker(here) && endsTerminal(prev)) || (!emphasisOpen && !prev.endsWith(":") && (shortCaps(prev) || shortCaps(here)) && isAllCaps(prev) !== isAllCaps(here)) || (!emphasisOpen && shortCaps(prev) && shortCaps(here) && /^(?:TM|KT|Q|T\/M)\.|CHỦ TỊCH$/u.test(here)))) flush();
    cur.push(l);
    prev = here;
    if (l.includes("**")) stars += (l.match(/\*\*/g) ?? []).length;
  }
  flush();
  return out;
}

/** Between paragraph blocks, only a page-break split continues: the next block starts in lower case. */
function shouldJoinBlocks(prev: string, line: string, gap: number): boolean {
  if (isPipeRow(prev) || isPipeRow(line) || startsWithMarker(line) || gap > 2) return false;
  return LOWER_START.test(line) && !endsWithBeforeClosers(prev, isSentenceEnd);
}
const isPipeSeparator = (l: string): boolean => {
  const c = l.charCodeAt(0); // a trimmed line: only "|", ":" or "-" can open a separator row
  return (c === 124 || ((c === 58 || c === 45) && l.charCodeAt(1) === 45)) && /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/.test(l);
};

/** cleanLine of each line (a loop: an optimized `.map` would make a holey array, another shape for the readers). */
function cleanLines(lines: string[], residue: Residue): string[] {
  const out: string[] = [];
  for (const l of lines) out.push(cleanLine(l, residue));
  return out;
}

/** Normalize a pipe row: trimmed cells, "| a | b |". */
function normalizePipeRow(l: string): string {
  let row = "|";
  for (const cell of l.replace(/^\|/, "").replace(/\|$/, "").split("|")) row += ` ${cell.trim()} |`;
  return row;
}

const HEADER_CELL =
  /^(?:STT|TT|Số TT|Nội dung(?: nhiệm vụ| công việc| hoạt động)?|Nhiệm vụ|Tên nhiệm vụ|Hoạt động|Cơ quan(?:, đơn vị)? (?:chủ trì|thực hiện|phối hợp)|Đơn vị (?:chủ trì|thực hiện|phối hợp)|Chủ trì|Phối hợp|Thời gian(?: thực hiện| hoàn thành)?|Thời hạn(?: hoàn thành)?|Tiến độ|Sản phẩm|Kết quả|Ghi chú|Kinh phí)$/iu;

/**
 * Annex tables exported "one cell per line": a header of known column names,
 * each on its own line, then rows that start with an STT number. Rewritten as
 * pipe rows before any line joining.
 */
function cellPerLineTablesToRows(lines: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = (lines[i] ?? "").trim();
    if (mayBeSttCell(first) && STT_CELL.test(first)) {
      const header: string[] = [first];
      let j = i + 1;
      while (j < lines.length) {
        const l = (lines[j] ?? "").trim();
        if (l === "") { j++; continue; }
        if (!HEADER_CELL.test(l)) break;
        header.push(l);
        j++;
      }
      if (header.length >= 3) {
        const width = header.length;
        out.push("", `| ${header.join(" | ")} |`);
        let row: string[] | null = null;
        const flush = () => {
          if (!row) return;
          while (row.length > width) {
            // Too many cells: the content cell wrapped over several lines.
            const extra = row.splice(2, 1)[0] ?? "";
            row[1] = `${row[1] ?? ""} ${extra}`.trim();
          }
          while (row.length < width) row.push("");
          out.push(`| ${row.join(" | ")} |`);
          row = null;
        };
        let k = j;
        for (; k < lines.length; k++) {
          const l = (lines[k] ?? "").trim();
          if (l === "") continue;
          if (/^(?:Nơi nhận|PHỤ LỤC|Phụ lục)\b/u.test(l) || /^(?:TM|KT)\.\s/u.test(l)) break;
          if (/^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5})\.?$/.test(l)) {
            flush();
            row = [l];
          } else if (row) {
            row.push(l);
          } else {
            break;
          }
        }
        flush();
        out.push("");
        i = k;
        continue;
      }
    }
    out.push(lines[i] ?? "");
    i++;
  }
  return out;
}

/** The lengths of the non-blank lines, trimmed. */
function trimmedLengths(lines: string[]): Uint32Array {
  const out = new Uint32Array(lines.length);
  let n = 0;
  for (const l of lines) {
    const t = l.trim();
    if (t) out[n++] = t.length;
  }
  return out.subarray(0, n);
}

/**
 * Normalize raw document text into logical lines (paragraphs, bullets, table rows).
 * Pure: the same input always gives the same lines.
 */
export function normalizeDocumentText(raw: string): string[] {
  let text = raw.normalize("NFC").replace(/^\uFEFF/, "");
  // Carriage returns and zero-width characters are rare: one scan decides whether the rewrites run.
  // Carriage returns and zero-width characters are rare: one scan decides whether the rewrites run.
  if (/[\r\u200b-\u200d\u2060]/.test(text)) text = text.replace(/\r\n?/g, "\n").replace(/[\u200b-\u200d\u2060]/g, "");
  // Searching for one ASCII character is far faster than the regex over a whole document.
  if (text.includes("<") && /<(?:table|br|p|div)\b/i.test(text)) {
    text = htmlTablesToRows(text);
    text = text.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(?:p|div|h\d|li)>/gi, "\n");
    text = text.replace(/<(?:p|div|h\d|li|ul|ol)\b[^>]*>|<\/(?:ul|ol)>/gi, "\n");
  }
  text = decodeEntities(text);
  const residue = residueOf(text);
  const rawLines = pipeCellTablesToRows(text.split("\n"), residue);
  const blockMode = isParagraphBlockText(rawLines);
  const tabled = cellPerLineTablesToRows(blockMode ? joinParagraphBlocks(rawLines, residue) : cleanLines(rawLines, residue));
  // A bare number alone between blank lines (outside tables, already rewritten) is a page number.
  const cleaned = tabled.filter(
    // Indices and code units are read only where they exist: a read past either end deoptimizes the compiled code.
    (l, i) => !((i === 0 || tabled[i - 1] === "") && (i + 1 === tabled.length || tabled[i + 1] === "") && l.length > 0 && isDigitOrDash(l.charCodeAt(0)) && (isDigitOrDash(l.charCodeAt(l.length - 1)) || isBlank(l.charCodeAt(l.length - 1))) && /^[-–]?\s*\d{1,3}\s*[-–]?$/.test(l)),
  );

  // How wide the document's lines run: a hard-wrapped text layer (PDF) has most lines near one width,
  // and a line that long without final punctuation goes on in the next line even when it starts in upper case.
  const lengths = trimmedLengths(cleaned).sort(); // a typed array: sorted as numbers
  const p80 = lengths[Math.floor(lengths.length * 0.8)] ?? 0;
  const wrap: Wrap = {
    min: Math.min(60, Math.max(25, Math.round(p80 * 0.5))),
    // A line filled to the width of a hard-wrapped text was cut by the layout, even a heading.
    filled: p80 > 0 && p80 <= 140 ? Math.round(p80 * 0.85) : Number.POSITIVE_INFINITY,
  };
  const out: string[] = [];
  let gap = 0; // blank lines since the last kept line
  for (const rawLine of cleaned) {
    const line = rawLine.trim();
    if (line === "" || (isRuleChar(line.charCodeAt(0)) && isRuleChar(line.charCodeAt(1)) && /^[-=_*]{3,}$/.test(line))) {
      gap++;
      continue;
    }
    if (isPipeSeparator(line)) continue;
    if (isPipeRow(line)) {
      out.push(normalizePipeRow(line));
      gap = 0;
      continue;
    }
    const prev = out[out.length - 1];
    const join =
      prev !== undefined &&
      ((isBareLabel(prev) && gap <= 2 && !startsWithMarker(line)) || (blockMode ? gap > 0 && shouldJoinBlocks(prev, line, gap) : shouldJoin(prev, line, gap, wrap)));
    if (join) {
      out[out.length - 1] = `${prev} ${line}`;
    } else {
      out.push(line);
    }
    gap = 0;
  }
  return out;
}

/**
 * An item label alone on its line ("2.", "III.", "b)"): the layout or a page break cut it from its heading,
 * which is the next line.
 */
const isBareLabel = (line: string): boolean => {
  // It opens with I, V, X, a digit or a lower-case letter and ends with "." or ")": most lines are settled there.
  const first = line.charCodeAt(0);
  const last = line.charCodeAt(line.length - 1);
  const opens = first === 73 || first === 86 || first === 88 || (first >= 48 && first <= 57) || (first >= 97 && first <= 122) || first === 0x111;
  return opens && (last === 46 || last === 41) && /^(?:[IVX]{1,5}|\d{1,2}(?:\.\d{1,2})*|[a-zđ])\s*[.)]$/u.test(line);
};

/** Whether `line` continues the sentence of `prev` (hard wrap or page-break split). */
interface Wrap {
  /** Length from which an unpunctuated line continues in the next (no blank line between). */
  min: number;
  /** Length of a line filled to the text's wrap width. */
  filled: number;
}

// A module constant: esbuild compiles a `\p{...}` literal inside a function to `new RegExp(...)` on every call.
const HEADING_GOES_ON = /\s(?:và|của|các|với|trong|cho|về|theo|tại|đối với|trên|để|nhằm|từ|đến|giữa|những|là|được|thuộc|gồm|cùng|hoặc)$|\s\p{Lu}\p{Ll}*$/u;

function shouldJoin(prev: string, line: string, gap: number, wrap: Wrap): boolean {
  if (isPipeRow(prev) || startsWithMarker(line)) return false;
  // A list wrapped after ";" or ":" goes on in lower case ("...; các cơ quan báo chí").
  // In a hard-wrapped text, a line filled to the width and cut after ";" or ":" goes on too ("...; Phòng Kinh tế - Hạ tầng;" / "Phòng Văn hóa ...").
  if (endsTerminal(prev)) {
    if (!(prev.endsWith(";") || prev.endsWith(":")) || gap > 1 || /^(?:Nơi nhận|Lưu)/u.test(prev)) return false;
    if (LOWER_START.test(line)) return true;
    return gap === 0 && prev.length >= wrap.filled && !isAllCaps(line) && !isLabelLine(line) && !/^(?:Căn cứ|Thực hiện|Triển khai|Trên đây)\s/u.test(line);
  }
  if (!LETTER.test(line[0] ?? "") && !/^[\d(“"]/.test(line)) return false;
  if (/^(?:Nơi nhận|PHỤ LỤC|Phụ lục|KẾ HOẠCH|QUYẾT ĐỊNH|TM\.|KT\.)/u.test(line)) return false;
  // Words that open a paragraph of their own (legal basis, closing).
  if (/^(?:Căn cứ|Thực hiện|Triển khai|Trên đây|Yêu cầu|Đề nghị|Số\s*:)\s/u.test(line)) return false;
  if (LOWER_START.test(line)) return gap <= 2;
  if (isAllCaps(prev) || isAllCaps(line) || isLabelLine(line)) return false;
  const headingLike = /^(?:[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*\.|[a-zđ]\))\s/u.test(prev);
  // A heading cut by the layout goes on in upper case only after a word that cannot end it ("... giữa các cơ quan với" / "Ủy ban ...")
  // or inside a name ("..., Đoàn" / "Biên phòng Vạn Hưng: ...").
  if (headingLike) return gap === 0 && prev.length >= wrap.filled && HEADING_GOES_ON.test(prev);
  // An upper-case start continues only a long body line: a page-break split ("... Vạn" / "Ninh; ...").
  return prev.length >= (gap > 0 ? 100 : wrap.min) && gap <= 2;
}
