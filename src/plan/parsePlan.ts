/**
 * The plan parser: normalized text in, a structured plan out (metadata,
 * sections, role spans, assignments, deadlines, agencies, recipients). Pure.
 */
import type { Assignment, Deadline, ParsedPlan, Section } from "../core/types.js";
import { matchForm } from "../text/abbreviations.js";
import { fold } from "../text/fold.js";
import { normalizeDocumentText } from "../text/normalize.js";
import { groupsIn, splitAgencyList, type GroupId } from "./agencies.js";
import { extractMeta } from "./metadata.js";
import { ACTOR_START } from "./lexicon.js";
import { agencyHeadingPart, parseLabelLine, sectionSpans, subjectEnd, type RoleSpan } from "./roles.js";
import { buildLayout, type RawSection } from "./structure.js";
import { deadlinesInText, NO_DEADLINE, parseRecurrence, parseTimeframe, type Timeframe } from "./timeExpressions.js";

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
function findAssignmentParts(sections: RawSection[], parentOf: Map<RawSection, RawSection | undefined>): Set<RawSection> {
  const out = new Set<RawSection>();
  const children = new Map<RawSection, RawSection[]>();
  for (const s of sections) {
    const p = parentOf.get(s);
    if (p) {
      const list = children.get(p);
      if (list) list.push(s);
      else children.set(p, [s]);
    }
    if (s.kind !== "annex" && ASSIGNMENT_PART.test(fold(s.heading))) out.add(s);
  }
  for (const [p, kids] of children) {
    const items = kids.filter((k) => k.kind === "item");
    const byAgency = items.filter((k) => agencyHeadingPart(k.heading) !== null).length;
    if (items.length >= 3 && byAgency * 2 > items.length) out.add(p);
  }
  return out;
}
const PURPOSE = /^(?:muc dich|yeu cau|muc tieu|quan diem|can cu|su can thiet|tinh hinh|ket qua|danh gia)/;
const HEAD_WORD = ACTOR_START;

/** Parse raw document text (as loaded) into a plan. */
export function parsePlan(raw: string): ParsedPlanWithSpans {
  const lines = normalizeDocumentText(raw);
  const layout = buildLayout(lines);
  const meta = extractMeta(layout, lines);
  const year = meta.year ?? (meta.issuedDate ? Number(meta.issuedDate.slice(0, 4)) : null);

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
  const assignmentParts = findAssignmentParts(layout.sections, parentOf);
  const purpose = new Map<RawSection, boolean>();
  const titledAsPurpose = (a: RawSection): boolean => {
    let v = purpose.get(a);
    if (v === undefined) {
      v = a.kind !== "annex" && a.heading.split(" ").length <= 12 && PURPOSE.test(fold(a.heading));
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

  for (const raw of layout.sections) {
    const chain = ancestors(raw);
    const inTcth = chain.some((a) => assignmentParts.has(a));
    // Parts and items titled as purpose or background (a title, not a sentence that opens with "Căn cứ ...").
    const isPurpose = raw.kind === "head" || [raw, ...chain].some(titledAsPurpose);
    if (isPurpose) nonDutyOrders.push(raw.order);
    const agencyHeading = inTcth && raw.kind === "item" ? agencyHeadingPart(raw.heading) : null;
    sections.push({ id: raw.id, parent: raw.parent, order: raw.order, kind: raw.kind, heading: raw.heading, text: raw.lines.join("\n") });

    const sectionSpansList = sectionSpans(raw.heading, raw.lines, agencyHeading, raw.kind === "annex");
    for (const sp of sectionSpansList) {
      const form = matchForm(sp.text);
      const groups = groupsIn(form);
      // The closing paragraph's "yêu cầu các cơ quan, đơn vị ... tổ chức thực hiện" restates the plan to all: no duty of its own.
      if (raw.kind === "end" && sp.source === "sentence" && sp.role === "lead" && groups.length) sp.role = "mention";
      spans.push({ ...sp, section: raw.id, order: raw.order, form, groups });
      if (sp.role !== "mention" && !isPurpose) {
        for (const agency of splitAgencyList(sp.text)) {
          const name = cleanAgencyName(agency);
          // Names from agency fields (labels, annex columns, headings) are agencies; in sentences, only recognizable ones.
          if (!name || name.length > 120 || (sp.source === "sentence" && !HEAD_WORD.test(name))) continue;
          assignments.push({ section: raw.id, order: raw.order, agency: name, role: sp.role, source: sp.source === "text" ? "sentence" : sp.source });
          const key = matchForm(name);
          if (!agencyForms.has(key)) agencyForms.set(key, name);
        }
      }
    }
    if (raw.kind !== "head") deadlines.push(...sectionDeadlines(raw, sectionSpansList, year));
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
  let name = agency.replace(/\s*\((?:qua|thông qua)[^)]*\)/u, "").replace(/\s*\([^)]*(?:chủ trì|phối hợp|đầu mối|thường trực)[^)]*\)\s*$/u, "").trim();
  const cut = subjectEnd(` ${name}`);
  if (cut > 0) name = name.slice(0, cut - 1);
  return name.replace(/[.;:,\s]+$/u, "").trim();
}

