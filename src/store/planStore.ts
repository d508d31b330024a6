/**
 * The structured store of plans in SQLite: plans, sections, role spans,
 * assignments and deadlines. Each plan is written in one transaction, so a
 * failure leaves the store as it was. The document text as loaded (only
 * re-parsing reads it) and the parsed text (sections, the text of each role
 * span, the agencies assigned in each section) are kept per plan, compressed
 * together, in `plan_docs` (see planDoc.ts): they are always read a plan at a
 * time, as are each span's place and role (`plan_spans`, see spanColumns.ts).
 * A span's matching form is made again from its text when read. What SQL
 * selects on stays in rows: the word index of span forms (whose rowid carries
 * each span's plan, index, role and exclusion), span groups, deadlines.
 */
import { createHash } from "node:crypto";
import { basename, extname } from "node:path";
import { deflateRawSync } from "node:zlib";
import { requestVacuum, type Db } from "./db.js";
import { unpackLegacyText } from "./planText.js";
import { resolveSpanTexts, spanTexts, unpackDoc, unpackPlanText, type AssignmentTuple, type DocJson } from "./planDoc.js";
import { decodeSpanColumns, encodeSpanColumns, roleCode, ROLES, type SpanMeta } from "./spanColumns.js";
import type { PreparedPlan } from "./preparedPlan.js";
import type { Deadline, DeadlineItem, PlanMeta, PlanSummary, Section } from "../core/types.js";
import type { StoredSpan } from "../plan/parsePlan.js";
import { fold } from "../text/fold.js";
import { UnsupportedFileError } from "../core/errors.js";
import { matchForm } from "../text/abbreviations.js";
import type { PeriodSection } from "../plan/periodSections.js";

/** Bumped when the parser changes, so stored plans are re-parsed from their text. */
export const PARSER_VERSION = 7;

/**
 * Layout of the parsed-plan tables; a store with another one has them dropped
 * and made again, and every plan re-parsed from its stored text.
 * 3: sections, span texts and assignments compressed per plan (`plan_docs`), time-frame sections
 * (`period_sections`), span rows keyed by plan and index (see {@link spanWordRowid}).
 * 4: the document text compressed with them in `plan_docs`, instead of on its own in `plan_texts`
 * (kept, when there, until its plans are re-parsed); span groups keyed by plan and span index.
 * 5: a plan's spans in one row (`plan_spans`) instead of a row each; their role and exclusion in
 * the word index's rowid. `plan_docs` (which holds the text) is kept while the plans are re-parsed.
 */
export const PLAN_LAYOUT = "5";

/** Bits of a span's index in its `span_words` rowid (see {@link spanWordRowid}). */
const SPAN_BITS = 20;
const SPAN_MASK = 2 ** SPAN_BITS - 1;
/** Bits below the span's index: its role's code (2) and whether its section is not a duty (1). */
const KIND_BITS = 3;
/** Shift from a `span_words` rowid to its plan's rowid. */
const PLAN_SHIFT = SPAN_BITS + KIND_BITS;

/**
 * The `span_words` rowid of a plan's span: the plan's rowid, the span's index, its role and whether
 * its section is not a duty, so counting spans by plan and role needs no other table. Exact in a
 * JavaScript number up to 2^30 plan rowids.
 */
