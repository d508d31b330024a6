// Entry of the loader process (forked by isolatedExtract.ts): runs one extractor per request on the bytes it is sent.
// Whatever a damaged file does to a library here (a fatal V8 error, running out of memory, an endless loop), only
// this process dies or is killed; the bot and its store carry on.

import { EXTRACTORS, type ExtractorName } from "./extractors.js";

export interface ExtractRequest {
  id: number;
  kind: ExtractorName;
  bytes: Uint8Array;
}

export type ExtractReply = ({ id: number; ok: true; value: unknown } | { id: number; ok: false; name: string; message: string }) & {
  /** Live heap after the request, in MB: the parent replaces a process that keeps too much (a library's leak or cache). */
  heapUsedMb: number;
};

// Libraries print warnings about damaged input (xmldom, SheetJS, pdf.js); the outcome is what counts.
for (const method of ["log", "info", "warn", "error", "debug"] as const) console[method] = () => {};

const send = (reply: ExtractReply | { ready: true }): void => {
  process.send?.(reply);
};

const heapUsedMb = (): number => process.memoryUsage().heapUsed / 2 ** 20;

process.on("message", (request: ExtractRequest) => {
  const buf = Buffer.from(request.bytes.buffer, request.bytes.byteOffset, request.bytes.byteLength);
  EXTRACTORS[request.kind](buf).then(
    (value) => send({ id: request.id, ok: true, value, heapUsedMb: heapUsedMb() }),
    (err: unknown) =>
      send({
        id: request.id,
        ok: false,
        name: err instanceof Error ? err.name : "Error",
        message: err instanceof Error ? err.message : String(err),
        heapUsedMb: heapUsedMb(),
      }),
  );
});
// The parent is gone (it exited or was killed): nobody is waiting for an answer.
process.on("disconnect", () => process.exit(0));
// A rejection nobody awaits (a library's stray promise) must not end the process between requests.
process.on("unhandledRejection", () => {});
send({ ready: true });
