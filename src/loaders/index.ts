// Document loaders: turn a plan file (text, Word, PDF, OpenDocument, RTF, spreadsheet, scan or photo; on disk or uploaded) into plain text for the plan parser.

import { readFileSync, statSync, type Stats } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { AppError, OcrUnavailableError, UnsupportedFileError } from "../core/errors.js";
import { decodeText, detectLegacyVietnamese, type LegacyVietnameseEncoding } from "../text/encoding.js";
import type { ArchiveLimits } from "./archive.js";
import type { ImageHeader } from "./extractors.js";
import { type ExtractLimits, extractIsolated } from "./isolatedExtract.js";
import type { OcrEngine, OcrProgress, OcrResult } from "./ocr/engine.js";
import { repairOcrDocument } from "./ocr/repair.js";
import type { PdfText } from "./pdf.js";

// Binary formats are read in loader processes (isolatedExtract); the zip reader and the OCR engine
// are loaded with the first file that needs them, so reading plain text loads none of them.
const archive = () => import("./archive.js");

export type DocumentFormat = "txt" | "md" | "docx" | "pdf" | "doc" | "rtf" | "odt" | "xlsx" | "xls" | "image";

/** Plain text of a document, ready for the plan parser (NFC, otherwise as extracted). */
export interface LoadedDocument {
  text: string;
  format: DocumentFormat;
  /** Number of pages, for PDFs. */
  pages?: number;
  /** Set when (some of) the text was recovered by OCR: pages recognized and mean word confidence (0-100). */
  ocr?: { pages: number; meanConfidence: number };
}

/** Progress of a slow load, for a "page 3/12" message. */
export type LoadProgress = { stage: "ocr" } & OcrProgress;

export interface LoadOptions {
  /** Largest accepted file size in bytes; default 20 MB. */
  maxBytes?: number;
  /** The user's name for the file when `path` is a temporary file (an upload): decides the type and appears in messages. */
  fileName?: string;
  /** OCR engine for scans and images; default one engine built from the environment; null disables OCR. */
  ocr?: OcrEngine | null;
  /** Called as OCR pages finish. */
  onProgress?: (progress: LoadProgress) => void;
  /** Time and memory limits of the loader process that reads binary formats (see isolatedExtract.ts). */
  extractLimits?: Partial<ExtractLimits>;
}

/** File extensions the loaders read, lower case with the dot (archives: ARCHIVE_EXTENSIONS). */
export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".docx", ".pdf", ".doc", ".rtf", ".odt", ".xlsx", ".xls", ".png", ".jpg", ".jpeg", ".tif", ".tiff"];

/** Archives whose members are loaded one by one (see readArchive). */
export const ARCHIVE_EXTENSIONS = [".zip"];

/** Images larger than this (pixels) are refused before OCR: 60 Mpx is an A4 page at 600 dpi with room to spare. */
const MAX_IMAGE_PIXELS = 60_000_000;

/** An OCR result with fewer confident words than this has no text to speak of (a photo, a blank page). */
const MIN_CONFIDENT_WORDS = 5;

/** Default size limit: 20 MB. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** A PDF page with fewer non-space characters than this, on average, is taken for a scan. */
const MIN_CHARS_PER_PDF_PAGE = 20;

const FORMAT_BY_EXTENSION: Record<string, DocumentFormat> = {
  ".txt": "txt",
  ".md": "md",
  ".docx": "docx",
  ".pdf": "pdf",
  ".doc": "doc",
  ".rtf": "rtf",
  ".odt": "odt",
  ".xlsx": "xlsx",
  ".xls": "xls",
  ".png": "image",
  ".jpg": "image",
  ".jpeg": "image",
  ".tif": "image",
  ".tiff": "image",
};

const SUPPORTED_LIST = "Word (.docx, .doc), PDF, ảnh chụp/scan (.png, .jpg, .tif), .odt, .rtf, .xlsx, .xls, .txt, .md hoặc tệp nén .zip";

let defaultOcr: OcrEngine | undefined;
/** The OCR engine used when LoadOptions.ocr is not given: built once from the environment (TESSERACT_PATH, PDFTOPPM_PATH). */
async function ocrEngineFor(opts: Pick<LoadOptions, "ocr">): Promise<OcrEngine | null> {
  if (opts.ocr !== undefined) return opts.ocr;
  defaultOcr ??= (await import("./ocr/engine.js")).createOcrEngine();
  return defaultOcr;
}

