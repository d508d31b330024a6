// The parsed-plan tables on a real store file: a store of the older layout is migrated (every plan
// re-parsed from its stored text, with the same content), and span look-ups filtered in SQL give
// exactly the spans a scan of every span gives.
import Database from "better-sqlite3";
import { join } from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterEach, expect, test } from "vitest";
import { openApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { agencyProfile, GROUPS } from "../../src/plan/agencies.js";
import { spanPrefilter } from "../../src/plan/duties.js";
import { DB_FILE } from "../../src/store/db.js";
import { PLAN_LAYOUT } from "../../src/store/planStore.js";
import { openTestApp } from "../answer/support.js";

let opened: Awaited<ReturnType<typeof openTestApp>> | null = null;
afterEach(async () => {
  await opened?.cleanup();
  opened = null;
});

/** Everything the store gives back about its plans, as plain data. */
function snapshot(app: App) {
  return app.store.list().map((p) => ({
    plan: { ...p, ingestedAt: undefined },
    sections: app.store.sections(p.id),
    spans: JSON.parse(JSON.stringify(app.store.spans([p.id]))),
    assignments: app.store.assignments(p.id),
    deadlines: app.store.deadlines([p.id]),
    periods: app.store.periodSections([p.id]),
    groupCounts: app.store.groupRoleCounts(GROUPS.map((g) => g.id), [p.id], ["lead", "partner"]),
  }));
}

/**
 * A test store as the current layout writes it: what it gives back, its texts and its answer to
 * `question`, recorded; then closed, with its database opened to be rewritten as an older layout.
 */
async function storeToRewrite(question: string) {
  opened = await openTestApp();
  const { app } = opened;
  const before = snapshot(app);
  const texts = app.store.list().map((p) => [p.id, app.store.rawText(p.id)] as const);
  const answer = await app.engine.ask(question);
  await app.close();
  const storeDir = join(opened.dir, "store");
  return { question, before, texts, answer, storeDir, db: new Database(join(storeDir, DB_FILE)) };
}

/** The rewritten store opened again: migrated to the current layout, re-parsed, with the same content, texts and answer. */
async function openMigrated(old: Awaited<ReturnType<typeof storeToRewrite>>): Promise<App> {
  old.db.close();
  const app = await openApp(loadConfig({ STORE_DIR: old.storeDir }), silentLogger);
  try {
    expect(app.db.prepare("SELECT value FROM store_meta WHERE key = 'plan_layout'").get()).toEqual({ value: PLAN_LAYOUT });
    expect(app.store.hasStale()).toBe(false);
    expect(snapshot(app)).toEqual(old.before);
    expect(app.store.list().map((p) => [p.id, app.store.rawText(p.id)])).toEqual(old.texts);
    expect(await app.engine.ask(old.question)).toEqual(old.answer);
  } catch (err) {
    await app.close();
    throw err;
  }
  return app;
}

test("a store of an older layout (its text in plan_texts; sections, span texts and assignments in rows) is re-parsed once, with the same content and answers", async () => {
  const old = await storeToRewrite("Kinh phí thực hiện kế hoạch lấy từ nguồn nào?");
  // The tables as the previous layouts had them: the text on its own in plan_texts (UTF-8, raw deflate),
  // the parsed text in rows (dropped by the migration anyway).
  old.db.exec(`
    DELETE FROM store_meta WHERE key = 'plan_layout';
    DROP TABLE plan_docs; DROP TABLE plan_spans; DROP TABLE period_sections; DROP TABLE span_words; DROP TABLE span_groups;
    CREATE TABLE span_groups (plan_id TEXT NOT NULL, ord INTEGER NOT NULL, role TEXT NOT NULL, group_id TEXT NOT NULL);
    CREATE INDEX span_groups_group ON span_groups(group_id, role, plan_id);
    CREATE INDEX span_groups_plan ON span_groups(plan_id);
    CREATE TABLE plan_texts (plan_id TEXT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE, raw BLOB NOT NULL);
    CREATE TABLE sections (plan_id TEXT NOT NULL, ord INTEGER NOT NULL, id TEXT NOT NULL, parent TEXT, kind TEXT NOT NULL,
      heading TEXT NOT NULL, text TEXT NOT NULL, duty_excluded INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (plan_id, ord));
    CREATE TABLE spans (plan_id TEXT NOT NULL, ord INTEGER NOT NULL, section TEXT NOT NULL, role TEXT NOT NULL, source TEXT NOT NULL,
      text TEXT NOT NULL, form TEXT NOT NULL, groups TEXT NOT NULL);
    CREATE TABLE assignments (plan_id TEXT NOT NULL, section TEXT NOT NULL, agency TEXT NOT NULL, role TEXT NOT NULL, source TEXT NOT NULL);
  `);
  const insert = old.db.prepare("INSERT INTO plan_texts (plan_id, raw) VALUES (?, ?)");
  for (const [id, text] of old.texts) insert.run(id, deflateRawSync(Buffer.from(text ?? "", "utf8")));

  const app = await openMigrated(old);
  expect(app.db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('sections', 'assignments')").all()).toEqual([]);
  // Each re-parsed plan's text moved to plan_docs; the emptied plan_texts is dropped when the store is opened next.
  expect(app.db.prepare("SELECT count(*) n FROM plan_texts").get()).toEqual({ n: 0 });
  await app.close();
  const reopened = await openApp(loadConfig({ STORE_DIR: old.storeDir }), silentLogger);
  try {
    expect(reopened.db.prepare("SELECT name FROM sqlite_schema WHERE name = 'plan_texts'").all()).toEqual([]);
    expect(reopened.store.list().map((p) => [p.id, reopened.store.rawText(p.id)])).toEqual(old.texts);
  } finally {
    await reopened.close();
  }
});

test("a store of layout 4 (a row per span) keeps its texts in plan_docs and is re-parsed once, with the same content and answers", async () => {
  const old = await storeToRewrite("Công an huyện phải làm gì?");
  // Layout 4: a row per span, word-index rowids without role bits; plan_docs as it is (text and parsed text).
  old.db.exec(`
    UPDATE store_meta SET value = '4' WHERE key = 'plan_layout';
    DROP TABLE plan_spans; DROP TABLE span_words;
    CREATE TABLE spans (plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE, i INTEGER NOT NULL, ord INTEGER NOT NULL,
      section TEXT NOT NULL, role TEXT NOT NULL, source TEXT NOT NULL, groups TEXT NOT NULL, excluded INTEGER NOT NULL,
      PRIMARY KEY (plan_id, i)) WITHOUT ROWID;
    CREATE VIRTUAL TABLE span_words USING fts5(form, plan, content = '', contentless_delete = 1);
  `);
  const app = await openMigrated(old);
  try {
    expect(app.db.prepare("SELECT name FROM sqlite_schema WHERE name = 'spans'").all()).toEqual([]);
  } finally {
    await app.close();
  }
});

test.each(["Công an huyện", "Phòng Tư pháp", "UBND các xã", "Sở Tài chính", "Văn phòng HĐND và UBND", "Phòng Kinh tế - Hạ tầng"])(
  "spans naming %s: the word-index candidates, checked, are exactly those a scan finds",
  async (agency) => {
    opened ??= await openTestApp();
    const { store } = opened.app;
    const { like, groups } = spanPrefilter(agencyProfile(agency));
    const marks = groups.map((g) => `,${g},`);
    const scanned = store.spans(undefined).filter((s) => like.some((f) => s.form.includes(f)) || marks.some((m) => `,${s.groups.join(",")},`.includes(m)));
    expect(scanned.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(store.spans(undefined, like, groups)))).toEqual(JSON.parse(JSON.stringify(scanned)));
  },
);
