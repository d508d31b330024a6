/**
 * Opens the application core over a store folder: database, plan store,
 * ingestion, queries, the search index and the answering engine. The CLI and
 * `main` both use it; nothing here knows about chat channels.
 */
import type { Config } from "./config.js";
import type { Logger } from "./core/logger.js";
import type { IngestChange, IngestService } from "./ingest/ingestService.js";
import { createPlanQueries, type PlanQueries } from "./answer/planQueries.js";
import type { AnswerEngine } from "./answer/engine.js";
import { openDatabase, releaseFreePages, vacuumIfRequested, type Db } from "./store/db.js";
import { createPlanStore, type PlanStore, type StoredPlan } from "./store/planStore.js";
import { createEmbedder } from "./search/embedder.js";
import { createSearchIndex, type SearchIndex } from "./search/hybrid.js";
import type { ChunkSource } from "./search/chunks.js";
import type { PlanMeta } from "./core/types.js";

export interface App {
  config: Config;
  logger: Logger;
  db: Db;
  store: PlanStore;
  ingest: IngestService;
  queries: PlanQueries;
  search: SearchIndex;
  engine: AnswerEngine;
  /** Bring the search index in step with the store (index new/changed plans, drop removed ones). */
  ensureSearch(): Promise<void>;
  /** Remove a plan from the store and the search index. */
  removePlan(id: string): Promise<boolean>;
  close(): Promise<void>;
}

/** The metadata of a stored plan, as chunk headers use it. */
const planMeta = (p: StoredPlan): PlanMeta => ({ title: p.title, number: p.number, issuer: p.issuer, place: p.place, issuedDate: p.issuedDate, year: p.year, signer: p.signer, kind: p.kind });

/** Open the core over `config.STORE_DIR`. */
export async function openApp(config: Config, logger: Logger): Promise<App> {
  const db = openDatabase(config.STORE_DIR);
  const store = createPlanStore(db);
  const search = createSearchIndex({
    db,
    storeDir: config.STORE_DIR,
    embedder: createEmbedder(config),
    logger,
    // Chunks keep no copy of the section text: it is read back from the plan store.
    texts: {
      plan: (id) => {
        const p = store.get(id);
        return p ? { meta: planMeta(p), sections: store.sections(id) } : null;
      },
    },
  });
  db.exec("CREATE TABLE IF NOT EXISTS search_synced (plan_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL)");
  const synced = db.prepare<[], { plan_id: string; content_hash: string }>("SELECT plan_id, content_hash FROM search_synced");
  const markSynced = db.prepare("INSERT INTO search_synced (plan_id, content_hash) VALUES (?, ?) ON CONFLICT(plan_id) DO UPDATE SET content_hash = excluded.content_hash");
  const unmark = db.prepare("DELETE FROM search_synced WHERE plan_id = ?");

  const chunkSource = (p: StoredPlan): ChunkSource => {
    const agenciesBySection = new Map<string, string[]>();
    for (const a of store.assignments(p.id)) agenciesBySection.set(a.section, [...(agenciesBySection.get(a.section) ?? []), a.agency]);
    const deadlinesBySection = new Map<string, string[]>();
    for (const d of store.deadlines([p.id])) if (d.due) deadlinesBySection.set(d.section, [...(deadlinesBySection.get(d.section) ?? []), d.due]);
    return {
      id: p.id,
      meta: planMeta(p),
      sections: store.sections(p.id),
      agenciesBySection,
      deadlinesBySection,
    };
  };

  const indexPlans = async (plans: StoredPlan[]) => {
    for (let i = 0; i < plans.length; i += 200) {
      const batch = plans.slice(i, i + 200);
      await search.indexPlans(batch.map(chunkSource));
      db.transaction(() => batch.forEach((p) => markSynced.run(p.id, p.contentHash)))();
    }
    // Replaced plans and merged index segments leave free pages: the file shrinks back.
    releaseFreePages(db);
  };

  let searchReady: Promise<void> | null = null;
  const ensureSearch = (): Promise<void> => {
    searchReady ??= (async () => {
      await search.ensureReady();
      const done = new Map(synced.all().map((r) => [r.plan_id, r.content_hash]));
      const plans = store.list();
      // A chunk layout change empties the chunk tables: those plans are indexed again too.
      const indexed = search.indexedPlans();
      const stale = plans.filter((p) => done.get(p.id) !== p.contentHash || !indexed.has(p.id));
      const live = new Set(plans.map((p) => p.id));
      const gone = [...done.keys()].filter((id) => !live.has(id));
      if (gone.length) {
        await search.removePlans(gone);
        gone.forEach((id) => unmark.run(id));
      }
      if (stale.length) {
        logger.info({ plans: stale.length }, "indexing plans for search");
        await indexPlans(stale);
      }
    })().catch((err: unknown) => {
      searchReady = null;
      throw err;
    });
    return searchReady;
  };

  const onChanged = async (changes: IngestChange[]) => {
    await ensureSearch();
    await indexPlans(changes.map((c) => store.get(c.plan.id)).filter((p): p is StoredPlan => p !== null));
  };
  // Ingestion (loaders, parser, worker pool) and the answering engine load on first use:
  // listing or showing plans needs neither.
  let ingestService: Promise<IngestService> | null = null;
  const loadIngest = () =>
    (ingestService ??= import("./ingest/ingestService.js").then(({ createIngestService }) =>
      createIngestService({ store, logger, maxBytes: config.MAX_FILE_MB * 1024 * 1024, onChanged }),
    ));
  const ingest: IngestService = {
    ingestPaths: async (paths) => (await loadIngest()).ingestPaths(paths),
    ingestBuffer: async (buf, fileName, source, opts) => (await loadIngest()).ingestBuffer(buf, fileName, source, opts),
    reparseStale: async () => (await loadIngest()).reparseStale(),
  };
  if (store.hasStale()) await ingest.reparseStale();
  if (vacuumIfRequested(db)) logger.info({ store: config.STORE_DIR }, "store compacted after a layout change");
  const queries = createPlanQueries(store);
  // Answers that need no search (duties, deadlines) never open the search indexes; the first search syncs them.
  const searchInStep: SearchIndex = {
    ...search,
    search: async (query, options) => {
      await ensureSearch();
      return search.search(query, options);
    },
  };
  let answerEngine: Promise<AnswerEngine> | null = null;
  const loadEngine = () =>
    (answerEngine ??= Promise.all([import("./answer/engine.js"), import("./answer/llm.js")]).then(([{ createAnswerEngine }, { createLlmAnswerer }]) =>
      createAnswerEngine({ store, queries, search: searchInStep, logger, llm: createLlmAnswerer(config, logger) }),
    ));
  const engine: AnswerEngine = {
    ask: async (question, ctx) => (await loadEngine()).ask(question, ctx),
    summary: async (planId) => (await loadEngine()).summary(planId),
  };

  return {
    config,
    logger,
    db,
    store,
    ingest,
    queries,
    search,
    engine,
    ensureSearch,
    async removePlan(id) {
      const removed = store.remove(id);
      if (removed) {
        await search.removePlan(id);
        unmark.run(id);
        releaseFreePages(db);
      }
      return removed;
    },
    async close() {
      db.close();
    },
  };
}
