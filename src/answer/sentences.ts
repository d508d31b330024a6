/**
 * Picks the sentences of a section that answer a question best (syllable and
 * bigram overlap, diacritic-insensitive), to quote instead of whole sections.
 */
import { expandAbbreviations } from "../text/abbreviations.js";
import { fold } from "../text/fold.js";

const STOP = new Set(
  "va cua cac la co duoc trong cho voi de tai theo nhung mot nay do khi nao gi ai thi se da dang phai ve nhu tu tren duoi cung hay hoac bang ra vao len nen neu ke hoach thuc hien trien khai cong tac nam don vi co quan".split(" "),
);
// Word pairs that occur in every plan carry no signal.
const STOP_PAIRS = new Set(["ke hoach", "thuc hien", "trien khai", "cong tac", "co quan", "don vi", "nhiem vu", "to chuc", "lien quan"]);

/** Content syllables and bigrams of a text. */
export function terms(text: string): Set<string> {
  // Deadline and section texts are scored against every question: their terms are kept (a pure function of the text).
  const known = termsMemo.get(text);
  if (known) return known;
  const out = computeTerms(text);
  if (termsMemo.size >= 50_000) termsMemo.clear();
  termsMemo.set(text, out);
  return out;
}

const termsMemo = new Map<string, Set<string>>();

function computeTerms(text: string): Set<string> {
  const words = expandAbbreviations(fold(text)).match(/[a-z0-9]+|\./g) ?? [];
  const out = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === ".") continue;
    if (!STOP.has(w)) out.add(w);
    if (i + 1 < words.length && words[i + 1] !== ".") {
      const pair = `${w} ${words[i + 1]}`;
      if (!STOP_PAIRS.has(pair)) out.add(pair);
    }
  }
  return out;
}

// Question phrases that say nothing about the topic.
const QUESTION_PHRASES = /\b(bao nhieu|hom nay|the nao|nhu the nao|o dau|khi nao|bao gio|la gi|thoi gian nao|ngay nao|luc nao|co the|xin hoi|cho hoi|cho biet)\b/g;

/** Terms of a question, without the question phrases. */
export function questionTerms(question: string): Set<string> {
  return terms(fold(question).replace(QUESTION_PHRASES, " . "));
}

/**
 * Whether a text is about the question: it shares a word pair with it, at
 * least two content words, or the question's only content word.
 */
export function isRelevant(q: Set<string>, text: string): boolean {
  const t = terms(text);
  let words = 0;
  let unigrams = 0;
  for (const term of q) {
    const pair = term.includes(" ");
    if (!pair) unigrams++;
    if (!t.has(term)) continue;
    if (pair) return true;
    words++;
  }
  return words >= 2 || (unigrams === 1 && words === 1);
}

/** Overlap score of a text with query terms (bigrams count double). */
export function overlap(query: Set<string>, text: string): number {
  const t = terms(text);
  let s = 0;
  for (const q of query) if (t.has(q)) s += q.includes(" ") ? 2 : 1;
  return s;
}

/** Split text into sentences and list lines. */
export function sentencesOf(text: string): string[] {
  return text
    .split(/\n+|(?<=[.;!?])\s+(?=[\p{Lu}\-+•])/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 2);
}

/** The best sentences for a question, in document order, within `maxChars`. */
export function bestSentences(question: string, text: string, maxChars = 420, maxSentences = 3): string[] {
  const q = terms(question);
  const sentences = sentencesOf(text);
  const scored = sentences.map((s, i) => ({ s, i, score: overlap(q, s) }));
  const chosen = scored
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, maxSentences)
    .sort((a, b) => a.i - b.i);
  const out: string[] = [];
  let used = 0;
  for (const c of chosen.length ? chosen : scored.slice(0, 1)) {
    if (used + c.s.length > maxChars && out.length) break;
    out.push(c.s);
    used += c.s.length;
  }
  return out;
}
