/**
 * The plan parser: normalized text in, a structured plan out (metadata,
 * sections, role spans, assignments, deadlines, agencies, recipients). Pure.
 */
import type { Assignment, Deadline, ParsedPlan, Section } from "../core/types.js";
import { matchForm } from "../text/abbreviations.js";
import { normalizeDocumentText } from "../text/normalize.js";
import { endsWithPunctuationOrBlank } from "../text/scan.js";
import { groupsIn, type GroupId } from "./agencies.js";
import { deadlineContext, dedupeDeadlines, memoize, sectionDeadlines } from "./deadlines.js";
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

/** Parse raw document text (as loaded) into a plan. */
export function parsePlan(raw: string): ParsedPlanWithSpans {
  const lines = normalizeDocumentText(raw);
  const layout = buildLayout(lines);
  const meta = extractMeta(layout, lines);
  // Agency names repeat within a plan, and the deadline reader cleans the names this loop cleans.
  const clean = memoize(cleanAgencyName);
  const deadlineCtx = deadlineContext(meta, lines, { clean, looksLikeAgency: (name) => opensWithActor(name) });

  // Ancestors by position: a part number printed twice ("IV. KINH PHÍ", then "IV. PHÂN CÔNG NHIỆM VỤ")
  // gives two sections with one id, and an item belongs to the one printed above it.
  const latest = new Map<string, RawSection>();
  const parentOf = new Map<RawSection, RawSection | undefined>();
  for (const s of layout.sections) {
    parentOf.set(s, s.parent ? latest.get(s.parent) : undefined);
    latest.set(s.id, s);
  }
  const ancestors = (s: RawSection): RawSection[] => {
    const out: RawSection[] = [];
    let p = parentOf.get(s);
    while (p && out.length < 8) {
      out.push(p);
      p = parentOf.get(p);
    }
    return out;
  };
  const assignmentParts = findAssignmentParts(layout.sections, parentOf, deadlineCtx.agencyHeadingOf, deadlineCtx.foldedOf);
  const purpose = new Map<RawSection, boolean>();
  const titledAsPurpose = (a: RawSection): boolean => {
    let v = purpose.get(a);
    if (v === undefined) {
      v = a.kind !== "annex" && wordsAtMost(a.heading, 12) && PURPOSE.test(deadlineCtx.foldedOf(a.heading));
      purpose.set(a, v);
    }
    return v;
  };

  const sections: Section[] = [];
  const spans: StoredSpan[] = [];
  const assignments: Assignment[] = [];
  const deadlines: Deadline[] = [];
  const nonDutyOrders: number[] = [];
  const agencyForms = new Map<string, string>();
  // Matching forms of this document's texts: agency names and spans repeat within a plan. Long texts
  // (merged mentions) hardly ever do, and the look-up would hash the whole text: they are not kept.
  const forms = new Map<string, string>();
  const formOf = (text: string): string => {
    if (text.length > MAX_KEPT_FORM) return matchForm(text);
    let f = forms.get(text);
    if (f === undefined) forms.set(text, (f = matchForm(text)));
    return f;
  };

  for (const raw of layout.sections) {
    const chain = ancestors(raw);
    const inTcth = chain.some((a) => assignmentParts.has(a));
    // Parts and items titled as purpose or background (a title, not a sentence that opens with "Căn cứ ...").
    const isPurpose = raw.kind === "head" || titledAsPurpose(raw) || chain.some(titledAsPurpose);
    if (isPurpose) nonDutyOrders.push(raw.order);
    const agencyHeading = inTcth && raw.kind === "item" ? deadlineCtx.agencyHeadingOf(raw.heading) : null;
    sections.push({ id: raw.id, parent: raw.parent, order: raw.order, kind: raw.kind, heading: raw.heading, text: raw.lines.join("\n") });

    const sectionSpansList = sectionSpans(raw.heading, raw.lines, agencyHeading, raw.kind === "annex", deadlineCtx.labelOf);
    for (const sp of sectionSpansList) {
      const form = formOf(sp.text);
      const groups = groupsIn(form);
      // The closing paragraph's "yêu cầu các cơ quan, đơn vị ... tổ chức thực hiện" restates the plan to all: no duty of its own.
      if (raw.kind === "end" && sp.source === "sentence" && sp.role === "lead" && groups.length) sp.role = "mention";
      spans.push({ role: sp.role, text: sp.text, source: sp.source, section: raw.id, order: raw.order, form, groups });
      if (sp.role !== "mention" && !isPurpose) {
        for (const agency of deadlineCtx.agenciesOf(sp.text)) {
          const name = clean(agency);
          // Names from agency fields (labels, annex columns, headings) are agencies; in sentences, only recognizable ones.
          if (!name || name.length > 120 || (sp.source === "sentence" && !opensWithActor(name))) continue;
          assignments.push({ section: raw.id, order: raw.order, agency: name, role: sp.role, source: sp.source === "text" ? "sentence" : sp.source });
          const key = formOf(name);
          if (!agencyForms.has(key)) agencyForms.set(key, name);
        }
      }
    }
    if (raw.kind !== "head") deadlines.push(...sectionDeadlines(raw, sectionSpansList, deadlineCtx));
  }

  return {
    meta,
    sections,
    assignments,
    deadlines: dedupeDeadlines(deadlines),
    agencies: [...agencyForms.values()],
    recipients: layout.recipients,
    spans,
    nonDutyOrders,
  };
}

/** An agency name without a trailing verb phrase or "(qua ...)" note. */
function cleanAgencyName(agency: string): string {
  // Both notes open with "(": most names have none.
  let name = agency.includes("(") ? agency.replace(/\s*\((?:qua|thông qua)[^)]*\)/u, "").replace(/\s*\([^)]*(?:chủ trì|phối hợp|đầu mối|thường trực)[^)]*\)\s*$/u, "").trim() : agency.trim();
  const cut = subjectEnd(` ${name}`);
  if (cut > 0) name = name.slice(0, cut - 1);
  return (endsWithPunctuationOrBlank(name) ? name.replace(/[.;:,\s]+$/u, "") : name).trim();
}
