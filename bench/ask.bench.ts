/**
 * End-to-end benchmark of the engine on a generated corpus of 1,000 plans:
 * ingest + index time, index size on disk, offline question latency (p50/p95)
 * and peak RSS. The last line is one JSON object.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/core/logger.js";
import { generateCorpus, rng } from "./corpus.js";

const count = Number(process.env.BENCH_PLANS ?? 1000);
const questionsWanted = Number(process.env.BENCH_QUESTIONS ?? 300);
const work = mkdtempSync(join(tmpdir(), "bench-ask-"));
generateCorpus(join(work, "corpus"), count);

// Offline on purpose: no API key, local embedder.
const config = loadConfig({ STORE_DIR: join(work, "store") });
const app = await openApp(config, silentLogger);
const t0 = performance.now();
const ingested = await app.ingest.ingestPaths([join(work, "corpus")]);
await app.ensureSearch();
const ingestSeconds = (performance.now() - t0) / 1000;

const dirSize = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);
const storeMb = dirSize(config.STORE_DIR) / 1024 / 1024;
const vectorsMb = dirSize(join(config.STORE_DIR, "vectors")) / 1024 / 1024;

const QUESTIONS = [
  "Công an huyện phải làm gì?",
  "cong an huyen phai lam gi",
  "Khi nào phải gửi báo cáo kết quả?",
  "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?",
  "Ai tổ chức họp báo định kỳ hàng quý?",
  "Sở Tài chính có trách nhiệm gì?",
  "Phòng Tư pháp phải làm gì?",
  "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?",
  "Kế hoạch nào giao quảng bá sản phẩm OCOP?",
  "Hội nghị tập huấn tổ chức vào thời gian nào?",
  "Đơn vị chúng tôi phải làm gì?",
  "Báo cáo của chúng tôi hạn khi nào?",
];
const plans = app.store.list().map((p) => p.id);
const r = rng(7);
const latencies: number[] = [];
for (let i = 0; i < questionsWanted; i++) {
  const q = QUESTIONS[i % QUESTIONS.length] as string;
  // Half the questions in one plan (a chat following one plan), half over all plans.
  const planIds = i % 2 === 0 ? [plans[Math.floor(r() * plans.length)] as string] : undefined;
  const t = performance.now();
  await app.engine.ask(q, { planIds, unit: "Phòng Văn hóa và Thông tin" });
  latencies.push(performance.now() - t);
}
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number;
await app.close();
rmSync(work, { recursive: true, force: true });

const figures = {
  plans: ingested.plans.length,
  questions: latencies.length,
  ingestIndexSeconds: Number(ingestSeconds.toFixed(1)),
  p50Ms: Number(pct(50).toFixed(1)),
  p95Ms: Number(pct(95).toFixed(1)),
  indexMb: Number(vectorsMb.toFixed(1)),
  storeMb: Number(storeMb.toFixed(1)),
  peakRssMb: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
};
console.log(`ingest + index of ${figures.plans} plans: ${figures.ingestIndexSeconds} s; store ${figures.storeMb} MB (vectors ${figures.indexMb} MB)`);
console.log(`${figures.questions} offline questions: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms; peak RSS ${figures.peakRssMb} MB`);
console.log(JSON.stringify(figures));
