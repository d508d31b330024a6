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
export function spanConcerns(span: Pick<DutySpan, "form" | "groups">, p: AgencyProfile): { direct: boolean; via: GroupId | null } | null {
  if (namesAgency(span.form, p) || (p.group !== null && span.groups.includes(p.group))) return { direct: true, via: null };
  const via = span.groups.find((g) => p.memberOf.includes(g));
  return via ? { direct: false, via } : null;
}

/** SQL pre-filter for spans that may concern the agency: LIKE patterns and group ids. */
export function spanPrefilter(p: AgencyProfile): { like: string[]; groups: string[] } {
  const like = new Set<string>([p.base.split(" ").slice(0, 3).join(" ")]);
  return { like: [...like].filter((s) => s.length >= 2), groups: [...p.memberOf, ...(p.group ? [p.group] : [])] };
}

/**
 * Duties of an agency in the given spans. `sectionsOf` gives a plan's sections,
 * to write each item's text (an agency's own item includes its sub-items).
 */
export function findDuties(agency: string, spans: DutySpan[], sectionsOf: (planId: string) => Section[]): DutyItem[] {
  const p = agencyProfile(agency);
  interface Best {
    span: DutySpan;
    role: Role;
    via: GroupId | null;
    score: number;
  }
  const best = new Map<string, Best>();
  for (const span of spans) {
    if (span.excluded) continue;
    const c = spanConcerns(span, p);
    if (!c) continue;
    if (!c.direct && span.role === "mention") continue; // a group merely named assigns nothing
    const score = RANK[span.role] * 2 + (c.direct ? 1 : 0);
    const key = `${span.planId}#${span.order}`;
    const prev = best.get(key);
    if (!prev || score > prev.score) best.set(key, { span, role: span.role, via: c.via, score });
  }

  // An agency's own item (lead by heading) covers its sub-items: drop those.
  const ownItems = new Set([...best.values()].filter((b) => b.role === "lead" && b.span.source === "heading").map((b) => `${b.span.planId}#${b.span.section}`));
  const items: Array<DutyItem & { order: number }> = [];
  const cache = new Map<string, Section[]>();
  const sections = (planId: string): Section[] => {
    let s = cache.get(planId);
    if (!s) cache.set(planId, (s = sectionsOf(planId)));
    return s;
  };
  for (const b of [...best.values()].sort((x, y) => (x.span.planId === y.span.planId ? x.span.order - y.span.order : x.span.planId < y.span.planId ? -1 : 1))) {
    const parts = b.span.section.split(".");
    const coveredByOwn = parts.slice(0, -1).some((_, i) => ownItems.has(`${b.span.planId}#${parts.slice(0, i + 1).join(".")}`));
    if (coveredByOwn) continue;
    const secs = sections(b.span.planId);
    const own = b.span.source === "heading" && b.role === "lead";
    items.push({
      planId: b.span.planId,
      section: b.span.section,
      role: b.role,
      via: b.via ? groupWording(b.span.text, b.via) ?? b.span.text : null,
      text: sectionText(secs, b.span.order, own),
      order: b.span.order,
    });
  }
  return items.map(({ order: _order, ...rest }) => rest);
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
  return d.agencies.some((a) => {
    const form = matchForm(a);
    return spanConcerns({ form, groups: groupsOf(form) }, p) !== null;
  });
}

const groupsOf = (form: string): GroupId[] => groupsIn(form);
