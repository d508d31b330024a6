// OCR benchmark (npm run bench:ocr): seconds per A4 page at 200 dpi, rendering (pdftoppm) and recognition (tesseract),
// on one core and on all cores. Prints wall-clock figures and the CPU time of the tool processes (steady when the
// machine is shared). Input: a scanned PDF (default the 3-page fixture), or pass one: npm run bench:ocr -- scan.pdf

import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { pdfToText } from "../src/loaders/pdf.js";
import { createOcrEngine } from "../src/loaders/ocr/engine.js";

const file = process.argv[2] ?? join(import.meta.dirname, "../test/fixtures/ocr/trieu-son-2022.scan.pdf");
const pdf = readFileSync(file);
const pages = (await pdfToText(pdf)).pages;
const pageNumbers = Array.from({ length: pages }, (_, i) => i + 1);
const ROUNDS = Number(process.env.ROUNDS ?? 2);

/** CPU seconds (user + system) of finished child processes, from /proc (Linux). */
function childCpuSeconds(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // After "pid (comm) ", field 3 is index 0: cutime and cstime are fields 16 and 17.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

async function measure(concurrency: number): Promise<{ wall: number; cpu: number; confidence: number }> {
  const ocr = createOcrEngine({ concurrency });
  if (!(await ocr.status()).ok) throw new Error(`OCR not available: ${JSON.stringify(await ocr.status())}`);
  let wall = 0;
  let cpu = 0;
  let confidence = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const cpu0 = childCpuSeconds();
    const t0 = performance.now();
    const result = await ocr.recognizePdfPages(pdf, pageNumbers);
    wall += (performance.now() - t0) / 1000;
    cpu += childCpuSeconds() - cpu0;
    confidence = result.meanConfidence;
  }
  return { wall: wall / ROUNDS / pages, cpu: cpu / ROUNDS / pages, confidence };
}

const one = await measure(1);
const all = await measure(availableParallelism());
console.log(`OCR of ${file.split("/").pop()}: ${pages} A4 pages at 200 dpi, ${ROUNDS} rounds, mean confidence ${one.confidence.toFixed(1)}`);
console.log(`one core:  ${one.wall.toFixed(2)} s/page wall, ${one.cpu.toFixed(2)} s/page CPU (pdftoppm + tesseract)`);
console.log(`${availableParallelism()} cores:   ${all.wall.toFixed(2)} s/page wall (${(1 / all.wall).toFixed(2)} pages/s), ${all.cpu.toFixed(2)} s/page CPU`);
console.log(`target: under 3 s per page on one core: ${one.cpu < 3 ? "met" : "NOT met"} (CPU time)`);
