/**
 * The plan parser: normalized text in, a structured plan out (metadata,
 * sections, role spans, assignments, deadlines, agencies, recipients). Pure.
 */
import type { Assignment, Deadline, ParsedPlan, Section } from "../core/types.js";
import { matchForm } from "../text/abbreviations.js";
import { fold } from "../text/fold.js";
import { normalizeDocumentText } from "../text/normalize.js";
import { groupsIn, splitAgencyList, type GroupId } from "./agencies.js";
import { deadlineContext, dedupeDeadlines, sectionDeadlines } from "./deadlines.js";
import { extractMeta } from "./metadata.js";
import { agencyHeadingPart, parseLabelLine, sectionSpans, VERB_CUT, type RoleSpan } from "./roles.js";
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

const TCTH = /to chuc thuc hien|trach nhiem thuc hien|trach nhiem cua cac|phan cong (?:nhiem vu|thuc hien|trach nhiem)|giao nhiem vu/;
const PURPOSE = /^(?:muc dich|yeu cau|muc tieu|quan diem|can cu|su can thiet|tinh hinh|ket qua|danh gia)/;
const HEAD_WORD = /^(?:các|Các|Sở|Phòng|Ban|Văn phòng|VP|Công an|Đài|Báo|Tạp chí|Trung tâm|Ủy ban|Uỷ ban|UBND|UBMTTQ|HĐND|Hội|Đoàn|Liên đoàn|Bộ|Cục|Chi cục|Kho bạc|Thanh tra|Tòa án|Toà án|Viện|Mặt trận|MTTQ|Huyện đoàn|Tỉnh đoàn|Ngân hàng|Bảo hiểm|Chi nhánh|Bưu điện|Đảng ủy|BCH|Lực lượng|Viễn thông|Điện lực|Công ty|Tổng công ty|Quỹ|Học viện|Hải quan)(?=[\s,]|$)/u;

/** Parse raw document text (as loaded) into a plan. */
export function parsePlan(raw: string): ParsedPlanWithSpans {
  const lines = normalizeDocumentText(raw);
  const layout = buildLayout(lines);
  const meta = extractMeta(layout, lines);
  const deadlineCtx = deadlineContext(meta, lines, { clean: cleanAgencyName, looksLikeAgency: (name) => HEAD_WORD.test(name) });

  const byId = new Map<string, RawSection>();
  for (const s of layout.sections) if (!byId.has(s.id)) byId.set(s.id, s);
  const ancestors = (s: RawSection): RawSection[] => {
    const out: RawSection[] = [];
    let p = s.parent ? byId.get(s.parent) : undefined;
    while (p && out.length < 8) {
      out.push(p);
      p = p.parent ? byId.get(p.parent) : undefined;
    }
    return out;
  };

  const sections: Section[] = [];
  const spans: StoredSpan[] = [];
  const assignments: Assignment[] = [];
  const deadlines: Deadline[] = [];
  const nonDutyOrders: number[] = [];
  const agencyForms = new Map<string, string>();

  for (const raw of layout.sections) {
    const chain = ancestors(raw);
    const inTcth = chain.some((a) => TCTH.test(fold(a.heading)));
    const isPurpose = raw.kind === "head" || [raw, ...chain].some((a) => a.kind !== "annex" && PURPOSE.test(fold(a.heading)));
    if (isPurpose) nonDutyOrders.push(raw.order);
    const agencyHeading = inTcth && raw.kind === "item" ? agencyHeadingPart(raw.heading) : null;
    sections.push({ id: raw.id, parent: raw.parent, order: raw.order, kind: raw.kind, heading: raw.heading, text: raw.lines.join("\n") });

    const sectionSpansList = sectionSpans(raw.heading, raw.lines, agencyHeading, raw.kind === "annex");
    for (const sp of sectionSpansList) {
      const form = matchForm(sp.text);
      spans.push({ ...sp, section: raw.id, order: raw.order, form, groups: groupsIn(form) });
      if (sp.role !== "mention" && !isPurpose) {
        for (const agency of splitAgencyList(sp.text)) {
          const name = cleanAgencyName(agency);
          // Names from agency fields (labels, annex columns, headings) are agencies; in sentences, only recognizable ones.
          if (!name || name.length > 120 || (sp.source === "sentence" && !HEAD_WORD.test(name))) continue;
          assignments.push({ section: raw.id, agency: name, role: sp.role, source: sp.source === "text" ? "sentence" : sp.source });
          const key = matchForm(name);
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
  let name = agency.replace(/\s*\((?:qua|thông qua)[^)]*\)/u, "").trim();
  const cut = VERB_CUT.exec(` ${name}`);
  if (cut && cut.index > 0) name = name.slice(0, cut.index - 1);
  return name.replace(/[.;:,\s]+$/u, "").trim();
}
