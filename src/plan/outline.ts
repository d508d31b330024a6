/**
 * The recovered outline of a plan, for a person checking how it was read: one
 * entry per section with its id, heading, the agencies found there with their
 * roles, and the deadlines found there. Pure: built from a parsed plan.
 */
import type { Deadline, Role } from "../core/types.js";
import type { ParsedPlanWithSpans } from "./parsePlan.js";

export interface OutlineAgency {
  name: string;
  role: Exclude<Role, "mention">;
}

export type OutlineDeadline = Pick<Deadline, "due" | "start" | "recurrence" | "kind" | "dayOfMonth" | "monthDay" | "timeOfDay">;

export interface OutlineSection {
  id: string;
  parent: string | null;
  heading: string;
  /** Nesting depth, 0 for parts, head and end. */
  depth: number;
  agencies: OutlineAgency[];
  deadlines: OutlineDeadline[];
}

/** The outline of a parsed plan, in document order (a number printed twice gives two entries). */
export function planOutline(plan: ParsedPlanWithSpans): OutlineSection[] {
  const out: OutlineSection[] = [];
  const byOrder = new Map<number, OutlineSection>();
  const depthOf = new Map<string, number>();
  for (const s of plan.sections) {
    const depth = s.parent ? (depthOf.get(s.parent) ?? 0) + 1 : 0;
    depthOf.set(s.id, depth);
    const entry: OutlineSection = { id: s.id, parent: s.parent, heading: s.heading, depth, agencies: [], deadlines: [] };
    out.push(entry);
    byOrder.set(s.order, entry);
  }
  // Assignments carry the order of their section; the strongest role per agency is shown once.
  for (const a of plan.assignments) {
    if (a.role === "mention") continue;
    const entry = a.order !== undefined ? byOrder.get(a.order) : out.find((x) => x.id === a.section);
    if (!entry) continue;
    const same = entry.agencies.find((x) => x.name === a.agency);
    if (!same) entry.agencies.push({ name: a.agency, role: a.role });
    else if (a.role === "lead") same.role = "lead";
  }
  // A deadline names its section id; when a number is printed twice, it goes where its sentence is.
  for (const d of plan.deadlines) {
    const candidates = plan.sections.filter((s) => s.id === d.section);
    const probe = d.text.slice(0, 60);
    const home = candidates.find((s) => `${s.heading}. ${s.text}`.includes(probe) || `${s.heading} ${s.text}`.includes(probe)) ?? candidates[0];
    const entry = home ? byOrder.get(home.order) : undefined;
    entry?.deadlines.push({ due: d.due, start: d.start, recurrence: d.recurrence, kind: d.kind, dayOfMonth: d.dayOfMonth, monthDay: d.monthDay ?? null, timeOfDay: d.timeOfDay ?? null });
  }
  return out;
}
