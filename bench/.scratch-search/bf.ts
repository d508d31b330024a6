import hnswlib from "hnswlib-node";
import Database from "better-sqlite3";
import { createEmbeddingCache } from "../../src/search/embeddingCache.ts";
import { LocalHashEmbedder } from "../../src/search/embedder.ts";
import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const n = 20000, dim = 512;
const idx = new hnswlib.HierarchicalNSW("cosine", dim);
idx.initIndex(n);
const db = new Database(join(mkdtempSync(join(tmpdir(), "bf-")), "x.sqlite"));
db.pragma("journal_mode = WAL");
const cache = createEmbeddingCache(db);
const e = new LocalHashEmbedder();
const items = Array.from({ length: n }, (_, i) => ({ hash: `h${i}`, text: `văn bản số ${i} kế hoạch ${i % 97} huyện ${i % 13}` }));
let t = performance.now();
const vecs = await cache.embed(e, items);
console.log("embed+store", (performance.now() - t).toFixed(0));
vecs.forEach((v, i) => idx.addPoint(Array.from(v), i));
for (const m of [500, 2000, 5000]) {
  t = performance.now();
  for (let i = 0; i < m; i++) idx.getPoint(i);
  const a = performance.now() - t;
  t = performance.now();
  cache.get(e.id, items.slice(0, m).map((x) => x.hash));
  const b = performance.now() - t;
  console.log(m, "getPoint ms", a.toFixed(1), "sqlite ms", b.toFixed(1));
}
