// The parsed-plan tables on a real store file: a store of the older layout is migrated (every plan
// re-parsed from its stored text, with the same content), and span look-ups filtered in SQL give
// exactly the spans a scan of every span gives.
import Database from "better-sqlite3";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { openApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { agencyProfile } from "../../src/plan/agencies.js";
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
  }));
}

test("a store of the older layout (sections, span texts and assignments in rows) is re-parsed once, with the same content and answers", async () => {
  opened = await openTestApp();
  const question = "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?";
  const before = snapshot(opened.app);
  const answer = await opened.app.engine.ask(question);
  await opened.app.close();

  // The tables as the previous layout had them (their rows are dropped by the migration anyway).
  const storeDir = join(opened.dir, "store");
  const db = new Database(join(storeDir, DB_FILE));
  db.exec(`
    DELETE FROM store_meta WHERE key = 'plan_layout';
    DROP TABLE plan_docs; DROP TABLE spans; DROP TABLE period_sections; DROP TABLE span_words;
    CREATE TABLE sections (plan_id TEXT NOT NULL, ord INTEGER NOT NULL, id TEXT NOT NULL, parent TEXT, kind TEXT NOT NULL,
      heading TEXT NOT NULL, text TEXT NOT NULL, duty_excluded INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (plan_id, ord));
    CREATE TABLE spans (plan_id TEXT NOT NULL, ord INTEGER NOT NULL, section TEXT NOT NULL, role TEXT NOT NULL, source TEXT NOT NULL,
      text TEXT NOT NULL, form TEXT NOT NULL, groups TEXT NOT NULL);
    CREATE TABLE assignments (plan_id TEXT NOT NULL, section TEXT NOT NULL, agency TEXT NOT NULL, role TEXT NOT NULL, source TEXT NOT NULL);
  `);
  db.close();

  const app = await openApp(loadConfig({ STORE_DIR: storeDir }), silentLogger);
  opened = { ...opened, app };
  const tables = app.db.prepare("SELECT name FROM sqlite_schema WHERE name IN ('sections', 'assignments')").all();
  expect(tables).toEqual([]);
  expect(app.db.prepare("SELECT value FROM store_meta WHERE key = 'plan_layout'").get()).toEqual({ value: PLAN_LAYOUT });
  expect(app.store.hasStale()).toBe(false);
  expect(snapshot(app)).toEqual(before);
  expect(await app.engine.ask(question)).toEqual(answer);
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