/**
 * Loads a document from disk. The type comes from `opts.fileName` when given,
 * otherwise from `path`. The size is checked with fs.stat before the file is read.
 * Every failure is an UnsupportedFileError with a Vietnamese `userMessage`.
 */
export async function loadDocument(path: string, opts: LoadOptions = {}): Promise<LoadedDocument> {
  const label = opts.fileName ?? path;
  formatOf(label);
  let size: number;
  try {
    const st = await stat(path);
    size = checkedSize(label, path, st);
  } catch (err) {
    throw statFailure(label, path, err);
  }
  checkSize(label, size, opts.maxBytes);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw readFailure(label, path, err);
  }
  const { fileName: _name, ...rest } = opts;
  return loadBuffer(buf, label, rest);
}

/**
 * The bytes of a document file, after the checks loadDocument makes (type, regular file, size),
 * read synchronously: for parse workers, whose thread has nothing else to do meanwhile and
 * for which the asynchronous calls cost more than reading a plan. Load them with loadBuffer.
 */
export function readDocumentFileSync(path: string, opts: Pick<LoadOptions, "maxBytes" | "fileName"> = {}): Buffer {
  const label = opts.fileName ?? path;
  formatOf(label);
  let size: number;
  try {
    size = checkedSize(label, path, statSync(path));
  } catch (err) {
    throw statFailure(label, path, err);
  }
  checkSize(label, size, opts.maxBytes);
  try {
    return readFileSync(path);
  } catch (err) {
    throw readFailure(label, path, err);
  }
}

/** The size of a regular file; anything else (a folder, a device) is refused. */
function checkedSize(label: string, path: string, st: Stats): number {
  if (!st.isFile()) {
    throw fail(label, `not a regular file: ${path}`, `"${display(label)}" không phải là một tệp; vui lòng gửi tệp ${SUPPORTED_LIST}.`);
  }
  return st.size;
}

function statFailure(label: string, path: string, err: unknown): UnsupportedFileError {
  if (err instanceof UnsupportedFileError) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return fail(label, `file not found: ${path}`, `Không tìm thấy tệp "${display(label)}".`);
  return fail(label, `cannot stat ${path}: ${describe(err)}`, `Không đọc được tệp "${display(label)}"; vui lòng thử lại.`);
}

const readFailure = (label: string, path: string, err: unknown): UnsupportedFileError =>
  fail(label, `cannot read ${path}: ${describe(err)}`, `Không đọc được tệp "${display(label)}"; vui lòng thử lại.`);

/**
 * Loads a document held in memory (a chat upload); `fileName` decides the type and
 * names the file in error messages. Same checks and output as loadDocument.
 */
export async function loadBuffer(buf: Buffer, fileName: string, opts: Omit<LoadOptions, "fileName"> = {}): Promise<LoadedDocument> {
  const format = formatOf(fileName);
  checkSize(fileName, buf.length, opts.maxBytes);
  if (buf.length === 0) throw emptyFile(fileName, "file is 0 bytes");

  let text: string;
  let pages: number | undefined;
  let ocr: LoadedDocument["ocr"];
  switch (format) {
    case "txt":
    case "md":
      text = readTextFile(buf, fileName);
      break;
    case "docx":
      text = await readDocx(buf, fileName, opts);
      break;
    case "pdf": {
      const pdf = await readPdf(buf, fileName, opts);
      text = pdf.text;
      pages = pdf.pages;
      ocr = pdf.ocr;
      break;
    }
    case "doc":
      text = await readWith(fileName, "Word 97-2003 (.doc)", () => extractIsolated("doc", buf, fileName, opts.extractLimits), "định dạng Word (.doc)");
      break;
    case "rtf":
      text = await readWith(fileName, "RTF", () => extractIsolated("rtf", buf, fileName, opts.extractLimits), "định dạng RTF");
      break;
    case "odt":
      text = await readWith(fileName, "OpenDocument (.odt)", () => extractIsolated("odt", buf, fileName, opts.extractLimits), "định dạng OpenDocument (.odt)");
      break;
    case "xlsx":
    case "xls":
      text = await readWith(fileName, `spreadsheet (.${format})`, () => extractIsolated(format, buf, fileName, opts.extractLimits), `bảng tính Excel (.${format})`);
      break;
    case "image": {
      const image = await readImage(buf, fileName, opts);
      text = image.text;
      ocr = image.ocr;
      break;
    }
  }

  const doc: LoadedDocument = { text: checkedText(text, fileName), format };
  if (pages !== undefined) doc.pages = pages;
  if (ocr !== undefined) doc.ocr = ocr;
  return doc;
}

