// Spreadsheets (.xlsx, .xls) of annex task tables to plain text: each sheet becomes an annex whose rows are "| a | b |" lines.

import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { checkOle2Header } from "./ole2.js";

/** Rows read per sheet at most: annex task lists are far shorter; this bounds a hostile file. */
const MAX_ROWS_PER_SHEET = 5000;
const MAX_COLUMNS = 64;
/** Sheet names spreadsheet programs give by default: not worth repeating as a title. */
const DEFAULT_SHEET_NAME = /^(?:sheet|trang tính|trang|bảng tính)\s*\d*$/iu;
/** Words of an annex table's header row (folded comparisons are not needed: headers are typed with marks). */
const HEADER_WORDS = /\b(?:stt|tt)\b|nội dung|nhiệm vụ|chủ trì|phối hợp|thời gian|thời hạn|hoàn thành|đơn vị|cơ quan|ghi chú|sản phẩm|kết quả|kinh phí/iu;
const ANNEX_TITLE = /^(?:PHỤ LỤC|Phụ lục)/u;

/** A workbook that takes longer than this to read is refused: SheetJS can loop on some damaged files. */
const READ_TIMEOUT_MS = 5000;

/**
 * Reads every sheet of an .xlsx or .xls workbook. SheetJS runs on a worker thread
 * that is stopped after READ_TIMEOUT_MS. Throws on a file SheetJS cannot read, on a
 * file whose first bytes are not a spreadsheet of that kind, and on a time-out.
 */
export async function spreadsheetToText(buf: Buffer, kind: "xlsx" | "xls"): Promise<string> {
  checkSignature(buf, kind);
  if (buf.readUInt32BE(0) === 0xd0cf11e0) checkOle2Header(buf);
  const sheets = await readSheetsIsolated(buf);
  return sheets
    .map((s) => sheetRowsToText(s.name, toGrid(s.rows, s.merges)))
    .filter((t) => t !== "")
    .join("\n\n");
}

interface RawSheet {
  name: string;
  rows: unknown[][];
  merges: Array<{ s: { r: number; c: number }; e: { r: number; c: number } }>;
}

/** The worker: plain CommonJS (it runs the same under tsx, vitest and built code), given SheetJS's path. */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
console.log = console.warn = console.error = () => {};
const XLSX = require(workerData.xlsxPath);
parentPort.on("message", ({ id, bytes, options, maxColumns }) => {
  try {
    const book = XLSX.read(Buffer.from(bytes), options);
    const sheets = book.SheetNames.map((name) => {
      const sheet = book.Sheets[name];
      if (!sheet) return { name, rows: [], merges: [] };
      const rows = XLSX.utils.sheet_to_json(sheet, { header: 1, raw: true, defval: "", blankrows: true }).map((r) => r.slice(0, maxColumns));
      return { name, rows, merges: sheet["!merges"] || [] };
    });
    parentPort.postMessage({ id, ok: true, sheets });
  } catch (err) {
    parentPort.postMessage({ id, ok: false, message: String((err && err.message) || err) });
  }
});
`;

type WorkerReply = { id: number; ok: true; sheets: RawSheet[] } | { id: number; ok: false; message: string };

/**
 * One SheetJS worker, started on first use and kept (unref'd, so it never holds the
 * process open); workbooks are read one at a time. A read past READ_TIMEOUT_MS
 * terminates the worker; the next read starts a fresh one.
 */
let worker: Worker | undefined;
let queue: Promise<unknown> = Promise.resolve();
let nextId = 0;

function readSheetsIsolated(buf: Buffer): Promise<RawSheet[]> {
  const run = queue.then(() => readInWorker(buf));
  queue = run.catch(() => undefined);
  return run;
}

function readInWorker(buf: Buffer): Promise<RawSheet[]> {
  const options = { type: "buffer", cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, sheetRows: MAX_ROWS_PER_SHEET };
  if (!worker) {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { xlsxPath: createRequire(import.meta.url).resolve("@e965/xlsx") },
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.unref();
  }
  const current = worker;
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    const stop = (err: Error) => {
      cleanup();
      if (worker === current) worker = undefined;
      void current.terminate();
      reject(err);
    };
    const onMessage = (m: WorkerReply) => {
      if (m.id !== id) return;
      cleanup();
      if (m.ok) resolve(m.sheets);
      else reject(new Error(m.message));
    };
    const onError = (err: Error) => stop(err);
    const onExit = (code: number) => stop(new Error(`SheetJS worker exited with code ${code}`));
    const timer = setTimeout(() => stop(new Error(`SheetJS did not finish within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
    const cleanup = () => {
      clearTimeout(timer);
      current.off("message", onMessage);
      current.off("error", onError);
      current.off("exit", onExit);
    };
    current.on("message", onMessage);
    current.on("error", onError);
    current.on("exit", onExit);
    current.postMessage({ id, bytes: new Uint8Array(buf), options, maxColumns: MAX_COLUMNS });
  });
}

