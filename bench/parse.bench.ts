/**
 * Parser benchmark: parses every real plan in ../shared/plans/real (raw text as
 * loaded, through normalization to the parsed plan) over and over on one core
 * and prints the throughput. Each round parses the whole corpus several times;
 * the figure is the best round (the machine is shared, so the minimum is the
 * least noisy estimate), with the median beside it. The last line is one JSON
 * object: {"mb", "mbPerSec", "msPerCorpus", ...}.
 * Env: BENCH_ROUNDS (default 15), BENCH_PASSES per round (default 3), BENCH_DIR.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlan } from "../src/plan/parsePlan.js";

const dir = process.env.BENCH_DIR ?? join(import.meta.dirname, "../../shared/plans/real");
const rounds = Number(process.env.BENCH_ROUNDS ?? 15);
const passes = Number(process.env.BENCH_PASSES ?? 3);

const texts = readdirSync(dir)
  .filter((f) => f.endsWith(".txt"))
  .sort()
  .map((f) => readFileSync(join(dir, f), "utf8"));
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t, "utf8"), 0);
const mb = bytes / 1024 / 1024;

/** Parses the corpus once; returns a checksum so the work cannot be optimized away. */
function corpusPass(): number {
  let sum = 0;
  for (const text of texts) {
    const plan = parsePlan(text);
    sum += plan.sections.length + plan.spans.length;
  }
  return sum;
}

// Warm up the JIT before timing.
let checksum = 0;
for (let i = 0; i < 3; i++) checksum += corpusPass();

const perCorpus: number[] = [];
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  for (let p = 0; p < passes; p++) checksum += corpusPass();
  perCorpus.push((performance.now() - t0) / passes);
}
perCorpus.sort((a, b) => a - b);
const best = perCorpus[0] as number;
const median = perCorpus[Math.floor(perCorpus.length / 2)] as number;

const figures = {
  plans: texts.length,
  mb: Number(mb.toFixed(3)),
  mbPerSec: Number((mb / (best / 1000)).toFixed(2)),
  msPerCorpus: Number(best.toFixed(2)),
  medianMbPerSec: Number((mb / (median / 1000)).toFixed(2)),
  medianMsPerCorpus: Number(median.toFixed(2)),
  rounds,
  passes,
};
console.log(`parsed ${figures.plans} plans (${figures.mb} MB) ${rounds}×${passes} times (checksum ${checksum})`);
console.log(`best ${figures.msPerCorpus} ms per corpus = ${figures.mbPerSec} MB/s; median ${figures.medianMsPerCorpus} ms = ${figures.medianMbPerSec} MB/s`);
console.log(JSON.stringify(figures));
