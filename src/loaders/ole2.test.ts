// Table tests of the OLE2 header check on a real .doc and on damaged copies of its header.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { checkOle2Chains, checkOle2Directory, checkOle2Header } from "./ole2.js";

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

/** The directory of plan.doc starts at this offset: 128-byte entries, sibling and child pointers at +68, +72, +76. */
const DIRECTORY = 10752;
const entry = (i: number, field: "L" | "R" | "C") => DIRECTORY + 128 * i + { L: 68, R: 72, C: 76 }[field];

describe("checkOle2Directory", () => {
  test("the tree of a real .doc passes", () => {
    expect(() => checkOle2Directory(doc)).not.toThrow();
  });

  test.each([
    ["a child pointing back to the root", patched(entry(3, "C"), 0), /entry 0 is pointed to twice/],
    ["a sibling pointing to its own left sibling (a cycle)", patched(entry(2, "R"), 2), /entry 2 is pointed to twice/],
    ["a free entry pointing into the tree (found by the fuzzer in an .xls)", patched(entry(7, "L"), 5), /entry 5 is pointed to twice \(entries 4 and 7\)/],
    ["a pointer past the directory", patched(entry(6, "R"), 5000), /points to entry 5000/],
  ])("%s is refused", (_label, buf, message) => {
    expect(() => checkOle2Directory(buf)).toThrow(message);
  });

  test("a free entry filled with zeros is left alone", () => {
    const b = Buffer.from(doc);
    for (const field of ["L", "R", "C"] as const) b.writeUInt32LE(0, entry(7, field));
    expect(() => checkOle2Directory(b)).not.toThrow();
  });
});

/** plan.doc: 512-byte sectors, its FAT in sector 0, its directory at sector 20, its mini FAT in sector 2. */
const fatEntry = (sector: number) => 512 * (0 + 1) + 4 * sector;
const miniFatEntry = (miniSector: number) => 512 * (2 + 1) + 4 * miniSector;
const withEntries = (entries: Array<[number, number]>) => {
  const b = Buffer.from(doc);
  for (const [offset, value] of entries) b.writeUInt32LE(value, offset);
  return b;
};

describe("checkOle2Chains", () => {
  test("the chains of a real .doc all end", () => {
    expect(() => checkOle2Chains(doc)).not.toThrow();
  });

  test.each([
    ["a sector that is its own next", withEntries([[fatEntry(20), 20]]), /FAT chain through sector 20 loops back/],
    ["two sectors that lead to each other (as in a .doc found by the fuzzer)", withEntries([[fatEntry(20), 21], [fatEntry(21), 20]]), /FAT chain through sector (20|21) loops back/],
    ["a loop in the mini FAT", withEntries([[miniFatEntry(0), 1], [miniFatEntry(1), 0]]), /mini FAT chain through sector (0|1) loops back/],
  ])("%s is refused", (_label, buf, message) => {
    expect(() => checkOle2Chains(buf)).toThrow(message);
  });
});
