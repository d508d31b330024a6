// Spreadsheets (.xlsx, .xls) of annex task tables to plain text: each sheet becomes an annex whose rows are "| a | b |" lines.

import * as XLSX from "@e965/xlsx";
import JSZip from "jszip";
import { type ArchiveLimits, readZip } from "./archive.js";
import { checkOle2File } from "./ole2.js";

/** Rows read per sheet at most: annex task lists are far shorter; this bounds a hostile file. */
const MAX_ROWS_PER_SHEET = 5000;
const MAX_COLUMNS = 64;
/** Sheet names spreadsheet programs give by default: not worth repeating as a title. */
const DEFAULT_SHEET_NAME = /^(?:sheet|trang tính|trang|bảng tính)\s*\d*$/iu;
/** Words of an annex table's header row (folded comparisons are not needed: headers are typed with marks). */
const HEADER_WORDS = /\b(?:stt|tt)\b|nội dung|nhiệm vụ|chủ trì|phối hợp|thời gian|thời hạn|hoàn thành|đơn vị|cơ quan|ghi chú|sản phẩm|kết quả|kinh phí/iu;
const ANNEX_TITLE = /^(?:PHỤ LỤC|Phụ lục)/u;

/**
 * Reads every sheet of an .xlsx or .xls workbook. Throws on a file SheetJS cannot
 * read and on a file whose first bytes are not a spreadsheet of that kind. SheetJS
 * can loop or allocate without bound on some damaged files: loaders run this in the
 * loader process, under its time and memory limits (see isolatedExtract.ts).
 */
export async function spreadsheetToText(buf: Buffer, kind: "xlsx" | "xls"): Promise<string> {
  checkSignature(buf, kind);
  if (buf.readUInt32BE(0) === 0xd0cf11e0) checkOle2File(buf);
  return readSheets(isZip(buf) ? await storedCopy(buf) : buf)
    .map((s) => sheetRowsToText(s.name, toGrid(s.rows, s.merges)))
    .filter((t) => t !== "")
    .join("\n\n");
}

/** Limits for the zip of an .xlsx (parts are XML; a workbook of annex tables is far smaller). */
const SPREADSHEET_ZIP_LIMITS: Partial<ArchiveLimits> = { maxEntries: 2000, maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxRatio: 1000 };
const isZip = (buf: Buffer): boolean => buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304;

/**
 * The workbook's zip rebuilt, uncompressed, from the parts yauzl read (sizes checked,
 * inflated by zlib). SheetJS's own inflate loops for ever on some damaged deflate
 * streams that zlib refuses or reads (found by the fuzzer): it then never sees them.
 */
async function storedCopy(buf: Buffer): Promise<Buffer> {
  const zip = new JSZip();
  for (const member of await readZip(buf, SPREADSHEET_ZIP_LIMITS)) if ("data" in member) zip.file(member.name, member.data);
  return zip.generateAsync({ type: "nodebuffer", compression: "STORE" });
}

interface RawSheet {
  name: string;
  rows: unknown[][];
  merges: Array<{ s: { r: number; c: number }; e: { r: number; c: number } }>;
}

const READ_OPTIONS: XLSX.ParsingOptions = { type: "buffer", cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false, sheetRows: MAX_ROWS_PER_SHEET };

/** Property-set streams of an OLE2 workbook (title, author...): not read here. */
const PROPERTY_STREAMS = ["/!SummaryInformation", "/!DocumentSummaryInformation"];

/**
 * Reads a workbook with SheetJS. For an OLE2 (.xls) file the property-set streams
 * are emptied first: SheetJS trusts their property count and fills an array of that
 * many entries, so a damaged count (found by the fuzzer) made a 20 KB file take
 * gigabytes and seconds before the process died. The sheets do not depend on them.
 */
