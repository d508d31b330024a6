import { mkdtempSync, readFileSync } from "node:fs"; import { tmpdir } from "node:os"; import { join } from "node:path";
import { openDatabase } from "../../src/store/db.ts";
import { createSearchIndex } from "../../src/search/hybrid.ts";
import { LocalHashEmbedder } from "../../src/search/embedder.ts";
import { loadSamplePlans } from "../../test/search/samplePlans.ts";
const gold = JSON.parse(readFileSync("/work/shared/eval/seeds.gold.json", "utf8"));
const dir = mkdtempSync(join(tmpdir(), "ev-"));
const db = openDatabase(dir);
const idx = createSearchIndex({ db, storeDir: dir, embedder: new LocalHashEmbedder(), ...(process.argv[2] ? { weights: { lexical: Number(process.argv[2]), vector: Number(process.argv[3]) } } : {}) });
await idx.indexPlans(loadSamplePlans());
const related = (a: string, b: string) => a === b || a.startsWith(b + ".") || b.startsWith(a + ".");
let hit1 = 0, hit3 = 0, mrr = 0;
for (const q of gold.ask) {
  const planId = q.plan ? q.plan.replace(".txt", "") : undefined;
  const citePlan = (q.plan ?? q.citePlan).replace(".txt", "");
  const hits = await idx.search(q.q, { planIds: planId ? [planId] : undefined, k: 10 });
  const rank = hits.findIndex(h => h.chunk.planId === citePlan && q.cite.some((c: string) => related(h.chunk.sectionId, c)));
  if (rank === 0) hit1++; if (rank >= 0 && rank < 3) hit3++; if (rank >= 0) mrr += 1 / (rank + 1);
  console.log(rank >= 0 ? rank + 1 : "-", q.q.slice(0, 50).padEnd(50), q.cite.join("|"), "→", hits.slice(0, 4).map(h => `${h.chunk.planId === citePlan ? "" : h.chunk.planId.slice(0, 6) + ":"}${h.chunk.sectionId}(${h.lexicalRank ?? "-"}/${h.vectorRank ?? "-"})`).join(" "));
}
console.log({ hit1, hit3, mrr: (mrr / gold.ask.length).toFixed(3), n: gold.ask.length });
