// Ingestion of scans, archives and bad files into a real store: OCR reads a scanned sample plan as well as its text, and every failure leaves the store unchanged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import JSZip from "jszip";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { IngestService } from "../../src/ingest/ingestService.js";
import { createPlanQueries } from "../../src/answer/planQueries.js";
import type { Db } from "../../src/store/db.js";
import { planForStore, preparePlan, type PlanStore } from "../../src/store/planStore.js";
import { openTempStore, type TempStore } from "../support/tempStore.js";
import { parsePlan } from "../../src/plan/parsePlan.js";

const samples = join(import.meta.dirname, "../../data/plans");
const fixtures = join(import.meta.dirname, "../fixtures");
const gold = JSON.parse(readFileSync(join(import.meta.dirname, "../../../shared/eval/seeds.gold.json"), "utf8")) as {
  duties: Array<{ plan: string; agency: string; must: string[] }>;
};

let dir: string;
let db: Db;
let store: PlanStore;
let ingest: IngestService;
let temp: TempStore;

beforeEach(() => {
  temp = openTempStore("ingest-formats-");
  ({ dir, db, store, ingest } = temp);
});
afterEach(() => temp.close());

const counts = () => temp.counts();

/** Section ids match when one is the other or an ancestor of it, as in ../shared/eval/score.mjs. */
const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/** Recall of the gold "must" duties of one sample plan, over the plan stored under `planId`. */
function dutyRecall(planFile: string, planId: string): number {
  const queries = createPlanQueries(store);
  let hit = 0;
  let all = 0;
  for (const c of gold.duties.filter((d) => d.plan === planFile)) {
    const items = queries.duties(c.agency, [planId]).items;
    for (const m of c.must) {
      all++;
      if (items.some((it) => related(it.section, m.split(":")[0]!))) hit++;
    }
  }
  return hit / all;
}

describe("a scanned sample plan", { timeout: 180_000 }, () => {
  test("reads with duty recall within 0.10 of its text version, and records that OCR read it", async () => {
    const text = await ingest.ingestPaths([join(samples, "trieu-son-2022.txt")]);
    expect(text.errors).toEqual([]);
    const textRecall = dutyRecall("trieu-son-2022.txt", text.plans[0]!.id);

    const scan = await ingest.ingestBuffer(readFileSync(join(fixtures, "ocr/trieu-son-2022.scan.pdf")), "trieu-son-2022.scan.pdf", "scan:trieu-son-2022.scan.pdf");
    expect(scan.errors).toEqual([]);
    expect(scan.plans[0]!.ocr).toEqual({ pages: 3, meanConfidence: expect.any(Number) });
    const scanRecall = dutyRecall("trieu-son-2022.txt", scan.plans[0]!.id);
    expect(textRecall - scanRecall).toBeLessThanOrEqual(0.1);
    expect(scan.plans[0]!.tasks).toBeGreaterThan(0);

    // The store records it, and a re-parse after a parser change keeps it.
    const stored = store.get(scan.plans[0]!.id)!;
    expect(stored.ocr).toEqual(scan.plans[0]!.ocr);
    const raw = store.rawText(stored.id)!;
    store.upsert(stored.source, preparePlan(raw, planForStore(parsePlan(raw))), true);
    expect(store.get(stored.id)!.ocr).toEqual(scan.plans[0]!.ocr);
    expect(store.get(text.plans[0]!.id)!.ocr).toBeUndefined();
  });
});

describe("archives", () => {
  test("a .zip of plans stores each good member and reports each bad one; names carry the archive", async () => {
    const zip = new JSZip();
    zip.file("van-ninh-2019.txt", readFileSync(join(samples, "van-ninh-2019.txt")));
    zip.file("thu-muc/hong.docx", "not a word file");
    zip.file("vu-thu-2024.txt", readFileSync(join(samples, "vu-thu-2024.txt")));
    const result = await ingest.ingestBuffer(await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }), "ke-hoach.zip", "telegram:ke-hoach.zip");
    expect(result.plans.map((p) => p.source)).toEqual(["telegram:ke-hoach.zip/van-ninh-2019.txt", "telegram:ke-hoach.zip/vu-thu-2024.txt"]);
    expect(result.errors.map((e) => [e.source, e.userMessage])).toEqual([["telegram:ke-hoach.zip/thu-muc/hong.docx", expect.stringMatching(/"thu-muc\/hong.docx" bị hỏng|"hong.docx" bị hỏng/)]]);
    expect(counts().plans).toBe(2);
  });

  test("a folder with a .zip in it ingests the members", async () => {
    const zip = new JSZip();
    zip.file("trieu-son-2022.txt", readFileSync(join(samples, "trieu-son-2022.txt")));
    const path = join(dir, "goi.zip");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(path, await zip.generateAsync({ type: "nodebuffer" }));
    const result = await ingest.ingestPaths([dir]);
    expect(result.errors).toEqual([]);
    expect(result.plans.map((p) => p.source)).toEqual([expect.stringMatching(/goi\.zip\/trieu-son-2022\.txt$/)]);
  });
});

describe("bad files: one clear error each, the store unchanged", { timeout: 120_000 }, () => {
  const bomb = async () => new JSZip().file("bom.txt", Buffer.alloc(30 * 1024 * 1024)).generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  test.each([
    ["a corrupt .doc", "hong.doc", async () => readFileSync(join(fixtures, "formats/plan.doc")).subarray(0, 2048), /bị hỏng/],
    ["an encrypted PDF", "mat-khau.pdf", async () => readFileSync(join(fixtures, "formats/encrypted.pdf")), /mật khẩu/],
    ["a zero-page PDF", "khong-trang.pdf", async () => Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"), /trống|bị hỏng/],
    ["a 0-byte image", "rong.jpg", async () => Buffer.alloc(0), /trống/],
    ["a zip bomb", "bom.zip", bomb, /quá lớn/],
    ["a picture of a cat", "meo.jpg", async () => readFileSync(join(fixtures, "ocr/cat.jpg")), /Không nhận dạng được chữ/],
    ["a spreadsheet that is not one", "bang.xlsx", async () => Buffer.from("STT;Nội dung"), /bảng tính/],
  ])("%s", async (_label, name, bytes, message) => {
    await ingest.ingestPaths([join(samples, "van-ninh-2019.txt")]);
    const before = counts();
    const result = await ingest.ingestBuffer(await bytes(), name, `telegram:${name}`);
    expect(result.plans).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.userMessage).toMatch(message);
    expect(counts()).toEqual(before);
  });
});
