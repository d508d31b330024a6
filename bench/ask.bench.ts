/**
 * Question benchmark of the engine, offline, on stores of generated plans:
 * one process builds the store (ingest + index), a second one opens it as the
 * bot does and answers questions, so its peak RSS is the serving process's.
 * Prints store size against the plan text, p50/p95 question latency and peak
 * RSS per size; the last line is one JSON object (the largest size's figures,
 * with a `curve` of every size when several ran).
 *
 *   BENCH_PLANS=1000 npm run bench            # one size
 *   BENCH_PLANS=1000,10000 npm run bench      # a curve
 *   BENCH_QUESTIONS=300 BENCH_REUSE=1 ...     # reuse stores under bench/.corpus/
 *   BENCH_SLOWEST=15 ...                      # also list the 15 slowest questions (CPU time) on stderr
 *   BENCH_WARMUP=0 ...                        # no warm-up round (default: each question once, not counted)
 *
 * The first question of each kind in a fresh process pays one-time costs (code
 * compiled, caches filled: every deadline read for the first deadline question
 * over all plans, agency counts for the first duties question); a warm-up
 * round asks each question once first, and its slowest time is reported as
 * `warmupMaxMs`, so the percentiles are those of a bot that has been running.
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/core/logger.js";
import { rng } from "./corpus.js";
import { benchStore, dirBytes, type BenchStore } from "./benchStore.js";
import { QUESTIONS } from "./questions.js";


interface SizeFigures {
  plans: number;
  textMb: number;
  storeMb: number;
  storeToText: number;
  ingestIndexSeconds: number | null;
  openMs: number;
  questions: number;
  p50Ms: number;
  p95Ms: number;
  /** CPU time of the process per question (user + system): what the figures would be on an idle machine. */
  cpuP50Ms: number;
  cpuP95Ms: number;
  /** Questions asked once each before timing, and the slowest of them (wall ms; null without a warm-up). */
  warmupQuestions: number;
  warmupMaxMs: number | null;
  peakRssMb: number;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));
const self = fileURLToPath(import.meta.url);

/** Run this file in a child process with a role; resolves with the JSON of its last line. */
function child<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = fork(self, args, { execArgv: ["--import", "tsx"], stdio: ["ignore", "pipe", "inherit", "ipc"] });
    let out = "";
    p.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    p.on("exit", (code) => {
      const last = out.trim().split("\n").pop() ?? "";
      if (code !== 0) reject(new Error(`bench child ${args.join(" ")} exited ${code}`));
      else resolve(JSON.parse(last) as T);
    });
  });
}

/** Child role "build": make the store of N plans. */
async function build(count: number): Promise<void> {
  console.log(JSON.stringify(await benchStore(count)));
}

/** Child role "ask": open the store like the bot and time questions. */
async function ask(store: BenchStore): Promise<void> {
  const questionsWanted = Number(process.env.BENCH_QUESTIONS ?? 300);
  const t0 = performance.now();
  const app = await openApp(loadConfig({ STORE_DIR: store.storeDir }), silentLogger);
  await app.ensureSearch();
  const openMs = performance.now() - t0;
  const plans = app.store.list().map((p) => p.id);
  const r = rng(7);
  const latencies: number[] = [];
  const cpu: number[] = [];
  const asked: Array<{ question: string; scope: string; ms: number; cpuMs: number }> = [];
  // Warm-up: each question once, in the scope it is timed in, on plans of their own.
  const warmup = Number(process.env.BENCH_WARMUP ?? QUESTIONS.length);
  const warmupMs: number[] = [];
  const warm = rng(11);
  for (let i = 0; i < warmup; i++) {
    const planIds = i % 2 === 0 ? [plans[Math.floor(warm() * plans.length)] as string] : undefined;
    const t = performance.now();
    await app.engine.ask(QUESTIONS[i % QUESTIONS.length] as string, { planIds, unit: "Phòng Văn hóa và Thông tin" });
    warmupMs.push(performance.now() - t);
  }
  for (let i = 0; i < questionsWanted; i++) {
    const q = QUESTIONS[i % QUESTIONS.length] as string;
    // Half the questions in one plan (a chat following one plan), half over all plans.
    const planIds = i % 2 === 0 ? [plans[Math.floor(r() * plans.length)] as string] : undefined;
    const c = process.cpuUsage();
    const t = performance.now();
    await app.engine.ask(q, { planIds, unit: "Phòng Văn hóa và Thông tin" });
    latencies.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
    asked.push({ question: q, scope: planIds ? "one plan" : "all plans", ms: latencies.at(-1)!, cpuMs: cpu.at(-1)! });
  }
  const slowest = Number(process.env.BENCH_SLOWEST ?? 0);
  if (slowest > 0) {
    for (const a of [...asked].sort((x, y) => y.cpuMs - x.cpuMs).slice(0, slowest)) {
      console.error(`slow: ${a.cpuMs.toFixed(1)} ms CPU (${a.ms.toFixed(1)} ms) ${a.scope}: ${a.question}`);
    }
  }
  await app.close();
  latencies.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const pctOf = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] as number;
  const pct = (p: number) => pctOf(latencies, p);
  const storeMb = dirBytes(store.storeDir) / 1024 / 1024;
  const figures: SizeFigures = {
    plans: store.plans,
    textMb: round(store.textMb),
    storeMb: round(storeMb),
    storeToText: round(storeMb / store.textMb, 2),
    ingestIndexSeconds: store.ingestIndexSeconds === null ? null : round(store.ingestIndexSeconds),
    openMs: Math.round(openMs),
    questions: latencies.length,
    p50Ms: round(pct(50), 2),
    p95Ms: round(pct(95), 2),
    cpuP50Ms: round(pctOf(cpu, 50), 2),
    cpuP95Ms: round(pctOf(cpu, 95), 2),
    warmupQuestions: warmupMs.length,
    warmupMaxMs: warmupMs.length ? round(Math.max(...warmupMs), 1) : null,
    peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(figures));
}

const [role, arg] = process.argv.slice(2);
if (role === "build") await build(Number(arg));
else if (role === "ask") await ask(JSON.parse(arg as string) as BenchStore);
else {
  const sizes = String(process.env.BENCH_PLANS ?? 1000).split(",").map((s) => Number(s.trim())).filter((n) => n > 0);
  const curve: SizeFigures[] = [];
  for (const size of sizes) {
    const store = await child<BenchStore>(["build", String(size)]);
    const f = await child<SizeFigures>(["ask", JSON.stringify(store)]);
    curve.push(f);
    console.log(
      `${f.plans} plans (${f.textMb} MB of text): store ${f.storeMb} MB (${f.storeToText}× the text)` +
        `${f.ingestIndexSeconds === null ? "" : `, built in ${f.ingestIndexSeconds} s`}; opened in ${f.openMs} ms; ` +
        `${f.questions} offline questions: p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms (CPU ${f.cpuP50Ms}/${f.cpuP95Ms} ms)` +
        `${f.warmupMaxMs === null ? "" : ` after ${f.warmupQuestions} warm-up questions (slowest ${f.warmupMaxMs} ms)`}; peak RSS ${f.peakRssMb} MB`,
    );
  }
  const main = curve[curve.length - 1]!;
  console.log(JSON.stringify(curve.length > 1 ? { ...main, curve } : main));
}
