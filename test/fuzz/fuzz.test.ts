// A short, fixed-seed run of the fuzzer's mutations in process: every mutated document of every type gives a result or one AppError.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as XLSX from "@e965/xlsx";
import JSZip from "jszip";
import { describe, expect, test } from "vitest";
import { AppError } from "../../src/core/errors.js";
import { isArchive, loadBuffer, readArchive } from "../../src/loaders/index.js";
import { parsePlan } from "../../src/plan/parsePlan.js";
import { createRandom, mutateBytes, mutateZipMember } from "../../scripts/fuzz/mutate.js";

const root = join(import.meta.dirname, "../..");
const file = (path: string) => readFileSync(join(root, path));

/** An annex workbook, as .xlsx or .xls. */
const workbook = (bookType: "xlsx" | "biff8"): Buffer => {
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["PHỤ LỤC"], ["STT", "Nội dung", "Chủ trì", "Thời hạn"], [1, "Hội nghị", "Sở Nội vụ", "Quý II"]]), "Phụ lục");
  return XLSX.write(book, { type: "buffer", bookType }) as Buffer;
};

/** Extension, seed, zip-based, documents (images run real OCR: a few only). */
const SEEDS: Array<[string, () => Promise<Buffer> | Buffer, boolean, number]> = [
  [".txt", () => Buffer.from(file("data/plans/van-ninh-2019.txt").toString("utf8").slice(0, 4000)), false, 40],
  [".pdf", () => file("test/fixtures/vietnamese-text.pdf"), false, 40],
  [".doc", () => file("test/fixtures/formats/plan.doc"), false, 40],
  [".rtf", () => file("test/fixtures/formats/plan.rtf"), false, 40],
  [".odt", () => file("test/fixtures/formats/plan.odt"), true, 40],
  [".xlsx", () => workbook("xlsx"), true, 40],
  [".xls", () => workbook("biff8"), false, 40],
  [".zip", () => new JSZip().file("a.txt", "Kế hoạch\nI. MỤC ĐÍCH\n1. Sở Nội vụ chủ trì").file("b.rtf", file("test/fixtures/formats/plan.rtf")).generateAsync({ type: "nodebuffer" }), true, 40],
  [".tif", () => file("test/fixtures/ocr/heading.tif"), false, 5],
];

describe("fuzz (short run, seed 7)", { timeout: 300_000 }, () => {
  test.each(SEEDS)("mutated %s documents: a result or one clear error each", async (ext, seed, zipBased, count) => {
    const random = createRandom(7);
    const original = await seed();
    const outcomes = { ok: 0, error: 0 };
    for (let i = 0; i < count; i++) {
      const bytes = zipBased && i % 2 === 0 ? await mutateZipMember(original, random) : mutateBytes(original, random);
      const name = `fuzz-${i}${ext}`;
      try {
        if (isArchive(name)) {
          for (const entry of await readArchive(bytes, name)) {
            if ("data" in entry) await loadBuffer(entry.data, entry.fileName).then((d) => parsePlan(d.text)).catch((e: unknown) => expect(e).toBeInstanceOf(AppError));
          }
        } else {
          parsePlan((await loadBuffer(bytes, name)).text);
        }
        outcomes.ok++;
      } catch (err) {
        expect(err, `${name}: ${String(err)}`).toBeInstanceOf(AppError);
        expect((err as AppError).userMessage).toMatch(/[ăâđêôơưàáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]/iu);
        outcomes.error++;
      }
    }
    expect(outcomes.ok + outcomes.error).toBe(count);
  });
});
