/**
 * Who must do what: matches an agency (any spelling) against the stored role
 * spans of plans, directly or through a group reference that covers it (`via`),
 * and keeps the strongest role per section.
 */
import type { DeadlineItem, DutyItem, Role, Section } from "../core/types.js";
import { matchForm } from "../text/abbreviations.js";
import { agencyProfile, groupsIn, groupWording, namesAgency, type AgencyProfile, type GroupId } from "./agencies.js";

export interface DutySpan {
  planId: string;
  order: number;
  section: string;
  role: Role;
  source: string;
  text: string;
  form: string;
  groups: GroupId[];
  excluded: boolean;
}

const RANK: Record<Role, number> = { lead: 3, partner: 2, mention: 1 };

/** How a span concerns the agency: directly, via a group, or not at all. */
export function spanConcerns(span: Pick<DutySpan, "form" | "groups"> & { source?: string }, p: AgencyProfile): { direct: boolean; via: GroupId | null } | null {
  if (namesAgency(span.form, p) || (p.group !== null && span.groups.includes(p.group))) return { direct: true, via: null };
  // An item headed by a body described at length ("Các chủ đầu tư xây dựng và kinh doanh hạ tầng Khu công nghiệp")
  // is found by its words in order ("chủ đầu tư hạ tầng khu công nghiệp").
  if (span.source === "heading" && p.group === null && !span.groups.length && wordsInOrder(p.form, span.form)) return { direct: true, via: null };
  const via = span.groups.find((g) => p.memberOf.includes(g));
  return via ? { direct: false, via } : null;
}

/** Whether every word of `query` (three or more) occurs in `text` in the same order. */
function wordsInOrder(query: string, text: string): boolean {
  const want = query.split(" ").filter(Boolean);
  if (want.length < 3) return false;
  const words = text.split(" ");
  let i = 0;
  for (const w of words) if (w === want[i] && ++i === want.length) return true;
  return false;
}

/** SQL pre-filter for spans that may concern the agency: LIKE patterns and group ids. */
export function spanPrefilter(p: AgencyProfile): { like: string[]; groups: string[] } {
  const like = new Set<string>([p.base.split(" ").slice(0, 3).join(" ")]);
  return { like: [...like].filter((s) => s.length >= 2), groups: [...p.memberOf, ...(p.group ? [p.group] : [])] };
}

/** A duty found, before its text is written. */
export interface DutyMatch {
  planId: string;
  order: number;
  section: string;
  role: Role;
  /** Filled by describeDuties. */
  via: string | null;
  /** The agency's own item (lead by heading): its text includes the sub-items. */
  own: boolean;
  /** The span that matched, to word `via` only for the duties shown. */
  viaGroup: GroupId | null;
  spanText: string;
}

/** Match an agency against spans: the strongest role per section, sub-items of its own items dropped. */
export function matchDuties(agency: string, spans: DutySpan[]): DutyMatch[] {
  const p = agencyProfile(agency);
  interface Best {
    span: DutySpan;
    via: GroupId | null;
    score: number;
  }
  const best = new Map<string, Best>();
  for (const span of spans) {
    if (span.excluded) continue;
    const c = spanConcerns(span, p);
    if (!c) continue;
    if (!c.direct && span.role === "mention") continue; // a group merely named assigns nothing
    // An assignment naming the agency itself outranks one that reaches it through a group
    // ("Chủ trì: Các sở, ngành; Phối hợp: Sở Tư pháp": Sở Tư pháp is a partner there).
    const score = (c.direct && span.role !== "mention" ? 10 : 0) + RANK[span.role] * 2 + (c.direct ? 1 : 0);
    const key = `${span.planId}#${span.order}`;
    const prev = best.get(key);
    if (!prev || score > prev.score) best.set(key, { span, via: c.via, score });
  }
  // An agency's own item (lead by heading) covers its sub-items: drop those.
  const ownItems = new Set([...best.values()].filter((b) => b.span.role === "lead" && b.span.source === "heading").map((b) => `${b.span.planId}#${b.span.section}`));
  const out: DutyMatch[] = [];
  for (const b of [...best.values()].sort((x, y) => (x.span.planId === y.span.planId ? x.span.order - y.span.order : x.span.planId < y.span.planId ? -1 : 1))) {
    const parts = b.span.section.split(".");
    if (parts.slice(0, -1).some((_, i) => ownItems.has(`${b.span.planId}#${parts.slice(0, i + 1).join(".")}`))) continue;
    out.push({
      planId: b.span.planId,
      order: b.span.order,
      section: b.span.section,
      role: b.span.role,
      via: null,
      own: b.span.source === "heading" && b.span.role === "lead",
      viaGroup: b.via,
      spanText: b.span.text,
    });
  }
  return out;
}

/** Write the text of matched duties (`sectionsOf` gives a section and those after it). */
export function describeDuties(matches: DutyMatch[], sectionsOf: (planId: string, order: number) => Section[]): DutyItem[] {
  return matches.map((m) => ({
    planId: m.planId,
    section: m.section,
    role: m.role,
    via: m.viaGroup ? (groupWording(m.spanText, m.viaGroup) ?? m.spanText) : null,
    text: sectionText(sectionsOf(m.planId, m.order), m.order, m.own),
  }));
}

/**
 * Duties of an agency in the given spans. `sectionsOf` gives a section and the
 * sections after it, to write each item's text (an agency's own item includes its sub-items).
 */
export function findDuties(agency: string, spans: DutySpan[], sectionsOf: (planId: string, order: number) => Section[]): DutyItem[] {
  return describeDuties(matchDuties(agency, spans), sectionsOf);
}

/** Heading and text of a section, with its sub-sections when `withChildren`. */
export function sectionText(sections: Section[], order: number, withChildren: boolean): string {
  const at = sections.findIndex((s) => s.order === order);
  const s = sections[at];
  if (!s) return "";
  const lines = [[s.heading, s.text].filter(Boolean).join("\n")];
  if (withChildren) {
    for (const c of sections.slice(at + 1)) {
      if (!(c.id.startsWith(`${s.id}.`) && c.kind === s.kind)) break;
      lines.push([c.heading, c.text].filter(Boolean).join("\n"));
    }
  }
  return lines.filter(Boolean).join("\n");
}

/** Whether a deadline concerns the agency: named among its agencies, covered by a group, or a plan-wide report duty. */
export function deadlineConcerns(d: DeadlineItem, agency: string | AgencyProfile): boolean {
  const p = typeof agency === "string" ? agencyProfile(agency) : agency;
  if (!d.agencies.length) return d.kind === "report";
  if (d.agencies.some((a) => spanConcerns(agencyForm(a), p) !== null)) return true;
  // A report also concerns the agency it goes to, which compiles it ("gửi về Sở Khoa học và Công nghệ để tổng hợp").
  return d.kind === "report" && !!d.reportTo && spanConcerns(agencyForm(d.reportTo), p)?.direct === true;
}

// Deadline agencies repeat across plans and questions: keep their forms.
const FORMS = new Map<string, { form: string; groups: GroupId[] }>();
function agencyForm(name: string): { form: string; groups: GroupId[] } {
  let f = FORMS.get(name);
  if (!f) {
    if (FORMS.size > 50_000) FORMS.clear();
    const form = matchForm(name);
    f = { form, groups: groupsOf(form) };
    FORMS.set(name, f);
  }
  return f;
}

const groupsOf = (form: string): GroupId[] => groupsIn(form);
