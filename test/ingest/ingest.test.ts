// Ingestion into a real SQLite store file: bad inputs, idempotency, replacement, atomicity, removal.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { IngestService } from "../../src/ingest/ingestService.js";
import type { Db } from "../../src/store/db.js";
import type { PlanStore } from "../../src/store/planStore.js";
import { openTempStore, type TempStore } from "../support/tempStore.js";
import { toTcvn3 } from "../fixtures/legacy-vietnamese.js";

const samples = join(import.meta.dirname, "../../data/plans");
const fixtures = join(import.meta.dirname, "../fixtures");

let dir: string;
let db: Db;
let store: PlanStore;
let ingest: IngestService;
let temp: TempStore;

beforeEach(() => {
  temp = openTempStore("ingest-", { maxBytes: 64 * 1024 });
  ({ dir, db, store, ingest } = temp);
});
afterEach(() => temp.close());

const counts = () => temp.counts();

test("a folder of the five samples is stored, with stable ids", async () => {
  const r = await ingest.ingestPaths([samples]);
  expect(r.errors).toEqual([]);
  expect(r.plans.map((p) => p.id).sort()).toEqual(["hung-yen-2022", "quang-ngai-2024", "trieu-son-2022", "van-ninh-2019", "vu-thu-2024"]);
  expect(store.list()).toHaveLength(5);
});

test("same content is not duplicated; a changed file replaces its earlier version", async () => {
  const file = join(dir, "ke-hoach.txt");
  copyFileSync(join(samples, "van-ninh-2019.txt"), file);
  const first = await ingest.ingestPaths([file]);
  const before = counts();
  const again = await ingest.ingestPaths([file]);
  expect(again.plans[0]?.id).toBe(first.plans[0]?.id);
  expect(counts()).toEqual(before);

  writeFileSync(file, readFileSync(file, "utf8").replace("trước ngày 05/11/2019", "trước ngày 20/11/2019"));
  const changed = await ingest.ingestPaths([file]);
  expect(changed.plans[0]?.id).toBe(first.plans[0]?.id);
  expect(store.list()).toHaveLength(1);
  expect(store.deadlines().map((d) => d.due)).toEqual(["2019-11-20"]);
});