/** Extracted text as loaders return it (NFC), or the error saying why it is no plan text (empty, legacy font encoding). */
function checkedText(text: string, fileName: string): string {
  if (text.trim() === "") throw emptyFile(fileName, "no text after extraction (only whitespace)");
  const legacy = detectLegacyVietnamese(text);
  if (legacy) throw legacyEncoding(fileName, legacy);
  return text.normalize("NFC");
}

/** True for the plain-text types (.txt, .md), which {@link loadTextFileSync} reads with no other library or process. */
export function isPlainText(fileName: string): boolean {
  const format = FORMAT_BY_EXTENSION[extname(fileName).toLowerCase()];
  return format === "txt" || format === "md";
}

/**
 * A plain-text file (.txt, .md) loaded synchronously, with the checks and errors of loadDocument:
 * for batches, where the thread that writes the store reads them while the parse workers parse.
 */
export function loadTextFileSync(path: string, opts: Pick<LoadOptions, "maxBytes"> = {}): LoadedDocument {
  const buf = readDocumentFileSync(path, opts);
  const format = formatOf(path);
  if (format !== "txt" && format !== "md") throw fail(path, `not a plain-text file: ${extname(path)}`, `Tệp "${display(path)}" không phải tệp văn bản .txt hay .md.`);
  if (buf.length === 0) throw emptyFile(path, "file is 0 bytes");
  return { text: checkedText(readTextFile(buf, path), path), format };
}

/** One member of an archive: its bytes to load with loadBuffer, or the per-file error to report. */
export type ArchiveEntry = { fileName: string; data: Buffer } | { fileName: string; error: UnsupportedFileError };

/** True for a file name loadBuffer does not read but readArchive does. */
export function isArchive(fileName: string): boolean {
  return ARCHIVE_EXTENSIONS.includes(extname(fileName).toLowerCase());
}

/**
 * Opens a .zip of plan files. The archive is refused as a whole (UnsupportedFileError)
 * when it is corrupt, encrypted, or an archive bomb (too many files, too large once
 * inflated, an extreme compression ratio); otherwise every member comes back, in order,
 * with its bytes or its own error (too big, an archive inside the archive).
 * Member names are shown as "archive.zip/member.docx".
 */
export async function readArchive(buf: Buffer, fileName: string, opts: Pick<LoadOptions, "maxBytes"> & { limits?: Partial<ArchiveLimits> } = {}): Promise<ArchiveEntry[]> {
  if (!isArchive(fileName)) throw formatOfArchive(fileName);
  checkSize(fileName, buf.length, opts.maxBytes);
  if (buf.length === 0) throw emptyFile(fileName, "file is 0 bytes");
  const maxEntryBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const { ArchiveRejectedError, readZip } = await archive();
  let members;
  try {
    members = await readZip(buf, { maxEntryBytes, ...opts.limits });
  } catch (err) {
    if (!(err instanceof ArchiveRejectedError)) throw err;
    const name = display(fileName);
    const userMessage =
      err.problem === "corrupt"
        ? `Tệp nén "${name}" bị hỏng hoặc không phải tệp .zip hợp lệ; vui lòng nén lại rồi gửi lại.`
        : err.problem === "encrypted"
          ? `Tệp nén "${name}" được đặt mật khẩu; vui lòng gửi tệp nén không có mật khẩu.`
          : `Tệp nén "${name}" quá lớn hoặc có quá nhiều tệp khi giải nén nên không được xử lý; vui lòng gửi từng tệp hoặc chia thành các tệp nén nhỏ hơn.`;
    throw fail(fileName, `archive rejected (${err.problem}): ${err.message}`, userMessage);
  }
  const archiveName = display(fileName);
  return members.map((m): ArchiveEntry => {
    const memberName = `${archiveName}/${m.name}`;
    if ("data" in m) return { fileName: memberName, data: m.data };
    const shown = basename(m.name);
    if (m.problem === "nested-archive") {
      return {
        fileName: memberName,
        error: fail(memberName, "archive inside an archive (nesting is not read)", `Tệp "${shown}" trong "${archiveName}" là một tệp nén lồng bên trong nên không được mở; vui lòng giải nén và gửi riêng.`),
      };
    }
    return {
      fileName: memberName,
      error: fail(
        memberName,
        `member is ${m.size} bytes, over the limit of ${maxEntryBytes} bytes`,
        `Tệp "${shown}" trong "${archiveName}" nặng ${formatMb(m.size)} khi giải nén, vượt giới hạn ${formatMb(maxEntryBytes)}.`,
      ),
    };
  });
}

