/** Search terms of Vietnamese text: folded syllables and syllable bigrams, abbreviations expanded. */
import { expandAbbreviations } from "../text/abbreviations.js";
import { fold } from "../text/fold.js";

/**
 * The search form of a text: diacritic-folded, lower case, agency abbreviations
 * expanded ("Sở TT&TT" → "so thong tin va truyen thong"), "&" read as "và".
 */
export function searchForm(text: string): string {
  return expandAbbreviations(fold(text)).replace(/&/g, " va ");
}

// Punctuation that ends a phrase: bigrams do not cross it. Hyphens, slashes and
// dashes do not end one ("Kinh tế - Hạ tầng" keeps the bigram "te ha").
const PHRASE_BREAK = /[.,;:!?()[\]{}"“”'‘’…*+=<>|\n\r\t]+/u;
const SYLLABLE = /[\p{L}\p{N}]+/gu;

/** Folded syllables of each phrase of a text (abbreviations expanded). */
export function phrases(text: string): string[][] {
  const out: string[][] = [];
  for (const part of searchForm(text).split(PHRASE_BREAK)) {
    const syls = part.match(SYLLABLE);
    if (syls && syls.length > 0) out.push(syls);
  }
  return out;
}

/**
 * Index terms of a text: every folded syllable, plus every pair of adjacent
 * syllables inside a phrase joined by "_" ("cong_an", "an_huyen"). Bigrams carry
 * the word-level meaning Vietnamese syllables alone lack.
 */
export function searchTerms(text: string): string[] {
  const terms: string[] = [];
  for (const syls of phrases(text)) {
    for (let i = 0; i < syls.length; i++) {
      const s = syls[i]!;
      terms.push(s);
      if (i > 0) terms.push(`${syls[i - 1]}_${s}`);
    }
  }
  return terms;
}

/**
 * Syllables that only shape a question ("phải làm gì?", "khi nào?", "ai?"):
 * dropped from queries as unigrams (their bigrams stay, and rarely match).
 */
export const QUESTION_SYLLABLES: ReadonlySet<string> = new Set([
  // Folded forms only where no content word shares them ("dau" is also "đầu tư", "hoi" also "hội").
  "gi", "nao", "ai", "sao", "khong", "nhi", "nhe", "vay", "a", "oi",
]);

/** Query terms: like `searchTerms`, without question-only syllables. */
export function queryTerms(text: string): string[] {
  const terms: string[] = [];
  for (const syls of phrases(text)) {
    for (let i = 0; i < syls.length; i++) {
      const s = syls[i]!;
      if (!QUESTION_SYLLABLES.has(s)) terms.push(s);
      if (i > 0) {
        const prev = syls[i - 1]!;
        if (!QUESTION_SYLLABLES.has(prev) && !QUESTION_SYLLABLES.has(s)) terms.push(`${prev}_${s}`);
      }
    }
  }
  return terms;
}
