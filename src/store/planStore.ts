/**
 * The structured store of plans in SQLite: plans, sections, role spans,
 * assignments and deadlines. Each plan is written in one transaction, so a
 * failure leaves the store as it was. The document text as loaded is kept
 * once, compressed, in `plan_texts` (only re-parsing reads it); the working
 * text lives in `sections`.
 */
import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { requestVacuum, type Db } from "./db.js";
import { contentHash, packText, unpackText, type PreparedText } from "./planText.js";
import type { Deadline, DeadlineItem, PlanMeta, PlanSummary, Section } from "../core/types.js";
import type { ParsedPlanWithSpans, StoredSpan } from "../plan/parsePlan.js";
import { fold } from "../text/fold.js";

/** Bumped when the parser changes, so stored plans are re-parsed from their text. */
export const PARSER_VERSION = 7;

/** How a plan's text was obtained by OCR: pages recognized and mean word confidence (0-100). */
export interface OcrProvenance {
  pages: number;
  meanConfidence: number;
}

export interface StoredPlan extends PlanSummary {
  contentHash: string;
  kind: PlanMeta["kind"];
  recipients: string[];
  agencies: string[];
  ingestedAt: string;
}

export interface SpanRow extends StoredSpan {
  planId: string;
  excluded: boolean;
}

export type UpsertStatus = "added" | "unchanged" | "replaced";

export interface PlanStore {
  readonly db: Db;
  /** Store a parsed plan; same content already stored is "unchanged" unless `force` (re-parse). */
  /**
   * Store a parsed plan; same content already stored is "unchanged" unless `force` (re-parse).
   * `ocr`: the text came from OCR (pages, mean confidence); a re-parse keeps what was recorded.
   */
  upsert(source: string, rawText: string | PreparedText, parsed: ParsedPlanWithSpans, force?: boolean, ocr?: OcrProvenance | null): { plan: StoredPlan; status: UpsertStatus };
  findByHash(hash: string): StoredPlan | null;
  findBySource(source: string): StoredPlan | null;
  list(): StoredPlan[];
  get(id: string): StoredPlan | null;
  sections(id: string): Section[];
  /** A section and the sections after it, up to `limit` (cheap look-up of one item and its sub-items). */
  sectionsFrom(id: string, order: number, limit: number): Section[];
  /** Role spans of the given plans (all when undefined), optionally pre-filtered by SQL LIKE patterns on form. */
  spans(planIds?: string[], formLike?: string[], groups?: string[]): SpanRow[];
  deadlines(planIds?: string[]): DeadlineItem[];
  /** Per plan and role, how many spans contain one of the phrases (agency names), for ranking plans. */
  namedCounts(phrases: string[], planIds?: string[]): Array<{ planId: string; role: SpanRow["role"]; excluded: boolean; n: number }>;
  /** Per plan, how many spans reference each of the groups with the given roles. */
  groupRoleCounts(groups: string[], planIds?: string[], roles?: Array<"lead" | "partner">): Array<{ planId: string; role: "lead" | "partner"; groupId: string; n: number }>;
  /** Agencies with a role (lead/partner) in each section of a plan, as written. */
  assignments(planId: string): Array<{ section: string; agency: string; role: "lead" | "partner" }>;
  remove(id: string): boolean;
  /** Whether any plan was stored by another parser version (cheap: an index look-up). */
  hasStale(): boolean;
  /** Stored raw text of each plan with an older parser version. */
  stale(): Array<{ id: string; source: string; rawText: string }>;
  /** The document text a plan was read from, as loaded; null for an unknown plan. */
  rawText(planId: string): string | null;
}

export { contentHash, packText, prepareText, unpackText, type PreparedText } from "./planText.js";

/** The contract's `Plan` view of a stored plan. */
export const toPlanSummary = (p: StoredPlan): PlanSummary => ({
  id: p.id,
  source: p.source,
  title: p.title,
  number: p.number,
  issuer: p.issuer,
  place: p.place,
  issuedDate: p.issuedDate,
  year: p.year,
  signer: p.signer,
  sections: p.sections,
  tasks: p.tasks,
  deadlines: p.deadlines,
  ...(p.ocr ? { ocr: p.ocr } : {}),
});

