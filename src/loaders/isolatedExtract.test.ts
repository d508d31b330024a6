// The loader process: a reader that runs past its time limit or dies (out of memory, a fatal V8 error) is one clear
// error for that file, and the next file reads as usual. Real child processes, real files, real limits.

import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { DocumentTooComplexError, LoaderCrashedError } from "../core/errors.js";
import { loadBuffer } from "./index.js";
import { crashCause, extractIsolated, loaderProcessesStarted } from "./isolatedExtract.js";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const fixture = (path: string) => readFile(join(FIXTURES, path));

async function rejection(load: Promise<unknown>): Promise<unknown> {
  return load.then(
    () => undefined,
    (e: unknown) => e,
  );
}

describe("loader process limits", () => {
  test("a file still being read at the time limit is one DocumentTooComplexError, and the next file reads", async () => {
    const pdf = await fixture("vietnamese-text.pdf");
    // No reader answers within 1 ms (the bytes alone take longer to reach it): the limit is what stops it here.
    const err = await rejection(loadBuffer(pdf, "cham.pdf", { extractLimits: { timeoutMs: 1 } }));
    expect(err).toBeInstanceOf(DocumentTooComplexError);
    const e = err as DocumentTooComplexError;
    expect(e.code).toBe("document_too_complex");
    expect(e.message).toMatch(/^cham\.pdf: reading stopped: pdf extraction took longer than 1 ms$/);
    expect(e.userMessage).toMatch(/^Tệp "cham\.pdf" quá phức tạp hoặc bị hỏng/);

    const doc = await loadBuffer(pdf, "tiep-theo.pdf");
    expect(doc.text).toContain("Cơ quan chủ trì: Phòng Văn hóa và Thông tin");
  });

  test("a reader that runs out of memory is one LoaderCrashedError naming V8's fatal error; this process and the next file are unharmed", async () => {
    const pdf = await fixture("vietnamese-text.pdf");
    // pdf.js does not fit an 8 MB heap (at 12 MB it sometimes did on a busy machine): V8 aborts the loader process, as it did on fuzzed files that allocated without bound.
    const err = await rejection(loadBuffer(pdf, "nang.pdf", { extractLimits: { heapMb: 8 } }));
    expect(err).toBeInstanceOf(LoaderCrashedError);
    const e = err as LoaderCrashedError;
    expect(e.code).toBe("loader_crashed");
    expect(e.message).toMatch(/^nang\.pdf: reader process crashed: pdf loader process exited \(signal SIGABRT\): FATAL ERROR: .*heap out of memory/);
    expect(e.userMessage).toBe('Không đọc được tệp "nang.pdf": tệp bị hỏng khiến bộ đọc phải dừng; vui lòng mở tệp, lưu lại rồi gửi lại.');

    const doc = await loadBuffer(pdf, "tiep-theo.pdf");
    expect(doc.text).toContain("Cơ quan chủ trì: Phòng Văn hóa và Thông tin");
  });

  test("a process left holding over half its heap after a file is replaced; one that is not is kept", async () => {
    // A fuzzed .doc ran a loader process out of memory although it is refused in milliseconds on its own: what earlier
    // files left in the heap (library caches, leaks) filled it. pdf.js keeps more than 12 MB live after a file.
    const pdf = await fixture("vietnamese-text.pdf");
    let before = loaderProcessesStarted();
    for (let i = 0; i < 3; i++) await loadBuffer(pdf, `nho-${i}.pdf`, { extractLimits: { heapMb: 24 } });
    expect(loaderProcessesStarted() - before).toBe(3);
    before = loaderProcessesStarted();
    for (let i = 0; i < 3; i++) await loadBuffer(pdf, `lon-${i}.pdf`);
    expect(loaderProcessesStarted() - before).toBeLessThanOrEqual(1);
  });

  test("an extractor's own error keeps its name and message", async () => {
    const err = await rejection(extractIsolated("pdf", Buffer.from("%PDF-1.4 not really"), "hong.pdf"));
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(LoaderCrashedError);
    expect((err as Error).name).toBe("InvalidPDFException");
  });

  test("requests beyond the number of loader processes wait their turn and all complete", async () => {
    const odt = await fixture("formats/plan.odt");
    const texts = await Promise.all(Array.from({ length: 8 }, (_, i) => loadBuffer(odt, `plan-${i}.odt`).then((d) => d.text)));
    expect(new Set(texts).size).toBe(1);
    expect(texts[0]).toContain("Tuyên truyền về biển, đảo");
  });
});

describe("crashCause", () => {
  test.each([
    [
      "heap out of memory",
      "<--- Last few GCs --->\n[1:0x1]  17174 ms: Scavenge 1019.9 (1038.0) -> 1019.9 (1039.0) MB\n\n<--- JS stacktrace --->\n\nFATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n----- Native stack trace -----\n\n 1: 0xb78db3 node::OOMErrorHandler(char const*, v8::OOMDetails const&) [node]\n",
      "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory",
    ],
    [
      "array past V8's size limit",
      "\n\n#\n# Fatal error in , line 0\n# Fatal JavaScript invalid size error 169220804 (see crbug.com/1201626)\n#\n#\n#\n#FailureMessage Object: 0x7f692bbf8840\n----- Native stack trace -----\n\n 1: 0xd32b41  [/usr/bin/node]\n",
      "Fatal JavaScript invalid size error 169220804 (see crbug.com/1201626)",
    ],
    ["an uncaught exception", "file:///x.js:3\n    throw new RangeError('bad');\n    ^\n\nRangeError: bad\n    at f (file:///x.js:3:11)\n", "RangeError: bad"],
    ["nothing said", "", ""],
    ["only a last line", "something odd\nsegmentation fault\n", "segmentation fault"],
  ])("%s", (_label, stderr, cause) => {
    expect(crashCause(stderr)).toBe(cause);
  });
});
