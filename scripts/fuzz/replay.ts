// Replays documents saved by the fuzzer, one at a time on an otherwise idle worker, with the fuzzer's limits:
// tells a document that is slow in itself from one that was slow because the machine was busy.
//
//   npm run fuzz:replay -- <folder or files...> [--limit-ms 2000]
//
// Prints one line per document (time, outcome, error code and message); the last line is one JSON object.

import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import type { FuzzTask } from "./worker.js";
import { runOne, startWorker, stopWorker } from "./workerProcess.js";

const argv = process.argv.slice(2);
const limitAt = argv.indexOf("--limit-ms");
const LIMIT_MS = limitAt >= 0 ? Number(argv[limitAt + 1]) : 2000;
const HEAP_MB = 256;
const KILL_MS = 30_000;
const paths = argv.filter((a, i) => !a.startsWith("--") && (limitAt < 0 || i !== limitAt + 1));
const files = paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).sort().map((f) => join(p, f)) : [p])).filter((f) => extname(f) !== ".txt");

let worker = await startWorker(HEAP_MB);
const rows: Array<{ file: string; ms: number; outcome: string; detail: string }> = [];
for (const [i, file] of files.entries()) {
  // Saved as "<id>-<type>.<ext>": the extension decides the loader, as in the run.
  const task: FuzzTask = { id: i, name: `replay-${basename(file)}`, bytes: readFileSync(file), extractLimits: { timeoutMs: LIMIT_MS, heapMb: HEAP_MB, rssMb: 3 * HEAP_MB } };
  const t0 = performance.now();
  const result = await runOne(worker, task, KILL_MS);
  const ms = Math.round(performance.now() - t0);
  if (result === "hang" || "died" in result) {
    rows.push({ file, ms, outcome: result === "hang" ? "hang" : "crash", detail: result === "hang" ? `no answer within ${KILL_MS} ms` : result.died });
    await stopWorker(worker, "SIGKILL");
    worker = await startWorker(HEAP_MB);
  } else {
    rows.push({ file, ms, outcome: result.outcome, detail: `${result.detail} ${result.ocrPages ? `(${result.ocrPages} OCR page(s)) ` : ""}${result.message ?? ""}`.trim() });
  }
  const row = rows.at(-1)!;
  console.log(`${basename(file)}\t${row.ms} ms\t${row.outcome}\t${row.detail.slice(0, 200)}`);
}
await stopWorker(worker);
const over = rows.filter((r) => r.ms > LIMIT_MS && !/OCR page/.test(r.detail));
console.log(JSON.stringify({ documents: rows.length, overLimitWithoutOcr: over.length, crashes: rows.filter((r) => r.outcome === "crash").length, maxMs: Math.max(0, ...rows.map((r) => r.ms)) }));