export const spanWordRowid = (planRowid: number, i: number, role: SpanMeta["role"], excluded: boolean): number =>
  (planRowid * 2 ** SPAN_BITS + i) * 2 ** KIND_BITS + roleCode(role) * 2 + (excluded ? 1 : 0);

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
  /**
   * Runs `store` in one transaction in which each upsert is a savepoint of its own (a plan that
   * fails leaves no rows, the others are kept), and the span word index is written once, at the
   * end, for every plan stored: a write to it inside a savepoint flushes it to disk each time.
   */
  batch<T>(store: () => T): T;
  /**
   * Store a parsed plan; same content already stored is "unchanged" unless `force` (re-parse).
   * `ocr`: the text came from OCR (pages, mean confidence); a re-parse keeps what was recorded.
   */
  upsert(source: string, plan: PreparedPlan, force?: boolean, ocr?: OcrProvenance | null): { plan: StoredPlan; status: UpsertStatus };
  findByHash(hash: string): StoredPlan | null;
  findBySource(source: string): StoredPlan | null;
  list(): StoredPlan[];
  get(id: string): StoredPlan | null;
  sections(id: string): Section[];
  /** A section and the sections after it, up to `limit` (cheap look-up of one item and its sub-items). */
  sectionsFrom(id: string, order: number, limit: number): Section[];
  /** Role spans of the given plans (all when undefined), optionally only those whose form contains one of `formLike` or that reference one of `groups`. */
  spans(planIds?: string[], formLike?: string[], groups?: string[]): SpanRow[];
  deadlines(planIds?: string[]): DeadlineItem[];
  /** The time-frame sections of the given plans (all when undefined), by plan then order. */
  periodSections(planIds?: string[]): Array<PeriodSection & { planId: string }>;
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

export { contentHash } from "./planText.js";
export { planForStore, preparePlan, type PlanForStore, type PreparedPlan } from "./preparedPlan.js";

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


/** A row of the span word index: rowid (see {@link spanWordRowid}), the span's form, the plan's word. */
type SpanWordRow = [rowid: number, form: string, plan: string];

/** A plan's stored document text: in `plan_docs`, or (stores before layout 4) in `plan_texts`. */
interface TextRow {
  doc: Buffer | null;
  raw: Buffer | null;
}

