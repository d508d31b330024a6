/**
 * A plan's parsed text as the store keeps it in `plan_docs`: its sections, the
 * text of each role span (by span index) and its assignments, as one Brotli-
 * compressed JSON value. Apart from the store (no database here), so parse
 * workers can pack it off the thread that writes the store.
 */
import { brotliCompressSync, brotliDecompressSync, constants as zlibConstants } from "node:zlib";
import type { ParsedPlanWithSpans } from "../plan/parsePlan.js";

export type SectionTuple = [order: number, id: string, parent: string | null, kind: string, heading: string, text: string];
export type AssignmentTuple = [section: string, agency: string, role: string, source: string];

export interface DocJson {
  s: SectionTuple[];
  t: string[];
  a: AssignmentTuple[];
}

/** Parsed plan → stored form: JSON, Brotli (quality 5: smaller and faster than deflate on these texts). */
export const packDoc = (parsed: Pick<ParsedPlanWithSpans, "sections" | "spans" | "assignments">): Buffer => {
  const doc: DocJson = {
    s: parsed.sections.map((s): SectionTuple => [s.order, s.id, s.parent, s.kind, s.heading, s.text]),
    t: parsed.spans.map((sp) => sp.text),
    a: parsed.assignments.map((a): AssignmentTuple => [a.section, a.agency, a.role, a.source]),
  };
  return brotliCompressSync(Buffer.from(JSON.stringify(doc), "utf8"), { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } });
};

/** Stored form → the parsed text. */
export const unpackDoc = (raw: Buffer): DocJson => JSON.parse(brotliDecompressSync(raw).toString("utf8")) as DocJson;
