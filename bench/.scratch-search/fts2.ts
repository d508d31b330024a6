import Database from "better-sqlite3";
const db = new Database(":memory:");
db.exec(`CREATE VIRTUAL TABLE f USING fts5(plan, title, path, content, tokenize="unicode61 tokenchars '_'", contentless_delete=1, content='')`);
const ins = db.prepare("INSERT INTO f(rowid, plan, title, path, content) VALUES (?,?,?,?,?)");
ins.run(1, "pa1", "ke hoach", "kinh phi", "kinh phi thuc hien cong_an");
ins.run(2, "pb2", "ke hoach", "to chuc", "cong an huyen cong_an");
ins.run(3, "pc3", "ke hoach", "bao cao", "bao cao ket qua");
for (const q of [`{plan} : (pa1 OR pb2) AND ("cong_an" OR "kinh")`, `plan : (pa1 OR pb2) AND ("cong_an")`, `("cong_an" OR "bao") AND plan : pc3`]) {
  try { console.log(q, db.prepare("SELECT rowid, bm25(f, 0, 0.5, 2, 1) s FROM f WHERE f MATCH ? ORDER BY s").all(q)); } catch (e) { console.log(q, "ERR", (e as Error).message); }
}
db.prepare("DELETE FROM f WHERE rowid = 1").run();
console.log(db.prepare("SELECT rowid FROM f WHERE f MATCH 'cong_an'").all());
db.exec("CREATE VIRTUAL TABLE fv USING fts5vocab(f, 'row')");
console.log(db.prepare("SELECT * FROM fv WHERE term IN ('cong_an','kinh','bao')").all());
console.log(db.prepare("EXPLAIN QUERY PLAN SELECT * FROM fv WHERE term = ?").all("x"));
console.log(db.prepare("SELECT count(*) n FROM f").get());
