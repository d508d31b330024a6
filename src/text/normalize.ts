/**
 * Turns extracted document text into clean logical lines for the plan parser:
 * NFC, converter residue (Markdown, HTML, pipe tables) removed, tables kept one
 * row per line as "| cell | cell |", hard wraps and page-break splits joined.
 */
import { parse as parseHtml, type HTMLElement } from "node-html-parser";

/** A line that opens a numbered or bulleted item, a label, or a table row: never a continuation. */
const MARKER =
  /^(?:(?:PHẦN|Phần|MỤC|Mục)\s+[IVXLC]+\b|[IVXLCl1]{1,6}\s*[.)]\s|[A-HJ-UWYZ]\s*\.\s+\p{Lu}|\(?\d{1,2}(?:\.\d{1,2})*\s*[.)]\s|\(\d{1,2}\)|[a-zđ]\s*[).]\s|[-+•*–—]\s|\||Điều\s+\d)/u;
const TERMINAL = /[.;:!?…]["”’)]*$|\/\.?$/u;
const LOWER_START = /^[\p{Ll}]/u;
const LETTER = /\p{L}/u;

/** True when the line starts a new item (numbering, bullet, table row). */
export function startsWithMarker(line: string): boolean {
  return MARKER.test(line);
}

function isAllCaps(line: string): boolean {
  const letters = line.replace(/[^\p{L}]/gu, "");
  return letters.length > 0 && letters === letters.toLocaleUpperCase("vi");
}

// "Nội dung: ...", "Cơ quan chủ trì: ..." — the labels plans use; any other "Words: ..." may be a wrapped name ("Vạn Hưng: Theo dõi").
const isLabelLine = (line: string): boolean =>
  /^(?:Nội dung|Hình thức|Cơ quan|Đơn vị|Thời gian|Thời hạn|Tiến độ|Sản phẩm|Kết quả|Kinh phí|Đối tượng|Mục tiêu|Yêu cầu|Địa điểm|Chủ trì|Phối hợp|Trách nhiệm|Ghi chú|Lưu|Nơi nhận|Quy mô|Thành phần)(?=[\s,:])[^:]{0,50}:/u.test(line);

/** Decode the few HTML entities converters leave behind. */
function decodeEntities(s: string): string {
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
    const root = parseHtml(html);
    const rows = root.querySelectorAll("tr").map((tr) => {
      const cells = tr.querySelectorAll("td, th").map(cellText);
      return `| ${cells.join(" | ")} |`;
    });
    return `\n\n${rows.join("\n")}\n\n`;
  });
}

/** Remove Markdown and HTML residue from one line. */
function cleanLine(line: string): string {
  let s = line;
  s = s.replace(/^\s{0,3}#{1,6}\s+/, "");
  s = s.replace(/^\s*>\s?/, "");
  s = s.replace(/\*{2,3}|_{2,3}/g, "");
  s = s.replace(/(^|[\s(“"])\*(\S(?:[^*]*\S)?)\*(?=$|[\s.,;:)”"/])/gu, "$1$2");
  s = s.replace(/\\([-*_.#()[\]|+!`])/g, "$1");
  s = s.replace(/<\/?(?:b|strong|i|em|u|span|font|sup|sub|a|div|p)\b[^>]*>/gi, "");
  s = s.replace(/[ \t\u00a0\u2000-\u200b\u202f\u3000]+/g, " ");
  return s.trim();
}

const isPipeRow = (l: string): boolean => /^\|.*\|$/.test(l);
const isPipeSeparator = (l: string): boolean => /^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$/.test(l);

/** Normalize a pipe row: trimmed cells, "| a | b |". */
function normalizePipeRow(l: string): string {
  const cells = l.replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
  return `| ${cells.join(" | ")} |`;
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
    if (/^(?:STT|TT|Số TT)$/i.test(first)) {
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

/**
 * Normalize raw document text into logical lines (paragraphs, bullets, table rows).
 * Pure: the same input always gives the same lines.
 */
export function normalizeDocumentText(raw: string): string[] {
  let text = raw.normalize("NFC").replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  text = text.replace(/[\u200b-\u200d\u2060]/g, "");
  if (/<(?:table|br|p|div)\b/i.test(text)) {
    text = htmlTablesToRows(text);
    text = text.replace(/<br\s*\/?>/gi, "\n").replace(/<\/(?:p|div|h\d|li)>/gi, "\n");
    text = text.replace(/<(?:p|div|h\d|li|ul|ol)\b[^>]*>|<\/(?:ul|ol)>/gi, "\n");
  }
  text = decodeEntities(text);
  const tabled = cellPerLineTablesToRows(text.split("\n").map(cleanLine));
  // A bare number alone between blank lines (outside tables, already rewritten) is a page number.
  const cleaned = tabled.filter(
    (l, i) => !(/^[-–]?\s*\d{1,3}\s*[-–]?$/.test(l) && (tabled[i - 1] ?? "") === "" && (tabled[i + 1] ?? "") === ""),
  );

  // How wide the document's lines run: a hard-wrapped text layer (PDF) has most lines near one width,
  // and a line that long without final punctuation goes on in the next line even when it starts in upper case.
  const lengths = cleaned.filter((l) => l.trim()).map((l) => l.trim().length).sort((a, b) => a - b);
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
    if (line === "" || /^[-=_*]{3,}$/.test(line)) {
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
    if (prev !== undefined && shouldJoin(prev, line, gap, wrap)) {
      out[out.length - 1] = `${prev} ${line}`;
    } else {
      out.push(line);
    }
    gap = 0;
  }
  return out;
}

/** Whether `line` continues the sentence of `prev` (hard wrap or page-break split). */
interface Wrap {
  /** Length from which an unpunctuated line continues in the next (no blank line between). */
  min: number;
  /** Length of a line filled to the text's wrap width. */
  filled: number;
}

function shouldJoin(prev: string, line: string, gap: number, wrap: Wrap): boolean {
  if (isPipeRow(prev) || startsWithMarker(line)) return false;
  // A list wrapped after ";" or ":" goes on in lower case ("...; các cơ quan báo chí").
  // In a hard-wrapped text, a line filled to the width and cut after ";" or ":" goes on too ("...; Phòng Kinh tế - Hạ tầng;" / "Phòng Văn hóa ...").
  if (TERMINAL.test(prev)) {
    if (!/[;:]$/.test(prev) || gap > 1 || /^(?:Nơi nhận|Lưu)/u.test(prev)) return false;
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
  if (headingLike) return gap === 0 && prev.length >= wrap.filled;
  // An upper-case start continues only a long body line: a page-break split ("... Vạn" / "Ninh; ...").
  return prev.length >= (gap > 0 ? 100 : wrap.min) && gap <= 2;
}
