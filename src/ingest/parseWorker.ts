/**
 * Worker-thread task for batch ingestion: load and parse one file off the main
 * thread. Returns the loaded text (with its hash and stored form), how OCR read
 * it if it did, and the parsed plan, or the error to report.
 */
import { AppError } from "../core/errors.js";
import { loadBuffer, readDocumentFileSync, type LoadedDocument } from "../loaders/index.js";
import { parsePlan, type ParsedPlanWithSpans } from "../plan/parsePlan.js";
import { packPlan } from "../store/planDoc.js";
import { prepareText, type PreparedText } from "../store/planText.js";

export interface ParseTask {
  file: string;
  maxBytes?: number;
}

export type ParseOutcome =
  | { ok: true; text: PreparedText; ocr: LoadedDocument["ocr"] | null; parsed: ParsedPlanWithSpans }
  | { ok: false; error: string; userMessage: string | null; code: string | null };

// A worker is handed several tasks at once (so it keeps working while the main thread writes the store),
// but runs them one after the other: a folder of scans never starts more OCR runs than one per worker.
let previous: Promise<unknown> = Promise.resolve();

/** Load and parse a file; errors are returned, not thrown, so they keep their Vietnamese message. */
export default function parseFile(task: ParseTask): Promise<ParseOutcome> {
  const run = previous.then(() => loadAndParse(task));
  previous = run;
  return run;
}

async function loadAndParse(task: ParseTask): Promise<ParseOutcome> {
  try {
    const doc = await loadBuffer(readDocumentFileSync(task.file, { maxBytes: task.maxBytes }), task.file, { maxBytes: task.maxBytes });
    // The text's hash and the stored forms of the text and of the parsed plan are worked out here too,
    // off the thread that writes the store.
    const parsed = parsePlan(doc.text);
    return { ok: true, text: { ...prepareText(doc.text), packed: packPlan(doc.text, parsed) }, ocr: doc.ocr ?? null, parsed };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.message, userMessage: err.userMessage, code: err.code };
    return { ok: false, error: err instanceof Error ? err.message : String(err), userMessage: null, code: null };
  }
}