const leadAgencies = (spans: RoleSpan[]): string[] =>
  spans
    .filter((s) => s.role === "lead")
    .flatMap((s) => splitAgencyList(s.text).map(cleanAgencyName))
    .filter((a) => a && (HEAD_WORD.test(a) || a.length < 80));

/** Report target: "báo cáo ... về UBND huyện (qua Phòng Văn hoá và Thông tin)". */
function reportTarget(sentence: string): { to: string | null; via: string | null } {
  const m = /(?:báo cáo|gửi)(?:[^.;]*?)\s(?:về|cho|lên|tới)\s+((?:Ủy ban|Uỷ ban|UBND|Sở|Phòng|Ban|Văn phòng|Bộ|Cục|Thường trực|Chủ tịch|Huyện ủy|Tỉnh ủy)[^(.;]*?)\s*(?:\((?:qua|thông qua)\s+([^)]+)\))?(?=\s+(?:trước|chậm|để|theo|định kỳ|và|trong)(?=\s)|[.;,]|$)/u.exec(sentence);
  if (!m) return { to: null, via: null };
  return { to: (m[1] ?? "").trim() || null, via: (m[2] ?? "").trim() || null };
}

/** Agencies asked to act in a sentence ("yêu cầu các đơn vị ... báo cáo"). */
function sentenceSubjects(sentence: string): string[] {
  const m = /(?:yêu cầu|đề nghị|giao)\s+(.+?)\s+(?:triển khai|tổ chức|thực hiện|báo cáo|có trách nhiệm|căn cứ|chủ động|khẩn trương)/iu.exec(sentence);
  if (m) return splitAgencyList(m[1] as string).filter((a) => HEAD_WORD.test(a));
  const subject = /^(?:[-+•]\s*)?(.+?)\s+(?:báo cáo|gửi báo cáo|tổng hợp(?:,)? báo cáo)/u.exec(sentence);
  if (subject) return splitAgencyList(subject[1] as string).filter((a) => HEAD_WORD.test(a));
  return [];
}

function sectionDeadlines(raw: RawSection, spans: RoleSpan[], year: number | null): Deadline[] {
  const out: Deadline[] = [];
  const leads = leadAgencies(spans);
  const headingIsReport = /bao cao/.test(fold(raw.heading));
  const push = (t: Timeframe, kind: Deadline["kind"], text: string, agencies: string[]) => {
    const target = kind === "report" ? reportTarget(text) : { to: null, via: null };
    out.push({ section: raw.id, kind, ...t, text: text.trim(), agencies, reportTo: target.to, reportVia: target.via });
  };
  const lines = raw.heading ? [raw.heading, ...raw.lines] : raw.lines;
  for (const line of lines) {
    const label = parseLabelLine(line);
    if (label?.kind === "time") {
      if (NO_DEADLINE.test(fold(label.value)) && !/\d/.test(label.value)) continue;
      const context = raw.heading ? `${raw.heading}. ${line}` : line;
      for (const t of parseTimeframe(label.value, year)) push(t, headingIsReport ? "report" : "task", context, leads);
      continue;
    }
    for (const sentence of line.split(/(?<=[.;])\s+(?=\p{Lu})/u)) {
      const found = deadlinesInText(sentence, year);
      const isReport = /báo cáo|gửi .* về/iu.test(sentence);
      for (const d of found) {
        const before = sentence.slice(0, d.at);
        const kind = /báo cáo|gửi .*về/iu.test(before) || (isReport && !/hoàn thành/iu.test(before)) ? "report" : "task";
        const subjects = sentenceSubjects(sentence);
        push(d.timeframe, kind, sentence, subjects.length ? subjects : leads);
      }
      if (/báo cáo/iu.test(sentence)) {
        const rec = parseRecurrence(sentence);
        if (rec) {
          const subjects = sentenceSubjects(sentence);
          push({ due: null, start: null, ...rec }, "report", sentence, subjects.length ? subjects : leads);
        }
      }
    }
  }
  return out;
}

function dedupeDeadlines(items: Deadline[]): Deadline[] {
  const seen = new Set<string>();
  return items.filter((d) => {
    const key = `${d.section}|${d.due}|${d.start}|${d.recurrence}|${d.dayOfMonth}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
