// A large folder goes through the batch path (parse workers, groups of files per transaction): the same
// store as file-by-file ingestion, one clear error per bad file, and a file that fails while being
// written leaves no trace while the rest of its group is kept. Runs the built code (dist/, compiled by
// the test setup), as the CLI does: the parse workers load the built worker module.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { DIST } from "../../scripts/build.mjs";
import { toTcvn3 } from "../fixtures/legacy-vietnamese.js";

type Built<T> = Promise<T>;
const built = async <T>(module: string): Built<T> => (await import(pathToFileURL(join(DIST, module)).href)) as T;
const { createIngestService } = await built<typeof import("../../src/ingest/ingestService.js")>("ingest/ingestService.js");
const { openDatabase } = await built<typeof import("../../src/store/db.js")>("store/db.js");
const { createPlanStore } = await built<typeof import("../../src/store/planStore.js")>("store/planStore.js");
const { silentLogger } = await built<typeof import("../../src/core/logger.js")>("core/logger.js");

const samples = join(import.meta.dirname, "../../data/plans");
let work: string;
let folder: string;

/** 30 good plans (the samples, each in six versions) and four bad files among them. */
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "ingest-batch-"));
  folder = join(work, "plans");
  mkdirSync(folder);
  const bases = readdirSync(samples).filter((f) => f.endsWith(".txt")).sort();
  for (const [b, base] of bases.entries()) {
    const text = readFileSync(join(samples, base), "utf8");
    for (let v = 0; v < 6; v++) writeFileSync(join(folder, `${String(b * 6 + v).padStart(2, "0")}-${base}`), `${text}\n\nGhi chú: bản số ${v + 1}.\n`);
  }
  writeFileSync(join(folder, "03-empty.txt"), "");
  writeFileSync(join(folder, "07-legacy.txt"), toTcvn3(readFileSync(join(samples, bases[0] as string), "utf8")));
  writeFileSync(join(folder, "11-note.txt"), "Ghi chú cuộc họp: không có mục nào.\n");
  writeFileSync(join(folder, "19-broken.md"), "\u0000\u0001binary");
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function openStore(name: string, parallelFrom: number) {
  const db = openDatabase(join(work, name));
  const store = createPlanStore(db);
  const changed: string[] = [];
  const ingest = createIngestService({ store, logger: silentLogger, parallelFrom, onChanged: async (changes) => void changed.push(...changes.map((c) => c.plan.id)) });
  const count = (table: string) => (db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
  const counts = () => Object.fromEntries(["plans", "plan_docs", "plan_spans", "period_sections", "span_groups", "deadlines"].map((t) => [t, count(t)]));
  return { db, store, ingest, counts, changed };
}

test("the batch path stores what file-by-file ingestion stores, with one error per bad file", async () => {
  const one = openStore("one-by-one", 0);
  const batch = openStore("batch", 2);
  const a = await one.ingest.ingestPaths([folder]);
  const b = await batch.ingest.ingestPaths([folder]);

  expect(b.plans.map((p) => [p.id, p.sections, p.tasks, p.deadlines])).toEqual(a.plans.map((p) => [p.id, p.sections, p.tasks, p.deadlines]));
  expect(b.plans).toHaveLength(30);
  expect(batch.counts()).toEqual(one.counts());
  expect(b.errors.map((e) => e.source.split("/").pop()).sort()).toEqual(["03-empty.txt", "07-legacy.txt", "11-note.txt", "19-broken.md"]);
  expect(b.errors.map((e) => e.error)).toEqual(a.errors.map((e) => e.error));
  for (const e of b.errors) expect(e.userMessage).toMatch(/Tệp "/);
  expect(batch.store.deadlines().map((d) => [d.planId, d.due])).toEqual(one.store.deadlines().map((d) => [d.planId, d.due]));
  // The text and the parsed plan are packed on the workers: the same bytes as packed while writing.
  const stored = (db: typeof one.db, table: string, column: string) => db.prepare(`SELECT plan_id, ${column} v FROM ${table} ORDER BY plan_id`).all();
  expect(stored(batch.db, "plan_docs", "doc")).toEqual(stored(one.db, "plan_docs", "doc"));

  // Ingesting the same folder again changes nothing.
  const before = batch.counts();
  const again = await batch.ingest.ingestPaths([folder]);
  expect(again.plans.map((p) => p.id)).toEqual(b.plans.map((p) => p.id));
  expect(batch.counts()).toEqual(before);
  one.db.close();
  batch.db.close();
});

/** The plan whose write fails in the tests below. */
const victim = "20-van-ninh-2019";

/**
 * Ingests the folder while a real database failure hits halfway through the victim's write (its plan,
 * text and spans are written, and two of its six span groups, when the third cannot be inserted):
 * `ABORT` ends the statement, `ROLLBACK` the whole transaction. Checks that the victim alone failed,
 * with that error, and the 29 other plans were stored.
 */
async function ingestWithFailingWrite(storeName: string, raise: "ABORT" | "ROLLBACK", error: string) {
  const batch = openStore(storeName, 2);
  batch.db.exec(`CREATE TRIGGER fail_write BEFORE INSERT ON span_groups
    WHEN NEW.plan_id = '${victim}' AND (SELECT count(*) FROM span_groups WHERE plan_id = NEW.plan_id) = 2
    BEGIN SELECT RAISE(${raise}, '${error}'); END`);
  const r = await batch.ingest.ingestPaths([folder]);
  expect(r.errors.filter((e) => e.error.includes(error)).map((e) => e.source.split("/").pop())).toEqual([`${victim}.txt`]);
  expect(r.errors).toHaveLength(5);
  expect(r.plans).toHaveLength(29);
  expect(batch.store.list()).toHaveLength(29);
  return { batch, r };
}

test("a file that fails while being written leaves no rows; the rest of its group is stored", async () => {
  const { batch } = await ingestWithFailingWrite("failing", "ABORT", "disk full");
  for (const table of ["plans", "plan_docs", "plan_spans", "period_sections", "span_groups", "deadlines"]) {
    const column = table === "plans" ? "id" : "plan_id";
    expect((batch.db.prepare(`SELECT count(*) n FROM ${table} WHERE ${column} = ?`).get(victim) as { n: number }).n).toBe(0);
  }
  // The word index, written once for the group, has a row for each stored span and none for the victim's.
  const total = (table: string) => (batch.db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;
  const spans = (batch.db.prepare("SELECT sum(json_array_length(spans, '$.o')) n FROM plan_spans").get() as { n: number }).n;
  expect(spans).toBeGreaterThan(0);
  expect(total("span_words")).toBe(spans);
  batch.db.close();
});

test("a failure that ends the whole transaction: the group is stored again file by file, every other plan reported as added", async () => {
  const { batch, r } = await ingestWithFailingWrite("rolled-back", "ROLLBACK", "disk I/O error");
  // Search indexing hears of every plan stored, none taken for one stored before.
  expect([...batch.changed].sort()).toEqual(r.plans.map((p) => p.id).sort());
  expect((batch.db.prepare("SELECT count(*) n FROM plan_spans WHERE plan_id = ?").get(victim) as { n: number }).n).toBe(0);
  batch.db.close();
});

test("a scan in a batch is read by OCR on a worker, and the store records that OCR read it", { timeout: 180_000 }, async () => {
  const scans = join(work, "with-scan");
  mkdirSync(scans);
  for (const f of readdirSync(samples).filter((f) => f.endsWith(".txt"))) writeFileSync(join(scans, f), readFileSync(join(samples, f)));
  writeFileSync(join(scans, "trieu-son-2022.scan.pdf"), readFileSync(join(import.meta.dirname, "../fixtures/ocr/trieu-son-2022.scan.pdf")));
  const batch = openStore("with-scan-store", 2);
  const r = await batch.ingest.ingestPaths([scans]);
  expect(r.errors).toEqual([]);
  const scan = r.plans.find((p) => p.source.endsWith(".scan.pdf"));
  expect(scan?.ocr).toEqual({ pages: 3, meanConfidence: expect.any(Number) });
  expect(batch.store.get(scan!.id)?.ocr).toEqual(scan?.ocr);
  expect(r.plans.filter((p) => p.ocr)).toHaveLength(1);
  batch.db.close();
});

test("a batch longer than the files read ahead comes back whole, in file order, with each bad file's error", async () => {
  // 400 files: more than the tasks held by the workers and those read ahead while waiting for them,
  // so files are read ahead, handed over later, and the last ones stored a task at a time.
  const long = join(work, "long");
  mkdirSync(long);
  const bases = readdirSync(samples).filter((f) => f.endsWith(".txt")).sort();
  const texts = bases.map((b) => readFileSync(join(samples, b), "utf8"));
  const bad = new Map([[137, ""], [260, "\u0000\u0001binary"], [399, ""]]);
  for (let i = 0; i < 400; i++) {
    const name = `${String(i).padStart(3, "0")}.txt`;
    writeFileSync(join(long, name), bad.get(i) ?? `${texts[i % texts.length]}\n\nGhi chú: bản số ${i}.\n`);
  }
  const batch = openStore("long-store", 2);
  const r = await batch.ingest.ingestPaths([long]);
  const number = (source: string) => Number(source.split("/").pop()?.slice(0, 3));
  expect(r.plans.map((p) => number(p.source))).toEqual([...Array(400).keys()].filter((i) => !bad.has(i)));
  expect(r.errors.map((e) => number(e.source))).toEqual([...bad.keys()]);
  expect(batch.counts().plans).toBe(397);
  // Each stored plan is the one read from its file.
  for (const i of [0, 136, 138, 255, 398]) {
    const plan = r.plans.find((p) => number(p.source) === i);
    expect(batch.store.rawText(plan!.id)).toBe(`${texts[i % texts.length]}\n\nGhi chú: bản số ${i}.\n`);
  }
  batch.db.close();
});
