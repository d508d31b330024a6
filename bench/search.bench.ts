/** Benchmark of the search index alone: ingest+index time, size on disk, reopen time, query latency and peak RSS. */
// Usage: npx tsx bench/search.bench.ts [plans=1000] [questions=400]
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/store/db.js";
import { LocalHashEmbedder } from "../src/search/embedder.js";
import { createSearchIndex } from "../src/search/hybrid.js";
import { rng, syntheticPlans } from "./searchCorpus.js";

const planCount = Number(process.argv[2] ?? 1000);
const questionCount = Number(process.argv[3] ?? 400);

const QUESTIONS = [
  "Công an huyện phải làm gì?",
  "cong an huyen phai lam gi",
  "Khi nào phải gửi báo cáo kết quả?",
  "Hạn nộp báo cáo kết quả hoạt động thông tin đối ngoại là khi nào?",
  "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?",
  "Ai tổ chức họp báo định kỳ hàng quý?",
  "Hội nghị tập huấn về công tác thông tin đối ngoại tổ chức vào thời gian nào?",
  "Sở Tài chính có trách nhiệm gì?",
  "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?",
  "Bộ đội biên phòng có nhiệm vụ gì?",
  "Kế hoạch nào giao quảng bá sản phẩm OCOP?",
  "Ban Chỉ huy Quân sự huyện có nhiệm vụ gì?",
  "Tỉnh tham gia hội chợ du lịch quốc tế nào?",
  "Sở TT&TT",
];

function dirBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const p = join(path, entry.name);
    total += entry.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

const percentile = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

const storeDir = mkdtempSync(join(tmpdir(), "search-bench-"));
try {
  const plans = syntheticPlans(planCount);
  const embedder = new LocalHashEmbedder();

  let started = performance.now();
  const db = openDatabase(storeDir);
  const index = createSearchIndex({ db, storeDir, embedder });
  const report = await index.indexPlans(plans);
  const ingestMs = performance.now() - started;
  db.pragma("wal_checkpoint(TRUNCATE)");
  const stats = index.stats();
  const indexMb = dirBytes(storeDir) / 1e6;
  console.error(`indexed ${report.indexed.length} plans, ${report.chunks} chunks in ${(ingestMs / 1000).toFixed(1)} s; store ${indexMb.toFixed(0)} MB`);
  db.close();

  started = performance.now();
  const db2 = openDatabase(storeDir);
  const reopened = createSearchIndex({ db: db2, storeDir, embedder });
  await reopened.ensureReady();
  const openMs = performance.now() - started;
  console.error(`reopened in ${openMs.toFixed(0)} ms`);

  const random = rng(7);
  const ids = plans.map((p) => p.id);
  const times: { all: number[]; onePlan: number[]; fivePlans: number[] } = { all: [], onePlan: [], fivePlans: [] };
  for (let i = 0; i < questionCount; i++) {
    const q = QUESTIONS[i % QUESTIONS.length]!;
    const mode = i % 3 === 0 ? "all" : i % 3 === 1 ? "onePlan" : "fivePlans";
    const planIds =
      mode === "all" ? undefined : Array.from({ length: mode === "onePlan" ? 1 : 5 }, () => ids[Math.floor(random() * ids.length)]!);
    const t = performance.now();
    await reopened.search(q, { planIds, k: 8 });
    times[mode].push(performance.now() - t);
  }
  const every = [...times.all, ...times.onePlan, ...times.fivePlans];
  for (const [mode, xs] of Object.entries(times)) {
    console.error(`${mode.padEnd(9)} p50 ${percentile(xs, 50).toFixed(1)} ms  p95 ${percentile(xs, 95).toFixed(1)} ms  max ${Math.max(...xs).toFixed(1)} ms`);
  }
  // A fresh reopen is not counted: the first queries warm SQLite's page cache.
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  console.error(`vectors ${stats.vectors.vectors}, lexical rows ${stats.lexicalRows}, peak RSS ${peakRssMb.toFixed(0)} MB`);
  db2.close();
  console.log(
    JSON.stringify({
      plans: planCount,
      chunks: report.chunks,
      questions: questionCount,
      ingestS: Number((ingestMs / 1000).toFixed(1)),
      reopenMs: Math.round(openMs),
      p50Ms: Number(percentile(every, 50).toFixed(1)),
      p95Ms: Number(percentile(every, 95).toFixed(1)),
      indexMb: Math.round(indexMb),
      peakRssMb: Math.round(peakRssMb),
    }),
  );
} finally {
  rmSync(storeDir, { recursive: true, force: true });
}
