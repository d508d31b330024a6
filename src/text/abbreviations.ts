/**
 * Agency abbreviations used in Vietnamese plans (plan-anatomy.md), expanded on
 * folded text so "UBND", "TT&TT" or "VP HĐND-UBND" match their full names.
 */
import { fold, foldedUnit } from "./fold.js";

/** Folded abbreviation → folded expansion. Order matters: longer forms first. */
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/\bnn ?& ?ptnt\b/g, "nong nghiep va phat trien nong thon"],
  [/\bnn ?& ?mt\b/g, "nong nghiep va moi truong"],
  [/\btt ?& ?tt\b|\btt va tt\b|\btttt\b/g, "thong tin va truyen thong"],
  [/\bvh ?& ?tt\b|\bvhtt\b|\bvh ?- ?tt\b/g, "van hoa va thong tin"],
  [/\bvh ?, ?tt ?& ?dl\b|\bvhttdl\b|\bvh ?tt ?& ?dl\b|\bvh ?- ?tt ?- ?dl\b/g, "van hoa the thao va du lich"],
  [/\bkh ?& ?dt\b|\bkhdt\b|\bkh ?- ?dt\b/g, "ke hoach va dau tu"],
  [/\bkh ?& ?cn\b|\bkhcn\b/g, "khoa hoc va cong nghe"],
  [/\bgd ?& ?dt\b|\bgddt\b/g, "giao duc va dao tao"],
  [/\btn ?& ?mt\b|\btnmt\b/g, "tai nguyen va moi truong"],
  [/\bld ?- ?tb ?& ?xh\b|\bldtbxh\b/g, "lao dong thuong binh va xa hoi"],
  [/\btc ?- ?kh\b/g, "tai chinh ke hoach"],
  [/\bkt ?- ?ht\b/g, "kinh te ha tang"],
  [/\bpt ?& ?th\b|\bpt ?- ?th\b|\bptth\b/g, "phat thanh truyen hinh"],
  [/\bptnt\b/g, "phat trien nong thon"],
  [/\bttdn\b/g, "thong tin doi ngoai"],
  [/\bmttq\b/g, "mat tran to quoc"],
  [/\bbchqs\b/g, "ban chi huy quan su"],
  [/\bchqs\b/g, "chi huy quan su"],
  [/\bqlhc\b/g, "quan ly hanh chinh"],
  [/\bkcn\b/g, "khu cong nghiep"],
  [/\bkkt\b/g, "khu kinh te"],
  [/\bbql\b/g, "ban quan ly"],
  [/\bnhnn\b/g, "ngan hang nha nuoc"],
  [/\bbhxh\b/g, "bao hiem xa hoi"],
  [/\bct ?- ?xh\b/g, "chinh tri xa hoi"],
  [/\bubmttq(?:vn)?\b/g, "uy ban mat tran to quoc"],
  [/\bbdbp\b/g, "bo doi bien phong"],
  [/\bbch\b/g, "ban chi huy"],
  [/\bubnd\b/g, "uy ban nhan dan"],
  [/\bhdnd\b/g, "hoi dong nhan dan"],
  [/\bvpub\b/g, "van phong uy ban nhan dan"],
  [/\bvp\b/g, "van phong"],
  [/\bttdt\b/g, "thong tin dien tu"],
  [/\bca (?=(?:huyen|tinh|xa|phuong|thi tran|thanh pho|thi xa|quan)\b)/g, "cong an "],
];

// One alternation of all patterns (earlier entries win at the same position), applied in a single pass.
const COMBINED = new RegExp(ABBREVIATIONS.map(([re]) => `(${re.source})`).join("|"), "g");
const QUICK = /ubnd|hdnd|&|tt|vh|kh|gd|tn|ld|tc|kt|pt|mttq|bch|bdbp|vp|ca |nn|ttdn|chqs|qlhc|kcn|kkt|bql|nhnn|bhxh|ct|ubmttq/;

/** Expand agency abbreviations in already-folded text. */
export function expandAbbreviations(folded: string): string {
  if (!QUICK.test(folded)) return folded;
  return folded.replace(COMBINED, (...args: unknown[]) => {
    for (let i = 0; i < ABBREVIATIONS.length; i++) if (args[i + 1] !== undefined) return (ABBREVIATIONS[i] as [RegExp, string])[1];
    return args[0] as string;
  });
}

