/**
 * The plan parser: normalized text in, a structured plan out (metadata,
 * sections, role spans, assignments, deadlines, agencies, recipients). Pure.
 */
import type { Assignment, Deadline, ParsedPlan, Section } from "../core/types.js";
import { matchForm } from "../text/abbreviations.js";
import { normalizeDocumentText } from "../text/normalize.js";
import { endsWithPunctuationOrBlank, stripTrailingPunctuation } from "../text/scan.js";
import { groupsIn, type GroupId } from "./agencies.js";
import { deadlineContext, dedupeDeadlines, memoize, sectionDeadlines, type DeadlineContext } from "./deadlines.js";
import { extractMeta } from "./metadata.js";
import { opensWithActor } from "./lexicon.js";
import { parseLabelLine, sectionSpans, subjectEnd, wordsAtMost, type RoleSpan } from "./roles.js";
import { buildLayout, type RawSection } from "./structure.js";

/** A role span with its matching form, as stored for duty look-ups. */
export interface StoredSpan extends RoleSpan {
  section: string;
  order: number;
  form: string;
  groups: GroupId[];
}

export interface ParsedPlanWithSpans extends ParsedPlan {
  spans: StoredSpan[];
  /** Section orders excluded from duties (head, purpose parts). */
  nonDutyOrders: number[];
}

/** Headings of the parts that assign work agency by agency (plan-anatomy.md, "Who does what"). */
export const ASSIGNMENT_PART = /to chuc thuc hien|trach nhiem (?:thuc hien|cua|tham gia)|phan cong (?:nhiem vu|thuc hien|trach nhiem)|giao nhiem vu|nhiem vu cu the cua|nhiem vu cua cac/;

/**
 * Sections whose agency-headed items are the agencies' own duties: parts headed as assignments,
 * and any section most of whose items (at least three) are headed by an agency (a part split by actor).
 */
function findAssignmentParts(
  sections: RawSection[],
  parentOf: Map<RawSection, RawSection | undefined>,
  agencyHeadingOf: (heading: string) => string | null,
  foldedOf: (text: string) => string,
): Set<RawSection> {
  const out = new Set<RawSection>();
  const children = new Map<RawSection, RawSection[]>();
  for (const s of sections) {
    const p = parentOf.get(s);
    if (p) {
      const list = children.get(p);
      if (list) list.push(s);
      else children.set(p, [s]);
    }
    if (s.kind !== "annex" && ASSIGNMENT_PART.test(foldedOf(s.heading))) out.add(s);
  }
  for (const [p, kids] of children) {
    const items = kids.filter((k) => k.kind === "item");
    if (items.length < 3) continue; // headings are read only where they can decide
    const byAgency = items.filter((k) => agencyHeadingOf(k.heading) !== null).length;
    if (byAgency * 2 > items.length) out.add(p);
  }
  return out;
}
const MAX_KEPT_FORM = 160;
const PURPOSE = /^(?:muc dich|yeu cau|muc tieu|quan diem|can cu|su can thiet|tinh hinh|ket qua|danh gia)/;

/** What the per-section reader shares across one plan's sections. */
interface PlanReading {
  deadlineCtx: DeadlineContext;
  clean: (agency: string) => string;
  parentOf: Map<RawSection, RawSection | undefined>;
  assignmentParts: Set<RawSection>;
  /** Per section: titled as purpose or background (memo for titledAsPurpose). */
  purpose: Map<RawSection, boolean>;
  /** Matching forms of this document's texts (see formOf). */
  forms: Map<string, string>;
  sections: Section[];
  spans: StoredSpan[];
  assignments: Assignment[];
  deadlines: Deadline[];
  nonDutyOrders: number[];
  agencyForms: Map<string, string>;
}

/** Parse raw document text (as loaded) into a plan. */
export function parsePlan(raw: string): ParsedPlanWithSpans {
  const lines = normalizeDocumentText(raw);
  const layout = buildLayout(lines);
  const meta = extractMeta(layout, lines);
  // Agency names repeat within a plan, and the deadline reader cleans the names this loop cleans.
  const clean = memoize(cleanAgencyName);
  const deadlineCtx = deadlineContext(meta, lines, { clean, looksLikeAgency: (name) => opensWithActor(name) });
  const parentOf = parentsByPosition(layout.sections);
  const reading: PlanReading = {
    deadlineCtx,
    clean,
    parentOf,
    assignmentParts: findAssignmentParts(layout.sections, parentOf, deadlineCtx.agencyHeadingOf, deadlineCtx.foldedOf),
    purpose: new Map(),
    forms: new Map(),
    sections: [],
    spans: [],
    assignments: [],
    deadlines: [],
    nonDutyOrders: [],
    agencyForms: new Map(),
  };
  // One call per section: the loop stays small, and readSection is optimized on its own.
  for (const s of layout.sections) readSection(s, reading);

  return {
    meta,
    sections: reading.sections,
    assignments: reading.assignments,
    deadlines: dedupeDeadlines(reading.deadlines),
    agencies: [...reading.agencyForms.values()],
    recipients: layout.recipients,
    spans: reading.spans,
    nonDutyOrders: reading.nonDutyOrders,
  };
}