/** readArchive for a file on disk: the size is checked with fs.stat before the file is read. */
export async function readArchiveFile(path: string, opts: Pick<LoadOptions, "maxBytes" | "fileName"> = {}): Promise<ArchiveEntry[]> {
  const label = opts.fileName ?? path;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    throw fail(label, `cannot stat ${path}: ${describe(err)}`, `Không tìm thấy hoặc không đọc được tệp "${display(label)}".`);
  }
  checkSize(label, size, opts.maxBytes);
  return readArchive(await readFile(path), label, { maxBytes: opts.maxBytes });
}

function formatOfArchive(fileName: string): UnsupportedFileError {
  return fail(fileName, `not an archive: ${extname(fileName) || "no extension"}`, `Tệp "${display(fileName)}" không phải tệp nén .zip.`);
}

/** The format for a file name, or UnsupportedFileError (with a hint for legacy .doc). */
function formatOf(fileName: string): DocumentFormat {
  const ext = extname(fileName).toLowerCase();
  const format = FORMAT_BY_EXTENSION[ext];
  if (format) return format;
  const name = display(fileName);
  if (isArchive(fileName)) {
    throw fail(fileName, "an archive is read with readArchive, member by member", `Tệp nén "${name}" được đọc từng tệp bên trong; vui lòng gửi lại qua lệnh /nap.`);
  }
  if (ext === "") {
    throw fail(
      fileName,
      "file name has no extension",
      `Tệp "${name}" không có phần mở rộng nên không xác định được định dạng; vui lòng gửi tệp ${SUPPORTED_LIST}.`,
    );
  }
  throw fail(
    fileName,
    `unsupported extension ${ext} (supported: ${SUPPORTED_EXTENSIONS.join(", ")})`,
    `Chưa hỗ trợ định dạng ${ext} của tệp "${name}"; vui lòng gửi tệp ${SUPPORTED_LIST}.`,
  );
}

function checkSize(fileName: string, size: number, maxBytes = DEFAULT_MAX_BYTES): void {
  if (size <= maxBytes) return;
  throw fail(
    fileName,
    `file is ${size} bytes, over the limit of ${maxBytes} bytes`,
    `Tệp "${display(fileName)}" nặng ${formatMb(size)}, vượt giới hạn ${formatMb(maxBytes)}; vui lòng gửi tệp nhỏ hơn hoặc tách thành nhiều tệp.`,
  );
}

function readTextFile(buf: Buffer, fileName: string): string {
  try {
    return decodeText(buf);
  } catch (err) {
    // Bytes of a TCVN3/VNI file are not UTF-8: read them as Latin-1 to tell the user why.
    const legacy = detectLegacyVietnamese(buf.toString("latin1"));
    if (legacy) throw legacyEncoding(fileName, legacy);
    throw fail(
      fileName,
      describe(err),
      `Tệp "${display(fileName)}" không phải văn bản mã hóa UTF-8; vui lòng lưu lại với bảng mã UTF-8 (Unicode) rồi gửi lại.`,
    );
  }
}

async function readDocx(buf: Buffer, fileName: string, opts: Pick<LoadOptions, "extractLimits">): Promise<string> {
  // D0 CF 11 E0: an OLE2 compound file, i.e. a legacy .doc renamed to .docx (read as one) or an encrypted .docx.
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0) {
    try {
      return await extractIsolated("doc", buf, fileName, opts.extractLimits);
    } catch (err) {
      if (err instanceof AppError) throw err;
      throw fail(
        fileName,
        `OLE2 compound file with a .docx name that is not a readable .doc (encrypted .docx?): ${describe(err)}`,
        `Tệp "${display(fileName)}" đã được đặt mật khẩu hoặc bị hỏng; vui lòng bỏ mật khẩu, lưu lại bằng Word rồi gửi lại.`,
      );
    }
  }
  try {
    return await extractIsolated("docx", buf, fileName, opts.extractLimits);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fail(
      fileName,
      `cannot parse .docx: ${describe(err)}`,
      `Tệp "${display(fileName)}" bị hỏng hoặc không đúng định dạng Word (.docx); vui lòng mở bằng Word, lưu lại rồi gửi lại.`,
    );
  }
}

