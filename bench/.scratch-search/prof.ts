import { mkdtempSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { createLexicalIndex } from "../../src/search/lexicalIndex.ts";
import { createChunkStore, planHash } from "../../src/search/chunkStore.ts";
import { buildChunks } from "../../src/search/chunks.ts";
import { syntheticPlans } from "../searchCorpus.ts";
const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), "prof-"));
const db = openDatabase(dir);
const lex = createLexicalIndex(db, { maxDocFrequency: Number(process.argv[3] ?? 0.25) });
const store = createChunkStore(db, lex.hooks);
lex.ensure(() => store.rows(), store.count());
if (store.count() === 0) {
  const plans = syntheticPlans(1000);
  for (let i = 0; i < plans.length; i += 100) {
    store.write(await Promise.all(plans.slice(i, i + 100).map(async p => { const c = await buildChunks(p); return { planId: p.id, hash: planHash(c), chunks: c }; })), []);
  }
  console.log("dir", dir);
}
const qs = ["Công an huyện phải làm gì?", "Khi nào phải gửi báo cáo kết quả?", "Hạn nộp báo cáo kết quả hoạt động thông tin đối ngoại là khi nào?", "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", "Ai tổ chức họp báo định kỳ hàng quý?", "Hội nghị tập huấn về công tác thông tin đối ngoại tổ chức vào thời gian nào?", "Sở Tài chính có trách nhiệm gì?", "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?", "Tỉnh tham gia hội chợ du lịch quốc tế nào?"];
for (const q of qs) {
  let t = performance.now();
  for (let i = 0; i < 5; i++) lex.explain(q);
  const ex = (performance.now() - t) / 5;
  t = performance.now();
  for (let i = 0; i < 5; i++) lex.search(q, { k: 50 });
  const all = (performance.now() - t) / 5;
  t = performance.now();
  for (let i = 0; i < 5; i++) lex.search(q, { k: 50, planIds: new Set(["synthetic-0042"]) });
  const one = (performance.now() - t) / 5;
  const e = lex.explain(q);
  console.log(q.slice(0, 40).padEnd(40), "explain", ex.toFixed(2), "all", all.toFixed(1), "one", one.toFixed(1), e.terms.length, "/", e.terms.length + e.dropped.length);
}
