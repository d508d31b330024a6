import { syntheticPlans } from "../searchCorpus.ts";
import { buildChunks } from "../../src/search/chunks.ts";
import { createLexicalIndex } from "../../src/search/lexicalIndex.ts";
import { planHash } from "../../src/search/chunkStore.ts";
import { mkdtempSync, statSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
const N = Number(process.argv[2] ?? 1000);
const plans = syntheticPlans(N);
const lplans = await Promise.all(plans.map(async p => { const chunks = await buildChunks(p); return { planId: p.id, hash: planHash(chunks), chunks }; }));
const n = lplans.reduce((s, p) => s + p.chunks.length, 0);
const dir = join(mkdtempSync(join(tmpdir(), "lex-")), "lexical");
const source = { planHashes: () => new Map(lplans.map(p => [p.planId, p.hash])), plans: (ids?: string[]) => ids ? lplans.filter(p => ids.includes(p.planId)) : lplans };
let t = performance.now();
const lex = createLexicalIndex({ dir });
await lex.open(source);
console.log("build", n, "chunks", (performance.now() - t).toFixed(0), "ms", lex.stats(), "heapMB", (process.memoryUsage().heapUsed / 1e6).toFixed(0));
t = performance.now();
await lex.save(1);
console.log("save", (performance.now() - t).toFixed(0), "ms", (statSync(join(dir, "minisearch.json")).size / 1e6).toFixed(1), "MB");
t = performance.now();
const lex2 = createLexicalIndex({ dir });
console.log(await lex2.open(source), "load", (performance.now() - t).toFixed(0), "ms");
const qs = ["Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", "cong an huyen phai lam gi", "Sở Tài chính có trách nhiệm gì?", "Tỉnh tham gia hội chợ du lịch quốc tế nào năm 2022?", "Hạn nộp báo cáo kết quả hoạt động thông tin đối ngoại là khi nào?", "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?"];
for (const q of qs) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) { const t0 = performance.now(); lex2.search(q, { k: 50 }); times.push(performance.now() - t0); }
  const t1 = performance.now(); lex2.search(q, { k: 50, planIds: new Set(["synthetic-0003"]) }); const f = performance.now() - t1;
  console.log(q.slice(0, 40).padEnd(40), "ms", Math.min(...times).toFixed(1), Math.max(...times).toFixed(1), "filtered", f.toFixed(1));
}
console.log("rss", (process.memoryUsage().rss / 1e6).toFixed(0));
