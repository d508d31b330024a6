import { syntheticPlans } from "../searchCorpus.ts";
import { buildChunks } from "../../src/search/chunks.ts";
import { LocalHashEmbedder } from "../../src/search/embedder.ts";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { Document } from "@langchain/core/documents";
import { mkdtempSync, statSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
const N = Number(process.argv[2] ?? 1000);
let t = performance.now();
const lap = (l: string) => { const n = performance.now(); console.log(l, (n - t).toFixed(0), "ms"); t = n; };
const plans = syntheticPlans(N);
lap("gen");
const chunks = (await Promise.all(plans.map(buildChunks))).flat();
lap(`chunks ${chunks.length}`);
const e = new LocalHashEmbedder();
const vecs = await e.embedDocuments(chunks.map(c => c.text));
lap("embed");
const store = new HNSWLib(e, { space: "cosine", numDimensions: 512 });
await store.addVectors(vecs, chunks.map(c => new Document({ pageContent: "", metadata: { id: c.id, planId: c.planId } })));
lap("hnsw build");
const dir = mkdtempSync(join(tmpdir(), "hn-"));
await store.save(dir);
lap("save");
console.log("size MB", statSync(join(dir, "hnswlib.index")).size / 1e6, statSync(join(dir, "docstore.json")).size / 1e6);
const loaded = await HNSWLib.load(dir, e);
lap("load");
const q = await e.embedQuery("Kinh phí thực hiện kế hoạch lấy từ nguồn nào?");
for (const ef of [10, 50, 100, 200]) {
  loaded.index.setEf(ef);
  const t0 = performance.now();
  let r;
  for (let i = 0; i < 20; i++) r = await loaded.similaritySearchVectorWithScore(q, 50);
  console.log("ef", ef, "search ms", ((performance.now() - t0) / 20).toFixed(2));
}
// filtered search, 1 plan
loaded.index.setEf(100);
const t1 = performance.now();
const r1 = await loaded.similaritySearchVectorWithScore(q, 50, (d) => d.metadata.planId === "synthetic-0007");
console.log("filtered 1 plan ms", (performance.now() - t1).toFixed(1), r1.length);
const t2 = performance.now();
const set = new Set(plans.slice(0, 100).map(p => p.id));
const r2 = await loaded.similaritySearchVectorWithScore(q, 50, (d) => set.has(d.metadata.planId));
console.log("filtered 100 plans ms", (performance.now() - t2).toFixed(1), r2.length);
// brute force recall check
const exact = vecs.map((v, i) => [i, v.reduce((s, x, j) => s + x * q[j]!, 0)] as const).sort((a, b) => b[1] - a[1]).slice(0, 50).map(x => chunks[x[0]]!.id);
const approx = (await loaded.similaritySearchVectorWithScore(q, 50)).map(([d]) => d.metadata.id);
console.log("recall@50 ef100", approx.filter(x => exact.includes(x)).length / 50);
// markDelete
t = performance.now();
const labels = [...loaded.docstore._docs.entries()].filter(([, d]) => d.metadata.planId === "synthetic-0001").map(([l]) => Number(l));
for (const l of labels) { loaded.index.markDelete(l); loaded.docstore._docs.delete(String(l)); }
lap(`markDelete ${labels.length}`);
const r3 = await loaded.similaritySearchVectorWithScore(q, 50);
console.log("after delete, stale?", r3.some(([d]) => d.metadata.planId === "synthetic-0001"));
// corrupt file
const idx = join(dir, "hnswlib.index");
const buf = readFileSync(idx);
writeFileSync(idx, buf.subarray(0, Math.floor(buf.length / 2)));
try { await HNSWLib.load(dir, e); console.log("truncated loaded?!"); } catch (err) { console.log("truncated ->", (err as Error).message); }
writeFileSync(idx, Buffer.from("garbage garbage garbage"));
try { await HNSWLib.load(dir, e); console.log("garbage loaded?!"); } catch (err) { console.log("garbage ->", (err as Error).message); }
console.log("rss MB", process.memoryUsage().rss / 1e6);