function readWorkbook(buf: Buffer): XLSX.WorkBook {
  if (buf.readUInt32BE(0) !== 0xd0cf11e0) return XLSX.read(buf, READ_OPTIONS);
  const cfb = XLSX.CFB.read(buf, { type: "buffer" });
  if (XLSX.CFB.find(cfb, "EncryptedPackage")) throw new Error("encrypted workbook (an OLE2 EncryptedPackage)");
  for (const path of PROPERTY_STREAMS) {
    const entry = XLSX.CFB.find(cfb, path);
    if (entry) entry.size = 0;
  }
  const stream = XLSX.CFB.find(cfb, "/Workbook") ?? XLSX.CFB.find(cfb, "/Book");
  if (stream?.content) checkBiffRecordSizes(Buffer.from(stream.content));
  // parse_xlscfb is exported by the module but missing from its type declarations.
  return (XLSX as unknown as { parse_xlscfb: (cfb: unknown, o: XLSX.ParsingOptions) => XLSX.WorkBook }).parse_xlscfb(cfb, READ_OPTIONS);
}

/**
 * Records that hold a parsed formula (under their BIFF8 ids and the older ids SheetJS
 * also reads), with the size at which their formula length (cce) field ends in a
 * BIFF5/8 workbook, the kinds an OLE2 .xls holds: Formula, Array, ShrFmla, Lbl; and
 * other records whose length field SheetJS uses as a loop bound.
 */
const LOOP_BOUND_RECORDS = new Map<number, { name: string; minSize: number }>([
  [0x0006, { name: "Formula", minSize: 22 }],
  [0x0206, { name: "Formula", minSize: 22 }],
  [0x0406, { name: "Formula", minSize: 22 }],
  [0x0221, { name: "Array", minSize: 14 }],
  [0x0021, { name: "Array", minSize: 14 }],
  [0x04bc, { name: "ShrFmla", minSize: 10 }],
  [0x0018, { name: "Lbl", minSize: 6 }],
  [0x0218, { name: "Lbl", minSize: 6 }],
  // A string record whose length byte is missing: SheetJS read it as undefined and looped over `i != size` for ever.
  [0x0007, { name: "String", minSize: 1 }],
  // An ExternSheet without its entry count: SheetJS looped over `len-- !== 0` with NaN for ever.
  [0x0017, { name: "ExternSheet", minSize: 2 }],
]);

/**
 * Throws when a record of a workbook stream is too short to hold the length field
 * SheetJS loops over. It reads that length past the record's end as NaN or undefined
 * and then loops for ever (`while (target != blob.l)` in parse_Rgce, with cellFormula
 * off too; `i != size` for a string): 4 KB .xls files found by the fuzzer never finished.
 */
export function checkBiffRecordSizes(stream: Buffer): void {
  for (let at = 0; at + 4 <= stream.length; ) {
    const type = stream.readUInt16LE(at);
    const size = stream.readUInt16LE(at + 2);
    const record = LOOP_BOUND_RECORDS.get(type);
    if (record && size < record.minSize) {
      throw new Error(`BIFF ${record.name} record at offset ${at} is ${size} bytes, too short for the length SheetJS reads (at least ${record.minSize})`);
    }
    at += 4 + size;
  }
}

function readSheets(buf: Buffer): RawSheet[] {
  const book = readWorkbook(buf);
  return book.SheetNames.map((name) => {
    const sheet = book.Sheets[name];
    if (!sheet) return { name, rows: [], merges: [] };
    // Only the first rows and columns are read: a damaged sheet can declare a range of 26,000 columns (found by the fuzzer).
    const range = XLSX.utils.decode_range(sheet["!ref"] ?? "A1");
    range.e.c = Math.min(range.e.c, range.s.c + MAX_COLUMNS - 1);
    range.e.r = Math.min(range.e.r, range.s.r + MAX_ROWS_PER_SHEET - 1);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: "", blankrows: true, range });
    return { name, rows, merges: sheet["!merges"] ?? [] };
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
