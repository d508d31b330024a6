import { existsSync } from "node:fs";
import { join } from "node:path";
import { openApp } from "../src/app.js";
import { loadConfig } from "../src/config.js";
import { silentLogger } from "../src/core/logger.js";
import { generateCorpus } from "./corpus.js";
const work = "/tmp/probe1000";
const fresh = !existsSync(join(work, "store"));
if (fresh) generateCorpus(join(work, "corpus"), 1000);
const app = await openApp(loadConfig({ STORE_DIR: join(work, "store") }), silentLogger);
if (fresh) await app.ingest.ingestPaths([join(work, "corpus")]);
await app.ensureSearch();
const Q = ["Công an huyện phải làm gì?", "Khi nào phải gửi báo cáo kết quả?", "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", "Ai tổ chức họp báo định kỳ hàng quý?", "Phòng Tư pháp phải làm gì?", "Đơn vị chúng tôi phải làm gì?", "Báo cáo của chúng tôi hạn khi nào?", "Kế hoạch nào giao quảng bá sản phẩm OCOP?", "Sở Tài chính có trách nhiệm gì?", "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?", "cong an huyen phai lam gi", "Hội nghị tập huấn tổ chức vào thời gian nào?"];
for (let round = 0; round < 2; round++) for (const q of Q) {
  const t = performance.now();
  const a = await app.engine.ask(q, { unit: "Phòng Văn hóa và Thông tin" });
  const t1 = performance.now();
  if (round === 1) console.log("ALL ", (t1 - t).toFixed(0).padStart(5), "ms", a.intent, a.answer.length, q);
}
