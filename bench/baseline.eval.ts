/**
 * Citation quality of our engine versus the plain LangChain recipe a newcomer
 * would write (RecursiveCharacterTextSplitter 1000/200, the same embedder,
 * HNSWLib, top 4), on the sample questions of ../shared/eval/seeds.gold.json.
 * Prints hit rate and MRR side by side; the last line is one JSON object.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/core/logger.js";
import { loadDocument } from "../src/loaders/index.js";
import { createEmbedder } from "../src/search/embedder.js";
import { terms, overlap } from "../src/answer/sentences.js";

interface GoldAsk {
  plan: string | null;
  citePlan?: string;
  q: string;
  unit?: string;
  cite: string[];
}

const goldPath = resolve(process.argv[2] ?? "../shared/eval/seeds.gold.json");
const gold = JSON.parse(readFileSync(goldPath, "utf8")) as { docsDir: string; plans: Record<string, unknown>; ask: GoldAsk[] };
const docsDir = resolve(goldPath, "..", gold.docsDir);
const files = Object.keys(gold.plans).map((f) => join(docsDir, f));

const related = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
const work = mkdtempSync(join(tmpdir(), "baseline-"));
const config = loadConfig({ ...process.env, STORE_DIR: join(work, "store") });
const app = await openApp(config, silentLogger);
const ingested = await app.ingest.ingestPaths(files);
await app.ensureSearch();
const idOf = new Map(ingested.plans.map((p) => [basename(p.source), p.id]));

// The newcomer's recipe over the same files.
const splitter = new RecursiveCharacterTextSplitter({ chunkSize: 1000, chunkOverlap: 200 });
const docs = [];
for (const f of files) {
  const text = (await loadDocument(f)).text;
  docs.push(...(await splitter.createDocuments([text], [{ planId: idOf.get(basename(f)) }])));
}
const store = await HNSWLib.fromDocuments(docs, createEmbedder(config));

/** The section a baseline chunk belongs to: the one sharing most words with it (a generous mapping). */
const sectionOfChunk = (planId: string, text: string): string => {
  const t = terms(text);
  let best = { id: "head", score: -1 };
  for (const s of app.store.sections(planId)) {
    const score = overlap(t, `${s.heading}\n${s.text}`);
    if (score > best.score) best = { id: s.id, score };
  }
  return best.id;
};

const score = (ranked: Array<{ planId: string; section: string }>, want: string, cites: string[]) => {
  const i = ranked.findIndex((c) => c.planId === want && cites.some((s) => related(c.section, s)));
  return { hit: i >= 0 ? 1 : 0, rr: i >= 0 ? 1 / (i + 1) : 0 };
};

const ours = { hit: 0, mrr: 0 };
const base = { hit: 0, mrr: 0 };
for (const c of gold.ask) {
  const planId = c.plan ? idOf.get(c.plan) : undefined;
  const want = idOf.get(c.plan ?? c.citePlan ?? "") as string;
  const a = await app.engine.ask(c.q, { planIds: planId ? [planId] : undefined, unit: c.unit ?? null });
  const o = score(a.citations, want, c.cite);
  const hits = await store.similaritySearch(c.q, 4, planId ? (d) => d.metadata.planId === planId : undefined);
  const b = score(hits.map((d) => ({ planId: d.metadata.planId as string, section: sectionOfChunk(d.metadata.planId as string, d.pageContent) })), want, c.cite);
  ours.hit += o.hit;
  ours.mrr += o.rr;
  base.hit += b.hit;
  base.mrr += b.rr;
  console.log(`${o.hit ? "✓" : "✗"} ${b.hit ? "✓" : "✗"}  ${c.q}`);
}
const n = gold.ask.length;
const round = (x: number) => Number((x / n).toFixed(3));
const result = { ours: { hit: round(ours.hit), mrr: round(ours.mrr) }, baseline: { hit: round(base.hit), mrr: round(base.mrr) } };
console.log(`questions: ${n} (ours | baseline: RecursiveCharacterTextSplitter 1000/200 + same embedder + HNSWLib top 4)`);
console.log(`citation hit rate: ${result.ours.hit} | ${result.baseline.hit}`);
console.log(`MRR:               ${result.ours.mrr} | ${result.baseline.mrr}`);
await app.close();
rmSync(work, { recursive: true, force: true });
console.log(JSON.stringify(result));
