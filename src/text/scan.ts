/**
 * Character tests and splits for the parser's hot paths, each the exact
 * equivalent of a small regex, written as one scan (or a look at the last
 * character) where the regex would scan the whole text.
 */

/** Whether a UTF-16 code unit is JavaScript's `\s` (no astral character is). */
export function isBlank(c: number): boolean {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** `/[.;,:\s]$/.test(text)`: whether a `/[.;,:\s]+$/` strip would change the text. */
export function endsWithPunctuationOrBlank(text: string): boolean {
  if (text.length === 0) return false; // checked, not read past the end: that would deoptimize the compiled code
  const c = text.charCodeAt(text.length - 1);
  return c === 46 || c === 59 || c === 44 || c === 58 || isBlank(c);
}

/**
 * `text.replace(/[.;,:\s]+$/u, "")` read from the end: the regex tries a match at every blank of the text.
 */
export function stripTrailingPunctuation(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (!(c === 46 || c === 59 || c === 44 || c === 58 || isBlank(c))) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

// Whether each BMP code unit is an upper-case letter (\p{Lu}), learnt on first sight: 0 unknown, 1 no, 2 yes.
const UPPER = new Uint8Array(0x10000);

/** Whether the code point at `i` is an upper-case letter (`\p{Lu}`). */
function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdfff) return /^\p{Lu}/u.test(text.slice(i, i + 2));
  let v = UPPER[c] as number;
  if (v === 0) UPPER[c] = v = /\p{Lu}/u.test(String.fromCharCode(c)) ? 2 : 1;
  return v === 2;
}

// A scratch copy of a text's code units: a typed array reads much faster than charCodeAt (the callers are synchronous).
const UNITS = new Uint16Array(1 << 13);
const UNITS_BYTES = Buffer.from(UNITS.buffer);

/** The code units of `text`, copied natively (into the shared scratch array when it fits). */
function codeUnits(text: string): Uint16Array {
  if (text.length <= UNITS.length) {
    UNITS_BYTES.write(text, 0, "utf16le");
    return UNITS;
  }
  const units = new Uint16Array(text.length);
  Buffer.from(units.buffer).write(text, 0, "utf16le");
  return units;
}

const DOT = 46;
const SEMICOLON = 59;
const COLON = 58;

/**
 * Splits `text` at the runs of blanks after "." or ";" and, when `atColon`, after ":" too. A run breaks
 * when `breaks(punctuation, next)` says so, `next` being the index after the run (text.length at the end).
 */
function splitAfterPunctuation(text: string, atColon: boolean, breaks: (punctuation: number, next: number) => boolean): string[] {
  const out: string[] = [];
  const units = codeUnits(text);
  let start = 0;
  for (let i = 0; i < text.length - 1; i++) {
    const c = units[i] as number;
    if (c !== DOT && c !== SEMICOLON && (c !== COLON || !atColon)) continue;
    if (!isBlank(units[i + 1] as number)) continue;
    let next = i + 2;
    while (next < text.length && isBlank(units[next] as number)) next++;
    if (breaks(c, next)) {
      out.push(text.slice(start, i + 1));
      start = next;
    }
    i = next - 1;
  }
  out.push(text.slice(start));
  return out;
}

/** `text.split(/(?<=[.;])\s+(?=\p{Lu})/u)`: sentences, broken where a capital follows "." or ";". */
export function splitSentences(text: string): string[] {
  return splitAfterPunctuation(text, false, (_, next) => next < text.length && isUpperAt(text, next));
}

/**
 * `text.split(/(?<=[.;])\s+|(?<=:)\s+(?=[-+]|\p{Lu})/u)`: clauses, broken after "." or ";", and after
 * ":" where a bullet or a capital follows.
 */
export function splitClauses(text: string): string[] {
  return splitAfterPunctuation(text, true, (punctuation, next) => {
    if (punctuation !== COLON) return true;
    if (next >= text.length) return false;
    const c = text.charCodeAt(next);
    return c === 45 || c === 43 || isUpperAt(text, next);
  });
}

/**
 * `[...text.matchAll(re)]` for a global regex, without the copy of `re` that matchAll makes on
 * every call (the parser's hot loops call it thousands of times per plan). Starts at index 0 and
 * leaves `re.lastIndex` at 0: `re` must be used by no one else from another lastIndex.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(m);
    // An empty match would match again at the same index: step over it as matchAll does.
    if (m[0] === "") re.lastIndex = advance(text, re.lastIndex, re.unicode || re.flags.includes("v"));
  }
  re.lastIndex = 0;
  return out;
}

function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const c = text.charCodeAt(index);
  const d = text.charCodeAt(index + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? index + 2 : index + 1;
}
