/**
 * Vietnamese text keys for matching and search: NFC, unified tone placement
 * (hoá → hóa, uỷ → ủy), and diacritic folding (đ → d explicitly).
 */

// Old-style tone placement on the second vowel of oa/oe/uy (hoá, khoẻ, thuỷ) moved to the
// first vowel (hóa, khỏe, thủy) when nothing follows in the syllable. NFD: base + marks.
const TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323";
const OLD_TONE = new RegExp(`([oOuU])([aAeEyY])([${TONE_MARKS}])(?![\\p{L}\\p{M}])`, "gu");

/** Move tone marks of oa/oe/uy syllables to the new-style position. Returns NFC. */
export function unifyTones(text: string): string {
  const nfd = text.normalize("NFD");
  // "quý" keeps its mark on y (qu is a consonant): skip when preceded by q.
  return nfd.replace(OLD_TONE, (m, v1: string, v2: string, tone: string, offset: number) => {
    const prev = offset > 0 ? nfd[offset - 1] : "";
    if (prev === "q" || prev === "Q") return m;
    return `${v1}${tone}${v2}`;
  }).normalize("NFC");
}

// Folding is on every hot path (indexing, matching): cache the folded form of each non-ASCII character.
const FOLDED = new Map<string, string>();
function foldChar(ch: string): string {
  let f = FOLDED.get(ch);
  if (f === undefined) {
    f = ch.normalize("NFD").replace(/\p{M}+/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D");
    FOLDED.set(ch, f);
  }
  return f;
}

/** Strip diacritics: NFD, drop combining marks, đ/Đ → d/D. */
export function stripDiacritics(text: string): string {
  // Decomposed input (NFD) is composed first so marks fold with their base letter.
  const s = /[\u0300-\u036f]/.test(text) ? text.normalize("NFC") : text;
  let out = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) < 128) continue;
    out += s.slice(start, i) + foldChar(s[i] as string);
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

