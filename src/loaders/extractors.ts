// The extractors that read untrusted binary files, by name: run inside the loader process (see isolatedExtract.ts).
// Each module is imported on first use, so the process starts quickly and loads only the libraries it needs.

import type { ArchiveLimits } from "./archive.js";
import type { PdfText } from "./pdf.js";

/** Limits for the zip inside an .xlsx (parts are XML; a workbook of annex tables is far smaller). */
const SPREADSHEET_ZIP_LIMITS: Partial<ArchiveLimits> = { maxEntries: 2000, maxTotalBytes: 200 * 1024 * 1024, maxEntryBytes: 100 * 1024 * 1024, maxRatio: 1000 };
const isZip = (buf: Buffer): boolean => buf.length >= 4 && buf.readUInt32BE(0) === 0x504b0304;

export interface ImageHeader {
  width: number;
  height: number;
  type?: string;
}

export const EXTRACTORS = {
  pdf: async (buf: Buffer): Promise<PdfText> => (await import("./pdf.js")).pdfToText(buf),
  doc: async (buf: Buffer): Promise<string> => (await import("./legacyWord.js")).docToText(buf),
  docx: async (buf: Buffer): Promise<string> => (await import("./docx.js")).docxToText(buf),
  odt: async (buf: Buffer): Promise<string> => (await import("./odt.js")).odtToText(buf),
  rtf: async (buf: Buffer): Promise<string> => (await import("./rtf.js")).rtfToText(buf),
  xlsx: async (buf: Buffer): Promise<string> => spreadsheet(buf, "xlsx"),
  xls: async (buf: Buffer): Promise<string> => spreadsheet(buf, "xls"),
  imageHeader: async (buf: Buffer): Promise<ImageHeader> => {
    const { width, height, type } = (await import("image-size")).imageSize(buf);
    return { width: width ?? 0, height: height ?? 0, type };
  },
};

export type ExtractorName = keyof typeof EXTRACTORS;
export type ExtractorResult<K extends ExtractorName> = Awaited<ReturnType<(typeof EXTRACTORS)[K]>>;

async function spreadsheet(buf: Buffer, kind: "xlsx" | "xls"): Promise<string> {
  // SheetJS's own unzip can loop on a damaged archive: the zip is checked by yauzl first.
  if (isZip(buf)) await (await import("./archive.js")).readZip(buf, SPREADSHEET_ZIP_LIMITS);
  return (await import("./spreadsheet.js")).spreadsheetToText(buf, kind);
}
