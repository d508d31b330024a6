/**
 * Ingest benchmark: a generated corpus of at least 1,000 plans into a fresh
 * store (load, normalize, parse, store). Prints plans/s, MB/s, peak RSS and the
 * CPU time of all threads; the last line is one JSON object. The ingestion runs
 * in a plain node process on the built code (dist/, rebuilt first when stale),
 * as the CLI's `ingest` does (see ingest.run.mjs).
 * Env: BENCH_PLANS (default 1000), BENCH_PARALLEL_FROM.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build, isStale } from "../scripts/build.mjs";
import { generateCorpus } from "./corpus.js";

if (isStale()) await build({ quiet: true });

const count = Number(process.env.BENCH_PLANS ?? 1000);
const work = mkdtempSync(join(tmpdir(), "bench-ingest-"));
const { files, bytes } = generateCorpus(join(work, "corpus"), count);

interface RunFigures {
  plans: number;
  errors: number;
  seconds: number;
  cpuSeconds: number;
  mainThreadCpuSeconds: number | null;
  peakRssMb: number;
}
let run: RunFigures;
try {
  // A new node process has none of tsx's flags (nor, so, its parse workers); NODE_OPTIONS could carry them too.
  const out = execFileSync(process.execPath, [join(import.meta.dirname, "ingest.run.mjs"), join(work, "corpus"), join(work, "store")], {
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  run = JSON.parse(out.trim().split("\n").pop() as string) as RunFigures;
} finally {
  rmSync(work, { recursive: true, force: true });
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));
const figures = {
  plans: run.plans,
  errors: run.errors,
  seconds: round(run.seconds),
  plansPerSec: round(run.plans / run.seconds, 1),
  mbPerSec: round(bytes / 1024 / 1024 / run.seconds),
  peakRssMb: round(run.peakRssMb, 1),
  cpuSeconds: round(run.cpuSeconds),
  /** Plans per CPU-second: what one core would ingest with nothing else running. */
  plansPerCpuSec: round(run.plans / run.cpuSeconds, 1),
  mainThreadCpuSeconds: run.mainThreadCpuSeconds === null ? null : round(run.mainThreadCpuSeconds),
};
console.log(`ingested ${figures.plans}/${files.length} plans (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${figures.seconds} s`);
console.log(`${figures.plansPerSec} plans/s, ${figures.mbPerSec} MB/s, peak RSS ${figures.peakRssMb} MB, errors ${figures.errors}`);
console.log(`CPU ${figures.cpuSeconds} s over all threads (${figures.plansPerCpuSec} plans per CPU-second), ${figures.mainThreadCpuSeconds ?? "?"} s on the thread writing the store`);
console.log(JSON.stringify(figures));
