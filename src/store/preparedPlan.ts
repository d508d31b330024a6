/**
 * A parsed plan as the store writes it: the rows SQL selects on and the parsed
 * text as JSON ({@link PlanForStore}: plain data, made where the plan is parsed,
 * so a parse worker sends the thread that writes the store only that), then
 * with the text's hash and the stored form of the text and parsed text packed
 * together (see planDoc.ts). Apart from the store: no database here.
 */
import type { Deadline, PlanMeta } from "../core/types.js";
import type { ParsedPlanWithSpans, StoredSpan } from "../plan/parsePlan.js";
import { periodSections, type PeriodSection } from "../plan/periodSections.js";
import { docJson, packPlan } from "./planDoc.js";

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

/** What the store needs of a parsed plan, as plain data: its rows and its parsed text as JSON (`docJson`). */
export interface PlanForStore {
  rows: PlanRows;
  doc: string;
}

/** A plan ready to be written. */
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

/** What the store needs of a parsed plan. */
export const planForStore = (parsed: ParsedPlanWithSpans): PlanForStore => ({ rows: planRows(parsed), doc: docJson(parsed) });

/** A document text and what the store needs of the plan parsed from it, ready to be written. */
export function preparePlan(text: string, { rows, doc }: PlanForStore): PreparedPlan {
  return { ...packPlan(text, doc), rows };
}
