/**
 * Read-side queries over the plan store shared by the CLI and the chat engine:
 * plan look-up by id/number/title, duties of an agency, deadlines.
 */
import type { DeadlineItem, DutyItem, Section } from "../core/types.js";
import { agencyProfile, namesAgency } from "../plan/agencies.js";
import { deadlineConcerns, describeDuties, findDuties, matchDuties, spanPrefilter } from "../plan/duties.js";
import { toPlanSummary, type PlanStore, type StoredPlan } from "../store/planStore.js";
import { fold } from "../text/fold.js";

export interface PlanQueries {
  listPlans(): StoredPlan[];
  findPlan(query: string): StoredPlan | null;
  section(planId: string, sectionId: string): Section | null;
  duties(agency: string, planIds?: string[]): { agency: string; items: DutyItem[] };
  /**
   * Duties in at most `maxPlans` plans (those giving the agency most lead tasks,
   * newest first on ties), with the other plans that also name it.
   */
  dutiesTop(agency: string, planIds: string[] | undefined, maxPlans: number): { agency: string; items: DutyItem[]; otherPlans: string[] };
  deadlines(opts?: { planIds?: string[]; agency?: string }): DeadlineItem[];
  /** The agencies named in the plans: one canonical name each, the other spellings seen, and the plans. */
  agencies(planIds?: string[]): Array<{ name: string; aliases: string[]; plans: string[] }>;
  /** The agency's name as printed in the plans, when one matches. */
  canonicalAgency(agency: string, planIds?: string[]): string;
}

export const toSummary = toPlanSummary;

