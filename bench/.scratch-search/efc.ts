import hnswlib from "hnswlib-node";
import { syntheticPlans } from "../searchCorpus.ts";
import { buildChunks } from "../../src/search/chunks.ts";
import { LocalHashEmbedder } from "../../src/search/embedder.ts";
const plans = syntheticPlans(400);
const chunks = (await Promise.all(plans.map(buildChunks))).flat();
const e = new LocalHashEmbedder();
const vecs = await e.embedDocuments(chunks.map(c => c.text));
const qs = ["Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", "cong an huyen phai lam gi", "Sở Tài chính có trách nhiệm gì?", "hội chợ du lịch quốc tế", "báo cáo kết quả trước ngày"];
const qv = await e.embedDocuments(qs);
const exact = qv.map(q => vecs.map((v, i) => [i, v.reduce((s, x, j) => s + x * q[j]!, 0)] as const).sort((a, b) => b[1] - a[1]).slice(0, 50).map(x => x[0]));
for (const [M, efc] of [[16, 200], [16, 100], [12, 100], [16, 64]]) {
  const idx = new hnswlib.HierarchicalNSW("cosine", 512);
  idx.initIndex(vecs.length, M, efc, 100);
  const t = performance.now();
  vecs.forEach((v, i) => idx.addPoint(v, i));
  const bt = performance.now() - t;
  idx.setEf(100);
  let rec = 0;
  qv.forEach((q, qi) => { const r = idx.searchKnn(q, 50).neighbors; rec += r.filter(x => exact[qi]!.includes(x)).length / 50; });
  console.log(`M=${M} efC=${efc} n=${vecs.length} build ${bt.toFixed(0)}ms recall@50 ${(rec / qs.length).toFixed(3)}`);
}
