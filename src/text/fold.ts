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

/** Strip diacritics: NFD, drop combining marks, đ/Đ → d/D. */
export function stripDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D");
}

/** Lower-case, diacritic-free, whitespace-collapsed key of a text. */
export function fold(text: string): string {
  return stripDiacritics(text).toLowerCase().replace(/\s+/g, " ").trim();
}

/** Lower-case NFC key with unified tones (keeps diacritics). */
export function toneKey(text: string): string {
  return unifyTones(text.normalize("NFC")).toLowerCase().replace(/\s+/g, " ").trim();
}

/** Syllables of a text (Vietnamese words are space-separated syllables), folded. */
export function syllables(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}