/** A readable, stable id from the file name: "hung-yen-2022". */
export function slugFromSource(source: string): string {
  const name = basename(source.replace(/^[a-z]+:/, ""), extname(source));
  const slug = fold(name)
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || "ke-hoach";
}

interface PlanRow {
  id: string;
  source: string;
  content_hash: string;
  title: string;
  number: string | null;
  issuer: string | null;
  place: string | null;
  issued_date: string | null;
  year: number | null;
  signer: string | null;
  kind: string;
  sections_count: number;
  tasks_count: number;
  deadlines_count: number;
  recipients: string;
  agencies: string;
  ingested_at: string;
  ocr_pages: number | null;
  ocr_confidence: number | null;
}

const toSpanRow = (r: Record<string, unknown>): SpanRow => ({
  planId: r.plan_id as string,
  order: r.ord as number,
  section: r.section as string,
  role: r.role as SpanRow["role"],
  source: r.source as SpanRow["source"],
  text: r.text as string,
  form: r.form as string,
  groups: (r.groups as string).split(",").filter(Boolean) as SpanRow["groups"],
  excluded: r.duty_excluded === 1,
});

/** Create (or open) the plan tables on a database handle. */
export function createPlanStore(db: Db): PlanStore {
  db.exec(`
    CREATE TABLE IF NOT EXISTS plans (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL UNIQUE,
      content_hash TEXT NOT NULL,
      title TEXT NOT NULL,
      number TEXT, issuer TEXT, place TEXT, issued_date TEXT, year INTEGER, signer TEXT,
      kind TEXT NOT NULL,
      sections_count INTEGER NOT NULL, tasks_count INTEGER NOT NULL, deadlines_count INTEGER NOT NULL,
      recipients TEXT NOT NULL, agencies TEXT NOT NULL,
      parser_version INTEGER NOT NULL,
      ingested_at TEXT NOT NULL,
      ocr_pages INTEGER, ocr_confidence REAL
    );
    CREATE INDEX IF NOT EXISTS plans_hash ON plans(content_hash);
    CREATE INDEX IF NOT EXISTS plans_parser_version ON plans(parser_version);
    -- The document text as loaded (UTF-8, raw deflate): read only to re-parse.
    CREATE TABLE IF NOT EXISTS plan_texts (
      plan_id TEXT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
      raw BLOB NOT NULL
    );
    CREATE TABLE IF NOT EXISTS sections (
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      ord INTEGER NOT NULL,
      id TEXT NOT NULL, parent TEXT, kind TEXT NOT NULL, heading TEXT NOT NULL, text TEXT NOT NULL,
      duty_excluded INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (plan_id, ord)
    );
    CREATE TABLE IF NOT EXISTS spans (
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      ord INTEGER NOT NULL, section TEXT NOT NULL,
      role TEXT NOT NULL, source TEXT NOT NULL, text TEXT NOT NULL, form TEXT NOT NULL, groups TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS spans_plan ON spans(plan_id);
    -- Word index of span forms (contentless: the forms stay in spans only), to find where an agency
    -- is named without scanning every span.
    DROP TABLE IF EXISTS spans_fts;
    -- Group references per span ("các phòng, ban, ngành" → district-depts), indexed by group.
    CREATE TABLE IF NOT EXISTS span_groups (
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      ord INTEGER NOT NULL, role TEXT NOT NULL, group_id TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS span_groups_group ON span_groups(group_id, role, plan_id);
    CREATE INDEX IF NOT EXISTS span_groups_plan ON span_groups(plan_id);
    CREATE TABLE IF NOT EXISTS assignments (
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      section TEXT NOT NULL, agency TEXT NOT NULL, role TEXT NOT NULL, source TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS assignments_plan ON assignments(plan_id);
    CREATE TABLE IF NOT EXISTS deadlines (
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      idx INTEGER NOT NULL, section TEXT NOT NULL, kind TEXT NOT NULL,
      due TEXT, start TEXT, recurrence TEXT NOT NULL, day_of_month INTEGER,
      text TEXT NOT NULL, agencies TEXT NOT NULL, report_to TEXT, report_via TEXT,
      month_day TEXT, time_of_day TEXT, period_start INTEGER, period_end INTEGER,
      PRIMARY KEY (plan_id, idx)
    );
  `);
  // Stores made before recurring anchors and plan periods: add the columns (their plans re-parse as stale).
  // Stores written before OCR provenance was kept.
  const planColumns = new Set((db.prepare("PRAGMA table_info(plans)").all() as Array<{ name: string }>).map((c) => c.name));
  for (const [name, type] of [["ocr_pages", "INTEGER"], ["ocr_confidence", "REAL"]] as const) {
    if (!planColumns.has(name)) db.exec(`ALTER TABLE plans ADD COLUMN ${name} ${type}`);
  }
  const deadlineColumns = new Set((db.prepare("PRAGMA table_info(deadlines)").all() as Array<{ name: string }>).map((c) => c.name));
  for (const [name, type] of [["month_day", "TEXT"], ["time_of_day", "TEXT"], ["period_start", "INTEGER"], ["period_end", "INTEGER"]] as const) {
    if (!deadlineColumns.has(name)) db.exec(`ALTER TABLE deadlines ADD COLUMN ${name} ${type}`);
  }

  migrateRawText(db);
  createSpanWords(db);

  const fromRow = (r: PlanRow): StoredPlan => ({
    id: r.id,
    source: r.source,
    title: r.title,
    number: r.number,
    issuer: r.issuer,
    place: r.place,
    issuedDate: r.issued_date,
    year: r.year,
    signer: r.signer,
    sections: r.sections_count,
    tasks: r.tasks_count,
    deadlines: r.deadlines_count,
    contentHash: r.content_hash,
    kind: r.kind === "decision" ? "decision" : "plan",
    recipients: JSON.parse(r.recipients) as string[],
    agencies: JSON.parse(r.agencies) as string[],
    ingestedAt: r.ingested_at,
    ...(r.ocr_pages !== null && r.ocr_pages !== undefined ? { ocr: { pages: r.ocr_pages, meanConfidence: r.ocr_confidence ?? 0 } } : {}),
  });

  const PLAN_COLS = "id, source, content_hash, title, number, issuer, place, issued_date, year, signer, kind, sections_count, tasks_count, deadlines_count, recipients, agencies, ingested_at, ocr_pages, ocr_confidence";
  const byHash = db.prepare<[string], PlanRow>(`SELECT ${PLAN_COLS} FROM plans WHERE content_hash = ? LIMIT 1`);
  const bySource = db.prepare<[string], PlanRow>(`SELECT ${PLAN_COLS} FROM plans WHERE source = ?`);
  const byId = db.prepare<[string], PlanRow>(`SELECT ${PLAN_COLS} FROM plans WHERE id = ?`);
  const all = db.prepare<[], PlanRow>(`SELECT ${PLAN_COLS} FROM plans ORDER BY ingested_at, id`);
  const idTaken = db.prepare<[string], { source: string }>("SELECT source FROM plans WHERE id = ?");
  const del = db.prepare<[string]>("DELETE FROM plans WHERE id = ?");
  const insPlan = db.prepare(`INSERT INTO plans (id, source, content_hash, title, number, issuer, place, issued_date, year, signer, kind,
      sections_count, tasks_count, deadlines_count, recipients, agencies, parser_version, ingested_at, ocr_pages, ocr_confidence)
    VALUES (@id, @source, @content_hash, @title, @number, @issuer, @place, @issued_date, @year, @signer, @kind,
      @sections_count, @tasks_count, @deadlines_count, @recipients, @agencies, @parser_version, @ingested_at, @ocr_pages, @ocr_confidence)`);
  const insText = db.prepare<[string, Buffer]>("INSERT INTO plan_texts (plan_id, raw) VALUES (?, ?)");
  const insSection = db.prepare("INSERT INTO sections (plan_id, ord, id, parent, kind, heading, text, duty_excluded) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  const insSpan = db.prepare("INSERT INTO spans (plan_id, ord, section, role, source, text, form, groups) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  // The word index of a plan's spans, filled in one statement after its spans are written.
  const fillSpanWords = db.prepare<[string, string]>("INSERT INTO span_words (rowid, form, plan) SELECT rowid, form, ? FROM spans WHERE plan_id = ?");
  const insSpanGroup = db.prepare("INSERT INTO span_groups (plan_id, ord, role, group_id) VALUES (?, ?, ?, ?)");
  const delSpanFts = db.prepare("DELETE FROM span_words WHERE rowid IN (SELECT rowid FROM spans WHERE plan_id = ?)");
  const insAssignment = db.prepare("INSERT INTO assignments (plan_id, section, agency, role, source) VALUES (?, ?, ?, ?, ?)");
  const insDeadline = db.prepare(`INSERT INTO deadlines (plan_id, idx, section, kind, due, start, recurrence, day_of_month, text, agencies, report_to, report_via,
      month_day, time_of_day, period_start, period_end)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selSections = db.prepare<[string], { ord: number; id: string; parent: string | null; kind: string; heading: string; text: string }>(
    "SELECT ord, id, parent, kind, heading, text FROM sections WHERE plan_id = ? ORDER BY ord",
  );

  // list() is on every question's path: cache it until this or another connection writes.
  let writes = 0;
  let listCache: { key: string; plans: StoredPlan[] } | null = null;
  // One prepared statement, run on every check (db.pragma() would prepare it again each time).
  const selDataVersion = db.prepare<[], number>("PRAGMA data_version").pluck();
  const dataVersion = () => `${selDataVersion.get() as number}:${writes}`;
  const listPlans = (): StoredPlan[] => {
    const key = dataVersion();
    if (!listCache || listCache.key !== key) listCache = { key, plans: all.all().map(fromRow) };
    return listCache.plans;
  };


  let deadlineCache: { key: string; items: DeadlineItem[] } | null = null;
  const readDeadlines = (planIds: string[] | undefined): DeadlineItem[] => {
    const params: string[] = planIds ?? [];
    if (planIds && !planIds.length) return [];
    const sql = `SELECT * FROM deadlines ${planIds ? `WHERE plan_id IN (${planIds.map(() => "?").join(",")})` : ""} ORDER BY plan_id, idx`;
    return (db.prepare(sql).all(...params) as Array<Record<string, unknown>>).map((r) => ({
      planId: r.plan_id as string,
      section: r.section as string,
      kind: r.kind as DeadlineItem["kind"],
      due: r.due as string | null,
      start: r.start as string | null,
      recurrence: r.recurrence as DeadlineItem["recurrence"],
      dayOfMonth: r.day_of_month as number | null,
      monthDay: (r.month_day as string | null) ?? null,
      timeOfDay: (r.time_of_day as string | null) ?? null,
      periodStart: (r.period_start as number | null) ?? null,
      periodEnd: (r.period_end as number | null) ?? null,
      text: r.text as string,
      agencies: JSON.parse(r.agencies as string) as string[],
      reportTo: r.report_to as string | null,
      reportVia: r.report_via as string | null,
    }));
  };

  const uniqueId = (source: string): string => {
    const base = slugFromSource(source);
    for (let n = 1; ; n++) {
      const id = n === 1 ? base : `${base}-${n}`;
      const row = idTaken.get(id);
      if (!row || row.source === source) return id;
    }
  };

  const deletePlan = (id: string): number => {
    delSpanFts.run(id);
    return del.run(id).changes;
  };

  const write = db.transaction((source: string, packed: Buffer, hash: string, parsed: ParsedPlanWithSpans, id: string, ocr: OcrProvenance | null) => {
    deletePlan(id);
    const excluded = new Set(parsed.nonDutyOrders);
    const taskSections = new Set(parsed.assignments.filter((a) => a.role === "lead").map((a) => a.section));
    insPlan.run({
      id,
      source,
      content_hash: hash,
      title: parsed.meta.title,
      number: parsed.meta.number,
      issuer: parsed.meta.issuer,
      place: parsed.meta.place,
      issued_date: parsed.meta.issuedDate,
      year: parsed.meta.year,
      signer: parsed.meta.signer,
      kind: parsed.meta.kind,
      sections_count: parsed.sections.length,
      tasks_count: taskSections.size,
      deadlines_count: parsed.deadlines.length,
      recipients: JSON.stringify(parsed.recipients),
      agencies: JSON.stringify(parsed.agencies),
      parser_version: PARSER_VERSION,
      ingested_at: new Date().toISOString(),
      ocr_pages: ocr?.pages ?? null,
      ocr_confidence: ocr?.meanConfidence ?? null,
    });
    insText.run(id, packed);
    for (const s of parsed.sections) insSection.run(id, s.order, s.id, s.parent, s.kind, s.heading, s.text, excluded.has(s.order) ? 1 : 0);
    for (const sp of parsed.spans) {
      insSpan.run(id, sp.order, sp.section, sp.role, sp.source, sp.text, sp.form, `,${sp.groups.join(",")},`);
      for (const g of sp.groups) insSpanGroup.run(id, sp.order, sp.role, g);
    }
    fillSpanWords.run(planWord(id), id);
    for (const a of parsed.assignments) insAssignment.run(id, a.section, a.agency, a.role, a.source);
    parsed.deadlines.forEach((d: Deadline, i) =>
      insDeadline.run(
        id, i, d.section, d.kind, d.due, d.start, d.recurrence, d.dayOfMonth, d.text, JSON.stringify(d.agencies), d.reportTo, d.reportVia,
        d.monthDay ?? null, d.timeOfDay ?? null, d.periodStart ?? null, d.periodEnd ?? null,
      ),
    );
  });

  const namedCounts = (phrases: string[], planIds?: string[]): Array<{ planId: string; role: SpanRow["role"]; excluded: boolean; n: number }> => {
    const quoted = phrases.map((p) => p.split(/\s+/).filter((w) => /^[a-z0-9]+$/.test(w)).join(" ")).filter(Boolean).map((p) => `"${p}"`);
    if (!quoted.length || (planIds && !planIds.length)) return [];
    // A few plans: their word is ANDed in the index; many: filtered after (the query is cached).
    const inPlans = planIds && planIds.length <= 64 ? `plan : (${planIds.map(planWord).join(" OR ")}) AND ` : "";
    const rows = db
      .prepare<[string], { plan_id: string; role: string; excluded: number; n: number }>(
        `SELECT s.plan_id AS plan_id, s.role AS role, c.duty_excluded AS excluded, count(*) AS n
         FROM span_words w JOIN spans s ON s.rowid = w.rowid JOIN sections c ON c.plan_id = s.plan_id AND c.ord = s.ord
         WHERE span_words MATCH ? GROUP BY s.plan_id, s.role, c.duty_excluded`,
      )
      .all(`${inPlans}form : (${quoted.join(" OR ")})`);
    const allowed = planIds ? new Set(planIds) : null;
    return rows.filter((r) => !allowed || allowed.has(r.plan_id)).map((r) => ({ planId: r.plan_id, role: r.role as SpanRow["role"], excluded: r.excluded === 1, n: r.n }));
  };
  const groupRoleCounts = (groups: string[], planIds: string[] | undefined, roles: Array<"lead" | "partner">) => {
    if (!groups.length || (planIds && !planIds.length)) return [];
    const params: unknown[] = [...groups];
    let where = "";
    if (planIds) {
      where = ` AND plan_id IN (${planIds.map(() => "?").join(",")})`;
      params.push(...planIds);
    }
    const sql = `SELECT plan_id AS planId, role, group_id AS groupId, count(*) AS n FROM span_groups
      WHERE group_id IN (${groups.map(() => "?").join(",")}) AND role IN (${roles.map((r) => `'${r === "lead" ? "lead" : "partner"}'`).join(", ")})${where} GROUP BY plan_id, role, group_id`;
    return db.prepare(sql).all(...params) as Array<{ planId: string; role: "lead" | "partner"; groupId: string; n: number }>;
  };

  let byIdCache: { plans: StoredPlan[]; map: Map<string, StoredPlan> } | null = null;

  // A plan's sections are read by many steps of one answer and by the next questions in the chat:
  // the recently read plans are kept until this or another connection writes.
  let sectionCache: { key: string; byPlan: Map<string, Section[]> } | null = null;
  const sectionsOf = (id: string): Section[] => {
    const key = dataVersion();
    if (sectionCache?.key !== key) sectionCache = { key, byPlan: new Map() };
    let list = sectionCache.byPlan.get(id);
    if (!list) {
      list = selSections.all(id).map((r) => ({ id: r.id, parent: r.parent, order: r.ord, kind: r.kind as Section["kind"], heading: r.heading, text: r.text }));
      if (sectionCache.byPlan.size >= 256) sectionCache.byPlan.delete(sectionCache.byPlan.keys().next().value!);
      sectionCache.byPlan.set(id, list);
    }
    return list;
  };

  // Plans are ranked for an agency by counts over every plan: the same agencies are asked again and
  // again (a chat's own unit), so counts are kept until this or another connection writes.
  let countCache: { key: string; byQuery: Map<string, unknown> } | null = null;
  const cachedCounts = <T>(query: string, compute: () => T): T => {
    const key = dataVersion();
    if (countCache?.key !== key) countCache = { key, byQuery: new Map() };
    if (countCache.byQuery.has(query)) return countCache.byQuery.get(query) as T;
    const value = compute();
    if (countCache.byQuery.size >= 500) countCache.byQuery.clear();
    countCache.byQuery.set(query, value);
    return value;
  };

  return {
    db,
    upsert(source, rawText, parsed, force = false, ocr) {
      const text = typeof rawText === "string" ? rawText : rawText.text;
      const hash = typeof rawText === "string" ? contentHash(text) : rawText.hash;
      const same = force ? undefined : byHash.get(hash);
      if (same) return { plan: fromRow(same), status: "unchanged" };
      const previous = bySource.get(source);
      const id = previous?.id ?? uniqueId(source);
      // A re-parse of the same text keeps how it was obtained.
      const kept = ocr === undefined && previous && previous.content_hash === hash && previous.ocr_pages !== null ? { pages: previous.ocr_pages, meanConfidence: previous.ocr_confidence ?? 0 } : null;
      write(source, typeof rawText === "string" ? packText(text) : rawText.packed, hash, parsed, id, ocr ?? kept);
      writes++;
      return { plan: fromRow(byId.get(id) as PlanRow), status: previous ? "replaced" : "added" };
    },
    findByHash: (hash) => {
      const r = byHash.get(hash);
      return r ? fromRow(r) : null;
    },
    findBySource: (source) => {
      const r = bySource.get(source);
      return r ? fromRow(r) : null;
    },
    list: () => listPlans(),
    get: (id) => {
      const plans = listPlans();
      if (byIdCache?.plans !== plans) byIdCache = { plans, map: new Map(plans.map((p) => [p.id, p])) };
      return byIdCache.map.get(id) ?? null;
    },
    sectionsFrom: (id, order, limit) => {
      const all = sectionsOf(id);
      const at = all.findIndex((s) => s.order >= order);
      return at < 0 ? [] : all.slice(at, at + limit);
    },
    sections: (id) => sectionsOf(id),
    spans(planIds, formLike, groups) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (planIds) {
        if (!planIds.length) return [];
        where.push(`s.plan_id IN (${planIds.map(() => "?").join(",")})`);
        params.push(...planIds);
      }
      const ors: string[] = [];
      for (const f of formLike ?? []) {
        ors.push("s.form LIKE ?");
        params.push(`%${f}%`);
      }
      for (const g of groups ?? []) {
        ors.push("s.groups LIKE ?");
        params.push(`%,${g},%`);
      }
      if (ors.length) where.push(`(${ors.join(" OR ")})`);
      const sql = `SELECT s.plan_id, s.ord, s.section, s.role, s.source, s.text, s.form, s.groups, c.duty_excluded
        FROM spans s JOIN sections c ON c.plan_id = s.plan_id AND c.ord = s.ord
        ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY s.plan_id, s.ord, s.rowid`;
      return (db.prepare(sql).all(...params) as Array<Record<string, unknown>>).map(toSpanRow);
    },
    deadlines(planIds) {
      // All deadlines are read on many questions: cached until the store changes.
      if (!planIds) {
        const key = dataVersion();
        if (!deadlineCache || deadlineCache.key !== key) deadlineCache = { key, items: readDeadlines(undefined) };
        return deadlineCache.items;
      }
      return readDeadlines(planIds);
    },

    namedCounts: (phrases, planIds) => cachedCounts(`n|${phrases.join("|")}|${planIds?.join(",") ?? "*"}`, () => namedCounts(phrases, planIds)),
    groupRoleCounts: (groups, planIds, roles = ["lead", "partner"]) =>
      cachedCounts(`g|${groups.join("|")}|${planIds?.join(",") ?? "*"}|${roles.join(",")}`, () => groupRoleCounts(groups, planIds, roles)),
    assignments: (planId) =>
      db.prepare<[string], { section: string; agency: string; role: "lead" | "partner" }>("SELECT section, agency, role FROM assignments WHERE plan_id = ? ORDER BY rowid").all(planId),
    remove: (id) => {
      writes++;
      return db.transaction(() => deletePlan(id))() > 0;
    },
    hasStale: () => db.prepare<[number, number], { one: number }>("SELECT 1 AS one FROM plans WHERE parser_version < ? OR parser_version > ? LIMIT 1").get(PARSER_VERSION, PARSER_VERSION) !== undefined,
    stale: () =>
      db
        .prepare<[number, number], { id: string; source: string; raw: Buffer }>(
          "SELECT p.id, p.source, t.raw FROM plans p JOIN plan_texts t ON t.plan_id = p.id WHERE p.parser_version < ? OR p.parser_version > ?",
        )
        .all(PARSER_VERSION, PARSER_VERSION)
        .map((r) => ({ id: r.id, source: r.source, rawText: unpackText(r.raw) })),
    rawText: (planId) => {
      const row = db.prepare<[string], { raw: Buffer }>("SELECT raw FROM plan_texts WHERE plan_id = ?").get(planId);
      return row ? unpackText(row.raw) : null;
    },
  };
}

/**
 * Stores written before `plan_texts` kept the text in `plans.raw_text`: move it
 * (compressed) and drop the column, once, in one transaction.
 */
function migrateRawText(db: Db): void {
  const hasColumn = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('plans') WHERE name = 'raw_text'").get();
  if (!hasColumn) return;
  const ids = db.prepare<[], { id: string }>("SELECT id FROM plans").all().map((r) => r.id);
  const read = db.prepare<[string], { raw_text: string }>("SELECT raw_text FROM plans WHERE id = ?");
  const insert = db.prepare<[string, Buffer]>("INSERT OR REPLACE INTO plan_texts (plan_id, raw) VALUES (?, ?)");
  db.transaction(() => {
    for (const id of ids) insert.run(id, packText(read.get(id)?.raw_text ?? ""));
    db.exec("ALTER TABLE plans DROP COLUMN raw_text");
  })();
  requestVacuum(db);
}

/**
 * The contentless word index of span forms. Stores written before kept a copy
 * of every form (and its plan, role, exclusion) inside the index: rebuilt
 * without them, once.
 */
function createSpanWords(db: Db): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'span_words'").get();
  const current = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('span_words') WHERE name = 'plan'").get();
  if (exists && current) return;
  const plans = db.prepare<[], { id: string }>("SELECT id FROM plans").all();
  db.transaction(() => {
    db.exec("DROP TABLE IF EXISTS span_words");
    db.exec("CREATE VIRTUAL TABLE span_words USING fts5(form, plan, content = '', contentless_delete = 1)");
    const fill = db.prepare<[string, string]>("INSERT INTO span_words (rowid, form, plan) SELECT rowid, form, ? FROM spans WHERE plan_id = ?");
    for (const p of plans) fill.run(planWord(p.id), p.id);
  })();
  if (exists) requestVacuum(db);
}

/** The word standing for a plan in `span_words.plan`. */
const planWord = (planId: string): string => `p${createHash("sha256").update(planId).digest("hex").slice(0, 16)}`;
