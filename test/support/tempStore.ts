// A real store file in a temporary folder with an ingestion service over it, for the ingestion tests.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/core/logger.js";
import { createIngestService, type IngestService } from "../../src/ingest/ingestService.js";
import { openDatabase, type Db } from "../../src/store/db.js";
import { createPlanStore, type PlanStore } from "../../src/store/planStore.js";

export interface TempStore {
  dir: string;
  db: Db;
  store: PlanStore;
  ingest: IngestService;
  /** Rows per table, to show that a failure left the store as it was. */
  counts(): { plans: number; docs: number; spans: number; spanWords: number; deadlines: number };
  close(): void;
}

export function openTempStore(prefix: string, opts: { maxBytes?: number } = {}): TempStore {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = openDatabase(join(dir, "store"));
  const store = createPlanStore(db);
  const ingest = createIngestService({ store, logger: silentLogger, ...opts });
  const count = (table: string): number => (db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
  return {
    dir,
    db,
    store,
    ingest,
    counts: () => ({
      plans: count("plans"),
      docs: count("plan_docs"),
      // Role spans, one row of them per plan, and their rows in the word index.
      spans: (db.prepare("SELECT coalesce(sum(json_array_length(spans, '$.o')), 0) n FROM plan_spans").get() as { n: number }).n,
      spanWords: count("span_words"),
      deadlines: count("deadlines"),
    }),
    close: () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
