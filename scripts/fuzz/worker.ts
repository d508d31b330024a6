// Fuzzer worker process (forked by run.ts): loads one document at a time (archives member by member) and parses what
// loads, reporting the outcome. A fatal error here ends only this process; run.ts records the document and starts another.

import { AppError } from "../../src/core/errors.js";
import { isArchive, loadBuffer, readArchive } from "../../src/loaders/index.js";
import { type ExtractLimits, warmUpLoaderProcesses } from "../../src/loaders/isolatedExtract.js";
import { createOcrEngine } from "../../src/loaders/ocr/engine.js";
import { parsePlan } from "../../src/plan/parsePlan.js";

export interface FuzzTask {
  id: number;
  name: string;
  bytes: Uint8Array;
  /** Limits of the loader process (the fuzzer's per-document time limit, a small heap). */
  extractLimits: Partial<ExtractLimits>;
}

export interface FuzzOutcome {
  id: number;
  /** ok: a result; error: one AppError with a Vietnamese message; crash: anything else (a bug). */
  outcome: "ok" | "error" | "crash";
  detail: string;
  ms: number;
  /** Pages sent to OCR (their time is budgeted separately). */
  ocrPages: number;
  /** The precise (English) message of the last error, for the saved document's note. */
  message?: string;
}

// One page at a time per worker: the fuzzer runs one worker per core.
const ocr = createOcrEngine({ concurrency: 1, pageTimeoutMs: 10_000 });

let ocrPages = 0;

let extractLimits: Partial<ExtractLimits> = {};

async function loadAndParse(buf: Buffer, name: string): Promise<void> {
  // Pages are counted when OCR starts on them, so a document whose recognition fails still has its OCR time budgeted.
  const doc = await loadBuffer(buf, name, { ocr, extractLimits, onProgress: (p) => (ocrPages = Math.max(ocrPages, p.total)) });
  parsePlan(doc.text);
}

async function run(task: FuzzTask): Promise<FuzzOutcome> {
  const started = performance.now();
  const buf = Buffer.from(task.bytes);
  ocrPages = 0;
  extractLimits = task.extractLimits;
  let message: string | undefined;
  const done = (outcome: FuzzOutcome["outcome"], detail: string): FuzzOutcome => ({ id: task.id, outcome, detail, ms: performance.now() - started, ocrPages, message });
  try {
    if (isArchive(task.name)) {
      const errors: string[] = [];
      for (const entry of await readArchive(buf, task.name)) {
        if ("error" in entry) {
          errors.push(entry.error.code);
          continue;
        }
        try {
          await loadAndParse(entry.data, entry.fileName);
        } catch (err) {
          if (!(err instanceof AppError) || !err.userMessage) return done("crash", `member ${entry.fileName}: ${String((err as Error)?.stack ?? err)}`);
          errors.push(err.code);
          message = err.message;
        }
      }
      return done("ok", errors.join(","));
    }
    await loadAndParse(buf, task.name);
    return done("ok", "");
  } catch (err) {
    if (err instanceof AppError && err.userMessage) {
      message = err.message;
      return done("error", err.code);
    }
    return done("crash", String((err as Error)?.stack ?? err));
  }
}

// Libraries print warnings about damaged input (xmldom, SheetJS): the outcome is what counts.
for (const method of ["log", "warn", "error", "info", "debug"] as const) console[method] = () => {};

process.on("message", (task: FuzzTask) => {
  void run(task).then((outcome) => process.send?.(outcome));
});
process.on("disconnect", () => process.exit(0));
// Modules are loaded and a loader process is up: the clock of the first document starts now.
await warmUpLoaderProcesses(1, Number(process.env.FUZZ_HEAP_MB ?? 256));
process.send?.({ ready: true });