/** Runs one extractor; any failure becomes "corrupt or not a <kind> file". */
async function readWith(fileName: string, kind: string, extract: () => Promise<string>, kindVi: string): Promise<string> {
  try {
    return await extract();
  } catch (err) {
    // Past a limit or a crashed reader: already one clear error.
    if (err instanceof AppError) throw err;
    throw fail(
      fileName,
      `cannot parse ${kind}: ${describe(err)}`,
      `Tệp "${display(fileName)}" bị hỏng hoặc không đúng ${kindVi}; vui lòng mở và lưu lại rồi gửi lại.`,
    );
  }
}

interface PdfLoad {
  text: string;
  pages: number;
  ocr?: LoadedDocument["ocr"];
}

/**
 * Reads a PDF's text layer. When fewer than half of the pages have one (a scan),
 * the pages without text are recognized by OCR and put back in page order.
 */
async function readPdf(buf: Buffer, fileName: string, opts: Pick<LoadOptions, "ocr" | "onProgress" | "extractLimits">): Promise<PdfLoad> {
  let result: PdfText;
  try {
    result = await extractIsolated("pdf", buf, fileName, opts.extractLimits);
  } catch (err) {
    if (err instanceof AppError) throw err;
    if (err instanceof Error && err.name === "PasswordException") {
      throw fail(
        fileName,
        `PDF is password-protected: ${err.message}`,
        `Tệp "${display(fileName)}" được đặt mật khẩu; vui lòng gửi bản PDF không có mật khẩu.`,
      );
    }
    throw fail(
      fileName,
      `cannot parse PDF: ${describe(err)}`,
      `Tệp "${display(fileName)}" bị hỏng hoặc không phải tệp PDF hợp lệ; vui lòng xuất lại bản PDF rồi gửi lại.`,
    );
  }
  if (result.pages === 0) throw emptyFile(fileName, "PDF has no pages");
  const textless = result.pageTexts.flatMap((t, i) => (nonSpaceCount(t) < MIN_CHARS_PER_PDF_PAGE ? [i + 1] : []));
  if (textless.length * 2 <= result.pages) return result;

  const ocr = await requireOcr(fileName, opts, "scanned PDF");
  const recognized = await runOcr(fileName, () => ocr.recognizePdfPages(buf, textless, progressOf(opts)));
  const pageTexts = [...result.pageTexts];
  textless.forEach((pageNumber, i) => {
    pageTexts[pageNumber - 1] = recognized.pages[i] ?? "";
  });
  return {
    text: repairOcrDocument(pageTexts.filter((p) => p.trim() !== "").join("\n\n")),
    pages: result.pages,
    ocr: { pages: textless.length, meanConfidence: round1(recognized.meanConfidence) },
  };
}

/** Checks an image's type and size from its header, then recognizes its text. */
async function readImage(buf: Buffer, fileName: string, opts: Pick<LoadOptions, "ocr" | "onProgress" | "extractLimits">): Promise<{ text: string; ocr: NonNullable<LoadedDocument["ocr"]> }> {
  let size: ImageHeader;
  try {
    size = await extractIsolated("imageHeader", buf, fileName, opts.extractLimits);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw fail(
      fileName,
      `not a readable image: ${describe(err)}`,
      `Tệp ảnh "${display(fileName)}" bị hỏng hoặc không phải ảnh PNG, JPEG hay TIFF; vui lòng chụp hoặc scan lại rồi gửi lại.`,
    );
  }
  if (!["png", "jpg", "tiff"].includes(size.type ?? "")) {
    throw fail(
      fileName,
      `image type ${size.type ?? "unknown"} is not read (PNG, JPEG or TIFF only)`,
      `Tệp ảnh "${display(fileName)}" không phải ảnh PNG, JPEG hay TIFF; vui lòng lưu lại dưới một trong các dạng đó rồi gửi lại.`,
    );
  }
  if (size.width * size.height > MAX_IMAGE_PIXELS || size.width < 1 || size.height < 1) {
    throw fail(
      fileName,
      `image is ${size.width}x${size.height} pixels, outside 1..${MAX_IMAGE_PIXELS} pixels`,
      `Ảnh "${display(fileName)}" có kích thước ${size.width}×${size.height} điểm ảnh, quá lớn để nhận dạng; vui lòng scan ở độ phân giải 200–300 dpi rồi gửi lại.`,
    );
  }
  const ocr = await requireOcr(fileName, opts, "image");
  const recognized = await runOcr(fileName, () => ocr.recognizeImage(buf, progressOf(opts)));
  return { text: repairOcrDocument(recognized.pages.join("\n\n")), ocr: { pages: recognized.pages.length, meanConfidence: round1(recognized.meanConfidence) } };
}

