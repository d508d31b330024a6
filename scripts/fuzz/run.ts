// Loader fuzzer (npm run fuzz): mutated documents of every supported type through the loaders and the plan parser.
// Every document must end with a result or one clear error (an AppError with a Vietnamese message), in under 2 s:
// past that it is a hang. A document sent to OCR gets 2 s plus 3 s per page (the OCR target on one quiet core);
// past that it is counted apart as slow OCR (Tesseract's speed on a shared machine, not a loop in our code).
//
//   npm run fuzz -- [--count 100000] [--workers 2] [--seed 1] [--limit-ms 2000] [--out <empty folder>; default a new /tmp/fuzz-*] [--minutes M]
//
// --minutes stops early (after the documents in flight) and reports what ran; the summary says so.
//
// Each worker is a child process that handles one document at a time (binary formats are read in its own loader
// process, as in the bot, with the time limit --limit-ms and a 256 MB heap). A worker that dies on a document
// (a fatal V8 error, out of memory) is a crash; one still running after 30 s is killed: a hang. Either way the
// document is saved to --out with its type and error, the worker replaced and the run goes on. Documents stopped by
// the loader's own limits, or whose reader process crashed, are saved too. The last line of output is one JSON object.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import * as XLSX from "@e965/xlsx";
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from "docx";
import JSZip from "jszip";
import { createRandom, mutateBytes, mutateZipMember, type Random } from "./mutate.js";
import type { FuzzTask } from "./worker.js";
import { runOne, startWorker, stopWorker } from "./workerProcess.js";

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith("--") ? [[a.slice(2), all[i + 1] ?? ""]] : [])),
) as Record<string, string>;
const COUNT = Number(args.count ?? 100_000);
const WORKERS = Number(args.workers ?? availableParallelism());
const LIMIT_MS = Number(args["limit-ms"] ?? 2000);
const OCR_PAGE_MS = 3000;
const KILL_MS = 30_000;
const DEADLINE = args.minutes ? Date.now() + Number(args.minutes) * 60_000 : Infinity;
const OUT = args.out ?? mkdtempSync(join(tmpdir(), "fuzz-"));
const HEAP_MB = 256;
/** Error codes worth a look: the loader process was stopped at a limit or died. */
const SAVED_CODES = new Set(["document_too_complex", "loader_crashed"]);
const random = createRandom(Number(args.seed ?? 1));

const ROOT = join(import.meta.dirname, "../..");
const fixture = (path: string) => readFileSync(join(ROOT, path));

/** Seed documents per type: real plans and fixtures, and files built here for types without a committed one. */
async function seeds(): Promise<Record<string, { ext: string; seeds: Buffer[]; zipBased: boolean; weight: number }>> {
  // Plans cut to their first 6 KB: mutations reach every part of a short file more often, and each run is quicker.
  const cut = (path: string) => Buffer.from(fixture(path).toString("utf8").slice(0, 6000));
  const plan = cut("data/plans/van-ninh-2019.txt");
  const rows = plan.toString("utf8").split("\n").slice(0, 60);
  const docx = await Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            ...rows.map((l) => new Paragraph(l)),
            new Table({ rows: [["STT", "Nội dung", "Chủ trì"], ["1", "Hội nghị", "Sở Nội vụ"]].map((r) => new TableRow({ children: r.map((c) => new TableCell({ children: [new Paragraph(c)] })) })) }),
          ],
        },
      ],
    }),
  );
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["PHỤ LỤC"], ["STT", "Nội dung", "Chủ trì", "Thời hạn"], [1, "Hội nghị", "Sở Nội vụ", "Quý II"], [2, "Tập huấn", "Công an tỉnh", new Date(2025, 5, 30)]]), "Phụ lục");
  const xlsx = XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Buffer;
  const xls = XLSX.write(book, { type: "buffer", bookType: "biff8" }) as Buffer;
  const zip = await new JSZip().file("van-ninh.txt", plan).file("ke-hoach.docx", docx).file("phu-luc.xlsx", xlsx).generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  return {
    txt: { ext: ".txt", seeds: [plan, cut("data/plans/trieu-son-2022.txt"), cut("data/plans/hung-yen-2022.txt")], zipBased: false, weight: 3 },
    md: { ext: ".md", seeds: [cut("data/plans/quang-ngai-2024.txt")], zipBased: false, weight: 1 },
    docx: { ext: ".docx", seeds: [docx], zipBased: true, weight: 2 },
    pdf: { ext: ".pdf", seeds: [fixture("test/fixtures/vietnamese-text.pdf"), fixture("test/fixtures/legacy-tcvn3.pdf")], zipBased: false, weight: 2 },
    doc: { ext: ".doc", seeds: [fixture("test/fixtures/formats/plan.doc")], zipBased: false, weight: 1 },
    rtf: { ext: ".rtf", seeds: [fixture("test/fixtures/formats/plan.rtf")], zipBased: false, weight: 1 },
    odt: { ext: ".odt", seeds: [fixture("test/fixtures/formats/plan.odt")], zipBased: true, weight: 1 },
    xlsx: { ext: ".xlsx", seeds: [xlsx], zipBased: true, weight: 1 },
    xls: { ext: ".xls", seeds: [xls], zipBased: false, weight: 1 },
    zip: { ext: ".zip", seeds: [zip], zipBased: true, weight: 1 },
    png: { ext: ".png", seeds: [fixture("test/fixtures/ocr/heading.png")], zipBased: false, weight: 0.04 },
    jpg: { ext: ".jpg", seeds: [fixture("test/fixtures/ocr/cat.jpg"), fixture("test/fixtures/ocr/photo-page.jpg")], zipBased: false, weight: 0.04 },
    tif: { ext: ".tif", seeds: [fixture("test/fixtures/ocr/heading.tif")], zipBased: false, weight: 0.04 },
  };
}