/**
 * Ancestors by position: a part number printed twice ("IV. KINH PHÍ", then "IV. PHÂN CÔNG NHIỆM VỤ")
 * gives two sections with one id, and an item belongs to the one printed above it.
 */
function parentsByPosition(sections: RawSection[]): Map<RawSection, RawSection | undefined> {
  const latest = new Map<string, RawSection>();
  const parentOf = new Map<RawSection, RawSection | undefined>();
  for (const s of sections) {
    parentOf.set(s, s.parent ? latest.get(s.parent) : undefined);
    latest.set(s.id, s);
  }
  return parentOf;
}

function ancestorsOf(s: RawSection, parentOf: Map<RawSection, RawSection | undefined>): RawSection[] {
  const out: RawSection[] = [];
  let p = parentOf.get(s);
  while (p && out.length < 8) {
    out.push(p);
    p = parentOf.get(p);
  }
  return out;
}

function titledAsPurpose(a: RawSection, reading: PlanReading): boolean {
  let v = reading.purpose.get(a);
  if (v === undefined) {
    v = a.kind !== "annex" && wordsAtMost(a.heading, 12) && PURPOSE.test(reading.deadlineCtx.foldedOf(a.heading));
    reading.purpose.set(a, v);
  }
  return v;
}

/**
 * The matching form of a text of this document: agency names and spans repeat within a plan. Long texts
 * (merged mentions) hardly ever do, and the look-up would hash the whole text: they are not kept.
 */
function formOf(text: string, reading: PlanReading): string {
  if (text.length > MAX_KEPT_FORM) return matchForm(text);
  let f = reading.forms.get(text);
  if (f === undefined) reading.forms.set(text, (f = matchForm(text)));
  return f;
}

/** Reads one section into the plan: its section record, role spans, assignments and deadlines. */
function readSection(raw: RawSection, reading: PlanReading): void {
  const { deadlineCtx } = reading;
  const chain = ancestorsOf(raw, reading.parentOf);
  const inTcth = chain.some((a) => reading.assignmentParts.has(a));
  // Parts and items titled as purpose or background (a title, not a sentence that opens with "Căn cứ ...").
  const isPurpose = raw.kind === "head" || titledAsPurpose(raw, reading) || chain.some((a) => titledAsPurpose(a, reading));
  if (isPurpose) reading.nonDutyOrders.push(raw.order);
  const agencyHeading = inTcth && raw.kind === "item" ? deadlineCtx.agencyHeadingOf(raw.heading) : null;
  reading.sections.push({ id: raw.id, parent: raw.parent, order: raw.order, kind: raw.kind, heading: raw.heading, text: raw.lines.join("\n") });

  const sectionSpansList = sectionSpans(raw.heading, raw.lines, agencyHeading, raw.kind === "annex", deadlineCtx.labelOf);
  for (const sp of sectionSpansList) {
    const form = formOf(sp.text, reading);
    const groups = groupsIn(form);
    // The closing paragraph's "yêu cầu các cơ quan, đơn vị ... tổ chức thực hiện" restates the plan to all: no duty of its own.
    if (raw.kind === "end" && sp.source === "sentence" && sp.role === "lead" && groups.length) sp.role = "mention";
    reading.spans.push({ role: sp.role, text: sp.text, source: sp.source, section: raw.id, order: raw.order, form, groups });
    if (sp.role !== "mention" && !isPurpose) spanAssignments(raw, sp, reading);
  }
  if (raw.kind !== "head") reading.deadlines.push(...sectionDeadlines(raw, sectionSpansList, deadlineCtx));
}

/** The assignments of one duty span: each agency it names, cleaned. */
function spanAssignments(raw: RawSection, sp: RoleSpan, reading: PlanReading): void {
  for (const agency of reading.deadlineCtx.agenciesOf(sp.text)) {
    const name = reading.clean(agency);
    // Names from agency fields (labels, annex columns, headings) are agencies; in sentences, only recognizable ones.
    if (!name || name.length > 120 || (sp.source === "sentence" && !opensWithActor(name))) continue;
    reading.assignments.push({ section: raw.id, order: raw.order, agency: name, role: sp.role, source: sp.source === "text" ? "sentence" : sp.source });
    const key = formOf(name, reading);
    if (!reading.agencyForms.has(key)) reading.agencyForms.set(key, name);
  }
}

/** An agency name without a trailing verb phrase or "(qua ...)" note. */
function cleanAgencyName(agency: string): string {
  // Both notes open with "(": most names have none.
  let name = agency.includes("(") ? agency.replace(/\s*\((?:qua|thông qua)[^)]*\)/u, "").replace(/\s*\([^)]*(?:chủ trì|phối hợp|đầu mối|thường trực)[^)]*\)\s*$/u, "").trim() : agency.trim();
  const cut = subjectEnd(` ${name}`);
  if (cut > 0) name = name.slice(0, cut - 1);
  return (endsWithPunctuationOrBlank(name) ? stripTrailingPunctuation(name) : name).trim();
}