/** The OCR engine, or OcrUnavailableError saying what to install. */
async function requireOcr(fileName: string, opts: Pick<LoadOptions, "ocr">, what: string): Promise<OcrEngine> {
  const engine = await ocrEngineFor(opts);
  const status = engine ? await engine.status() : ({ ok: false, missing: "OCR is disabled" } as const);
  if (engine && status.ok) return engine;
  throw new OcrUnavailableError(
    display(fileName),
    `${what} needs OCR: ${status.ok ? "OCR is disabled" : status.missing}`,
    `Tệp "${display(fileName)}" là bản scan hoặc ảnh chụp, cần nhận dạng chữ (OCR) nhưng máy chủ chưa cài Tesseract. ` +
      `Quản trị viên cài các gói tesseract-ocr, tesseract-ocr-vie và poppler-utils (hoặc chạy bot bằng Docker) rồi gửi lại; hoặc gửi bản Word hay PDF có chữ.`,
  );
}

/** Runs a recognition; a tool failure or a result without text becomes an UnsupportedFileError. */
async function runOcr(fileName: string, recognize: () => Promise<OcrResult>): Promise<OcrResult> {
  let result: OcrResult;
  try {
    result = await recognize();
  } catch (err) {
    throw fail(
      fileName,
      `OCR failed: ${describe(err)}`,
      `Không nhận dạng được chữ trong tệp "${display(fileName)}": tệp bị hỏng hoặc ảnh không đọc được; vui lòng scan lại rồi gửi lại.`,
    );
  }
  if (result.confidentWords < MIN_CONFIDENT_WORDS) {
    throw fail(
      fileName,
      `no text recognized: ${result.confidentWords} confident word(s), mean confidence ${result.meanConfidence.toFixed(1)}`,
      `Không nhận dạng được chữ nào trong tệp "${display(fileName)}"; ảnh có thể quá mờ hoặc không phải văn bản. Vui lòng chụp hoặc scan lại rõ hơn rồi gửi lại.`,
    );
  }
  return result;
}

function progressOf(opts: Pick<LoadOptions, "onProgress">): ((p: OcrProgress) => void) | undefined {
  const report = opts.onProgress;
  return report ? (p) => report({ stage: "ocr", ...p }) : undefined;
}

const nonSpaceCount = (text: string): number => text.replace(/\s+/gu, "").length;
const round1 = (n: number): number => Math.round(n * 10) / 10;

function emptyFile(fileName: string, reason: string): UnsupportedFileError {
  return fail(fileName, `empty file: ${reason}`, `Tệp "${display(fileName)}" trống, không có nội dung để đọc.`);
}

const LEGACY_NAMES: Record<LegacyVietnameseEncoding, string> = { tcvn3: "TCVN3 (ABC)", vni: "VNI" };

function legacyEncoding(fileName: string, encoding: LegacyVietnameseEncoding): UnsupportedFileError {
  return fail(
    fileName,
    `text uses the legacy Vietnamese ${encoding.toUpperCase()} font encoding (mojibake)`,
    `Tệp "${display(fileName)}" dùng bảng mã cũ ${LEGACY_NAMES[encoding]} nên chữ tiếng Việt bị lỗi; vui lòng chuyển sang Unicode (ví dụ bằng công cụ chuyển mã của Unikey) rồi gửi lại.`,
  );
}

function fail(fileName: string, reason: string, userMessage: string): UnsupportedFileError {
  return new UnsupportedFileError(fileName, reason, userMessage);
}

/** The name shown to users: the base name, never a server path. */
function display(fileName: string): string {
  return basename(fileName);
}

function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  const fmt =
    mb >= 1
      ? new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 })
      : new Intl.NumberFormat("vi-VN", { maximumSignificantDigits: 2 });
  return `${fmt.format(mb)} MB`;
}

function describe(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}
