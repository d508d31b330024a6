/**
 * Downloads a chat attachment over HTTP, refusing it once it grows past the
 * upload limit (MAX_FILE_MB), so a large file never sits whole in memory.
 */
import { UnsupportedFileError } from "../core/errors.js";
import { messages } from "../bot/messages.js";

/** The "file too large" error of an upload: a clear Vietnamese message with both sizes. */
export const fileTooLarge = (fileName: string, size: number, maxBytes: number): UnsupportedFileError =>
  new UnsupportedFileError(fileName, `file is ${size} bytes, limit ${maxBytes}`, messages.napTooBig(size / (1024 * 1024), Math.round(maxBytes / (1024 * 1024))));

export interface DownloadOptions {
  fileName: string;
  maxBytes: number;
  fetch?: typeof fetch;
  /** Give up after this long (ms); default 60 s. */
  timeoutMs?: number;
}

/** The body of `url`, at most `maxBytes` long; errors name the HTTP status or the network failure, never the URL. */
export async function downloadLimited(url: string, opts: DownloadOptions): Promise<Buffer> {
  const doFetch = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(url, { signal: AbortSignal.timeout(opts.timeoutMs ?? 60_000) });
  } catch (err) {
    throw new Error(`file download failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!res.ok || !res.body) throw new Error(`file download failed: HTTP ${res.status}`);
  const declared = Number(res.headers.get("content-length") ?? NaN);
  if (declared > opts.maxBytes) {
    await res.body.cancel().catch(() => undefined);
    throw fileTooLarge(opts.fileName, declared, opts.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > opts.maxBytes) throw fileTooLarge(opts.fileName, size, opts.maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
