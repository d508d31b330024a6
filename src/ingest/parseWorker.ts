/**
 * Worker-thread task for batch ingestion: load and parse one file off the main
 * thread. Returns the text, what the store needs of the parsed plan (rows and
 * parsed text as plain data; see preparedPlan.ts) and how OCR read it if it did,
 * or the error to report.
 */
import { AppError } from "../core/errors.js";
import { loadBuffer, readDocumentFileSync, type LoadedDocument } from "../loaders/index.js";
import { parsePlan } from "../plan/parsePlan.js";
import { planForStore, type PlanForStore } from "../store/preparedPlan.js";

/** A file to parse, with its text when the thread that writes the store loaded it (plain text). */
export interface ParseItem {
  file: string;
  text?: string;
}

/** Files to load and parse, in order (several per task: each task is a message each way). */
export interface ParseTask {
  items: ParseItem[];
  maxBytes?: number;
}

export type ParseOutcome =
  | { ok: true; /** The loaded text, when this worker loaded the file. */ text?: string; plan: PlanForStore; ocr: LoadedDocument["ocr"] | null }
  | { ok: false; error: string; userMessage: string | null; code: string | null };

// A worker is handed several tasks at once (so it keeps working while the main thread writes the store),
// but runs them one after the other: a folder of scans never starts more OCR runs than one per worker.
let previous: Promise<unknown> = Promise.resolve();

/** Load and parse the task's files, one outcome each; errors are returned, not thrown, so they keep their Vietnamese message. */
export default function parseFiles(task: ParseTask): Promise<ParseOutcome[]> {
  const run = previous.then(async () => {
    const outcomes: ParseOutcome[] = [];
    for (const item of task.items) outcomes.push(await loadAndParse(item, task.maxBytes));
    return outcomes;
  });
  previous = run;
  return run;
}

async function loadAndParse({ file, text }: ParseItem, maxBytes: number | undefined): Promise<ParseOutcome> {
  try {
    // The rows to write and the parsed text as JSON are made here: plain data, cheap to send. The thread
    // that writes the store hashes and compresses (see ingestService: it has a core of its own for that).
    if (text !== undefined) return { ok: true, plan: planForStore(parsePlan(text)), ocr: null };
    const doc = await loadBuffer(readDocumentFileSync(file, { maxBytes }), file, { maxBytes });
    return { ok: true, text: doc.text, plan: planForStore(parsePlan(doc.text)), ocr: doc.ocr ?? null };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.message, userMessage: err.userMessage, code: err.code };
    return { ok: false, error: err instanceof Error ? err.message : String(err), userMessage: null, code: null };
  }
}
