// A fuzz worker process (worker.ts) and one document through it: used by the fuzzer (run.ts) and by replay.ts.

import { type ChildProcess, fork } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { crashCause } from "../../src/loaders/isolatedExtract.js";
import type { FuzzOutcome, FuzzTask } from "./worker.js";

export interface FuzzWorker {
  child: ChildProcess;
  stderr: { tail: string };
}

/** What became of one document: the worker's answer, no answer in time (the worker must be replaced), or the worker died. */
export type FuzzResult = FuzzOutcome | "hang" | { died: string };

/** A new worker process, once it has loaded its modules and started its loader process (not charged to a document). */
export function startWorker(heapMb: number): Promise<FuzzWorker> {
  return new Promise((resolve, reject) => {
    const child = fork(join(import.meta.dirname, "worker.ts"), [], {
      execArgv: ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href],
      env: { ...process.env, FUZZ_HEAP_MB: String(heapMb) },
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    const stderr = { tail: "" };
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (stderr.tail = (stderr.tail + chunk).slice(-4000)));
    child.once("exit", (code) => reject(new Error(`fuzz worker exited with code ${code} before it was ready: ${stderr.tail}`)));
    child.once("message", () => resolve({ child, stderr }));
  });
}

/** Sends one document to a worker and waits for its outcome, at most killMs. */
export function runOne(worker: FuzzWorker, task: FuzzTask, killMs: number): Promise<FuzzResult> {
  const { child } = worker;
  return new Promise((resolve) => {
    const timer = setTimeout(() => done("hang"), killMs);
    const onMessage = (m: FuzzOutcome) => {
      if (m.id === task.id) done(m);
    };
    const onExit = (code: number | null, signal: string | null) => done({ died: `${signal ? `signal ${signal}` : `code ${code}`}: ${crashCause(worker.stderr.tail)}` });
    const done = (r: FuzzResult) => {
      clearTimeout(timer);
      child.off("message", onMessage);
      child.off("exit", onExit);
      resolve(r);
    };
    child.on("message", onMessage);
    child.on("exit", onExit);
    child.send(task);
  });
}

/** Stops a worker and waits for it to exit (so that its CPU time is counted). */
export async function stopWorker(worker: FuzzWorker, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.child.once("exit", resolve));
  worker.child.kill(signal);
  await exited;
}
