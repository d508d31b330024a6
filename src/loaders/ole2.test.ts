// Table tests of the OLE2 header check on a real .doc and on damaged copies of its header.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { checkOle2Header } from "./ole2.js";

const doc = readFileSync(fileURLToPath(new URL("../../test/fixtures/formats/plan.doc", import.meta.url)));
const patched = (offset: number, value: number, bytes: 2 | 4 = 4) => {
  const b = Buffer.from(doc);
  if (bytes === 2) b.writeUInt16LE(value, offset);
  else b.writeUInt32LE(value, offset);
  return b;
};

describe("checkOle2Header", () => {
  test("a real .doc passes", () => {
    expect(() => checkOle2Header(doc)).not.toThrow();
  });

  test.each([
    ["a million FAT sectors (found by the fuzzer)", patched(0x2c, 1_048_577), /1048577 FAT sectors/],
    ["too many mini FAT sectors", patched(0x40, 99_999), /mini FAT/],
    ["too many DIFAT sectors", patched(0x48, 70_000), /DIFAT/],
    ["a directory past the end", patched(0x30, 5000), /directory starts at sector 5000/],
    ["a sector shift of 20", patched(0x1e, 20, 2), /sector shift 20/],
    ["a short file", doc.subarray(0, 100), /signature|header/],
    ["another signature", Buffer.concat([Buffer.from("PK\u0003\u0004"), doc.subarray(4)]), /signature/],
  ])("%s is refused", (_label, buf, message) => {
    expect(() => checkOle2Header(buf)).toThrow(message);
  });
});
