// Runs an external command-line tool (tesseract, pdftoppm) with a time limit and typed failures.

import { execFile } from "node:child_process";

/** The tool's binary was not found (not installed, or not on PATH). */
export class ToolMissingError extends Error {
  constructor(readonly tool: string) {
    super(`${tool}: command not found`);
    this.name = "ToolMissingError";
  }
}

/** The tool ran but failed: non-zero exit, killed by the time limit, or output too large. */
export class ToolFailedError extends Error {
  constructor(
    readonly tool: string,
    readonly reason: string,
    readonly stderr: string,
  ) {
    super(`${tool} failed: ${reason}${stderr ? `: ${stderr.trim().split("\n").slice(-3).join(" / ")}` : ""}`);
    this.name = "ToolFailedError";
  }
}

export interface RunToolOptions {
  /** Kill the process after this many milliseconds. */
  timeoutMs: number;
  /** Extra environment variables (added to the current environment). */
  env?: Record<string, string>;
  /** Largest stdout accepted, in bytes; default 64 MB. */
  maxOutputBytes?: number;
}

/**
 * Runs `bin args...` without a shell and resolves with its stdout (UTF-8).
 * Rejects with ToolMissingError when the binary does not exist and ToolFailedError otherwise.
 */
export function runTool(bin: string, args: string[], opts: RunToolOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      bin,
      args,
      {
        timeout: opts.timeoutMs,
        killSignal: "SIGKILL",
        maxBuffer: opts.maxOutputBytes ?? 64 * 1024 * 1024,
        encoding: "utf8",
        env: { ...process.env, ...opts.env },
        windowsHide: true,
      },
      (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        const e = err as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null };
        if (e.code === "ENOENT") return reject(new ToolMissingError(bin));
        if (e.code === "ERR_CHILD_PROCESS_STDIO_MAXBUFFER") return reject(new ToolFailedError(bin, "output over the size limit", ""));
        if (e.killed || e.signal === "SIGKILL") return reject(new ToolFailedError(bin, `killed after ${opts.timeoutMs} ms`, String(stderr)));
        reject(new ToolFailedError(bin, `exit code ${String(e.code)}`, String(stderr)));
      },
    );
  });
}