async function mutate(seed: Buffer, zipBased: boolean, rnd: Random): Promise<Buffer> {
  let out = zipBased && rnd() < 0.7 ? await mutateZipMember(seed, rnd) : mutateBytes(seed, rnd);
  for (let i = 0, n = Math.floor(rnd() * 3); i < n; i++) out = mutateBytes(out, rnd);
  return out;
}

interface Tally {
  total: number;
  ok: number;
  error: number;
  crash: number;
  hang: number;
  /** Documents without an answer after 30 s: their worker was killed (also counted as hangs). */
  killed: number;
  /** Slowest document that did not go through OCR. */
  maxMsNoOcr: number;
  /** Documents read by OCR that went past 2 s plus 3 s per page (Tesseract on a shared machine): not counted as hangs. */
  slowOcr: number;
  /** Documents that took over 2 s in all, OCR ones included (those are within their budget unless counted as hangs). */
  over2s: number;
  /** Documents sent to OCR. */
  ocr: number;
  maxMs: number;
  times: number[];
}

async function main(): Promise<void> {
  const types = await seeds();
  const names = Object.keys(types);
  const totalWeight = names.reduce((n, t) => n + types[t]!.weight, 0);
  const pick = (): string => {
    let r = random() * totalWeight;
    for (const t of names) if ((r -= types[t]!.weight) < 0) return t;
    return names[0]!;
  };
  const tallies = Object.fromEntries(names.map((t) => [t, { total: 0, ok: 0, error: 0, crash: 0, hang: 0, killed: 0, maxMsNoOcr: 0, slowOcr: 0, over2s: 0, ocr: 0, maxMs: 0, times: [] } as Tally]));
  const errorCodes = new Map<string, number>();
  mkdirSync(OUT, { recursive: true });
  // Saved documents of an earlier run would be taken for this run's.
  if (readdirSync(OUT).length > 0) throw new Error(`--out ${OUT} is not empty: give an empty or new folder`);
  const started = Date.now();
  let next = 0;
  let finished = 0;

  const save = (type: string, id: number, bytes: Buffer, why: string) => {
    writeFileSync(join(OUT, `${id}-${type}${types[type]!.ext}`), bytes);
    writeFileSync(join(OUT, `${id}-${type}.txt`), why);
  };

  const lane = async (): Promise<void> => {
    let worker = await startWorker(HEAP_MB);
    while (next < COUNT && Date.now() < DEADLINE) {
      const id = next++;
      const type = pick();
      const spec = types[type]!;
      const bytes = await mutate(spec.seeds[Math.floor(random() * spec.seeds.length)]!, spec.zipBased, random);
      const task: FuzzTask = { id, name: `fuzz-${id}${spec.ext}`, bytes, extractLimits: { timeoutMs: LIMIT_MS, heapMb: HEAP_MB, rssMb: 3 * HEAP_MB } };
      const t0 = performance.now();
      const result = await runOne(worker, task, KILL_MS);
      const tally = tallies[type]!;
      tally.total++;
      const ms = performance.now() - t0;
      tally.times.push(ms);
      tally.maxMs = Math.max(tally.maxMs, ms);
      if (ms > LIMIT_MS) tally.over2s++;
      if (++finished % 5000 === 0) {
        const all = Object.values(tallies);
        const n = (k: "crash" | "hang" | "over2s") => all.reduce((x, t) => x + t[k], 0);
        process.stderr.write(`${finished}/${COUNT} in ${((Date.now() - started) / 1000).toFixed(0)} s: ${n("crash")} crashes, ${n("hang")} hangs, ${n("over2s")} over ${LIMIT_MS} ms\n`);
      }
      if (result === "hang" || "died" in result) {
        if (result === "hang") {
          tally.hang++;
          tally.killed++;
          save(type, id, bytes, `no answer within ${KILL_MS} ms`);
        } else {
          tally.crash++;
          save(type, id, bytes, `worker process died: ${result.died}`);
        }
        await stopWorker(worker, "SIGKILL");
        worker = await startWorker(HEAP_MB);
        continue;
      }
      // Every answered document has its outcome; a slow one is also a hang (or, read by OCR, slow OCR) and is saved.
      tally[result.outcome]++;
      if (result.ocrPages > 0) tally.ocr++;
      else tally.maxMsNoOcr = Math.max(tally.maxMsNoOcr, ms);
      const budget = LIMIT_MS + OCR_PAGE_MS * result.ocrPages;
      if (result.ms > budget) {
        if (result.ocrPages > 0) tally.slowOcr++;
        else tally.hang++;
        save(type, id, bytes, `${Math.round(result.ms)} ms with ${result.ocrPages} OCR page(s): over ${budget} ms; outcome ${result.outcome} ${result.detail} ${result.message ?? ""}`);
      } else if (result.outcome === "crash") save(type, id, bytes, result.detail);
      else if (result.detail.split(",").some((c) => SAVED_CODES.has(c))) save(type, id, bytes, `${result.outcome}: ${result.detail}: ${result.message ?? ""}`);
      // Archives report their members' errors with an "ok" outcome: those codes are counted too.
      for (const code of result.outcome === "crash" ? [] : result.detail.split(",").filter(Boolean)) errorCodes.set(`${type}:${code}`, (errorCodes.get(`${type}:${code}`) ?? 0) + 1);
    }
    await stopWorker(worker);
  };

  await Promise.all(Array.from({ length: WORKERS }, lane));

  const seconds = (Date.now() - started) / 1000;
  const p99 = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length * 0.99)] ?? 0;
  const ran = names.reduce((n, t) => n + tallies[t]!.total, 0);
  console.log(`fuzz: ${ran} of ${COUNT} documents${ran < COUNT ? ` (stopped by --minutes ${args.minutes})` : ""} in ${seconds.toFixed(0)} s with ${WORKERS} workers, limit ${LIMIT_MS} ms per document (+${OCR_PAGE_MS} ms per OCR page), seed ${args.seed ?? 1}`);
  console.table(
    Object.fromEntries(
      names.map((t) => {
        const x = tallies[t]!;
        return [t, { documents: x.total, result: x.ok, "clear error": x.error, crash: x.crash, hang: x.hang, "slow OCR": x.slowOcr, "via OCR": x.ocr, "over 2 s": x.over2s, "p99 ms": Math.round(p99(x.times)), "max ms": Math.round(x.maxMs), "max ms w/o OCR": Math.round(x.maxMsNoOcr) }];
      }),
    ),
  );
  const sum = (k: keyof Omit<Tally, "times" | "maxMs" | "maxMsNoOcr">) => names.reduce((n, t) => n + (tallies[t]![k] as number), 0);
  console.log(`total: ${sum("total")} documents, ${sum("ok")} results, ${sum("error")} clear errors, ${sum("crash")} crashes, ${sum("hang")} hangs, ${sum("slowOcr")} OCR documents over their budget; ${sum("over2s")} took over 2 s (${sum("ocr")} went through OCR)`);
  console.log(`errors by type and code: ${JSON.stringify(Object.fromEntries([...errorCodes].sort()))}`);
  const codes = new Map<string, number>();
  for (const [key, n] of errorCodes) codes.set(key.split(":")[1]!, (codes.get(key.split(":")[1]!) ?? 0) + n);
  console.log(
    JSON.stringify({
      documents: sum("total"),
      seconds: Math.round(seconds),
      docsPerSecond: Number((sum("total") / seconds).toFixed(1)),
      cpuSeconds: cpuSeconds(),
      workers: WORKERS,
      limitMs: LIMIT_MS,
      seed: Number(args.seed ?? 1),
      out: OUT,
      results: sum("ok"),
      clearErrors: sum("error"),
      crashes: sum("crash"),
      hangs: sum("hang"),
      slowOcr: sum("slowOcr"),
      viaOcr: sum("ocr"),
      over2s: sum("over2s"),
      killed: sum("killed"),
      maxMs: Math.round(Math.max(...names.map((t) => tallies[t]!.maxMs))),
      maxMsWithoutOcr: Math.round(Math.max(...names.map((t) => tallies[t]!.maxMsNoOcr))),
      perType: Object.fromEntries(names.map((t) => [t, { documents: tallies[t]!.total, results: tallies[t]!.ok, errors: tallies[t]!.error, crashes: tallies[t]!.crash, hangs: tallies[t]!.hang, slowOcr: tallies[t]!.slowOcr, maxMs: Math.round(tallies[t]!.maxMs), maxMsWithoutOcr: Math.round(tallies[t]!.maxMsNoOcr) }])),
      errorsByCode: Object.fromEntries([...codes].sort()),
    }),
  );
  if (sum("crash") + sum("hang") > 0) {
    console.log(`failing documents saved in ${OUT}`);
    process.exitCode = 1;
  }
}

/** CPU seconds of this process and of its finished children (workers, their loader processes, OCR tools), from /proc. */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    // Not Linux: own time only.
  }
  return Math.round((own.user + own.system) / 1e6 + children);
}

await main();