export function createPlanQueries(store: PlanStore): PlanQueries {
  // Keyed by the store's cached plan list, which is replaced whenever the store changes.
  let agencyDeadlines: { version: StoredPlan[] | null; byKey: Map<string, DeadlineItem[]> } = { version: null, byKey: new Map() };
  // The name as the plans print it: a walk over every agency of every plan in scope, so kept per
  // (agency, scope) until the store changes; a chat asks about the same units again and again.
  let canonicalCache: { version: StoredPlan[] | null; byKey: Map<string, string> } = { version: null, byKey: new Map() };
  const canonicalAgency = (agency: string, planIds?: string[]): string => {
    const all = store.list();
    if (canonicalCache.version !== all) canonicalCache = { version: all, byKey: new Map() };
    const key = `${agency}|${!planIds || planIds.length >= all.length ? "*" : planIds.join(",")}`;
    let name = canonicalCache.byKey.get(key);
    if (name === undefined) {
      name = findCanonicalAgency(agency, planIds ? all.filter((x) => planIds.includes(x.id)) : all);
      if (canonicalCache.byKey.size > 500) canonicalCache.byKey.clear();
      canonicalCache.byKey.set(key, name);
    }
    return name;
  };

  // The plans ranked for an agency: a pass over every plan's counts, so kept per (agency, scope) until the store changes.
  let rankCache: { version: StoredPlan[] | null; byKey: Map<string, string[]> } = { version: null, byKey: new Map() };
  /** Plans naming the agency, most lead tasks first, newest first on ties. */
  const rankPlans = (agency: string, planIds: string[] | undefined): string[] => {
    const all = store.list();
    if (rankCache.version !== all) rankCache = { version: all, byKey: new Map() };
    const key = `${agency}|${planIds?.join(",") ?? "*"}`;
    const known = rankCache.byKey.get(key);
    if (known) return known;
    const p = agencyProfile(agency);
    // Rank plans without reading every span: where the name occurs (word index) and which groups covering it are assigned work.
    // Counted in SQL: the name as asked, and without its level word when the plans may print it so.
    const phrases = p.group ? [] : [...p.variants, ...(p.baseWithoutLevel ? [p.base] : [])];
    const groups = [...p.memberOf, ...(p.group ? [p.group] : [])];
    const score = new Map<string, number>();
    const add = (planId: string, w: number) => score.set(planId, (score.get(planId) ?? 0) + w);
    for (const c of store.namedCounts(phrases, planIds)) if (!c.excluded) add(c.planId, c.n * (c.role === "lead" ? 10 : c.role === "partner" ? 1 : 0.5));
    // Group references rank by the work they lead; partner mentions of groups are everywhere and rank nothing.
    for (const g of store.groupRoleCounts(groups, planIds, p.group ? ["lead", "partner"] : ["lead"])) {
      const direct = g.groupId === p.group;
      add(g.planId, g.n * (g.role === "lead" ? (direct ? 10 : 2) : 1));
    }
    const recency = new Map(all.map((x, i) => [x.id, i]));
    const ranked = [...score.entries()].filter(([, v]) => v > 0).map(([id]) => id);
    ranked.sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || (recency.get(b) ?? 0) - (recency.get(a) ?? 0));
    if (rankCache.byKey.size >= 500) rankCache.byKey.clear();
    rankCache.byKey.set(key, ranked);
    return ranked;
  };

  return {
    listPlans: () => store.list(),
    findPlan(query) {
      const q = query.trim();
      if (!q) return null;
      const plans = store.list();
      const exact = plans.find((p) => p.id === q || (p.number && fold(p.number) === fold(q)));
      if (exact) return exact;
      const words = fold(q).split(/\s+/).filter((w) => w.length > 1);
      const scored = plans
        .map((p) => {
          const hay = fold(`${p.id} ${p.number ?? ""} ${p.title} ${p.issuer ?? ""} ${p.year ?? ""}`);
          return { p, score: words.filter((w) => hay.includes(w)).length };
        })
        .filter((x) => x.score > 0)
        .sort((a, b) => b.score - a.score);
      if (!scored.length) return null;
      if (scored.length > 1 && scored[0]?.score === scored[1]?.score) return null;
      return scored[0]?.p ?? null;
    },
    section(planId, sectionId) {
      return store.sections(planId).find((s) => s.id === sectionId) ?? null;
    },
    duties(agency, planIds) {
      const p = agencyProfile(agency);
      const pre = spanPrefilter(p);
      const spans = store.spans(planIds, pre.like, pre.groups);
      return { agency: canonicalAgency(agency, planIds), items: findDuties(agency, spans, (id, order) => store.sectionsFrom(id, order, 80)) };
    },
    dutiesTop(agency, planIds, maxPlans) {
      const ranked = rankPlans(agency, planIds);
      const top = ranked.slice(0, maxPlans);
      const rank = new Map(top.map((id, i) => [id, i]));
      const matches = matchDuties(agency, top.length ? store.spans(top) : []);
      const kept = matches.sort((a, b) => (rank.get(a.planId) ?? 0) - (rank.get(b.planId) ?? 0) || a.order - b.order);
      const items = describeDuties(kept, (id, order) => store.sectionsFrom(id, order, 80));
      return { agency: canonicalAgency(agency, top.length ? top : planIds), items, otherPlans: ranked.slice(maxPlans) };
    },
    deadlines(opts = {}) {
      const items = store.deadlines(opts.planIds);
      if (!opts.agency) return items;
      // A chat asks about its own unit again and again: keep the filtered list until the store changes.
      const key = `${opts.agency}|${opts.planIds?.join(",") ?? "*"}`;
      const version = store.list();
      if (agencyDeadlines.version !== version) agencyDeadlines = { version, byKey: new Map() };
      let hit = agencyDeadlines.byKey.get(key);
      if (!hit) {
        const p = agencyProfile(opts.agency);
        hit = items.filter((d) => deadlineConcerns(d, p));
        if (agencyDeadlines.byKey.size > 200) agencyDeadlines.byKey.clear();
        agencyDeadlines.byKey.set(key, hit);
      }
      return hit;
    },
    canonicalAgency,
    agencies(planIds) {
      // Spellings that match the same agency (diacritics, abbreviations, level word) are one entry;
      // the canonical name is the spelling most plans use.
      const byKey = new Map<string, { spellings: Map<string, number>; plans: Set<string> }>();
      for (const plan of store.list().filter((p) => !planIds || planIds.includes(p.id))) {
        for (const a of store.assignments(plan.id)) {
          const name = a.agency.replace(/\s*\([^)]*\)\s*$/u, "").trim();
          if (!name || name.length > 90) continue;
          const profile = agencyProfile(name);
          // Generic wording ("các cơ quan liên quan") is not an agency; group references are listed.
          if (name.length < 5 || (/^các\s/iu.test(name) && !profile.group) || / lien quan$/.test(profile.form)) continue;
          // "Phòng Văn hóa và Thông tin" and "... huyện" are one agency; "Công an huyện" and "Công an tỉnh" are two.
          const key = profile.baseWithoutLevel ? profile.base : profile.form;
          const e = byKey.get(key) ?? { spellings: new Map(), plans: new Set() };
          e.spellings.set(name, (e.spellings.get(name) ?? 0) + 1);
          e.plans.add(plan.id);
          byKey.set(key, e);
        }
      }
      return [...byKey.values()]
        .map((e) => {
          const names = [...e.spellings.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length).map(([n]) => n);
          return { name: names[0] as string, aliases: names.slice(1), plans: [...e.plans].sort() };
        })
        .sort((a, b) => a.name.localeCompare(b.name, "vi"));
    },
  };
}

/** The spelling of `agency` used in these plans: the same agency form, else the closest wider name, else as asked. */
function findCanonicalAgency(agency: string, plans: StoredPlan[]): string {
  const p = agencyProfile(agency);
  let fallback: string | null = null;
  for (const plan of plans) {
    for (const name of plan.agencies) {
      const form = agencyProfile(name).form;
      if (form === p.form) return name;
      if (!fallback && namesAgency(form, p) && form.split(" ").length <= p.form.split(" ").length + 1) fallback = name;
    }
  }
  return fallback ?? agency.trim();
}
