// Document loaders: turn a .txt, .md, .docx or .pdf file (on disk or uploaded) into plain text for the plan parser.

import { readFile, stat } from "node:fs/promises";
import { basename, extname } from "node:path";
import { UnsupportedFileError } from "../core/errors.js";
import { decodeText, detectLegacyVietnamese, type LegacyVietnameseEncoding } from "../text/encoding.js";
import { docxToText } from "./docx.js";
import { pdfToText } from "./pdf.js";

export type DocumentFormat = "txt" | "md" | "docx" | "pdf";

/** Plain text of a document, ready for the plan parser (NFC, otherwise as extracted). */
export interface LoadedDocument {
  text: string;
  format: DocumentFormat;
  /** Number of pages, for PDFs. */
  pages?: number;
}

export interface LoadOptions {
  /** Largest accepted file size in bytes; default 20 MB. */
  maxBytes?: number;
  /** The user's name for the file when `path` is a temporary file (an upload): decides the type and appears in messages. */
  fileName?: string;
}

/** File extensions the loaders read, lower case with the dot. */
export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".docx", ".pdf"];

/** Default size limit: 20 MB. */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/** A PDF page with fewer non-space characters than this, on average, is taken for a scan. */
const MIN_CHARS_PER_PDF_PAGE = 20;

const FORMAT_BY_EXTENSION: Record<string, DocumentFormat> = {
  ".txt": "txt",
  ".md": "md",
  ".docx": "docx",
  ".pdf": "pdf",
};

const SUPPORTED_LIST = ".docx, .pdf, .txt hoặc .md";

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
    if (!st.isFile()) {
      throw fail(label, `not a regular file: ${path}`, `"${display(label)}" không phải là một tệp; vui lòng gửi tệp ${SUPPORTED_LIST}.`);
    }
    size = st.size;
  } catch (err) {
    if (err instanceof UnsupportedFileError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw fail(label, `file not found: ${path}`, `Không tìm thấy tệp "${display(label)}".`);
    }
    throw fail(label, `cannot stat ${path}: ${describe(err)}`, `Không đọc được tệp "${display(label)}"; vui lòng thử lại.`);
  }
  checkSize(label, size, opts.maxBytes);
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw fail(label, `cannot read ${path}: ${describe(err)}`, `Không đọc được tệp "${display(label)}"; vui lòng thử lại.`);
  }
  return loadBuffer(buf, label, { maxBytes: opts.maxBytes });
}

/**
 * Loads a document held in memory (a chat upload); `fileName` decides the type and
 * names the file in error messages. Same checks and output as loadDocument.
 */
export async function loadBuffer(buf: Buffer, fileName: string, opts: Pick<LoadOptions, "maxBytes"> = {}): Promise<LoadedDocument> {
  const format = formatOf(fileName);
  checkSize(fileName, buf.length, opts.maxBytes);
  if (buf.length === 0) throw emptyFile(fileName, "file is 0 bytes");

  let text: string;
  let pages: number | undefined;
  switch (format) {
    case "txt":
    case "md":
      text = readTextFile(buf, fileName);
      break;
    case "docx":
      text = await readDocx(buf, fileName);
      break;
    case "pdf": {
      const pdf = await readPdf(buf, fileName);
      text = pdf.text;
      pages = pdf.pages;
      break;
    }
  }

  if (text.trim() === "") throw emptyFile(fileName, "no text after extraction (only whitespace)");
  const legacy = detectLegacyVietnamese(text);
  if (legacy) throw legacyEncoding(fileName, legacy);
  const doc: LoadedDocument = { text: text.normalize("NFC"), format };
  if (pages !== undefined) doc.pages = pages;
  return doc;
}

/** The format for a file name, or UnsupportedFileError (with a hint for legacy .doc). */
function formatOf(fileName: string): DocumentFormat {
  const ext = extname(fileName).toLowerCase();
  const format = FORMAT_BY_EXTENSION[ext];
  if (format) return format;
  const name = display(fileName);
  if (ext === ".doc") {
    throw fail(
      fileName,
      "legacy Word .doc format is not supported",
      `Tệp "${name}" là định dạng Word cũ (.doc), chưa đọc được; vui lòng mở bằng Word, chọn Lưu thành (Save As) định dạng .docx rồi gửi lại.`,
    );
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

async function readDocx(buf: Buffer, fileName: string): Promise<string> {
  // D0 CF 11 E0: an OLE2 compound file, i.e. a legacy .doc renamed to .docx.
  if (buf.length >= 4 && buf.readUInt32BE(0) === 0xd0cf11e0) {
    throw fail(
      fileName,
      "OLE2 compound file (legacy .doc, or an encrypted .docx) with a .docx name",
      `Tệp "${display(fileName)}" thực chất là định dạng Word cũ (.doc) hoặc đã được đặt mật khẩu; vui lòng mở bằng Word, bỏ mật khẩu nếu có, lưu lại thành .docx rồi gửi lại.`,
    );
  }
  try {
    return await docxToText(buf);
  } catch (err) {
    throw fail(
      fileName,
      `cannot parse .docx: ${describe(err)}`,
      `Tệp "${display(fileName)}" bị hỏng hoặc không đúng định dạng Word (.docx); vui lòng mở bằng Word, lưu lại rồi gửi lại.`,
    );
  }
}

async function readPdf(buf: Buffer, fileName: string): Promise<{ text: string; pages: number }> {
  let result: Awaited<ReturnType<typeof pdfToText>>;
  try {
    result = await pdfToText(buf);
  } catch (err) {
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
  if (result.charsPerPage < MIN_CHARS_PER_PDF_PAGE) {
    throw fail(
      fileName,
      `no text layer (scanned?): ${result.charsPerPage.toFixed(1)} non-space characters per page over ${result.pages} page(s)`,
      `Tệp "${display(fileName)}" là bản scan không có lớp chữ; vui lòng gửi bản PDF có chữ hoặc tệp Word.`,
    );
  }
  return result;
}

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
