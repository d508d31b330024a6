/**
 * Bench support: a store of N generated plans (bench/corpus.ts), built in a
 * fresh folder by ingestion and indexing as the CLI does it. With
 * BENCH_REUSE=1 a store already built for N plans under bench/.corpus/ is
 * reused (its build time is then not measured again).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/core/logger.js";
import { generateCorpus } from "./corpus.js";

export interface BenchStore {
  storeDir: string;
  plans: number;
  /** Plan text as generated, in MB (the unit of the store's size target). */
  textMb: number;
  /** Seconds to ingest and index, or null when a cached store was reused. */
  ingestIndexSeconds: number | null;
}

/** Total size of a folder's files. */
export function dirBytes(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
}

/** Build (or, with BENCH_REUSE=1, reuse) the store of `count` generated plans under `root`. */
export async function benchStore(count: number, root = join("bench", ".corpus")): Promise<BenchStore> {
  const base = join(root, `plans-${count}`);
  const storeDir = join(base, "store");
  const doneFile = join(base, "built.json");
  if (process.env.BENCH_REUSE === "1" && existsSync(doneFile)) {
    const done = JSON.parse(readFileSync(doneFile, "utf8")) as { plans: number; textMb: number };
    return { storeDir, plans: done.plans, textMb: done.textMb, ingestIndexSeconds: null };
  }
  rmSync(base, { recursive: true, force: true });
  mkdirSync(base, { recursive: true });
  const corpus = join(base, "corpus");
  const { bytes } = generateCorpus(corpus, count);
  // Offline on purpose: no API key, local embedder.
  const app = await openApp(loadConfig({ STORE_DIR: storeDir }), silentLogger);
  const t0 = performance.now();
  const ingested = await app.ingest.ingestPaths([corpus]);
  await app.ensureSearch();
  const ingestIndexSeconds = (performance.now() - t0) / 1000;
  app.db.pragma("wal_checkpoint(TRUNCATE)");
  await app.close();
  rmSync(corpus, { recursive: true, force: true });
  const textMb = bytes / 1024 / 1024;
  writeFileSync(doneFile, JSON.stringify({ plans: ingested.plans.length, textMb }));
  return { storeDir, plans: ingested.plans.length, textMb, ingestIndexSeconds };
}