/** A plan's parsed text as read: sections, spans with their texts, and their matching forms as made (by span index). */
interface PlanDoc {
  sections: Section[];
  spans: SpanMeta[];
  /** Each span's text or where it is in its section (see planDoc.ts). */
  spanRefs: DocJson["t"];
  /** The spans' texts, made on first use: many readers want only the sections. */
  spanTexts: string[] | null;
  forms: Array<string | undefined>;
  assignments: AssignmentTuple[];
}

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
  `);
  migrateLayout(db);
  db.exec(`
    -- A plan's document text as loaded and its parsed text, compressed together (see planDoc.ts):
    -- its sections, the text of each role span (by span index i) and the agencies assigned in each section.
    CREATE TABLE IF NOT EXISTS plan_docs (
      plan_id TEXT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
      doc BLOB NOT NULL
    );
    -- A plan's role spans, one row per plan (see spanColumns.ts): each span's order, section, role,
    -- source, groups and whether its section is not a duty (head, purpose parts), by span index i.
    -- Their text is in plan_docs, their forms in span_words.
    CREATE TABLE IF NOT EXISTS plan_spans (
      plan_id TEXT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
      spans TEXT NOT NULL
    );
    -- The sections stating a plan's time frame, with the folded words questions are matched on.
    CREATE TABLE IF NOT EXISTS period_sections (
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      ord INTEGER NOT NULL, body TEXT NOT NULL, filled INTEGER NOT NULL,
      PRIMARY KEY (plan_id, ord)
    ) WITHOUT ROWID;
    -- Group references per span (by span index i: "các phòng, ban, ngành" → district-depts), indexed by group.
    CREATE TABLE IF NOT EXISTS span_groups (
      plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
      i INTEGER NOT NULL, group_id TEXT NOT NULL, role TEXT NOT NULL,
      PRIMARY KEY (plan_id, i, group_id)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS span_groups_group ON span_groups(group_id, role, plan_id);
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
  const legacyTexts = dropEmptyLegacyTexts(db);
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
  const insDoc = db.prepare<[string, Buffer]>("INSERT INTO plan_docs (plan_id, doc) VALUES (?, ?)");
  const insPeriod = db.prepare<[string, number, string, number]>("INSERT INTO period_sections (plan_id, ord, body, filled) VALUES (?, ?, ?, ?)");
  const insSpans = db.prepare<[string, string]>("INSERT INTO plan_spans (plan_id, spans) VALUES (?, ?)");
  const selSpanRow = db.prepare<[string], { rowid: number; spans: string }>(
    "SELECT p.rowid AS rowid, s.spans AS spans FROM plans p JOIN plan_spans s ON s.plan_id = p.id WHERE p.id = ?",
  );
  const insSpanWords = db.prepare<SpanWordRow>("INSERT INTO span_words (rowid, form, plan) VALUES (?, ?, ?)");
  const insSpanGroup = db.prepare<[string, number, string, string]>("INSERT INTO span_groups (plan_id, i, group_id, role) VALUES (?, ?, ?, ?)");
  const delSpanWords = db.prepare<[string]>("DELETE FROM span_words WHERE rowid IN (SELECT value FROM json_each(?))");
  const insDeadline = db.prepare(`INSERT INTO deadlines (plan_id, idx, section, kind, due, start, recurrence, day_of_month, text, agencies, report_to, report_via,
      month_day, time_of_day, period_start, period_end)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const selDoc = db.prepare<[string], { doc: Buffer }>("SELECT doc FROM plan_docs WHERE plan_id = ?");
  const selSpans = db.prepare<[string], string>("SELECT spans FROM plan_spans WHERE plan_id = ?").pluck();
  // A plan's document text: in plan_docs, or for a plan not re-parsed since layout 4, in plan_texts.
  const TEXT_COLS = `d.doc AS doc, ${legacyTexts ? "t.raw" : "NULL"} AS raw`;
  const textJoins = `LEFT JOIN plan_docs d ON d.plan_id = p.id${legacyTexts ? " LEFT JOIN plan_texts t ON t.plan_id = p.id" : ""}`;
  const textOf = (r: TextRow): string | null => (r.doc ? unpackPlanText(r.doc) : r.raw ? unpackLegacyText(r.raw) : null);

  // list() is on every question's path: cache it until this or another connection writes.
  let writes = 0;
  let listCache: { key: string; plans: StoredPlan[] } | null = null;
  // Prepared once: db.pragma() compiles its statement on every call, and this runs several times per question.
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

  /** The `span_words` rowids of a stored plan's spans (none before the plan's spans are stored). */
  const spanWordRowids = (id: string): number[] => {
    const row = selSpanRow.get(id);
    return row ? decodeSpanColumns(row.spans).map((sp, i) => spanWordRowid(row.rowid, i, sp.role, sp.excluded)) : [];
  };

  const deletePlan = (id: string): number => {
    delSpanWords.run(JSON.stringify(spanWordRowids(id)));
    return del.run(id).changes;
  };

  /** Word-index rows of the plans stored so far in a batch, written when it ends (see `batch`); null outside one. */
  let batchWords: SpanWordRow[] | null = null;

  /** Writes a plan's rows; its word-index rows are returned instead when `deferWords`, for the caller to write in the same transaction. */
  const write = db.transaction((source: string, plan: PreparedPlan, id: string, ocr: OcrProvenance | null, replacing: boolean, deferWords: boolean): SpanWordRow[] => {
    if (replacing) deletePlan(id);
    const { rows: parsed, hash } = plan;
    const planRowid = Number(insPlan.run({
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
      sections_count: parsed.sectionCount,
      tasks_count: parsed.taskCount,
      deadlines_count: parsed.deadlines.length,
      recipients: JSON.stringify(parsed.recipients),
      agencies: JSON.stringify(parsed.agencies),
      parser_version: PARSER_VERSION,
      ingested_at: new Date().toISOString(),
      ocr_pages: ocr?.pages ?? null,
      ocr_confidence: ocr?.meanConfidence ?? null,
    }).lastInsertRowid);
    insDoc.run(id, plan.packed);
    for (const p of parsed.periods) insPeriod.run(id, p.order, p.body, p.filled ? 1 : 0);
    const word = planWord(id);
    if (parsed.spans.length > SPAN_MASK) {
      throw new UnsupportedFileError(
        source,
        `${parsed.spans.length} role spans, more than the ${SPAN_MASK} a plan's span keys hold`,
        `Tệp này có quá nhiều mục giao việc (hơn ${SPAN_MASK.toLocaleString("vi-VN")}) nên chưa thể lưu. Vui lòng tách kế hoạch thành các tệp nhỏ hơn.`,
      );
    }
    insSpans.run(id, encodeSpanColumns(parsed.spans));
    const words: SpanWordRow[] = [];
    parsed.spans.forEach(([, , role, , form, groups, excluded], i) => {
      const rowid = spanWordRowid(planRowid, i, role, excluded);
      if (deferWords) words.push([rowid, form, word]);
      else insSpanWords.run(rowid, form, word);
      for (const g of groups) insSpanGroup.run(id, i, g, role);
    });
    parsed.deadlines.forEach((d: Deadline, i) =>
      insDeadline.run(
        id, i, d.section, d.kind, d.due, d.start, d.recurrence, d.dayOfMonth, d.text, JSON.stringify(d.agencies), d.reportTo, d.reportVia,
        d.monthDay ?? null, d.timeOfDay ?? null, d.periodStart ?? null, d.periodEnd ?? null,
      ),
    );
    return words;
  });

  const namedCounts = (phrases: string[], planIds?: string[]): Array<{ planId: string; role: SpanRow["role"]; excluded: boolean; n: number }> => {
    const quoted = phrases.map((p) => p.split(/\s+/).filter((w) => /^[a-z0-9]+$/.test(w)).join(" ")).filter(Boolean).map((p) => `"${p}"`);
    if (!quoted.length || (planIds && !planIds.length)) return [];
    // A few plans: their word is ANDed in the index; many: filtered after (the query is cached).
    const inPlans = planIds && planIds.length <= 64 ? `plan : (${planIds.map(planWord).join(" OR ")}) AND ` : "";
    // The role and exclusion are in each rowid (see spanWordRowid): no other table is read.
    const rows = db
      .prepare<[string], { plan_id: string; role: number; excluded: number; n: number }>(
        `SELECT p.id AS plan_id, (w.rowid >> 1) & 3 AS role, w.rowid & 1 AS excluded, count(*) AS n
         FROM span_words w JOIN plans p ON p.rowid = w.rowid >> ${PLAN_SHIFT}
         WHERE span_words MATCH ? GROUP BY p.id, (w.rowid >> 1) & 3, w.rowid & 1`,
      )
      .all(`${inPlans}form : (${quoted.join(" OR ")})`);
    const allowed = planIds ? new Set(planIds) : null;
    return rows
      .filter((r) => !allowed || allowed.has(r.plan_id))
      .map((r) => ({ planId: r.plan_id, role: ROLES[r.role] as SpanRow["role"], excluded: r.excluded === 1, n: r.n }));
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

  // A plan's parsed text is read by many steps of one answer and by the next questions in the chat:
  // the recently read plans are kept until this or another connection writes.
  let docCache: { key: string; byPlan: Map<string, PlanDoc> } | null = null;
  const docOf = (id: string): PlanDoc => {
    const key = dataVersion();
    if (docCache?.key !== key) docCache = { key, byPlan: new Map() };
    let doc = docCache.byPlan.get(id);
    if (!doc) {
      const row = selDoc.get(id);
      const json: DocJson = row ? unpackDoc(row.doc) : { s: [], t: [], a: [] };
      const spans = selSpans.get(id);
      doc = {
        sections: json.s.map(([order, sid, parent, kind, heading, text]) => ({ id: sid, parent, order, kind: kind as Section["kind"], heading, text })),
        spans: spans ? decodeSpanColumns(spans) : [],
        spanRefs: json.t,
        spanTexts: null,
        forms: [],
        assignments: json.a,
      };
      if (docCache.byPlan.size >= 256) docCache.byPlan.delete(docCache.byPlan.keys().next().value!);
      docCache.byPlan.set(id, doc);
    }
    return doc;
  };
  const sectionsOf = (id: string): Section[] => docOf(id).sections;
  /** A stored span as read: its place and role, its text, its form made on first use. */
  const toSpanRow = (planId: string, i: number, doc: PlanDoc): SpanRow => {
    const sp = doc.spans[i] as SpanMeta;
    const text = (doc.spanTexts ??= resolveSpanTexts(doc.spanRefs, (k) => doc.sections[k]))[i] ?? "";
    return {
      planId,
      order: sp.order,
      section: sp.section,
      role: sp.role,
      source: sp.source,
      text,
      // Made on first use (most readers want the text only), then kept with the plan's text.
      get form() {
        return (doc.forms[i] ??= matchForm(text));
      },
      groups: [...sp.groups],
      excluded: sp.excluded,
    };
  };

  // Time-frame sections of every plan are read by questions over all plans: cached until the store changes.
  let periodCache: { key: string; rows: Array<PeriodSection & { planId: string }> } | null = null;
  const readPeriods = (planIds: string[] | undefined): Array<PeriodSection & { planId: string }> => {
    if (planIds && !planIds.length) return [];
    const sql = `SELECT plan_id, ord, body, filled FROM period_sections ${planIds ? `WHERE plan_id IN (${planIds.map(() => "?").join(",")})` : ""} ORDER BY plan_id, ord`;
    return (db.prepare(sql).all(...(planIds ?? [])) as Array<{ plan_id: string; ord: number; body: string; filled: number }>).map((r) => ({
      planId: r.plan_id,
      order: r.ord,
      body: r.body,
      filled: r.filled === 1,
    }));
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
    batch: <T>(store: () => T): T =>
      db.transaction(() => {
        if (batchWords) return store(); // already inside one
        batchWords = [];
        try {
          const result = store();
          for (const row of batchWords) insSpanWords.run(...row);
          return result;
        } finally {
          batchWords = null;
        }
      })(),
    upsert(source, plan, force = false, ocr) {
      const { hash } = plan;
      const same = force ? undefined : byHash.get(hash);
      if (same) return { plan: fromRow(same), status: "unchanged" };
      const previous = bySource.get(source);
      const id = previous?.id ?? uniqueId(source);
      // A re-parse of the same text keeps how it was obtained.
      const kept = ocr === undefined && previous && previous.content_hash === hash && previous.ocr_pages !== null ? { pages: previous.ocr_pages, meanConfidence: previous.ocr_confidence ?? 0 } : null;
      // Only a plan stored before under this source has rows to delete: uniqueId gives any other a free id.
      const words = write(source, plan, id, ocr ?? kept, previous !== undefined, batchWords !== null);
      // Only once the plan's savepoint is released: a plan that failed leaves no word rows either.
      batchWords?.push(...words);
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
      if (planIds && !planIds.length) return [];
      const forms = (formLike ?? []).map((f) => f.toLowerCase());
      const wanted = groups ?? [];
      const inPlans = (column: string) => (planIds ? ` AND ${column} IN (${planIds.map(() => "?").join(",")})` : "");
      // Candidates by plan from the word index (for forms, see `formCandidates`) and from span groups, then
      // forms checked exactly; every span of the plans when a form cannot be looked up.
      const words = forms.map(formCandidates);
      let hits: Map<string, Set<number>> | null = null;
      if ((forms.length || wanted.length) && words.every((w) => w !== null)) {
        const found = (hits = new Map<string, Set<number>>());
        const add = (r: { plan_id: string; i: number }) => {
          const of = found.get(r.plan_id);
          if (of) of.add(r.i);
          else found.set(r.plan_id, new Set([r.i]));
        };
        if (words.length) {
          db.prepare<unknown[], { plan_id: string; i: number }>(
            `SELECT p.id AS plan_id, (w.rowid >> ${KIND_BITS}) & ${SPAN_MASK} AS i FROM span_words w JOIN plans p ON p.rowid = w.rowid >> ${PLAN_SHIFT}
             WHERE span_words MATCH ?${inPlans("p.id")}`,
          )
            .all(words.map((w) => `form : ${w}`).join(" OR "), ...(planIds ?? []))
            .forEach(add);
        }
        if (wanted.length) {
          db.prepare<unknown[], { plan_id: string; i: number }>(`SELECT plan_id, i FROM span_groups WHERE group_id IN (${wanted.map(() => "?").join(",")})${inPlans("plan_id")}`)
            .all(...wanted, ...(planIds ?? []))
            .forEach(add);
        }
      }
      const plans = hits ? [...hits.keys()] : planIds ? [...new Set(planIds)] : db.prepare<[], string>("SELECT plan_id FROM plan_spans").pluck().all();
      // In plan order (ids are ASCII: as SQL sorts them), then the spans of each in document order.
      plans.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const rows: SpanRow[] = [];
      for (const planId of plans) {
        const doc = docOf(planId);
        const of = hits?.get(planId);
        const indexes = of ? [...of].filter((i) => i < doc.spans.length) : doc.spans.map((_, i) => i);
        indexes.sort((a, b) => (doc.spans[a] as SpanMeta).order - (doc.spans[b] as SpanMeta).order || a - b);
        for (const i of indexes) rows.push(toSpanRow(planId, i, doc));
      }
      if (!forms.length && !wanted.length) return rows;
      // Forms are folded (lower case): a form containing a wanted one, or a span referencing a wanted group.
      return rows.filter((r) => forms.some((f) => r.form.includes(f)) || wanted.some((g) => (r.groups as string[]).includes(g)));
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

    periodSections(planIds) {
      if (planIds) return readPeriods(planIds);
      const key = dataVersion();
      if (!periodCache || periodCache.key !== key) periodCache = { key, rows: readPeriods(undefined) };
      return periodCache.rows;
    },

    namedCounts: (phrases, planIds) => cachedCounts(`n|${phrases.join("|")}|${planIds?.join(",") ?? "*"}`, () => namedCounts(phrases, planIds)),
    groupRoleCounts: (groups, planIds, roles = ["lead", "partner"]) =>
      cachedCounts(`g|${groups.join("|")}|${planIds?.join(",") ?? "*"}|${roles.join(",")}`, () => groupRoleCounts(groups, planIds, roles)),
    assignments: (planId) => docOf(planId).assignments.map(([section, agency, role]) => ({ section, agency, role: role as "lead" | "partner" })),
    remove: (id) => {
      writes++;
      return db.transaction(() => deletePlan(id))() > 0;
    },
    hasStale: () => db.prepare<[number, number], { one: number }>("SELECT 1 AS one FROM plans WHERE parser_version < ? OR parser_version > ? LIMIT 1").get(PARSER_VERSION, PARSER_VERSION) !== undefined,
    stale: () =>
      db
        .prepare<[number, number], TextRow & { id: string; source: string }>(
          `SELECT p.id, p.source, ${TEXT_COLS} FROM plans p ${textJoins} WHERE p.parser_version < ? OR p.parser_version > ?`,
        )
        .all(PARSER_VERSION, PARSER_VERSION)
        .flatMap((r) => {
          const rawText = textOf(r);
          return rawText === null ? [] : [{ id: r.id, source: r.source, rawText }];
        }),
    rawText: (planId) => {
      const row = db.prepare<[string], TextRow>(`SELECT ${TEXT_COLS} FROM plans p ${textJoins} WHERE p.id = ?`).get(planId);
      return row ? textOf(row) : null;
    },
  };
}


/**
 * Stores written before `plan_texts` kept the text in `plans.raw_text`: move it
 * (compressed, as plan_texts kept it) and drop the column, once, in one transaction.
 * Their plans are re-parsed (the layout changed since), which moves the text to `plan_docs`.
 */
function migrateRawText(db: Db): void {
  const hasColumn = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('plans') WHERE name = 'raw_text'").get();
  if (!hasColumn) return;
  db.exec("CREATE TABLE IF NOT EXISTS plan_texts (plan_id TEXT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE, raw BLOB NOT NULL)");
  const ids = db.prepare<[], { id: string }>("SELECT id FROM plans").all().map((r) => r.id);
  const read = db.prepare<[string], { raw_text: string }>("SELECT raw_text FROM plans WHERE id = ?");
  const insert = db.prepare<[string, Buffer]>("INSERT OR REPLACE INTO plan_texts (plan_id, raw) VALUES (?, ?)");
  db.transaction(() => {
    for (const id of ids) insert.run(id, deflateRawSync(Buffer.from(read.get(id)?.raw_text ?? "", "utf8")));
    db.exec("ALTER TABLE plans DROP COLUMN raw_text");
  })();
  requestVacuum(db);
}

/**
 * Stores before layout 4 kept the document text in `plan_texts`; a plan's row there goes
 * with its re-parse (and the old plan row, ON DELETE CASCADE). Drops the table once it is
 * empty; returns whether it is still there.
 */
function dropEmptyLegacyTexts(db: Db): boolean {
  if (!db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'plan_texts'").get()) return false;
  if (db.prepare("SELECT 1 FROM plan_texts LIMIT 1").get()) return true;
  db.exec("DROP TABLE plan_texts");
  return false;
}

/**
 * The contentless word index of span forms (and of each span's plan, as a
 * word), made when missing and filled from the stored spans. Stores written
 * before kept a copy of every form inside the index: rebuilt without it, once.
 */
function createSpanWords(db: Db): void {
  const exists = db.prepare("SELECT 1 FROM sqlite_schema WHERE name = 'span_words'").get();
  const current = db.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('span_words') WHERE name = 'plan'").get();
  if (exists && current) return;
  const plans = db
    .prepare<[], { id: string; rowid: number; spans: string }>("SELECT p.id AS id, p.rowid AS rowid, s.spans AS spans FROM plans p JOIN plan_spans s ON s.plan_id = p.id")
    .all();
  const docs = db.prepare<[string], { doc: Buffer }>("SELECT doc FROM plan_docs WHERE plan_id = ?");
  db.transaction(() => {
    db.exec("DROP TABLE IF EXISTS span_words");
    db.exec("CREATE VIRTUAL TABLE span_words USING fts5(form, plan, content = '', contentless_delete = 1)");
    const insert = db.prepare<[number, string, string]>("INSERT INTO span_words (rowid, form, plan) VALUES (?, ?, ?)");
    for (const p of plans) {
      const row = docs.get(p.id);
      const texts = row ? spanTexts(unpackDoc(row.doc)) : [];
      decodeSpanColumns(p.spans).forEach((sp, i) => insert.run(spanWordRowid(p.rowid, i, sp.role, sp.excluded), matchForm(texts[i] ?? ""), planWord(p.id)));
    }
  })();
  if (exists) requestVacuum(db);
}

/**
 * Stores written with another layout of the parsed-plan tables (before 3:
 * `sections`, span texts and `assignments` in rows): the tables are dropped, made again, and
 * every plan marked for re-parsing from its stored text (the app re-parses
 * stale plans when it opens the store); the space is given back after. From
 * layout 4 on, `plan_docs` holds the text: it is kept, and each plan's row is
 * replaced by its re-parse.
 */
function migrateLayout(db: Db): void {
  db.exec("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const layout = db.prepare<[], { value: string }>("SELECT value FROM store_meta WHERE key = 'plan_layout'").get()?.value;
  if (layout === PLAN_LAYOUT) return;
  const hasPlans = db.prepare("SELECT 1 FROM plans LIMIT 1").get() !== undefined;
  const keepsText = layout !== undefined && Number(layout) >= 4;
  db.transaction(() => {
    db.exec(
      "DROP TABLE IF EXISTS span_words; DROP TABLE IF EXISTS spans; DROP TABLE IF EXISTS plan_spans; DROP TABLE IF EXISTS span_groups; DROP TABLE IF EXISTS sections; DROP TABLE IF EXISTS assignments; DROP TABLE IF EXISTS period_sections;",
    );
    if (!keepsText) db.exec("DROP TABLE IF EXISTS plan_docs");
    if (hasPlans) db.prepare("UPDATE plans SET parser_version = 0").run();
    db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('plan_layout', ?)").run(PLAN_LAYOUT);
  })();
  if (hasPlans) requestVacuum(db);
}

/**
 * A word-index query every span whose form contains `form` matches (a superset,
 * checked exactly after): the form's words but the first, as a phrase whose
 * last word may go on ("cong an huyen" → `"an huyen" *`), since the text around
 * the form may extend its first and last words. Null when it cannot say
 * (one word, or other characters than letters and digits).
 */
function formCandidates(form: string): string | null {
  const words = form.trim().split(" ");
  if (words.length < 2 || !words.every((w) => /^[a-z0-9]+$/.test(w))) return null;
  return `"${words.slice(1).join(" ")}" *`;
}

/** The word standing for a plan in `span_words.plan`. */
const planWord = (planId: string): string => `p${createHash("sha256").update(planId).digest("hex").slice(0, 16)}`;
