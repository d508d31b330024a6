// Text encodings: strict decoding of text files and detection of legacy Vietnamese 8-bit font encodings (TCVN3, VNI).

/** Legacy Vietnamese encodings that show up as mojibake when read as Latin-1 / Unicode. */
export type LegacyVietnameseEncoding = "tcvn3" | "vni";

/**
 * Characters that TCVN3 (ABC) fonts use for Vietnamese letters and that VNI never
 * produces: the Latin-1 block U+00A1..U+00BE (minus symbols common in normal text:
 * ¯ ° ± ² ³ ´ º ¿). "µ" (U+00B5) also appears as Greek "μ" (U+03BC) because pdf.js
 * normalizes the micro sign when it extracts text.
 */
const TCVN3_ONLY = new Set([..."¡¢£¤¥¦§¨©ª«¬\u00ad®µ¶·¸¹»¼½¾", "\u03bc"]);

/**
 * Latin-1 letters U+00C0..U+00FF that never occur in Vietnamese Unicode text but that
 * TCVN3 or VNI fonts use for Vietnamese letters or tone marks. Left out on purpose:
 * the letters Vietnamese does use (à á â ã è é ê ì í ò ó ô õ ù ú ý and capitals),
 * × and ÷ (maths), and Ð ð (often typed for Đ đ in otherwise correct text).
 */
const NON_VIETNAMESE_LATIN1 = new Set([..."ÄÅÆÇËÎÏÑÖØÛÜÞßäåæçëîïñöøûüþÿ"]);

/** VNI encodes tone marks and vowel hats as separate Latin-1 characters after an ASCII vowel. */
const VNI_MARKS = new Set([..."âáàåãäêéèúüëùøûõïÂÁÀÅÃÄÊÉÈÚÜËÙØÛÕÏ"]);

/** After "o", these are ordinary (old-style tone placement: hoà, hoá, hoãn, loè, khoé). */
const VALID_AFTER_O = new Set([..."àáãèéÀÁÃÈÉ"]);

/** VNI marks that are not Vietnamese letters: after a vowel they are VNI evidence. */
const VNI_STRONG_MARKS = new Set([..."äåëïøûüÄÅËÏØÛÜ"]);

/** Minimum number of suspicious characters before the detector fires at all. */
const MIN_SUSPICIOUS = 3;
/** Minimum share of suspicious characters among letters. */
const MIN_RATIO = 0.03;

/**
 * Detects Vietnamese text typed with a legacy 8-bit font encoding (TCVN3/ABC such as
 * "Céng hoµ x· héi chñ nghÜa ViÖt Nam", or VNI such as "Coäng hoøa xaõ hoäi chuû nghóa
 * Vieät Nam") and read back as Latin-1 characters. Pure function.
 *
 * Counts characters that never occur in Vietnamese Unicode text, when they sit inside
 * a word (a stand-alone symbol such as "© 2024" or "§ 3" does not count), plus VNI's
 * "vowel + separate mark" pairs (aâ, aõ, eä...) that Vietnamese spelling never
 * produces. Fires when there are at least 3 and they make up at least 3% of the
 * letters, so normal Vietnamese text (with quotes, °, ×...) and English text give null.
 */
export function detectLegacyVietnamese(text: string): LegacyVietnameseEncoding | null {
  // Unicode text has none of the characters the counts below look at: one regex scan settles it.
  if (!ANY_SUSPICIOUS.test(text)) return null;
  // Every character involved is in the BMP, so UTF-16 code units are enough. One pass counts the
  // suspicious characters; letters are counted only when there are enough of them to matter.
  const suspiciousAt = (i: number) => i >= 0 && i < text.length && (flagsOf(text.charCodeAt(i)) & (TCVN3 | NON_VI)) !== 0;
  const letterAt = (i: number) => i >= 0 && i < text.length && isLetterCode(text.charCodeAt(i));
  const inWord = (i: number) => letterAt(i - 1) || letterAt(i + 1) || suspiciousAt(i - 1) || suspiciousAt(i + 1);
  let tcvnOnly = 0;
  let nonVietnamese = 0;
  let vniPairs = 0;
  let vniMarksAfterVowel = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xa0) continue;
    const flags = flagsOf(c);
    if (flags === 0) continue;
    const prev = i > 0 ? text.charCodeAt(i - 1) : -1;
    if (flags & TCVN3) {
      if (inWord(i)) tcvnOnly++;
    } else if (flags & NON_VI) {
      if (inWord(i)) nonVietnamese++;
      if (flags & VNI_STRONG && VOWELS_BEFORE_STRONG_MARK.has(prev)) vniMarksAfterVowel++;
    } else if (flags & VNI_MARK && isVniPair(prev, flags)) {
      vniPairs++;
    }
  }
  const suspicious = tcvnOnly + nonVietnamese + vniPairs;
  if (suspicious < MIN_SUSPICIOUS) return null;
  let letters = 0;
  for (let i = 0; i < text.length; i++) if (isLetterCode(text.charCodeAt(i))) letters++;
  if (suspicious / Math.max(letters, 1) < MIN_RATIO) return null;
  return tcvnOnly > vniPairs + vniMarksAfterVowel ? "tcvn3" : "vni";
}