// Lower-case folded code unit for every BMP character below U+2000 (Latin, Vietnamese, combining marks → 0).
// Built with a few calls over all the characters at once (one call per character costs ~10 ms at start-up):
// the same results as `/\p{M}/u.test(ch) ? 0 : stripDiacritics(ch).toLowerCase()` character by character.
const FOLD_TABLE = (() => {
  const t = new Uint16Array(0x2000);
  for (let c = 0; c < 0x80; c++) t[c] = c >= 65 && c <= 90 ? c + 32 : c;
  let chars = "";
  for (let c = 0x80; c < 0x2000; c++) chars += String.fromCharCode(c);
  // One code unit per character (no surrogates below U+2000): "\u0001" marks the combining marks.
  const marks = chars.replace(/\p{M}/gu, "\u0001");
  // Each character's fold on its own, NUL-separated (a NUL breaks mark sequences and is no cased letter).
  const folded = [...chars].join("\0").normalize("NFD").replace(/\p{M}+/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().split("\0");
  for (let i = 0; i < chars.length; i++) {
    const c = 0x80 + i;
    if (marks.charCodeAt(i) === 1) continue; // combining mark: dropped
    const base = folded[i] as string;
    t[c] = base.length === 1 ? base.charCodeAt(0) : c;
  }
  return t;
})();

/**
 * The code unit `fold` writes for a code unit below U+2000: lower-case and diacritic-free; 0 for a
 * combining mark, which fold drops. (Whitespace is collapsed by fold itself, before this table.)
 */
export function foldedUnit(c: number): number {
  return FOLD_TABLE[c] as number;
}

// FOLD_TABLE for foldLatin1, with its blanks and the marks U+0300–U+036F as two codes above any
// folded unit below U+2000, so one look-up classifies each code unit.
const BLANK_UNIT = 0xffff;
const MARK_UNIT = 0xfffe;
const LATIN1_FOLD = (() => {
  const t = FOLD_TABLE.slice();
  for (const c of [32, 9, 10, 13, 0xa0, 12, 11]) t[c] = BLANK_UNIT;
  for (let c = 0x300; c <= 0x36f; c++) t[c] = MARK_UNIT;
  return t;
})();

const SPACE = 32;
// One scratch buffer for the folded code units (fold is synchronous and not re-entrant), so no
// allocation per call; strings are made from it in chunks (String.fromCharCode's argument limit).
const scratch = new Uint16Array(1 << 14);
const CHUNK = 4096;
// Folded text is nearly always Latin-1 (ASCII letters and digits): such a result is written to a byte
// buffer and made into a string natively, much faster than from UTF-16 code units.
const scratch8 = Buffer.alloc(1 << 14);
// Text with surrogates is decoded as before (a lone surrogate becomes U+FFFD).
const decoder = new TextDecoder("utf-16le");

/** Lower-case, diacritic-free, whitespace-collapsed key of a text. */
export function fold(text: string): string {
  // Fast path: the folded text is Latin-1, written straight to a byte buffer (one scan, no allocation).
  let n = foldLatin1(text, true);
  if (n === NEEDS_NFC) n = foldLatin1(text.normalize("NFC"), false);
  return n >= 0 ? scratch8.toString("latin1", 0, n) : foldAny(text);
}

const unitsScratch = new Uint16Array(1 << 14);
const unitsScratchBytes = Buffer.from(unitsScratch.buffer);

/** The code units of `s` (at most scratch8's length) in a shared scratch array, copied natively. */
function unitsOf(s: string): Uint16Array {
  unitsScratchBytes.write(s, 0, "utf16le");
  return unitsScratch;
}

const NEEDS_NFC = -1;
const NOT_LATIN1 = -2;

/**
 * Folds `s` into scratch8 and returns the length, or NEEDS_NFC when `checkMarks` and a
 * combining mark U+0300–U+036F occurs (fold composes such text first), or NOT_LATIN1 when
 * a folded code unit is above 0xff (or the text is longer than the buffer).
 */
function foldLatin1(s: string, checkMarks: boolean): number {
  if (s.length > scratch8.length) return NOT_LATIN1;
  const out = scratch8;
  let n = 0;
  let pendingSpace = false;
  // The text is copied in natively first: reading a typed array is much faster than charCodeAt.
  const units = unitsOf(s);
  for (let i = 0; i < s.length; i++) {
    const c = units[i] as number;
    const f = c < 0x2000 ? (LATIN1_FOLD[c] as number) : c;
    if (f > 0xff) {
      if (f === BLANK_UNIT) {
        pendingSpace = n > 0;
        continue;
      }
      if (f === MARK_UNIT) {
        if (checkMarks) return NEEDS_NFC;
        continue; // a mark fold drops
      }
      return NOT_LATIN1;
    }
    if (f === 0) continue;
    if (pendingSpace) {
      out[n++] = SPACE;
      pendingSpace = false;
    }
    out[n++] = f;
  }
  return n;
}

/** fold for any text (the general path: UTF-16 code units). */
function foldAny(text: string): string {
  const s = /[\u0300-\u036f]/.test(text) ? text.normalize("NFC") : text;
  // Long texts (whole documents) get a buffer of their own rather than a scratch kept alive for ever.
  const out = s.length <= scratch.length ? scratch : new Uint16Array(s.length);
  let n = 0;
  let pendingSpace = false;
  let surrogates = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) surrogates = true;
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 12 || c === 11) {
      pendingSpace = n > 0;
      continue;
    }
    const f = c < 0x2000 ? (FOLD_TABLE[c] as number) : c;
    if (f === 0) continue;
    if (pendingSpace) {
      out[n++] = SPACE;
      pendingSpace = false;
    }
    out[n++] = f;
  }
  if (surrogates) return decoder.decode(out.subarray(0, n));
  let folded = "";
  for (let i = 0; i < n; i += CHUNK) folded += String.fromCharCode.apply(null, out.subarray(i, Math.min(n, i + CHUNK)) as unknown as number[]);
  return folded;
}

/** Lower-case NFC key with unified tones (keeps diacritics). */
export function toneKey(text: string): string {
  return unifyTones(text.normalize("NFC")).toLowerCase().replace(/\s+/g, " ").trim();
}

/** Syllables of a text (Vietnamese words are space-separated syllables), folded. */
export function syllables(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