// Whether each BMP code unit is an upper-case letter (\p{Lu}), learnt on first sight: 0 unknown, 1 no, 2 yes.
const UPPER = new Uint8Array(0x10000);
function isUpperUnit(c: number): boolean {
  let v = UPPER[c] as number;
  if (v === 0) UPPER[c] = v = /\p{Lu}/u.test(String.fromCharCode(c)) ? 2 : 1;
  return v === 2;
}

/** `/\p{Lu}{2}|&/u.test(text)` in one scan (the regex itself when the text has astral characters). */
function capsPairOrAmpersand(text: string): boolean {
  let previousUpper = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 38) return true;
    if (c >= 0xd800 && c <= 0xdfff) return /\p{Lu}{2}|&/u.test(text);
    const isUpper = isUpperUnit(c);
    if (isUpper && previousUpper) return true;
    previousUpper = isUpper;
  }
  return false;
}

/**
 * The runs of [a-z0-9] of a folded text, one space apart, without the connector
 * "va" ("&" reads as "va", so it is only a separator): one pass, no regex.
 */
function wordsWithoutVa(s: string): string {
  // At most one space per character is written, so s.length + 1 bytes suffice (all ASCII).
  const out = s.length < WORDS_SCRATCH.length ? WORDS_SCRATCH : Buffer.alloc(s.length + 1);
  let n = 0;
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    if (!(i - start === 2 && s.charCodeAt(start) === 118 && s.charCodeAt(start + 1) === 97)) {
      if (n) out[n++] = 32;
      for (let k = start; k < i; k++) out[n++] = s.charCodeAt(k);
    }
    start = -1;
  }
  return out.toString("latin1", 0, n);
}
// Scratch buffer for wordsWithoutVa (synchronous, not re-entrant).
const WORDS_SCRATCH = Buffer.alloc(1 << 14);

/**
 * How matchForm finds words without the folded text (plainWords). Every match of COMBINED starts at a
 * whole word (a run of [a-z0-9_], as `\\b` sees it) of the folded text that is one of these heads.
 * Keep in step with ABBREVIATIONS.
 */
// Heads that may start a match of several tokens ("tt ?& ?tt", "vh ?tt ?& ?dl", "ca (?=huyen|...)"):
// a text with one goes the general way.
const MULTI_TOKEN_HEADS = ["nn", "tt", "vh", "vhtt", "kh", "gd", "tn", "ld", "tc", "kt", "pt", "ct", "ca"];
// Heads that only ever match as the whole word: the word is its expansion (as wordsWithoutVa leaves it).
const WHOLE_WORD_HEADS = [
  "tttt", "vhttdl", "khdt", "khcn", "gddt", "tnmt", "ldtbxh", "ptth", "ptnt", "ttdn", "mttq", "bchqs", "chqs", "qlhc",
  "kcn", "kkt", "bql", "nhnn", "bhxh", "ubmttq", "ubmttqvn", "bdbp", "bch", "ubnd", "hdnd", "vpub", "vp", "ttdt",
];

// Heads are looked up as numbers (base 27, a = 1), so no string is made per word; runs longer than
// MAX_CODED_HEAD letters ("ubmttqvn" and any other of 7 or 8) are simply sent the general way.
const MAX_CODED_HEAD = 6;
const MAX_HEAD_LENGTH = 8;
const headCode = (w: string): number => [...w].reduce((code, ch) => code * 27 + ch.charCodeAt(0) - 96, 0);
const MULTI_TOKEN = Buffer.alloc(0); // marks a multi-token head in HEADS
const HEADS = new Map<number, Buffer>([
  ...MULTI_TOKEN_HEADS.map((w): [number, Buffer] => [headCode(w), MULTI_TOKEN]),
  ...WHOLE_WORD_HEADS.filter((w) => w.length <= MAX_CODED_HEAD).map((w): [number, Buffer] => [headCode(w), Buffer.from(wordsWithoutVa(expandAbbreviations(w)), "latin1")]),
]);
// The low 16 bits of every head's code: most words are settled by this table without a Map look-up.
const HEAD_LOW_BITS = new Uint8Array(1 << 16);
for (const code of HEADS.keys()) HEAD_LOW_BITS[code & 0xffff] = 1;

