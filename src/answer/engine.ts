/**
 * The answering engine: understands a question, finds the facts (structured
 * duties and deadlines, or hybrid search), and writes a short Vietnamese answer
 * in which every statement cites its plan and section. Offline by default; a
 * configured language model rephrases from the same retrieved sections.
 */
import type { Answer, AskContext, Citation } from "../core/assistant.js";
import type { Logger } from "../core/logger.js";
import type { DeadlineItem, DutyItem, Section } from "../core/types.js";
import { splitAgencyList } from "../plan/agencies.js";
import type { PlanStore, StoredPlan } from "../store/planStore.js";
import type { Hit, SearchIndex } from "../search/hybrid.js";
import { fold } from "../text/fold.js";
import { understand, type Understood } from "./intent.js";
import { agencyHeadingPart } from "../plan/roles.js";
import { agencyProfile } from "../plan/agencies.js";
import { predecessorsOf, reorganizationNote } from "../plan/reorganization.js";
import type { PlanQueries } from "./planQueries.js";
import { bestSentences, isRelevant, overlap, questionTerms, terms } from "./sentences.js";
import { ASK_HINTS, clip, NO_PLANS, NOTHING_FOUND, planLabel, ROLE_WORDS, sectionLabel, timeframeWords, UNIT_NOT_SET } from "./wording.js";
import type { LlmAnswerer, RetrievedSection } from "./llm.js";
import { buildOfflineSummary } from "./summary.js";
import type { PeriodSection } from "../plan/periodSections.js";

type PeriodRow = PeriodSection & { planId: string };

export interface AnswerEngineDeps {
  store: PlanStore;
  queries: PlanQueries;
  search: SearchIndex;
  logger: Logger;
  /** Present when a model is configured. */
  llm?: LlmAnswerer | null;
}

export interface AnswerEngine {
  ask(question: string, ctx?: AskContext): Promise<Answer>;
  summary(planId: string): Promise<{ planId: string; text: string; citations: Citation[] }>;
}

/** Lines per plan in a duties answer, and the length an answer aims to stay within (one chat message). */
const MAX_LINES = 6;
const ANSWER_BUDGET = 1200;
/** A chat message covers at most this many plans; the others are named for the user to choose. */
const MAX_PLANS_IN_ANSWER = 3;

/** Keep an answer within one chat message: drop trailing detail lines, say how many were left out. */
function fitBudget(lines: string[], budget = ANSWER_BUDGET): string {
  // "… và N mục khác." notes are recounted into one at the end.
  let dropped = 0;
  const kept = lines.filter((l) => {
    const m = /^… và (\d+) mục khác/.exec(l);
    if (m) dropped += Number(m[1]);
    return !m;
  });
  while (kept.join("\n").length > budget && kept.length > 2) {
    // Remove the last bullet that is not a plan header.
    const idx = kept.map((l) => l.startsWith("•") || l.startsWith("  ")).lastIndexOf(true);
    if (idx < 0) break;
    kept.splice(idx, 1);
    dropped++;
  }
  // A plan header left without any of its lines goes too.
  const isDetail = (l: string | undefined) => l !== undefined && (l.startsWith("•") || l.startsWith("  "));
  const out = kept.filter((l, i) => isDetail(l) || isDetail(kept[i + 1]));
  if (dropped) out.push(`… và ${dropped} mục khác; hỏi theo từng kế hoạch hoặc dùng /nhiemvu để xem đủ.`);
  return out.join("\n");
}

function morePlansNote(otherPlans: string[]): string {
  const shown = otherPlans.slice(0, 5).join(", ");
  return `Đơn vị này còn có nhiệm vụ trong ${otherPlans.length} kế hoạch khác (${shown}${otherPlans.length > 5 ? ", …" : ""}). Hãy chọn kế hoạch bằng /kehoach hoặc ghi rõ tên kế hoạch trong câu hỏi.`;
}

const PLACES = new Map<string, string[]>();
/** Place names of a plan (from its issuer and title), folded: "quang ngai". Cached by plan and title. */
function placesOf(plan: StoredPlan): string[] {
  const key = `${plan.id}|${plan.title}|${plan.issuer}`;
  let places = PLACES.get(key);
  if (!places) {
    if (PLACES.size > 20_000) PLACES.clear();
    PLACES.set(key, (places = computePlaces(plan)));
  }
  return places;
}

