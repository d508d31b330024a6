/**
 * Generates a corpus of plans for benchmarks by varying the five sample plans:
 * place names, years and dates, agencies, numbering style and an annex table.
 * Deterministic for a given seed.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const PLACES = ["Nam Đàn", "Quỳnh Lưu", "Hoằng Hóa", "Tiên Du", "Gia Lâm", "Đức Phổ", "Phù Mỹ", "Cam Lâm", "Diên Khánh", "Hải Hậu", "Kim Sơn", "Yên Thế", "Lục Ngạn", "Bình Xuyên", "Tam Đảo", "Mộ Đức", "Sơn Tịnh", "Thạch Hà", "Can Lộc", "Hương Khê"];
const DEPARTMENTS = ["Phòng Nội vụ", "Phòng Tư pháp", "Phòng Giáo dục và Đào tạo", "Phòng Y tế", "Phòng Tài nguyên và Môi trường", "Phòng Lao động - Thương binh và Xã hội", "Phòng Nông nghiệp và PTNT", "Phòng Kinh tế - Hạ tầng"];
const TASKS = ["Tổ chức hội nghị tập huấn", "Rà soát văn bản quy phạm pháp luật", "Xây dựng chuyên mục tuyên truyền", "Kiểm tra việc thực hiện", "Tổng kết, đánh giá kết quả", "Số hóa hồ sơ lưu trữ"];
const TIMES = ["Quý I", "Quý II", "Quý III, IV", "Tháng 6", "Thường xuyên", "Hàng quý", "6 tháng đầu năm"];

/** Small deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** One varied plan text. */
export function variant(base: string, i: number, r: () => number): string {
  let t = base;
  const shift = Math.floor(r() * 6) - 2;
  t = t.replace(/\b(20[12]\d)\b/g, (y) => String(Number(y) + shift));
  const place = pick(r, PLACES);
  t = t.replace(/Vũ Thư|Vạn Ninh|Triệu Sơn/g, place);
  t = t.replace(/trước ngày (\d{1,2})\/(\d{1,2})\//g, (_m, _d, mo) => `trước ngày ${String(1 + Math.floor(r() * 28)).padStart(2, "0")}/${mo}/`);
  t = t.replace(/Phòng Kinh tế - Hạ tầng/g, () => pick(r, DEPARTMENTS));
  if (r() < 0.3) t = t.replace(/^([IVX]+)\. (.+)$/gm, "**$1. $2**");
  if (r() < 0.2) t = t.replace(/^(\d+)\. /gm, "$1) ").replace(/^(\d+)\) /gm, "$1. ");
  const rows = Array.from({ length: 3 + Math.floor(r() * 8) }, (_, k) => `| ${k + 1} | ${pick(r, TASKS)} năm ${2022 + shift} | ${pick(r, DEPARTMENTS)} | Các phòng, ban, ngành | ${pick(r, TIMES)} |`);
  t += `\n\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ (kế hoạch số ${i})\n\n| STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n|---|---|---|---|---|\n${rows.join("\n")}\n`;
  return t;
}

/** Write `count` plan files into `dir` (emptied first); returns their total size in bytes. */
export function generateCorpus(dir: string, count: number, seed = 42, samplesDir = "data/plans"): { files: string[]; bytes: number } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const bases = readdirSync(samplesDir).filter((f) => f.endsWith(".txt")).sort().map((f) => readFileSync(join(samplesDir, f), "utf8"));
  const r = rng(seed);
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const text = variant(bases[i % bases.length] as string, i, r);
    const file = join(dir, `ke-hoach-${String(i).padStart(4, "0")}.txt`);
    writeFileSync(file, text);
    bytes += Buffer.byteLength(text);
    files.push(file);
  }
  return { files, bytes };
}
