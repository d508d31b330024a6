// Runs the extractors for untrusted binary files (PDF, Word, OpenDocument, RTF, spreadsheets, image headers) in
// child processes with a heap limit, a resident-memory watchdog and a time limit. A damaged file that makes a library
// loop, allocate without bound or abort V8 costs one child process, replaced on the next request, and becomes one
// clear error (DocumentTooComplexError, LoaderCrashedError) instead of stopping the bot.

import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { basename } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DocumentTooComplexError, LoaderCrashedError } from "../core/errors.js";
import type { ExtractorName, ExtractorResult } from "./extractors.js";
import type { ExtractReply, ExtractRequest } from "./loaderProcess.js";

/** Limits of one extraction; the defaults fit a 20 MB plan file with room to spare. */
export interface ExtractLimits {
  /** Wall-clock time for one file; default 20 s. */
  timeoutMs: number;
  /** V8 heap of a loader process (--max-old-space-size); default 1024 MB. */
  heapMb: number;
  /** Resident memory of a loader process (heap, buffers and native memory); default 1536 MB. */
  rssMb: number;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = { timeoutMs: 20_000, heapMb: 1024, rssMb: 1536 };

/** Loader processes at most (each reads one file at a time); further requests wait. */
const MAX_PROCESSES = Math.max(1, Math.min(availableParallelism(), 4));
/** A process whose live heap after a file is over this share of its limit is replaced (libraries keep caches, some leak). */
const RETIRE_HEAP_FRACTION = 0.5;
/** How often a busy process's resident memory is checked. */
const RSS_POLL_MS = 100;
/** A process that has not started within this time is taken for broken. */
const START_TIMEOUT_MS = 60_000;
/** Characters of a dead process's stderr kept for the log (V8 prints its fatal error there, before a native stack trace). */
const STDERR_TAIL = 16_000;

interface LoaderProcess {
  child: ChildProcess;
  heapMb: number;
  ready: Promise<void>;
  busy: boolean;
  stderrTail: string;
  /** Set when the process holds too much heap after a file: it is stopped instead of kept. */
  retireAfterUse: boolean;
}

const idle: LoaderProcess[] = [];
let running = 0;
const waiting: Array<() => void> = [];
let nextId = 0;
let started = 0;

/** Loader processes started so far by this module (a replaced process counts again). */
export function loaderProcessesStarted(): number {
  return started;
}

/**
 * Runs extractor `kind` on `buf` in a loader process and returns its result. The
 * extractor's own errors come back as Errors with the same name and message;
 * past the time or memory limit the process is killed and DocumentTooComplexError
 * is thrown; if the process dies, LoaderCrashedError. `fileName` names the file in
 * those errors.
 */
export async function extractIsolated<K extends ExtractorName>(
  kind: K,
  buf: Buffer,
  fileName: string,
  limits: Partial<ExtractLimits> = {},
): Promise<ExtractorResult<K>> {
  const { timeoutMs, heapMb, rssMb } = { ...DEFAULT_EXTRACT_LIMITS, ...limits };
  const proc = await acquire(heapMb);
  let healthy = false;
  try {
    try {
      await proc.ready;
    } catch (err) {
      throw new LoaderCrashedError(basename(fileName), `${kind} loader process did not start: ${(err as Error).message}`);
    }
    const value = await request(proc, kind, buf, basename(fileName), timeoutMs, rssMb);
    healthy = true;
    return value as ExtractorResult<K>;
  } catch (err) {
    // An extractor's own error leaves its process usable.
    healthy = !(err instanceof DocumentTooComplexError || err instanceof LoaderCrashedError) && proc.child.exitCode === null && proc.child.signalCode === null;
    throw err;
  } finally {
    release(proc, healthy);
  }
}

/** Starts loader processes ahead of use (the first file then does not wait for one to start); resolves when they are up. */
export async function warmUpLoaderProcesses(count = 1, heapMb = DEFAULT_EXTRACT_LIMITS.heapMb): Promise<void> {
  const procs: LoaderProcess[] = [];
  for (let i = 0; i < Math.min(count, MAX_PROCESSES); i++) procs.push(await acquire(heapMb));
  await Promise.allSettled(procs.map((p) => p.ready));
  for (const p of procs) release(p, p.child.exitCode === null && p.child.signalCode === null);
}

function request(proc: LoaderProcess, kind: ExtractorName, buf: Buffer, name: string, timeoutMs: number, rssMb: number): Promise<unknown> {
  const { child } = proc;
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const stop = (err: Error) => {
      cleanup();
      child.kill("SIGKILL");
      reject(err);
    };
    const onMessage = (m: ExtractReply) => {
      if (!("id" in m) || m.id !== id) return;
      cleanup();
      // Garbage not yet collected counts too: a process past half its heap after a file is replaced before it runs out.
      if (m.heapUsedMb > proc.heapMb * RETIRE_HEAP_FRACTION) proc.retireAfterUse = true;
      if (m.ok) resolve(m.value);
      else reject(Object.assign(new Error(m.message), { name: m.name }));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      cleanup();
      const cause = crashCause(proc.stderrTail);
      reject(new LoaderCrashedError(name, `${kind} loader process exited (${signal ? `signal ${signal}` : `code ${code}`})${cause ? `: ${cause}` : ""}`));
    };
    const timer = setTimeout(() => stop(new DocumentTooComplexError(name, `${kind} extraction took longer than ${timeoutMs} ms`)), timeoutMs);
    const statm = `/proc/${child.pid}/statm`;
    const poll = setInterval(() => {
      const rss = residentMb(statm);
      if (rss > rssMb) stop(new DocumentTooComplexError(name, `${kind} extraction used ${Math.round(rss)} MB of memory, over the limit of ${rssMb} MB`));
    }, RSS_POLL_MS);
    const cleanup = () => {
      clearTimeout(timer);
      clearInterval(poll);
      child.off("message", onMessage);
      child.off("exit", onExit);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    const message: ExtractRequest = { id, kind, bytes: buf };
    child.send(message, (err) => {
      if (err) stop(new LoaderCrashedError(name, `cannot send the file to the ${kind} loader process: ${err.message}`));
    });
  });
}