// The character classes above as bit flags per UTF-16 code unit (all lie below U+0400).
const TCVN3 = 1;
const NON_VI = 2;
const VNI_MARK = 4;
const VALID_O = 8;
const VNI_STRONG = 16;
const FLAGS = new Uint8Array(0x400);
for (const [set, flag] of [[TCVN3_ONLY, TCVN3], [NON_VIETNAMESE_LATIN1, NON_VI], [VNI_MARKS, VNI_MARK], [VALID_AFTER_O, VALID_O], [VNI_STRONG_MARKS, VNI_STRONG]] as const) {
  for (const ch of set) FLAGS[ch.charCodeAt(0)]! |= flag;
}
const flagsOf = (c: number): number => (c < 0x400 ? (FLAGS[c] as number) : 0);

/**
 * Any character the detector counts: a TCVN3-only or non-Vietnamese Latin-1 character, or a VNI mark
 * after the vowel `isVniPair` takes it after (its exact condition, as a regex).
 */
const ANY_SUSPICIOUS = (() => {
  const cls = (chars: Iterable<string>) => `[${[...chars].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`).join("")}]`;
  const notAfterO = [...VNI_MARKS].filter((ch) => !VALID_AFTER_O.has(ch));
  return new RegExp(`${cls([...TCVN3_ONLY, ...NON_VIETNAMESE_LATIN1])}|[aAeE]${cls(VNI_MARKS)}|[oO]${cls(notAfterO)}`);
})();

/** Vowels after which a VNI strong mark is VNI evidence. */
const VOWELS_BEFORE_STRONG_MARK = new Set([..."aeiouyAEIOUYôöÔÖ"].map((ch) => ch.charCodeAt(0)));

/** Whether a UTF-16 code unit is a letter (\p{L}); worked out once per code unit and remembered. */
const LETTER_CACHE = new Uint8Array(0x10000); // 0 not yet known, 1 letter, 2 not a letter
function isLetterCode(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  let known = LETTER_CACHE[c] as number;
  if (known === 0) LETTER_CACHE[c] = known = /\p{L}/u.test(String.fromCharCode(c)) ? 1 : 2;
  return known === 1;
}

/** "a"/"e" never take a marked vowel after them in Vietnamese; "o" only takes à á ã è é. */
function isVniPair(prev: number, markFlags: number): boolean {
  if (prev === 0x61 || prev === 0x41 || prev === 0x65 || prev === 0x45) return true; // a A e E
  if (prev === 0x6f || prev === 0x4f) return (markFlags & VALID_O) === 0; // o O
  return false;
}

/**
 * Decodes a text file strictly: UTF-8 (with or without BOM), or UTF-16 LE/BE when it
 * starts with a BOM. Throws a plain Error when the bytes are not valid in that
 * encoding or contain NUL characters (a binary file, or UTF-16 without BOM).
 */
export function decodeText(buf: Buffer): string {
  let text: string;
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    text = strictDecode("utf-16le", buf.subarray(2), "UTF-16LE");
  } else if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    // Swap to little-endian ourselves rather than rely on the ICU build for "utf-16be".
    if (buf.length % 2 === 1) throw new Error("not valid UTF-16BE: odd number of bytes");
    const body = Buffer.from(buf.subarray(2));
    body.swap16();
    text = strictDecode("utf-16le", body, "UTF-16BE");
  } else {
    const hasBom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
    text = strictDecode("utf-8", hasBom ? buf.subarray(3) : buf, "UTF-8");
  }
  const nul = text.indexOf("\u0000");
  if (nul >= 0) throw new Error(`not a text file: NUL character at position ${nul} (binary data or UTF-16 without BOM)`);
  return text;
}

function strictDecode(encoding: "utf-8" | "utf-16le", bytes: Uint8Array, label: string): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lossy = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    throw new Error(`not valid ${label}: first invalid sequence at character ${lossy.indexOf("\ufffd")}`);
  }
}
