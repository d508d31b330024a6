/**
 * Ingest benchmark: a generated corpus of at least 1,000 plans into a fresh
 * store (load, normalize, parse, store). Prints plans/s, MB/s and peak RSS; the
 * last line is one JSON object.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../src/core/logger.js";
import { createIngestService } from "../src/ingest/ingestService.js";
import { openDatabase } from "../src/store/db.js";
import { createPlanStore } from "../src/store/planStore.js";
import { generateCorpus } from "./corpus.js";

const count = Number(process.env.BENCH_PLANS ?? 1000);
const work = mkdtempSync(join(tmpdir(), "bench-ingest-"));
const { files, bytes } = generateCorpus(join(work, "corpus"), count);

const db = openDatabase(join(work, "store"));
const store = createPlanStore(db);
const ingest = createIngestService({ store, logger: silentLogger });

const t0 = performance.now();
const result = await ingest.ingestPaths([join(work, "corpus")]);
const seconds = (performance.now() - t0) / 1000;
db.close();
rmSync(work, { recursive: true, force: true });

const peakRssMb = process.resourceUsage().maxRSS / 1024;
const figures = {
  plans: result.plans.length,
  errors: result.errors.length,
  seconds: Number(seconds.toFixed(2)),
  plansPerSec: Number((result.plans.length / seconds).toFixed(1)),
  mbPerSec: Number((bytes / 1024 / 1024 / seconds).toFixed(2)),
  peakRssMb: Number(peakRssMb.toFixed(1)),
};
console.log(`ingested ${figures.plans}/${files.length} plans (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${figures.seconds} s`);
console.log(`${figures.plansPerSec} plans/s, ${figures.mbPerSec} MB/s, peak RSS ${figures.peakRssMb} MB, errors ${figures.errors}`);
console.log(JSON.stringify(figures));