/** What plainWords found besides the words, the later the more it needs: matchForm keeps the most. */
const enum PlainScan {
  Words,
  /** Whole-word abbreviations, expanded when asked. */
  WholeWordHeads,
  /** A multi-token head (or a long run that may be "ubmttqvn"): only the general way expands it. */
  OtherHeads,
  /** A combining mark U+0300–U+036F: fold composes such text first. */
  Decomposed,
}
let plainScan = PlainScan.Words;
// Whether plainWords' words may hold a canonical rewrite's words: each rewrite's words contain a pair of
// whole words ("tran to", "bo doi", "dan nhan") that plainWords watches for; an expansion may bring any.
let plainMayRewrite = false;
const [TRAN, TO, BO, DOI, DAN, NHAN] = ["tran", "to", "bo", "doi", "dan", "nhan"].map((w) => headCode(w)) as [number, number, number, number, number, number];
const PLAIN_SCRATCH = Buffer.alloc(1 << 14);
// The text's code units, copied in natively: reading a typed array in the loop is much faster than charCodeAt.
const UNITS = new Uint16Array(1 << 13);
const UNITS_BYTES = Buffer.from(UNITS.buffer);

// What each code unit below U+2000 is to plainWords, in one look-up: its folded letter or digit
// (48–57, 97–122), or one of these (every other unit, U+2000 and above included, separates words).
const SEPARATOR = 0;
const DROPPED = 1; // a mark fold drops: the word goes on
const UNDERSCORE = 2; // separates words of the form, but not for `\b`
const DECOMPOSED = 3; // U+0300–U+036F: fold composes the text first
const WORD_UNITS = (() => {
  const t = new Uint8Array(0x2000);
  for (let c = 0; c < 0x2000; c++) {
    const f = foldedUnit(c);
    t[c] = c >= 0x300 && c <= 0x36f ? DECOMPOSED : f === 0 ? DROPPED : f === 95 ? UNDERSCORE : (f >= 97 && f <= 122) || (f >= 48 && f <= 57) ? f : SEPARATOR;
  }
  return t;
})();

/**
 * `wordsWithoutVa(fold(text))` in one scan of the text, whole-word abbreviations expanded when
 * `expand` (as expandAbbreviations would), with `plainScan` saying what else the text has.
 * The words hold for matchForm unless plainScan is OtherHeads (when abbreviations expand) or Decomposed.
 */
function plainWords(text: string, expand: boolean): string {
  plainScan = PlainScan.Words;
  // An expansion is at most 7 times its word ("vp" → "van phong").
  const out = 8 * text.length < PLAIN_SCRATCH.length ? PLAIN_SCRATCH : Buffer.alloc(8 * text.length + 1);
  const length = text.length;
  const units = length <= UNITS.length ? UNITS : new Uint16Array(length);
  if (units === UNITS) UNITS_BYTES.write(text, 0, "utf16le");
  else Buffer.from(units.buffer).write(text, 0, "utf16le");
  let n = 0;
  let runTainted = false; // the current [a-z0-9_] run (as `\b` sees words) has a digit or "_": no head has
  let previousWord = -1; // the code of the last word kept (-1: a digit in it, too long, or unknown)
  plainMayRewrite = false;
  let i = 0;
  while (i < length) {
    let c = units[i] as number;
    let w = c < 0x2000 ? (WORD_UNITS[c] as number) : SEPARATOR;
    if (w > DECOMPOSED) {
      // A word of the form, read in one inner loop (the marks fold drops are skipped inside it).
      if (n) out[n++] = 32;
      const start = n;
      let code = 0;
      let letters = true;
      do {
        if (w > DECOMPOSED) {
          out[n++] = w;
          if (w < 97) {
            runTainted = true;
            letters = false;
          } else if (n - start <= MAX_CODED_HEAD) code = code * 27 + w - 96;
        }
        if (++i >= length) {
          w = SEPARATOR; // past the end: a blank closes the word
          break;
        }
        c = units[i] as number;
        w = c < 0x2000 ? (WORD_UNITS[c] as number) : SEPARATOR;
      } while (w > DECOMPOSED || w === DROPPED);
      const wordLength = n - start;
      if (wordLength === 2 && out[start] === 118 && out[start + 1] === 97) {
        // The connector "va" is no word of the form: take it back with its space.
        n = start > 0 ? start - 1 : 0;
        if (i >= length) break;
        continue;
      }
      const wordCode = letters && wordLength <= MAX_CODED_HEAD ? code : -1;
      if ((previousWord === TRAN && wordCode === TO) || (previousWord === BO && wordCode === DOI) || (previousWord === DAN && wordCode === NHAN)) plainMayRewrite = true;
      previousWord = wordCode;
      if (w === SEPARATOR && !runTainted && wordLength > 1 && wordLength <= MAX_HEAD_LENGTH) {
        // The word is a whole run of letters: is it an abbreviation's head?
        const expansion = wordLength > MAX_CODED_HEAD ? MULTI_TOKEN : HEAD_LOW_BITS[code & 0xffff] ? HEADS.get(code) : undefined;
        if (expansion === MULTI_TOKEN) {
          if (plainScan < PlainScan.OtherHeads) plainScan = PlainScan.OtherHeads;
        } else if (expansion) {
          if (plainScan < PlainScan.WholeWordHeads) plainScan = PlainScan.WholeWordHeads;
          if (expand) {
            n = start + expansion.copy(out, start);
            plainMayRewrite = true; // the expansion's words are not watched
            previousWord = -1;
          }
        }
      }
      if (i >= length) break;
    }
    // The unit after a word, or between words.
    if (w === DECOMPOSED) {
      plainScan = PlainScan.Decomposed;
      return "";
    }
    if (w === UNDERSCORE) runTainted = true; // "_" joins the run for `\b`
    else if (w === SEPARATOR) runTainted = false;
    i++;
  }
  return out.toString("latin1", 0, n);
}

