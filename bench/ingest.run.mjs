/**
 * The measured part of `npm run bench:ingest`, run by plain node on the built code, as the CLI's
 * `ingest` runs: under tsx, the parse workers would inherit its loader and load every module
 * through it. Ingests the folder argv[2] into a fresh store at argv[3]; prints one JSON line.
 * Env: BENCH_PARALLEL_FROM (batches at least this large use workers).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { DIST } from "../scripts/build.mjs";

const built = async (module) => import(pathToFileURL(join(DIST, module)).href);
const { silentLogger } = await built("core/logger.js");
const { createIngestService } = await built("ingest/ingestService.js");
const { openDatabase } = await built("store/db.js");
const { createPlanStore } = await built("store/planStore.js");

const [corpus, storeDir] = process.argv.slice(2);
const db = openDatabase(storeDir);
const store = createPlanStore(db);
const parallelFrom = process.env.BENCH_PARALLEL_FROM ? { parallelFrom: Number(process.env.BENCH_PARALLEL_FROM) } : {};
const ingest = createIngestService({ store, logger: silentLogger, ...parallelFrom });

/** CPU seconds of this (the main) thread, which writes the store, on Linux; null elsewhere. */
const mainThreadCpu = () => {
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
const result = await ingest.ingestPaths([corpus]);
const seconds = (performance.now() - t0) / 1000;
// CPU of every thread of the process (main and parse workers): the figure that load on a shared machine does not inflate.
const cpu = process.cpuUsage(cpu0);
const main1 = mainThreadCpu();
db.close();
console.log(
  JSON.stringify({
    plans: result.plans.length,
    errors: result.errors.length,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    mainThreadCpuSeconds: main0 !== null && main1 !== null ? main1 - main0 : null,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
