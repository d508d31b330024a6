import { loadSamplePlans } from "../../test/search/samplePlans.ts";
import { buildChunks } from "../../src/search/chunks.ts";
for (const p of loadSamplePlans()) {
  const ch = await buildChunks(p);
  console.log(p.id, JSON.stringify(p.meta.title), p.meta.number, p.sections.length, ch.length, ch.filter(c=>c.parts>1).length, p.sections.map(s=>s.id).join(" "));
}
const p = loadSamplePlans().find(p=>p.id==="vu-thu-2024")!;
const ch = await buildChunks(p);
console.log(ch.filter(c=>c.sectionId==="V.7" || c.sectionId==="IV").map(c=>c.text));
const long = ch.filter(c=>c.parts>1);
console.log(long.slice(0,3).map(c=>[c.id, c.content.length, c.content.slice(0,80), c.content.slice(-80)]));
