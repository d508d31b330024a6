/**
 * Splits a long plain-text message into chunks under a platform's size limit,
 * preferring paragraph boundaries, then lines, sentences and words.
 */

/** Measures a chunk as the platform counts it (e.g. length after HTML escaping). */
export type Measure = (text: string) => number;

const LEVELS: { pattern: RegExp; joiner: string }[] = [
  { pattern: /\n[ \t]*\n\s*/, joiner: "\n\n" },
  { pattern: /\n/, joiner: "\n" },
  { pattern: /(?<=[.!?;:…])[ \t]+/u, joiner: " " },
  { pattern: /[ \t]+/, joiner: " " },
];

/**
 * Split `text` into chunks whose measure is at most `limit`.
 * @example splitText(answer, 4096, (s) => escapeHtml(s).length)
 */
export function splitText(text: string, limit: number, measure: Measure = (s) => s.length): string[] {
  if (limit < 1) throw new RangeError("limit must be positive");
  const trimmed = text.trim();
  if (trimmed === "") return [];
  return pack(trimmed, limit, measure, 0)
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

function pack(text: string, limit: number, measure: Measure, level: number): string[] {
  if (measure(text) <= limit) return [text];
  const rule = LEVELS[level];
  if (!rule) return hardSplit(text, limit, measure);
  const parts = text.split(rule.pattern);
  if (parts.length === 1) return pack(text, limit, measure, level + 1);
  const out: string[] = [];
  let current = "";
  for (const part of parts) {
    const candidate = current ? current + rule.joiner + part : part;
    if (measure(candidate) <= limit) {
      current = candidate;
      continue;
    }
    if (current) out.push(current);
    if (measure(part) <= limit) {
      current = part;
    } else {
      const pieces = pack(part, limit, measure, level + 1);
      out.push(...pieces.slice(0, -1));
      current = pieces[pieces.length - 1] ?? "";
    }
  }
  if (current) out.push(current);
  return out;
}

/** Last resort: cut by code points (never inside a surrogate pair). */
function hardSplit(text: string, limit: number, measure: Measure): string[] {
  const out: string[] = [];
  let current = "";
  let size = 0;
  for (const ch of text) {
    const m = measure(ch);
    if (size + m > limit && current) {
      out.push(current);
      current = "";
      size = 0;
    }
    current += ch;
    size += m;
  }
  if (current) out.push(current);
  return out;
}