test("a failure while writing leaves the previous version intact", async () => {
  const file = join(dir, "plan.txt");
  copyFileSync(join(samples, "hung-yen-2022.txt"), file);
  await ingest.ingestPaths([file]);
  const before = counts();
  const dueBefore = store.deadlines().map((d) => d.due);
  // A real database failure in the middle of the write: a trigger aborts the deadline insert.
  db.exec("CREATE TRIGGER fail_write BEFORE INSERT ON deadlines WHEN NEW.text LIKE '%01 tháng 12 năm 2023%' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
  writeFileSync(file, readFileSync(file, "utf8").replace("năm 2022 để tổng hợp", "năm 2023 để tổng hợp"));
  const r = await ingest.ingestPaths([file]);
  expect(r.errors).toHaveLength(1);
  expect(r.errors[0]?.error).toContain("disk full");
  expect(counts()).toEqual(before);
  expect(store.deadlines().map((d) => d.due)).toEqual(dueBefore);
});

describe("bad input: one clear error each, the other files still stored", () => {
  test("all at once", async () => {
    const bad = join(dir, "bad");
    const good = join(bad, "good.txt");
    rmSync(bad, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(bad);
    copyFileSync(join(samples, "trieu-son-2022.txt"), good);
    writeFileSync(join(bad, "empty.txt"), "");
    writeFileSync(join(bad, "big.txt"), "I. A\n".repeat(20_000));
    writeFileSync(join(bad, "legacy.txt"), toTcvn3(readFileSync(join(samples, "vu-thu-2024.txt"), "utf8")));
    writeFileSync(join(bad, "latin1.txt"), Buffer.from([0x43, 0xe9, 0x6e, 0x67, 0x20, 0xb5, 0x6e, 0x0a]));
    writeFileSync(join(bad, "old.doc"), "not really a doc");
    writeFileSync(join(bad, "notes.txt"), "Đây là ghi chú cuộc họp, không phải kế hoạch.");
    copyFileSync(join(fixtures, "scanned.pdf"), join(bad, "scan.pdf"));
    copyFileSync(join(fixtures, "corrupt.pdf"), join(bad, "corrupt.pdf"));

    const r = await ingest.ingestPaths([bad, join(dir, "missing.docx"), join(dir, "table.xlsx")]);
    expect(r.plans.map((p) => p.source)).toEqual([good]);
    const why = Object.fromEntries(r.errors.map((e) => [e.source.split("/").pop(), e]));
    expect(Object.keys(why).sort()).toEqual(["big.txt", "corrupt.pdf", "empty.txt", "latin1.txt", "legacy.txt", "missing.docx", "notes.txt", "old.doc", "scan.pdf", "table.xlsx"]);
    expect(why["empty.txt"]?.userMessage).toMatch(/trống/);
    expect(why["big.txt"]?.userMessage).toMatch(/vượt giới hạn/);
    expect(why["legacy.txt"]?.userMessage).toMatch(/TCVN3/);
    expect(why["latin1.txt"]?.userMessage).toMatch(/UTF-8|bảng mã/);
    expect(why["old.doc"]?.userMessage).toMatch(/bị hỏng.*\(\.doc\)/);
    expect(why["scan.pdf"]?.userMessage).toMatch(/Không nhận dạng được chữ nào/);
    expect(why["corrupt.pdf"]?.userMessage).toMatch(/hỏng/);
    expect(why["notes.txt"]?.userMessage).toMatch(/cấu trúc/);
    expect(why["table.xlsx"]?.userMessage).toMatch(/Không tìm thấy/);
    for (const e of r.errors) expect(e.error.length).toBeGreaterThan(5);
    expect(store.list()).toHaveLength(1);
  });
});

test("a text-layer PDF and an uploaded buffer are ingested", async () => {
  const fromDisk = await ingest.ingestPaths([join(fixtures, "vietnamese-text.pdf")]);
  // The fixture is a short text, not a full plan: it is either a plan or a clear "no structure" error, never empty.
  expect(fromDisk.plans.length + fromDisk.errors.length).toBe(1);
  const buf = readFileSync(join(samples, "quang-ngai-2024.txt"));
  const up = await ingest.ingestBuffer(buf, "kh-quang-ngai.txt", "telegram:kh-quang-ngai.txt");
  expect(up.errors).toEqual([]);
  expect(up.plans[0]?.id).toBe("kh-quang-ngai");
  expect(up.plans[0]?.deadlines).toBeGreaterThan(0);
});

test("plans can be removed, leaving nothing behind", async () => {
  await ingest.ingestPaths([samples]);
  expect(store.remove("vu-thu-2024")).toBe(true);
  expect(store.remove("vu-thu-2024")).toBe(false);
  expect(store.list().map((p) => p.id)).not.toContain("vu-thu-2024");
  for (const table of ["plan_docs", "plan_spans", "span_groups", "deadlines"]) {
    expect((db.prepare(`SELECT count(*) n FROM ${table} WHERE plan_id = 'vu-thu-2024'`).get() as { n: number }).n).toBe(0);
  }
  // Its word-index rows went with it: one per span of the plans left.
  const spans = (db.prepare("SELECT sum(json_array_length(spans, '$.o')) n FROM plan_spans").get() as { n: number }).n;
  expect((db.prepare("SELECT count(*) n FROM span_words").get() as { n: number }).n).toBe(spans);
});

test("two files with the same name in different folders get different ids", async () => {
  const a = join(dir, "a");
  const b = join(dir, "b");
  const { mkdirSync } = await import("node:fs");
  mkdirSync(a);
  mkdirSync(b);
  copyFileSync(join(samples, "vu-thu-2024.txt"), join(a, "ke-hoach.txt"));
  copyFileSync(join(samples, "van-ninh-2019.txt"), join(b, "ke-hoach.txt"));
  const r = await ingest.ingestPaths([a, b]);
  expect(r.plans.map((p) => p.id)).toEqual(["ke-hoach", "ke-hoach-2"]);
});