/** .xlsx is a zip; .xls is an OLE2 compound file or, as many systems export it, an HTML or XML table. */
function checkSignature(buf: Buffer, kind: "xlsx" | "xls"): void {
  const zip = buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304;
  const ole = buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0;
  const markup = /^(?:\ufeff)?\s*</u.test(buf.subarray(0, 512).toString("utf8"));
  if (kind === "xlsx" && !zip) throw new Error("not a zip archive (an .xlsx file is one)");
  if (kind === "xls" && !ole && !markup && !zip) throw new Error("neither an OLE2 compound file nor an HTML/XML table");
}

/** The sheet as a grid of strings (first rows and columns only). */
function toGrid(rows: unknown[][], merges: RawSheet["merges"]): string[][] {
  const grid = rows.map((row) => row.slice(0, MAX_COLUMNS).map(cellText));
  // Like the .docx loader: a cell merged down repeats in each row (every row names its lead agency); one merged across stays in its first column.
  for (const merge of merges) {
    if (merge.s.c >= MAX_COLUMNS) continue;
    const value = grid[merge.s.r]?.[merge.s.c] ?? "";
    for (let r = merge.s.r + 1; r <= Math.min(merge.e.r, grid.length - 1); r++) {
      const row = grid[r];
      if (row) row[merge.s.c] = value;
    }
  }
  return grid;
}

function cellText(value: unknown): string {
  if (value instanceof Date) {
    const dd = String(value.getDate()).padStart(2, "0");
    const mm = String(value.getMonth() + 1).padStart(2, "0");
    return `${dd}/${mm}/${value.getFullYear()}`;
  }
  if (value === null || value === undefined) return "";
  return String(value).replace(/\s+/gu, " ").replace(/\|/g, "/").trim();
}

/**
 * One sheet as annex text (pure): title rows above the table as lines (with a
 * "PHỤ LỤC" line first when no title says so), then the header row and every
 * data row as `| a | b |` lines. The header is the first of the top rows whose
 * cells name at least two columns (STT, Nội dung, Chủ trì...), else the first
 * row with two non-empty cells. Empty rows and trailing empty columns are dropped.
 */
export function sheetRowsToText(sheetName: string, rows: string[][]): string {
  const nonEmpty = rows.filter((r) => r.some((c) => c !== ""));
  if (nonEmpty.length === 0) return "";
  const width = Math.max(...nonEmpty.map((r) => r.findLastIndex((c) => c !== "") + 1));
  const grid = nonEmpty.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
  const filled = (r: string[]) => r.filter((c) => c !== "").length;
  let header = grid.slice(0, 15).findIndex((r) => r.filter((c) => HEADER_WORDS.test(c)).length >= 2);
  if (header < 0) header = grid.findIndex((r) => filled(r) >= 2);
  const titles = (header < 0 ? grid : grid.slice(0, header)).map((r) => r.filter((c) => c !== "").join(" "));
  const table = header < 0 ? [] : grid.slice(header);
  const lines: string[] = [];
  if (!titles.some((t) => ANNEX_TITLE.test(t))) {
    const name = sheetName.trim();
    lines.push(name && !DEFAULT_SHEET_NAME.test(name) ? `PHỤ LỤC: ${name}` : "PHỤ LỤC");
  }
  lines.push(...titles);
  if (table.length > 0) lines.push("", ...table.map((r) => `| ${r.join(" | ")} |`));
  return lines.join("\n");
}
