/**
 * A parsed plan as the store writes it, worked out ahead of the write: the
 * text's hash, its stored form (text and parsed text packed together, see
 * planDoc.ts) and the rows SQL selects on. Apart from the store (no database
 * here), so parse workers can prepare a plan and hand the thread that writes
 * the store only what it writes.
 */
import type { Deadline, PlanMeta } from "../core/types.js";
import type { ParsedPlanWithSpans, StoredSpan } from "../plan/parsePlan.js";
import { periodSections, type PeriodSection } from "../plan/periodSections.js";
import { packPlan, utf8 } from "./planDoc.js";
import { contentHash } from "./planText.js";

/** A role span's row: where it is, who, how it was found, its matching form, the groups it names, and whether its section is not a duty. */
export type SpanTuple = [order: number, section: string, role: StoredSpan["role"], source: StoredSpan["source"], form: string, groups: StoredSpan["groups"], excluded: boolean];

/** What the store writes of a parsed plan in rows. */
export interface PlanRows {
  meta: PlanMeta;
  recipients: string[];
  agencies: string[];
  sectionCount: number;
  /** Sections with a lead agency. */
  taskCount: number;
  /** Whether the text has the structure of a plan: numbered parts or items, or an annex. */
  isPlan: boolean;
  spans: SpanTuple[];
  deadlines: Deadline[];
  periods: PeriodSection[];
}

export interface PreparedPlan {
  hash: string;
  /** Stored form of the text with its parsed text (`packPlan`). */
  packed: Buffer;
  rows: PlanRows;
}

/** The rows of a parsed plan. */
export function planRows(parsed: ParsedPlanWithSpans): PlanRows {
  const excluded = new Set(parsed.nonDutyOrders);
  return {
    meta: parsed.meta,
    recipients: parsed.recipients,
    agencies: parsed.agencies,
    sectionCount: parsed.sections.length,
    taskCount: new Set(parsed.assignments.filter((a) => a.role === "lead").map((a) => a.section)).size,
    isPlan: parsed.sections.some((s) => s.kind === "part" || s.kind === "item" || s.kind === "annex"),
    spans: parsed.spans.map((sp): SpanTuple => [sp.order, sp.section, sp.role, sp.source, sp.form, sp.groups, excluded.has(sp.order)]),
    deadlines: parsed.deadlines,
    periods: periodSections(parsed.sections),
  };
}

/** A document text and the plan parsed from it, as the store writes them. */
export function preparePlan(text: string, parsed: ParsedPlanWithSpans): PreparedPlan {
  const bytes = utf8(text); // hashed and packed: encoded once
  return { hash: contentHash(bytes), packed: packPlan(bytes, parsed), rows: planRows(parsed) };
}
