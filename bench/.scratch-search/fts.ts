import Database from "better-sqlite3";
import { syntheticPlans } from "../searchCorpus.ts";
import { buildChunks } from "../../src/search/chunks.ts";
import { searchTerms, queryTerms } from "../../src/search/terms.ts";
import { mkdtempSync, statSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const N = Number(process.argv[2] ?? 1000);
const plans = syntheticPlans(N);
const chunks = (await Promise.all(plans.map(buildChunks))).flat();
const file = join(mkdtempSync(join(tmpdir(), "fts-")), "x.sqlite");
const db = new Database(file);
db.pragma("journal_mode = WAL");
console.log(db.prepare("select sqlite_version() v").get());
db.exec(`CREATE VIRTUAL TABLE fts USING fts5(plan UNINDEXED, title, path, content, tokenize="unicode61 tokenchars '_'", contentless_delete=1, content='')`);
let t = performance.now();
const ins = db.prepare("INSERT INTO fts(rowid, plan, title, path, content) VALUES (?, ?, ?, ?, ?)");
db.transaction(() => chunks.forEach((c, i) => ins.run(i + 1, c.planId, searchTerms(c.planTitle).join(" "), searchTerms(c.headingPath.join(" . ")).join(" "), searchTerms(c.content).join(" "))))();
console.log("insert", chunks.length, (performance.now() - t).toFixed(0), "ms", "db MB", (statSync(file).size / 1e6).toFixed(1), "wal", (statSync(file + "-wal").size / 1e6).toFixed(1));
db.pragma("wal_checkpoint(TRUNCATE)");
console.log("db MB", (statSync(file).size / 1e6).toFixed(1));
const qs = ["Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", "cong an huyen phai lam gi", "Sở Tài chính có trách nhiệm gì?", "Tỉnh tham gia hội chợ du lịch quốc tế nào năm 2022?", "Hạn nộp báo cáo kết quả hoạt động thông tin đối ngoại là khi nào?", "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?"];
const stmt = db.prepare("SELECT rowid, bm25(fts, 0, 0.5, 2, 1) AS s FROM fts WHERE fts MATCH ? ORDER BY s LIMIT 50");
for (const q of qs) {
  const terms = [...new Set(queryTerms(q))];
  const m = terms.map(x => `"${x}"`).join(" OR ");
  const times: number[] = [];
  let r: unknown[] = [];
  for (let i = 0; i < 5; i++) { const t0 = performance.now(); r = stmt.all(m); times.push(performance.now() - t0); }
  console.log(q.slice(0, 40).padEnd(40), "ms", Math.min(...times).toFixed(1), Math.max(...times).toFixed(1), r.length);
}
console.log("rss", (process.memoryUsage().rss / 1e6).toFixed(0));
db.exec(`CREATE VIRTUAL TABLE fts_v USING fts5vocab(fts, 'row')`);
const dfStmt = db.prepare("SELECT doc FROM fts_v WHERE term = ?");
const total = chunks.length;
for (const ratio of [0.3, 0.15, 0.08]) {
  console.log("--- prune df >", ratio);
  for (const q of qs) {
    const t0 = performance.now();
    const terms = [...new Set(queryTerms(q))];
    const dfs = terms.map(x => (dfStmt.get(x) as { doc: number } | undefined)?.doc ?? 0);
    const keep = terms.filter((_, i) => dfs[i]! > 0 && dfs[i]! / total <= ratio);
    const m = keep.map(x => `"${x}"`).join(" OR ");
    const r = keep.length ? stmt.all(m) : [];
    console.log(q.slice(0, 40).padEnd(40), "ms", (performance.now() - t0).toFixed(1), r.length, `${keep.length}/${terms.length}`);
  }
}
// plan filter via plan token
db.exec(`CREATE VIRTUAL TABLE fts2 USING fts5(plan, title, path, content, tokenize="unicode61 tokenchars '_'", contentless_delete=1, content='')`);
const ins2 = db.prepare("INSERT INTO fts2(rowid, plan, title, path, content) VALUES (?, ?, ?, ?, ?)");
db.transaction(() => chunks.forEach((c, i) => ins2.run(i + 1, "p_" + c.planId.replace(/-/g, "_"), searchTerms(c.planTitle).join(" "), searchTerms(c.headingPath.join(" . ")).join(" "), searchTerms(c.content).join(" "))))();
const stmt2 = db.prepare("SELECT rowid, bm25(fts2, 0, 0.5, 2, 1) AS s FROM fts2 WHERE fts2 MATCH ? ORDER BY s LIMIT 50");
console.log("--- plan filter");
for (const q of qs) {
  const terms = [...new Set(queryTerms(q))];
  const m = `plan : "p_synthetic_0003" AND (${terms.map(x => `"${x}"`).join(" OR ")})`;
  const t0 = performance.now();
  const r = stmt2.all(m);
  console.log(q.slice(0, 40).padEnd(40), "ms", (performance.now() - t0).toFixed(1), r.length);
}
console.log("--- rowid range filter (plan 3)");
const first = chunks.findIndex(c => c.planId === "synthetic-0003") + 1;
const last = chunks.length - [...chunks].reverse().findIndex(c => c.planId === "synthetic-0003");
const stmt3 = db.prepare("SELECT rowid, bm25(fts, 0, 0.5, 2, 1) AS s FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ? ORDER BY s LIMIT 50");
for (const q of qs) {
  const terms = [...new Set(queryTerms(q))];
  const m = terms.map(x => `"${x}"`).join(" OR ");
  const t0 = performance.now();
  const r = stmt3.all(m, first, last);
  console.log(q.slice(0, 40).padEnd(40), "ms", (performance.now() - t0).toFixed(2), r.length);
}
console.log(db.prepare("EXPLAIN QUERY PLAN SELECT rowid FROM fts WHERE fts MATCH ? AND rowid BETWEEN ? AND ?").all("x", 1, 2));