function computePlaces(plan: StoredPlan): string[] {
  const out = new Set<string>();
  for (const s of [plan.issuer ?? "", plan.title, plan.place ?? ""]) {
    for (const m of s.matchAll(/(?:tỉnh|huyện|thành phố|thị xã|quận|xã|phường)\s+((?:[\p{Lu}][\p{Ll}]*\s?){1,4})/gu)) out.add(fold(m[1] as string).trim());
  }
  if (plan.place) out.add(fold(plan.place));
  return [...out].filter((p) => p.length >= 3);
}

const dedupeCitations = (cs: Citation[]): Citation[] => {
  const seen = new Set<string>();
  return cs.filter((c) => {
    const k = `${c.planId}#${c.section}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};

/** A question about when a plan or a campaign runs. */
const ASKS_PERIOD = /(?:thuc hien|trien khai|dien ra|to chuc|keo dai|ap dung)\s+(?:trong|vao)\s+(?:thoi gian|khoang thoi gian|giai doan)\s+nao|thoi gian (?:thuc hien|trien khai|to chuc) (?:la )?(?:khi )?nao|tu ngay nao den ngay nao|bat dau (?:tu )?(?:khi|ngay) nao/;

export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  const { store, queries, search, logger } = deps;

  // The plan list is cached by the store until it changes; so is this map of it.
  let planMapCache: { plans: StoredPlan[]; map: Map<string, StoredPlan> } | null = null;
  const planById = (): Map<string, StoredPlan> => {
    const plans = store.list();
    if (planMapCache?.plans !== plans) planMapCache = { plans, map: new Map(plans.map((p) => [p.id, p])) };
    return planMapCache.map;
  };

  // Place names of every plan, kept with the plan list they were read from.
  let placesCache: { plans: StoredPlan[]; list: Array<[StoredPlan, string[]]>; distinct: string[] } | null = null;
  /** The plans a question is about: the chat's/CLI's choice, narrowed by a place named in the question. */
  const scopeOf = (question: string, ctx: AskContext, plans: StoredPlan[]): string[] => {
    const chosen = ctx.planIds?.length ? plans.filter((p) => ctx.planIds?.includes(p.id)) : plans;
    if (ctx.planIds?.length) return chosen.map((p) => p.id);
    const q = ` ${fold(question)} `;
    if (placesCache?.plans !== plans) {
      const list = plans.map((p): [StoredPlan, string[]] => [p, placesOf(p)]);
      placesCache = { plans, list, distinct: [...new Set(list.flatMap(([, places]) => places))] };
    }
    // The places the question names (few), then the plans of those places.
    const asked = new Set(placesCache.distinct.filter((place) => q.includes(` ${place} `)));
    const named = asked.size ? placesCache.list.filter(([, places]) => places.some((place) => asked.has(place))).map(([p]) => p) : [];
    return (named.length ? named : chosen).map((p) => p.id);
  };

  // The agency names of the plans in scope; the plan list is cached by the store, so this is too.
  // Kept per scope (all plans, and the recent one-plan scopes of chats), dropped when the plan list changes.
  let catalogCache: { plans: StoredPlan[]; names: Map<string, string[]> } | null = null;
  const catalogOf = (plans: StoredPlan[], scope: string[]): string[] => {
    const key = scope.length >= plans.length ? "*" : scope.join(",");
    if (catalogCache?.plans !== plans) catalogCache = { plans, names: new Map() };
    let names = catalogCache.names.get(key);
    if (!names) {
      const wanted = new Set(scope);
      const inScope = key === "*" ? plans : plans.filter((p) => wanted.has(p.id));
      names = [...new Set(inScope.flatMap((p) => p.agencies))];
      if (catalogCache.names.size >= 1000) catalogCache.names.clear();
      catalogCache.names.set(key, names);
    }
    return names;
  };

  // Sections are read per plan; one question reads the same plans several times.
  let sectionCache = new Map<string, Section[]>();
  const sectionOf = (planId: string, id: string): Section | null => {
    let secs = sectionCache.get(planId);
    if (!secs) sectionCache.set(planId, (secs = store.sections(planId)));
    return secs.find((s) => s.id === id) ?? null;
  };
  /**
   * The section that states a plan's time frame ("Thời gian thực hiện", "Thời gian tổ chức"), best
   * matching the question's words; the first in scope order (then section order) on ties.
   */
  const periodSection = (question: string, scope: string[]): { text: string; citation: Citation } | null => {
    const words = [...terms(question)].filter((w: string) => !/^(thoi|gian|nao|duoc|thuc|hien|trong|ke|hoach|ngay|den|tu)$/.test(w));
    let best: { score: number; planId: string; order: number } | null = null;
    for (const c of periodCandidates(scope)) {
      let score = c.filled ? 0.5 : 0;
      for (const w of words) if (c.body.includes(w)) score++;
      if (!best || score > best.score) best = { score, planId: c.planId, order: c.order };
    }
    if (!best) return null;
    const { planId, order } = best;
    const plan = store.get(planId);
    if (!plan) return null;
    const sections = store.sections(planId);
    const section = sections.find((s) => s.order === order);
    if (!section) return null;
    const children = sections.filter((x) => x.id.startsWith(`${section.id}.`)).map((c) => [c.heading, c.text].filter(Boolean).join(": "));
    const body = clip([section.text, ...children].filter(Boolean).join("\n"), 700);
    return {
      text: `Theo ${planLabel(plan)}, ${sectionLabel(section.id)} (${clip(section.heading, 90)}):\n${body || section.heading}`,
      citation: { planId, section: section.id },
    };
  };

  const filterOf = (scope: string[]): string[] | undefined => (scope.length >= store.list().length ? undefined : scope);

  // Time-frame sections of every plan in plan order: kept while the store's lists are the same.
  let allPeriods: { plans: StoredPlan[]; rows: PeriodRow[]; ordered: PeriodRow[] } | null = null;
  /** The time-frame sections of the plans in scope, in scope order then section order. */
  const periodCandidates = (scope: string[]): PeriodRow[] => {
    const plans = store.list();
    const all = filterOf(scope) === undefined;
    const rows = store.periodSections(all ? undefined : scope);
    if (all && allPeriods?.plans === plans && allPeriods.rows === rows) return allPeriods.ordered;
    const rank = new Map(scope.map((id, i) => [id, i]));
    const ordered = rows.filter((c) => rank.has(c.planId));
    ordered.sort((a, b) => (rank.get(a.planId) as number) - (rank.get(b.planId) as number) || a.order - b.order);
    if (all) allPeriods = { plans, rows, ordered };
    return ordered;
  };

  // ---------- offline answers ----------

  function answerDuties(agency: string, items: DutyItem[], now: Date): { text: string; citations: Citation[] } {
    const plans = planById();
    const shownPlans = [...new Set(items.map((i) => i.planId))];
    const deadlines = queries.deadlines({ planIds: shownPlans, agency }).filter((d) => d.due || (d.recurrence !== "none" && d.recurrence !== "ongoing"));
    const lines: string[] = [];
    const citations: Citation[] = [];
    const byPlan = new Map<string, DutyItem[]>();
    for (const it of items) byPlan.set(it.planId, [...(byPlan.get(it.planId) ?? []), it]);
    for (const [planId, its] of byPlan) {
      const plan = plans.get(planId);
      if (!plan) continue;
      lines.push(`Theo ${planLabel(plan)}, ${agency}:`);
      // Items reached only through a group ("các sở, ban, ngành") are listed together, by group and role.
      const direct = its.filter((i) => !i.via || i.role === "lead");
      const viaItems = its.filter((i) => i.via && i.role !== "lead");
      const ordered = [...direct.filter((i) => i.role === "lead"), ...direct.filter((i) => i.role === "partner"), ...direct.filter((i) => i.role === "mention")];
      let shown = 0;
      for (const it of ordered) {
        if (shown >= MAX_LINES) break;
        const sec = sectionOf(planId, it.section);
        const via = it.via ? ` (thuộc "${clip(it.via, 60)}")` : "";
        const ownItem = Boolean(sec && agencyHeadingPart(sec.heading) && it.text.startsWith(sec.heading));
        if (it.role === "lead") {
          // An agency's own item: its tasks, without repeating the agency's name.
          const body = ownItem ? it.text.slice((sec as Section).heading.length) : it.text;
          lines.push(`• ${ROLE_WORDS.lead}${via} — ${sectionLabel(it.section)}: ${clip(body.replace(/^\s*[-–:]\s*/, ""), byPlan.size > 1 ? 140 : 200)}`);
        } else {
          // Where the agency is named: the sentence that names it, else the task heading.
          const named = ownItem || !sec?.heading ? bestSentences(it.via ?? agency, it.text, 200, 1)[0] : null;
          const what = named ? `${ownItem ? `${sec?.heading}: ` : ""}${named}` : (sec?.heading ?? it.text);
          lines.push(`• ${ROLE_WORDS[it.role]}${via} — ${sectionLabel(it.section)}: ${clip(what, it.role === "partner" ? 140 : 110)}`);
        }
        citations.push({ planId, section: it.section });
        shown++;
      }
      if (ordered.length > shown) lines.push(`… và ${ordered.length - shown} mục khác.`);
      const byVia = new Map<string, DutyItem[]>();
      const groupKey = (via: string) => agencyProfile(via).group ?? fold(via);
      for (const it of viaItems) byVia.set(groupKey(it.via as string), [...(byVia.get(groupKey(it.via as string)) ?? []), it]);
      for (const group of byVia.values()) {
        const refs = group.map((g) => g.section);
        lines.push(`• ${ROLE_WORDS.partner} (là một trong "${clip(group[0]?.via ?? "", 60)}") — ${refs.length > 1 ? "các mục" : "mục"} ${refs.join(", ")}.`);
        for (const g of group) citations.push({ planId, section: g.section });
      }
      for (const d of deadlines.filter((x) => x.planId === planId).slice(0, 4)) {
        lines.push(`• Thời hạn — ${sectionLabel(d.section)}: ${d.kind === "report" ? "báo cáo " : ""}${timeframeWords(d, now)}`);
        citations.push({ planId, section: d.section });
      }
    }
    return { text: fitBudget(lines, byPlan.size > 1 ? ANSWER_BUDGET : ANSWER_BUDGET + 300), citations };
  }

  function answerDeadlines(items: DeadlineItem[], who: string | null, topic: string, now: Date): { text: string; citations: Citation[] } {
    const plans = planById();
    const q = terms(topic);
    const scores = new Map(items.map((d) => [d, overlap(q, d.text)]));
    const ranked = [...items].sort((a, b) => (scores.get(b) ?? 0) - (scores.get(a) ?? 0) || (a.due ?? "9999").localeCompare(b.due ?? "9999"));
    const lines: string[] = [];
    const citations: Citation[] = [];
    const byPlan = new Map<string, DeadlineItem[]>();
    for (const d of ranked.slice(0, 8)) byPlan.set(d.planId, [...(byPlan.get(d.planId) ?? []), d]);
    for (const [planId, ds] of byPlan) {
      const plan = plans.get(planId);
      if (!plan) continue;
      lines.push(`Theo ${planLabel(plan)}${who ? `, đối với ${who}` : ""}:`);
      for (const d of ds.sort((a, b) => (a.due ?? "9999").localeCompare(b.due ?? "9999"))) {
        const what = d.kind === "report" ? "Báo cáo" : "Nhiệm vụ";
        const to = d.reportTo ? ` gửi ${d.reportTo}${d.reportVia ? ` (qua ${d.reportVia})` : ""}` : "";
        lines.push(`• ${what}${to}: ${timeframeWords(d, now)} — ${sectionLabel(d.section)}.`);
        if (citations.length < 3) lines.push(`  “${clip(d.text, 200)}”`);
        citations.push({ planId, section: d.section });
      }
    }
    return { text: fitBudget(lines), citations };
  }

  /** Lead and partner agencies named for a section. */
  function rolesOf(planId: string, sectionId: string): { lead: string[]; partner: string[] } {
    const all = store.spans([planId]);
    const names = (rows: typeof all, role: "lead" | "partner") => [...new Set(rows.filter((r) => r.role === role).flatMap((r) => splitAgencyList(r.text)).map((a) => a.replace(/[.;,]+$/, "")))];
    const own = all.filter((s) => s.section === sectionId || s.section.startsWith(`${sectionId}.`));
    const result = { lead: names(own, "lead"), partner: names(own, "partner") };
    // A sub-item without its own lead belongs to its item's lead ("IV.2.a" under "2. Sở Thông tin và Truyền thông").
    const parts = sectionId.split(".");
    for (let n = parts.length - 1; n >= 1 && !result.lead.length; n--) {
      const up = all.filter((s) => s.section === parts.slice(0, n).join("."));
      result.lead = names(up, "lead");
      if (!result.partner.length) result.partner = names(up, "partner");
    }
    return result;
  }

  async function searchHits(query: string, scope: string[], k = 6): Promise<Hit[]> {
    try {
      // All plans in scope: no filter (a filter listing every plan only slows the indexes down).
      return await search.search(query, { planIds: filterOf(scope), k });
    } catch (err) {
      logger.error({ err }, "search failed");
      return [];
    }
  }

  /** Hits that are about the question (see isRelevant), not just sharing a common syllable. */
  const relevant = (question: string, hits: Hit[]): Hit[] => {
    const q = questionTerms(question);
    return hits.filter((h) => isRelevant(q, h.chunk.content));
  };

  function answerFromHits(question: string, u: Understood, hits: Hit[], now: Date): { text: string; citations: Citation[] } {
    const plans = planById();
    const lines: string[] = [];
    const citations: Citation[] = [];
    const seen = new Set<string>();
    const top = hits.filter((h) => {
      const k = `${h.chunk.planId}#${h.chunk.sectionId}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const best = top[0];
    if (!best) return { text: "", citations };
    const bestScore = overlap(terms(question), best.chunk.text);
    const chosen = top.slice(0, 3).filter((h, i) => i === 0 || overlap(terms(question), h.chunk.text) >= Math.max(1, bestScore * 0.6));
    for (const h of chosen) {
      const plan = plans.get(h.chunk.planId);
      if (!plan) continue;
      const section = sectionOf(h.chunk.planId, h.chunk.sectionId);
      const body = section ? section.text || section.heading : h.chunk.content;
      const quote = bestSentences(question, body, 420, 3);
      lines.push(`${planLabel(plan)} — ${sectionLabel(h.chunk.sectionId)}${section?.heading ? ` (${clip(section.heading, 90)})` : ""}:`);
      for (const s of quote) lines.push(`  “${clip(s, 300)}”`);
      if (u.asksWhen || u.intent === "who") {
        const ds = store.deadlines([h.chunk.planId]).filter((d) => d.section === h.chunk.sectionId);
        for (const d of ds) lines.push(`  → Thời gian: ${timeframeWords(d, now)}.`);
        const timeLine = body.split("\n").find((l) => /^[-+]?\s*(Thời gian|Thời hạn|Tiến độ)[^:]{0,25}:/iu.test(l));
        if (!ds.length && timeLine) lines.push(`  → ${timeLine.replace(/^[-+]\s*/, "")}`);
      }
      citations.push({ planId: h.chunk.planId, section: h.chunk.sectionId });
    }
    return { text: lines.join("\n"), citations };
  }

  function nothingFound(scope: string[], extra?: string): Answer {
    const plans = store.list().filter((p) => scope.includes(p.id));
    const list = plans.slice(0, 6).map((p) => `• ${planLabel(p)} (${p.id})`).join("\n");
    return {
      intent: "none",
      answer: [extra ?? NOTHING_FOUND, ASK_HINTS, plans.length ? `Các kế hoạch đang tra cứu:\n${list}` : ""].filter(Boolean).join("\n"),
      citations: [],
    };
  }

  async function offline(question: string, ctx: AskContext, u: Understood, scope: string[], now: Date): Promise<Answer> {
    const agency = u.usesUnit ? (ctx.unit ?? null) : u.agency;
    if (u.usesUnit && !ctx.unit && (u.intent === "duties" || u.intent === "deadline")) {
      return { intent: u.intent === "duties" ? "duties" : "deadline", answer: UNIT_NOT_SET, citations: [] };
    }
    switch (u.intent) {
      case "plans": {
        const plans = store.list().filter((p) => scope.includes(p.id));
        if (!plans.length) return { intent: "plans", answer: NO_PLANS, citations: [] };
        return { intent: "plans", answer: [`Có ${plans.length} kế hoạch:`, ...plans.map((p) => `• ${planLabel(p)}: ${clip(p.title, 120)} (mã: ${p.id})`)].join("\n"), citations: [] };
      }
      case "summary": {
        const plan = scope.length === 1 ? store.get(scope[0] as string) : queries.findPlan(u.topic.replace(/\b(tom tat|ke hoach|noi dung chinh)\b/g, " "));
        if (!plan) {
          return { intent: "summary", answer: `Bạn muốn tóm tắt kế hoạch nào? Vui lòng ghi rõ số hoặc tên kế hoạch, ví dụ: /tomtat ${store.list()[0]?.id ?? "<mã kế hoạch>"}.`, citations: [] };
        }
        const s = await summary(plan.id);
        return { intent: "summary", answer: s.text, citations: s.citations };
      }
      case "duties": {
        if (!agency) break;
        const { agency: name, items, otherPlans } = queries.dutiesTop(agency, filterOf(scope), MAX_PLANS_IN_ANSWER);
        if (!items.some((i) => !i.via)) {
          // A 2025 successor asking about older plans: they name the agency it took over from.
          for (const pred of predecessorsOf(agency)) {
            const older = queries.dutiesTop(pred.name, filterOf(scope), MAX_PLANS_IN_ANSWER);
            if (!older.items.some((i) => !i.via)) continue;
            const a = answerDuties(older.agency, older.items, now);
            const intro = `Các kế hoạch đang tra cứu không ghi tên ${name}; dưới đây là nhiệm vụ giao cho ${older.agency}, cơ quan trước đây đảm nhận lĩnh vực này. ${pred.note}`;
            const groups = items.length ? `\nNgoài ra, ${name} thuộc các nhóm cơ quan được giao tại ${[...new Set(items.map((i) => i.section))].slice(0, 8).join(", ")}.` : "";
            return { intent: "duties", answer: `${intro}\n${a.text}${groups}`, citations: [...a.citations, ...items.map((i) => ({ planId: i.planId, section: i.section }))] };
          }
        }
        if (!items.length) return nothingFound(scope, `Tôi chưa thấy nhiệm vụ nào giao cho ${name} trong các kế hoạch đang tra cứu.`);
        const a = answerDuties(name, items, now);
        if (otherPlans.length) a.text += `\n${morePlansNote(otherPlans)}`;
        // Older plans name agencies reorganized in 2025: say who took over, keep the plan's wording.
        const note = reorganizationNote(name);
        const plans = planById();
        if (note && items.some((i) => (plans.get(i.planId)?.year ?? 2026) <= 2025)) a.text += `\nLưu ý: ${note}`;
        return { intent: "duties", answer: a.text, citations: a.citations };
      }
      case "deadline": {
        let items = queries.deadlines({ planIds: filterOf(scope), agency: agency ?? undefined });
        if (u.aboutReport) {
          const reports = items.filter((d) => d.kind === "report");
          if (reports.length) items = reports;
        }
        const dated = items.filter((d) => d.due || (d.recurrence !== "none" && d.recurrence !== "ongoing"));
        if (dated.length) {
          const who = agency ? queries.canonicalAgency(agency, scope) : null;
          const a = answerDeadlines(dated, who, u.topic, now);
          return { intent: "deadline", answer: a.text, citations: a.citations };
        }
        break; // a "when" question about a task: search below
      }
      case "who": {
        const hits = relevant(u.topic, await searchHits(u.topic, scope, 6));
        const best = hits[0];
        if (!best) return nothingFound(scope);
        const plan = store.get(best.chunk.planId);
        const roles = rolesOf(best.chunk.planId, best.chunk.sectionId);
        const section = sectionOf(best.chunk.planId, best.chunk.sectionId);
        if (roles.lead.length && plan) {
          const lines = [
            `Theo ${planLabel(plan)}, ${sectionLabel(best.chunk.sectionId)}${section?.heading ? ` (${clip(section.heading, 100)})` : ""}:`,
            `• Chủ trì: ${roles.lead.join(", ")}.`,
          ];
          if (roles.partner.length) lines.push(`• Phối hợp: ${clip(roles.partner.join(", "), 300)}.`);
          for (const d of store.deadlines([best.chunk.planId]).filter((x) => x.section === best.chunk.sectionId)) lines.push(`• Thời gian: ${timeframeWords(d, now)}.`);
          return { intent: "who", answer: lines.join("\n"), citations: [{ planId: best.chunk.planId, section: best.chunk.sectionId }] };
        }
        const a = answerFromHits(u.topic, u, hits, now);
        return { intent: "who", answer: a.text, citations: a.citations };
      }
      default:
        break;
    }
    // "Kế hoạch / đợt thi đua được thực hiện trong thời gian nào?": the plan's own "Thời gian thực hiện" section.
    if (!agency && ASKS_PERIOD.test(fold(question))) {
      const period = periodSection(question, scope);
      if (period) return { intent: "deadline", answer: period.text, citations: [period.citation] };
    }
    const query = agency ? `${agency} ${u.topic}` : question;
    const hits = relevant(question, await searchHits(query, scope, 8));
    if (!hits.length) return nothingFound(scope);
    const a = answerFromHits(question, u, hits, now);
    return { intent: "search", answer: a.text, citations: a.citations };
  }

  /** Sections an LLM answer may use: the cited sections of the offline answer, then top search hits. */
  async function retrieve(question: string, base: Answer, scope: string[]): Promise<RetrievedSection[]> {
    const plans = planById();
    const out: RetrievedSection[] = [];
    const add = (planId: string, sectionId: string) => {
      if (out.length >= 8 || out.some((r) => r.planId === planId && r.section === sectionId)) return;
      const s = sectionOf(planId, sectionId);
      const plan = plans.get(planId);
      if (!s || !plan) return;
      out.push({ planId, section: sectionId, planLabel: planLabel(plan), heading: s.heading, text: [s.heading, s.text].filter(Boolean).join("\n") });
    };
    for (const c of base.citations) add(c.planId, c.section);
    for (const h of await searchHits(question, scope, 6)) add(h.chunk.planId, h.chunk.sectionId);
    return out;
  }

  async function ask(question: string, ctx: AskContext = {}): Promise<Answer> {
    sectionCache = new Map();
    const now = ctx.now ?? new Date();
    const plans = store.list();
    if (!plans.length) return { intent: "none", answer: NO_PLANS, citations: [] };
    const scope = scopeOf(question, ctx, plans);
    const catalog = catalogOf(plans, scope);
    const u = understand(question, catalog);
    const base = await offline(question, ctx, u, scope, now);
    const answer: Answer = { ...base, citations: dedupeCitations(base.citations) };
    if (!deps.llm || base.intent === "plans" || base.intent === "summary" || (base.intent === "none" && !u.topic)) return answer;
    try {
      const sections = await retrieve(question, answer, scope);
      if (!sections.length) return answer;
      const unitNote = ctx.unit ? `Đơn vị của người hỏi ("chúng tôi"): ${ctx.unit}.` : "";
      const llmAnswer = await deps.llm.answer({ question, sections, unitNote, today: now });
      if (!llmAnswer) return answer;
      return { intent: base.intent === "none" ? "search" : base.intent, answer: llmAnswer.text, citations: llmAnswer.citations };
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, "LLM answer failed; using the offline answer");
      return answer;
    }
  }

  async function summary(planId: string): Promise<{ planId: string; text: string; citations: Citation[] }> {
    const plan = store.get(planId);
    if (!plan) throw new (await import("../core/errors.js")).PlanNotFoundError(planId);
    const sections = store.sections(planId);
    const offlineSummary = buildOfflineSummary(plan, sections, store.spans([planId]), store.deadlines([planId]), new Date());
    if (!deps.llm) return { planId, ...offlineSummary };
    try {
      const s = await deps.llm.summarize({ planLabel: planLabel(plan), title: plan.title, planId, sections });
      return s ? { planId, ...s } : { planId, ...offlineSummary };
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, "LLM summary failed; using the offline summary");
      return { planId, ...offlineSummary };
    }
  }

  return { ask, summary };
}

