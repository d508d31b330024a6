/**
 * A plan as the store keeps it in `plan_docs`: the document text as loaded (read
 * only to re-parse) and its parsed text (sections, the text of each role span
 * and the assignments), compressed together in one Brotli stream. The sections
 * repeat most of the text, so both together take little more room than the text
 * alone. Apart from the store (no database here), so parse workers can pack a
 * plan off the thread that writes the store.
 *
 * Bytes before compression: the text's length in UTF-8 bytes (uint32, little
 * endian), the text (UTF-8), then the parsed text as JSON ({@link DocJson}).
 * A role span's text is nearly always a piece of its section: it is kept as
 * where it is in the section ({@link SpanRef}), which cuts a third of what is
 * encoded and compressed. Read with {@link spanTexts}.
 */
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from "node:zlib";
import type { ParsedPlanWithSpans } from "../plan/parsePlan.js";
import { contentHash } from "./planText.js";

export type SectionTuple = [order: number, id: string, parent: string | null, kind: string, heading: string, text: string];
export type AssignmentTuple = [section: string, agency: string, role: string, source: string];

/** A span's text as a piece of a section: the section's index in `s`, and where the piece is in {@link sectionLine}. */
export type SpanRef = [section: number, start: number, length: number];

export interface DocJson {
  s: SectionTuple[];
  /** Each role span's text, or where it is in its section (stores written before kept only text). */
  t: Array<string | SpanRef>;
  a: AssignmentTuple[];
}

/** The section's heading and text on one line: the string span texts are found in ({@link SpanRef}). */
export const sectionLine = (heading: string, text: string): string => (heading ? `${heading} ${text}` : text).replaceAll("\n", " ");

/** The text of every role span, in span order, from the stored spans and the plan's sections by index. */
export function resolveSpanTexts(t: DocJson["t"], sectionAt: (k: number) => { heading: string; text: string } | undefined): string[] {
  const lines: string[] = [];
  return t.map((span) => {
    if (typeof span === "string") return span;
    const [k, start, length] = span;
    const section = sectionAt(k);
    if (!section) return "";
    const line = (lines[k] ??= sectionLine(section.heading, section.text));
    return line.slice(start, start + length);
  });
}

/** The text of every role span of a stored plan, in span order. */
export function spanTexts(doc: DocJson): string[] {
  return resolveSpanTexts(doc.t, (k) => {
    const section = doc.s[k];
    return section && { heading: section[4], text: section[5] };
  });
}

/** Bytes of the text's length at the start of an unpacked plan. */
const LENGTH_BYTES = 4;

/**
 * Quality 1 of 11: a third of the CPU of quality 5, which ingestion is bound by, for about 10% more
 * bytes (about 9 KB for a 20 KB plan, text and parsed text together).
 */
const QUALITY = 1;

const encoder = new TextEncoder();

/**
 * The bytes before compression, encoded in place (TextEncoder.encodeInto: faster than Buffer.from on
 * long Vietnamese strings, and no buffer per plan for the collector); grown when a plan needs more.
 * Packing is synchronous, so one buffer serves every call.
 */
let scratch = Buffer.allocUnsafe(1 << 18);

/** A parsed plan's text as stored ({@link DocJson}), as JSON: plain data, made where the plan is parsed. */
export const docJson = (parsed: Pick<ParsedPlanWithSpans, "sections" | "spans" | "assignments">): string => {
  const sectionIndex = new Map<string, number>();
  parsed.sections.forEach((s, k) => sectionIndex.set(s.id, k));
  const lines: string[] = [];
  const doc: DocJson = {
    s: parsed.sections.map((s): SectionTuple => [s.order, s.id, s.parent, s.kind, s.heading, s.text]),
    t: parsed.spans.map((sp): string | SpanRef => {
      const k = sectionIndex.get(sp.section);
      const section = k === undefined ? undefined : parsed.sections[k];
      if (k === undefined || !section || !sp.text) return sp.text;
      const line = (lines[k] ??= sectionLine(section.heading, section.text));
      const start = line.indexOf(sp.text);
      return start < 0 ? sp.text : [k, start, sp.text.length];
    }),
    a: parsed.assignments.map((a): AssignmentTuple => [a.section, a.agency, a.role, a.source]),
  };
  return JSON.stringify(doc);
};

/**
 * Document text and its parsed text (`docJson`) → stored form, with the text's hash ({@link contentHash}
 * of the same UTF-8 bytes: the text is encoded once, for both).
 */
export const packPlan = (text: string, doc: string): { packed: Buffer; hash: string } => {
  const most = LENGTH_BYTES + 3 * (text.length + doc.length); // UTF-8 takes at most 3 bytes per UTF-16 unit
  if (scratch.length < most) scratch = Buffer.allocUnsafe(most);
  const textBytes = encoder.encodeInto(text, scratch.subarray(LENGTH_BYTES)).written;
  const docBytes = encoder.encodeInto(doc, scratch.subarray(LENGTH_BYTES + textBytes)).written;
  scratch.writeUInt32LE(textBytes, 0);
  const plain = scratch.subarray(0, LENGTH_BYTES + textBytes + docBytes);
  const hash = contentHash(scratch.subarray(LENGTH_BYTES, LENGTH_BYTES + textBytes));
  const packed = brotliCompressSync(plain, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: QUALITY,
      [zlibConstants.BROTLI_PARAM_MODE]: zlibConstants.BROTLI_MODE_TEXT,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: plain.length,
    },
  });
  return { packed, hash };
};

const unpack = (raw: Buffer): { plain: Buffer; textBytes: number } => {
  const plain = brotliDecompressSync(raw);
  return { plain, textBytes: plain.readUInt32LE(0) };
};

/** Stored form → the parsed text. */
export const unpackDoc = (raw: Buffer): DocJson => {
  const { plain, textBytes } = unpack(raw);
  return JSON.parse(plain.toString("utf8", LENGTH_BYTES + textBytes)) as DocJson;
};

/** Stored form → the document text as loaded. */
export const unpackPlanText = (raw: Buffer): string => {
  const { plain, textBytes } = unpack(raw);
  return plain.toString("utf8", LENGTH_BYTES, LENGTH_BYTES + textBytes);
};
