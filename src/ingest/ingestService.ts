/**
 * Ingestion: files or folders (or an uploaded buffer) → loader → parser →
 * store, one transaction per file. Every failure is listed with a precise
 * reason and a Vietnamese message; the other files are still stored.
 */
import { readdir, stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import type { Piscina } from "piscina";
import { basename, extname, join, relative, isAbsolute } from "node:path";
import type { IngestError, IngestResult } from "../core/assistant.js";
import { AppError, UnsupportedFileError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { PlanSummary } from "../core/types.js";
import {
  ARCHIVE_EXTENSIONS,
  isArchive,
  isPlainText,
  loadTextFileSync,
  loadBuffer,
  loadDocument,
  readArchive,
  readArchiveFile,
  type ArchiveEntry,
  SUPPORTED_EXTENSIONS,
  type LoadedDocument,
  type LoadProgress,
} from "../loaders/index.js";
import { parsePlan } from "../plan/parsePlan.js";
import type { ParseItem, ParseOutcome, ParseTask } from "./parseWorker.js";
import { contentHash, planForStore, preparePlan, toPlanSummary, type PlanStore, type PreparedPlan, type StoredPlan, type UpsertStatus } from "../store/planStore.js";

/** The document has no plan structure (no numbered parts, items or annex). */
export class NotAPlanError extends AppError {
  readonly code = "not_a_plan";
  readonly userMessage: string;
  constructor(readonly file: string) {
    super(`${file}: no plan structure found (no numbered parts, items or annex table)`);
    this.name = "NotAPlanError";
    this.userMessage = `Tệp "${file}" không có cấu trúc của một kế hoạch (không thấy các mục I, II, 1, 2... hay phụ lục nhiệm vụ).`;
  }
}

export interface IngestChange {
  plan: StoredPlan;
  status: UpsertStatus;
}

export interface IngestServiceDeps {
  store: PlanStore;
  logger: Logger;
  maxBytes?: number;
  /** Batches at least this large are parsed on worker threads (default 24; 0 disables). */
  parallelFrom?: number;
  /** Called after each batch with the plans added or replaced (search indexing hooks in here). */
  onChanged?: (changes: IngestChange[]) => Promise<void>;
}

/** Options of one upload: progress of slow steps (OCR pages). */
export interface IngestBufferOptions {
  onProgress?: (progress: LoadProgress & { file: string }) => void;
}

export interface IngestService {
  ingestPaths(paths: string[]): Promise<IngestResult>;
  /** One uploaded file; a .zip ingests each member, with one error per member that fails. */
  ingestBuffer(buf: Buffer, fileName: string, source: string, opts?: IngestBufferOptions): Promise<IngestResult>;
  /** Re-parse plans stored by an older parser version. */
  reparseStale(): Promise<number>;
}

/** The document loaders; this module itself is loaded on the first ingestion. */
const loaders = async () => import("../loaders/index.js");

/** Files stored per transaction in a batch parsed by workers. */
const FILES_PER_TRANSACTION = 64;

/**
 * Parse workers for a batch: one core is left to this thread, which reads plain-text files, writes the
 * store, and hashes and compresses each plan (about as much work as parsing it). Each worker compiles the parser anew (its
 * first hundred plans run several times slower), so a worker that would share a core costs more than
 * it brings: on two cores, one worker ingests faster than two.
 */
const parseThreads = (): number => Math.max(1, Math.min(availableParallelism() - 1, 4));

/** Files per task sent to a parse worker: each task is a message each way. */
const FILES_PER_TASK = 8;

/** Tasks whose plain-text files are read ahead, past those handed to the workers, while waiting for them. */
const READ_AHEAD_TASKS = 32;

/** Tasks each parse worker holds at once. */
const TASKS_PER_WORKER = 8;

/** A file as a worker returned it, and the outcome of storing it. */
interface ParsedFile {
  source: string;
  outcome: LoadedOutcome;
}

/** A worker's outcome for a file, with the text it was read from when it was read. */
type LoadedOutcome = Exclude<ParseOutcome, { ok: true }> | (Extract<ParseOutcome, { ok: true }> & { text: string });
type StoredFile = { source: string; change: IngestChange } | { source: string; error: IngestError };

/** Types not read, still picked up from folders so that each gets its error instead of being skipped silently. */
const LEGACY_EXTENSIONS = [".ppt"];

/** Expand folders (recursively) into document files; explicit files are kept whatever their type. */
async function expand(paths: string[]): Promise<string[]> {
  const { SUPPORTED_EXTENSIONS } = await loaders();
  const out: string[] = [];
  for (const p of paths) {
    let st;
    try {
      st = await stat(p);
    } catch {
      out.push(p); // reported as missing by the loader
      continue;
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const entries = await readdir(p, { recursive: true, withFileTypes: true });
    const files = entries
      .filter((e) => e.isFile() && !e.name.startsWith("."))
      .map((e) => join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
      .filter((f) => [...SUPPORTED_EXTENSIONS, ...ARCHIVE_EXTENSIONS, ...LEGACY_EXTENSIONS].includes(extname(f).toLowerCase()))
      .sort();
    out.push(...files);
  }
  return out;
}

/** Path as shown in results: relative to the working directory when inside it. */
const displayPath = (p: string): string => (isAbsolute(p) && !relative(process.cwd(), p).startsWith("..") ? relative(process.cwd(), p) : p);

export function createIngestService(deps: IngestServiceDeps): IngestService {
  const { store, logger } = deps;

  /** Stores a plan prepared for the store; same content already stored is left as it is (upsert says "unchanged"). */
  const storePrepared = (source: string, plan: PreparedPlan, ocr: LoadedDocument["ocr"] | null): IngestChange => {
    if (!plan.rows.isPlan) throw new NotAPlanError(source);
    return store.upsert(source, plan, false, ocr);
  };

  /** Stores a loaded document, parsed here; same content already stored is not parsed again. */
  const store1 = (source: string, doc: LoadedDocument): IngestChange => {
    const existing = store.findByHash(contentHash(doc.text));
    if (existing) return { plan: existing, status: "unchanged" };
    return storePrepared(source, preparePlan(doc.text, planForStore(parsePlan(doc.text))), doc.ocr ?? null);
  };

  /** Stores one file parsed by a worker, or says why it cannot be stored. */
  const storeParsed = ({ source, outcome }: ParsedFile): StoredFile => {
    if (!outcome.ok) {
      return { source, error: { source, error: outcome.error, userMessage: outcome.userMessage ?? `Không đọc được tệp "${source}". Vui lòng kiểm tra lại tệp.` } };
    }
    try {
      return { source, change: storePrepared(source, preparePlan(outcome.text, outcome.plan), outcome.ocr) };
    } catch (err) {
      return { source, error: toError(source, err) };
    }
  };

  /**
   * Stores a group of parsed files in one transaction (one commit and one write of the word
   * index for the group, instead of one per file: see PlanStore.batch). Each file's upsert is a
   * savepoint inside it, so a file that fails leaves the store as it was and the others are kept.
   * Should the group's transaction itself fail, each file is stored again in its own transaction.
   */
  const storeGroup = (group: ParsedFile[]): StoredFile[] => {
    if (!group.length) return [];
    const db = store.db;
    try {
      return store.batch(() =>
        group.map((file) => {
          const stored = storeParsed(file);
          // A failure that ended the whole transaction (disk full, I/O error), not just the file's savepoint.
          if ("error" in stored && !db.inTransaction) throw new Error(`the group's transaction ended: ${stored.error.error}`);
          return stored;
        }),
      );
    } catch (err) {
      logger.warn({ files: group.length, err: err instanceof Error ? err.message : String(err) }, "group transaction failed; storing file by file");
      return group.map(storeParsed);
    }
  };

  /** Parse workers for one batch (see parseInWorkers); the caller destroys the pool. */
  async function parsePool(): Promise<Piscina> {
    const { Piscina } = await import("piscina");
    return new Piscina({
      filename: new URL(`./parseWorker.${import.meta.url.endsWith(".ts") ? "ts" : "js"}`, import.meta.url).href,
      // Workers stay up for the whole batch: starting one costs far more than parsing a plan.
      minThreads: parseThreads(),
      maxThreads: parseThreads(),
      idleTimeout: 60_000,
      // Tasks are handed out by this thread, which is busy while it writes a group: each worker holds
      // enough of them to keep parsing meanwhile.
      concurrentTasksPerWorker: TASKS_PER_WORKER,
    });
  }

  /** Load and parse on the pool's worker threads, in file order; the store is written on this thread only. */
  async function* parseInWorkers(pool: Piscina, files: string[]): AsyncGenerator<[string, LoadedOutcome]> {
    // A bounded window of tasks in flight keeps memory flat however large the batch; it spans more
    // than a stored group, so the workers keep parsing while this thread writes a group.
    const tasks = Math.ceil(files.length / FILES_PER_TASK);
    const window = Math.ceil(FILES_PER_TRANSACTION / FILES_PER_TASK) + pool.maxThreads * TASKS_PER_WORKER;
    const pending: Array<{ items: ParseItem[]; outcomes: Promise<ParseOutcome[]> }> = [];
    // Plain text is loaded here (decoding and checking it is a tenth of the work of parsing it): the
    // workers, which bound a batch, only parse it. A file that fails to load here is left to the
    // worker, which gives the same error. Tasks are read ahead while this thread waits for the workers.
    const read: ParseItem[][] = [];
    const readTask = (t: number): ParseItem[] =>
      files.slice(t * FILES_PER_TASK, (t + 1) * FILES_PER_TASK).map((file): ParseItem => {
        if (!isPlainText(file)) return { file };
        try {
          return { file, text: loadTextFileSync(file, { maxBytes: deps.maxBytes }).text };
        } catch {
          return { file };
        }
      });
    let readUpTo = 0; // tasks before this one are read (in `read` until submitted)
    const submit = (t: number) => {
      if (t >= tasks) return;
      const items = t < readUpTo ? (read[t] as ParseItem[]) : readTask(t);
      delete read[t];
      readUpTo = Math.max(readUpTo, t + 1);
      pending[t] = { items, outcomes: pool.run({ items, maxBytes: deps.maxBytes } satisfies ParseTask) as Promise<ParseOutcome[]> };
    };
    /** The task's outcomes; while they are not in, the next tasks' files are read (up to READ_AHEAD_TASKS past the window). */
    const outcomesOf = async (t: number, submitted: number): Promise<ParseOutcome[]> => {
      const outcomes = (pending[t] as (typeof pending)[number]).outcomes;
      let done: ParseOutcome[] | null = null;
      void outcomes.then((o) => (done = o), () => undefined);
      while (done === null && readUpTo < Math.min(tasks, submitted + READ_AHEAD_TASKS)) {
        read[readUpTo] = readTask(readUpTo);
        readUpTo++;
        await new Promise<void>((resolve) => setImmediate(resolve)); // lets a worker's answer in
      }
      return done ?? outcomes;
    };
    for (let t = 0; t < window; t++) submit(t);
    for (let t = 0; t < tasks; t++) {
      const { items } = pending[t] as (typeof pending)[number];
      const done = await outcomesOf(t, t + window);
      delete pending[t];
      submit(t + window);
      for (const [k, outcome] of done.entries()) {
        const { file, text } = items[k] as ParseItem;
        if (!outcome.ok) yield [file, outcome];
        else if (outcome.text !== undefined || text !== undefined) yield [file, { ...outcome, text: (outcome.text ?? text) as string }];
        else yield [file, { ok: false, error: "parse worker returned no text", userMessage: null, code: null }]; // cannot happen: one of the two loaded it
      }
    }
  }

  const toError = (source: string, err: unknown): IngestError => {
    if (err instanceof AppError) return { source, error: err.message, userMessage: err.userMessage };
    const message = err instanceof Error ? err.message : String(err);
    return { source, error: message, userMessage: `Không đọc được tệp "${source}". Vui lòng kiểm tra lại tệp.` };
  };

  const finish = async (changes: IngestChange[], plans: PlanSummary[], errors: IngestError[]): Promise<IngestResult> => {
    const changed = changes.filter((c) => c.status !== "unchanged");
    if (changed.length && deps.onChanged) await deps.onChanged(changed);
    return { plans, errors };
  };

  const summary = toPlanSummary;
  /** The plan as reported after ingestion, with how its text was recovered when OCR read it. */
  const reported = (change: IngestChange, source: string, doc: LoadedDocument): PlanSummary =>
    doc.ocr ? { ...summary(change.plan), source, ocr: doc.ocr } : { ...summary(change.plan), source };

  /** Loads and stores every member of an archive, each with its own error; the store changes only for members that load. */
  const ingestArchive = async (
    read: () => Promise<ArchiveEntry[]>,
    fileName: string,
    source: string,
    out: { changes: IngestChange[]; plans: PlanSummary[]; errors: IngestError[] },
    opts: IngestBufferOptions = {},
  ): Promise<void> => {
    let entries;
    try {
      entries = await read();
    } catch (err) {
      const e = toError(source, err);
      out.errors.push(e);
      logger.warn({ source, err: e.error }, "archive rejected");
      return;
    }
    // Members are named "archive.zip/member.docx"; the source keeps the archive's folder or channel prefix.
    const archiveName = basename(fileName);
    const prefix = source.endsWith(archiveName) ? source.slice(0, source.length - archiveName.length) : "";
    for (const entry of entries) {
      const memberSource = `${prefix}${entry.fileName}`;
      try {
        if ("error" in entry) throw entry.error;
        const doc = await loadBuffer(entry.data, entry.fileName, {
          maxBytes: deps.maxBytes,
          onProgress: opts.onProgress ? (p) => opts.onProgress?.({ ...p, file: entry.fileName }) : undefined,
        });
        const change = store1(memberSource, doc);
        out.changes.push(change);
        out.plans.push(reported(change, memberSource, doc));
        logger.info({ source: memberSource, id: change.plan.id, status: change.status, ocr: doc.ocr }, "ingested archive member");
      } catch (err) {
        const e = toError(memberSource, err);
        out.errors.push(e);
        logger.warn({ source: memberSource, err: e.error }, "ingest failed");
      }
    }
  };


  return {
    async ingestPaths(paths) {
      const all = await expand(paths);
      const files = all.filter((f) => !isArchive(f));
      const changes: IngestChange[] = [];
      const plans: PlanSummary[] = [];
      const errors: IngestError[] = [];
      for (const archive of all.filter(isArchive)) {
        await ingestArchive(() => readArchiveFile(archive, { maxBytes: deps.maxBytes }), archive, displayPath(archive), { changes, plans, errors });
      }
      const parallelFrom = deps.parallelFrom ?? 24;
      if (parallelFrom > 0 && files.length >= parallelFrom) {
        let group: ParsedFile[] = [];
        const flush = () => {
          for (const r of storeGroup(group)) {
            if ("error" in r) errors.push(r.error);
            else {
              changes.push(r.change);
              plans.push({ ...summary(r.change.plan), source: r.source });
            }
          }
          group = [];
        };
        const pool = await parsePool();
        let closing: Promise<void> | null = null;
        try {
          let received = 0;
          for await (const [file, outcome] of parseInWorkers(pool, files)) {
            group.push({ source: displayPath(file), outcome });
            received++;
            // The last files are stored a task at a time: the workers are done by then, and a full
            // group written after the last file arrives would only add to the batch's time.
            if (group.length >= FILES_PER_TRANSACTION || (files.length - received < FILES_PER_TRANSACTION && group.length >= FILES_PER_TASK)) flush();
          }
          // The threads end while the last group is written.
          closing = pool.destroy();
          flush();
        } finally {
          await (closing ?? pool.destroy());
        }
        logger.info({ files: files.length, plans: plans.length, errors: errors.length }, "ingested batch");
        return finish(changes, plans, errors);
      }
      for (const file of files) {
        const source = displayPath(file);
        try {
          const doc = await (await loaders()).loadDocument(file, { maxBytes: deps.maxBytes });
          const change = store1(source, doc);
          changes.push(change);
          plans.push(reported(change, source, doc));
          logger.info({ source, id: change.plan.id, status: change.status, ocr: doc.ocr }, "ingested plan");
        } catch (err) {
          const e = toError(source, err);
          errors.push(e);
          logger.warn({ source, err: e.error }, "ingest failed");
        }
      }
      return finish(changes, plans, errors);
    },
    async ingestBuffer(buf, fileName, source, opts = {}) {
      if (isArchive(fileName)) {
        const out = { changes: [] as IngestChange[], plans: [] as PlanSummary[], errors: [] as IngestError[] };
        await ingestArchive(() => readArchive(buf, fileName, { maxBytes: deps.maxBytes }), fileName, source, out, opts);
        return finish(out.changes, out.plans, out.errors);
      }
      try {
        const doc = await loadBuffer(buf, fileName, {
          maxBytes: deps.maxBytes,
          onProgress: opts.onProgress ? (p) => opts.onProgress?.({ ...p, file: fileName }) : undefined,
        });
        const change = store1(source, doc);
        logger.info({ source, id: change.plan.id, status: change.status, ocr: doc.ocr }, "ingested upload");
        return finish([change], [doc.ocr ? { ...summary(change.plan), ocr: doc.ocr } : summary(change.plan)], []);
      } catch (err) {
        const e = toError(source, err);
        logger.warn({ source, err: e.error }, "ingest failed");
        return { plans: [], errors: [e] };
      }
    },
    async reparseStale() {
      const stale = store.stale();
      const changes: IngestChange[] = [];
      for (const s of stale) {
        try {
          changes.push({ plan: store.upsert(s.source, preparePlan(s.rawText, planForStore(parsePlan(s.rawText))), true).plan, status: "replaced" });
        } catch (err) {
          logger.error({ source: s.source, err }, "re-parse failed");
        }
      }
      if (changes.length && deps.onChanged) await deps.onChanged(changes);
      return changes.length;
    },
  };
}

export { UnsupportedFileError };