/**
 * The matching form of a text: folded, abbreviations expanded, punctuation and
 * the connector "va" dropped, a few canonical rewrites applied. Used on both
 * plan text and user queries so "Văn phòng HĐND - UBND huyện" equals
 * "VP HĐND và UBND huyện".
 */
export function matchForm(text: string): string {
  // Documents write abbreviations in capitals (UBND, TT&TT); typed queries are short and may be lower case.
  // Long texts are checked for capitals only when they have an abbreviation's head: few have.
  const short = text.length < 120;
  const plain = plainWords(text, short);
  if (plainScan === PlainScan.Words) return canonicalForm(plain, plainMayRewrite);
  if (plainScan === PlainScan.Decomposed) return generalForm(text);
  const mayAbbreviate = short || capsPairOrAmpersand(text);
  if (!mayAbbreviate) return canonicalForm(plain, plainMayRewrite); // not expanded: `short` is false
  if (plainScan === PlainScan.WholeWordHeads) {
    const words = short ? plain : plainWords(text, true);
    return canonicalForm(words, plainMayRewrite);
  }
  return generalForm(text);
}

/** matchForm the general way: the folded text, its abbreviations expanded by COMBINED, then its words. */
function generalForm(text: string): string {
  let s = fold(text);
  if (text.length < 120 || capsPairOrAmpersand(text)) s = expandAbbreviations(s);
  return canonicalForm(wordsWithoutVa(s));
}

// The words each canonical rewrite needs (one search for the three).
const CANONICAL_TRIGGER = /mat tran to quoc|chi huy bo doi bien phong|nhan dan nhan dan/;

/** Canonical rewrites of a form's words (`mayRewrite` false: plainWords saw none of their words): full official names and their everyday short forms. */
function canonicalForm(words: string, mayRewrite = true): string {
  if (!mayRewrite || !CANONICAL_TRIGGER.test(words)) return words;
  let s = ` ${words} `;
  if (s.includes("mat tran to quoc")) {
    s = s.replace(/ uy ban mat tran to quoc( viet nam)? /g, " mat tran to quoc ").replace(/ mat tran to quoc viet nam /g, " mat tran to quoc ");
  }
  if (s.includes("chi huy bo doi bien phong")) s = s.replace(/ (bo|ban) chi huy bo doi bien phong /g, " bo doi bien phong ");
  if (s.includes("nhan dan nhan dan")) s = s.replace(/ uy ban nhan dan nhan dan /g, " uy ban nhan dan ");
  return (s.includes("  ") ? s.replace(/ {2,}/g, " ") : s).trim();
}