/** The line of a dead process's stderr that says why (V8's "FATAL ERROR: ..." or "Fatal JavaScript ..."), else its last line. */
export function crashCause(stderr: string): string {
  const lines = stderr
    .split("\n")
    .map((l) => l.replace(/^#\s*/, "").trim())
    .filter((l) => l !== "");
  return (lines.find((l) => /^(?:FATAL ERROR:|Fatal JavaScript|Fatal process|Error:|\w*Error:)/.test(l)) ?? lines.at(-1) ?? "").slice(0, 300);
}

/** Whether the child (its handle and its IPC channel) keeps this process alive: only while it reads a file. */
function hold(child: ChildProcess, on: boolean): void {
  const channel = child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
  if (on) {
    child.ref();
    channel?.ref?.();
  } else {
    child.unref();
    channel?.unref?.();
  }
}

/** Resident memory of a process in MB from /proc (Linux); 0 where /proc is not there. */
function residentMb(statm: string): number {
  try {
    return (Number(readFileSync(statm, "utf8").split(" ")[1]) * 4096) / (1024 * 1024);
  } catch {
    return 0;
  }
}

async function acquire(heapMb: number): Promise<LoaderProcess> {
  for (;;) {
    const i = idle.findIndex((p) => p.heapMb === heapMb);
    if (i >= 0) {
      const proc = idle.splice(i, 1)[0]!;
      proc.busy = true;
      hold(proc.child, true);
      return proc;
    }
    if (running < MAX_PROCESSES) {
      running++;
      return start(heapMb);
    }
    // A process kept idle with other limits gives way to this request.
    if (idle.length > 0) {
      retire(idle.shift()!);
      continue;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

function release(proc: LoaderProcess, healthy: boolean): void {
  proc.busy = false;
  if (healthy && !proc.retireAfterUse) {
    proc.stderrTail = "";
    hold(proc.child, false);
    idle.push(proc);
  } else retire(proc);
  waiting.shift()?.();
}

function retire(proc: LoaderProcess): void {
  const i = idle.indexOf(proc);
  if (i >= 0) idle.splice(i, 1);
  if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill("SIGKILL");
  running--;
}

/** The loader process entry and the Node options it needs (tsx to load TypeScript when this module runs from source). */
function entryPoint(): { file: string; execArgv: string[] } {
  const fromSource = import.meta.url.endsWith(".ts");
  const file = fileURLToPath(new URL(`./loaderProcess.${fromSource ? "ts" : "js"}`, import.meta.url));
  const execArgv = fromSource ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href] : [];
  return { file, execArgv };
}

function start(heapMb: number): LoaderProcess {
  started++;
  const { file, execArgv } = entryPoint();
  const child = fork(file, [], {
    execArgv: [...execArgv, `--max-old-space-size=${heapMb}`],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const proc: LoaderProcess = { child, heapMb, busy: true, stderrTail: "", retireAfterUse: false, ready: Promise.resolve() };
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (chunk: string) => {
    proc.stderrTail = (proc.stderrTail + chunk).slice(-STDERR_TAIL);
  });
  // Neither the pipe nor the channel keeps the parent alive when nothing is being read.
  (child.stderr as unknown as { unref?: () => void })?.unref?.();
  proc.ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no sign of life within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const onMessage = (m: unknown) => {
      if (m && typeof m === "object" && "ready" in m) done();
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      done(new Error(`exited (${signal ? `signal ${signal}` : `code ${code}`}): ${crashCause(proc.stderrTail)}`));
    const onError = (err: Error) => done(err);
    const done = (err?: Error) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      child.off("error", onError);
      if (err) reject(err);
      else resolve();
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    child.on("error", onError);
  });
  proc.ready.catch(() => {});
  // A process killed while idle (by the system) is dropped from the pool.
  child.on("exit", () => {
    if (!proc.busy && idle.includes(proc)) retire(proc);
  });
  return proc;
}
