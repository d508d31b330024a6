/**
 * Ingest benchmark: a generated corpus of at least 1,000 plans into a fresh
 * store (load, normalize, parse, store). Prints plans/s, MB/s, peak RSS and the
 * CPU time of all threads; the last line is one JSON object. Runs the built code
 * (dist/, rebuilt first when stale), as the CLI's `ingest` does.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build, DIST, isStale } from "../scripts/build.mjs";
import { generateCorpus } from "./corpus.js";

// The built code, as `tro-ly-ke-hoach ingest` runs it: the parse workers then start without compiling TypeScript.
if (isStale()) await build({ quiet: true });
const built = async <T>(module: string): Promise<T> => (await import(pathToFileURL(join(DIST, module)).href)) as T;
const { silentLogger } = await built<typeof import("../src/core/logger.js")>("core/logger.js");
const { createIngestService } = await built<typeof import("../src/ingest/ingestService.js")>("ingest/ingestService.js");
const { openDatabase } = await built<typeof import("../src/store/db.js")>("store/db.js");
const { createPlanStore } = await built<typeof import("../src/store/planStore.js")>("store/planStore.js");

const count = Number(process.env.BENCH_PLANS ?? 1000);
const work = mkdtempSync(join(tmpdir(), "bench-ingest-"));
const { files, bytes } = generateCorpus(join(work, "corpus"), count);

const db = openDatabase(join(work, "store"));
const store = createPlanStore(db);
const ingest = createIngestService({ store, logger: silentLogger, ...(process.env.BENCH_PARALLEL_FROM ? { parallelFrom: Number(process.env.BENCH_PARALLEL_FROM) } : {}) });

/** CPU seconds of this (the main) thread, which writes the store, on Linux; null elsewhere. */
const mainThreadCpu = (): number | null => {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 per second)
  } catch {
    return null;
  }
};
const main0 = mainThreadCpu();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await ingest.ingestPaths([join(work, "corpus")]);
const seconds = (performance.now() - t0) / 1000;
// CPU of every thread of the process (main and parse workers): the figure that load on a shared machine does not inflate.
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const main1 = mainThreadCpu();
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
  cpuSeconds: Number(cpuSeconds.toFixed(2)),
  /** Plans per CPU-second: what one core would ingest with nothing else running. */
  plansPerCpuSec: Number((result.plans.length / cpuSeconds).toFixed(1)),
  mainThreadCpuSeconds: main0 !== null && main1 !== null ? Number((main1 - main0).toFixed(2)) : null,
};
console.log(`ingested ${figures.plans}/${files.length} plans (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${figures.seconds} s`);
console.log(`${figures.plansPerSec} plans/s, ${figures.mbPerSec} MB/s, peak RSS ${figures.peakRssMb} MB, errors ${figures.errors}`);
console.log(`CPU ${figures.cpuSeconds} s over all threads (${figures.plansPerCpuSec} plans per CPU-second), ${figures.mainThreadCpuSeconds ?? "?"} s on the thread writing the store`);
console.log(JSON.stringify(figures));
