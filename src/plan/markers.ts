/**
 * Recognizes the numbering label that opens a line of a plan: Roman parts,
 * Arabic and decimal items, letter sub-items, "(1)" items, decision articles.
 */

export type MarkerStyle = "roman" | "upper" | "arabic" | "letter" | "paren" | "article";

export interface Marker {
  style: MarkerStyle;
  /** Labels this marker contributes to the section id ("1.2." gives ["1", "2"]). */
  labels: string[];
  /** The rest of the line after the label. */
  rest: string;
}

const ROMAN_VALUES: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100 };

/** Value of a Roman numeral, or null if it is not a well-formed one (1-199). */
export function romanValue(s: string): number | null {
  if (!/^C?(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$/.test(s) || s === "") return null;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN_VALUES[s[i] as string] ?? 0;
    const next = ROMAN_VALUES[s[i + 1] as string] ?? 0;
    total += v < next ? -v : v;
  }
  return total;
}

/** OCR often reads "I" as "l" or "1" inside Roman numerals ("Il.", "I1."). */
function ocrRoman(token: string): string | null {
  if (!/[IVX]/.test(token)) return null;
  const fixed = token.replace(/[l1]/g, "I");
  return romanValue(fixed) !== null ? fixed : null;
}

const startsUpper = (s: string): boolean => /^[\p{Lu}\d“"(]/u.test(s);

// Every marker starts with a letter, a digit or "(", or is a letter item after a bullet ("- a) ..."):
// most lines of a plan (bullets, sentences) are settled by their first character.
const MAY_START_MARKER = /^[\dA-Za-z(Đđ]/;
const BULLET_START = /^[-+•–]/;
const PART_WORD = /^(?:PHẦN|Phần|MỤC|Mục)\s+(?:THỨ\s+)?([IVXLC]+)\s*[.:\-–]?\s*(.*)$/u;
const ARTICLE = /^Điều\s+(\d{1,3})\s*[.:]\s*(.*)$/u;
// A module constant: esbuild turns this literal into `new RegExp(...)` on every call otherwise.
const UPPER_PART = /^([A-HJ-UWYZ])\s*\.\s+(\p{Lu}.*)$/u;
const ROMAN_PART = /^([IVXl1]{1,6})\s*[.)]\s+(.*)$/u;
const DECIMAL_ITEM = /^(\d{1,2}(?:\.\d{1,2})+)\.?\s+(.*)$/u;
const NUMBER_ITEM = /^(\d{1,2})\s*\.\s*(.*)$/u;
const PAREN_ITEM = /^(?:\((\d{1,2})\)|(\d{1,2})\))\s*(.*)$/u;

/** Parse the numbering marker at the start of a cleaned line, or null. */
export function parseMarker(line: string): Marker | null {
  if (BULLET_START.test(line)) return letterItem(line);
  if (!MAY_START_MARKER.test(line)) return null;
  // Each pattern runs only for the first characters it can start with (in the same order as ever).
  const c = line.charCodeAt(0);
  const isDigit = c >= 48 && c <= 57;
  const isRomanLetter = c === 73 || c === 86 || c === 88; // I, V, X
  let m = c === 80 || c === 77 ? PART_WORD.exec(line) : null; // P, M
  if (m && romanValue(m[1] as string) !== null) return { style: "roman", labels: [m[1] as string], rest: (m[2] ?? "").trim() };

  m = c === 0x110 ? ARTICLE.exec(line) : null; // Đ
  if (m) return { style: "article", labels: [m[1] as string], rest: (m[2] ?? "").trim() };

  // Parts lettered A., B. (not I, V, X, which are Roman numerals).
  m = c >= 65 && c <= 90 && !isRomanLetter ? UPPER_PART.exec(line) : null;
  if (m && (m[2] ?? "").length > 1) return { style: "upper", labels: [m[1] as string], rest: (m[2] ?? "").trim() };

  m = isRomanLetter || c === 108 || c === 49 ? ROMAN_PART.exec(line) : null; // I, V, X, l, 1
  if (m && !/^\d+$/.test(m[1] as string)) {
    const roman = ocrRoman(m[1] as string);
    if (roman && startsUpper(m[2] ?? "")) return { style: "roman", labels: [roman], rest: (m[2] ?? "").trim() };
  }

  m = isDigit ? DECIMAL_ITEM.exec(line) : null;
  if (m && startsUpper(m[2] ?? "")) {
    return { style: "arabic", labels: (m[1] as string).split(".").map((p) => String(Number(p))), rest: (m[2] ?? "").trim() };
  }

  m = isDigit ? NUMBER_ITEM.exec(line) : null;
  if (m && startsUpper(m[2] ?? "") && !/^\d/.test(m[2] ?? "")) {
    return { style: "arabic", labels: [String(Number(m[1]))], rest: (m[2] ?? "").trim() };
  }

  m = isDigit || c === 40 ? PAREN_ITEM.exec(line) : null; // digit, "("
  if (m) return { style: "paren", labels: [String(Number(m[1] ?? m[2]))], rest: (m[3] ?? "").trim() };

  return (c >= 97 && c <= 122) || c === 0x111 ? letterItem(line) : null; // a-z, đ
}

/** Letter sub-items, also after a dash ("- a) ..."). */
function letterItem(line: string): Marker | null {
  const m = /^(?:[-+•–]\s*)?([a-zđ])\s*[).]\s+(.*)$/u.exec(line);
  if (m && (m[2] ?? "").length > 0) {
    // "a." is a letter item only when followed by an upper-case word, to avoid sentence fragments.
    const usesDot = /^(?:[-+•–]\s*)?[a-zđ]\s*\./u.test(line);
    if (!usesDot || startsUpper(m[2] ?? "")) return { style: "letter", labels: [m[1] as string], rest: (m[2] ?? "").trim() };
  }
  return null;
}
