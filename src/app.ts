/**
 * Opens the application core over a store folder: database, plan store,
 * ingestion, queries and the answering engine. The CLI and `main` both use it.
 */
import type { Config } from "./config.js";
import type { Logger } from "./core/logger.js";
import { createIngestService, type IngestService } from "./ingest/ingestService.js";
import { createPlanQueries, type PlanQueries } from "./answer/planQueries.js";
import { openDatabase, type Db } from "./store/db.js";
import { createPlanStore, type PlanStore } from "./store/planStore.js";

export interface App {
  config: Config;
  logger: Logger;
  db: Db;
  store: PlanStore;
  ingest: IngestService;
  queries: PlanQueries;
  /** Remove a plan from the store (and, once indexed, from the search index). */
  removePlan(id: string): Promise<boolean>;
  close(): void;
}

/** Open the core over `config.STORE_DIR`. */
export async function openApp(config: Config, logger: Logger): Promise<App> {
  const db = openDatabase(config.STORE_DIR);
  const store = createPlanStore(db);
  const ingest = createIngestService({ store, logger, maxBytes: config.MAX_FILE_MB * 1024 * 1024 });
  await ingest.reparseStale();
  const queries = createPlanQueries(store);
  return {
    config,
    logger,
    db,
    store,
    ingest,
    queries,
    removePlan: async (id) => store.remove(id),
    close: () => db.close(),
  };
}
