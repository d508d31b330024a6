// The extractors that read untrusted binary files, by name: run inside the loader process (see isolatedExtract.ts).
// Each module is imported on first use, so the process starts quickly and loads only the libraries it needs.

import type { PdfText } from "./pdf.js";

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
  xlsx: async (buf: Buffer): Promise<string> => (await import("./spreadsheet.js")).spreadsheetToText(buf, "xlsx"),
  xls: async (buf: Buffer): Promise<string> => (await import("./spreadsheet.js")).spreadsheetToText(buf, "xls"),
  imageHeader: async (buf: Buffer): Promise<ImageHeader> => {
    const { width, height, type } = (await import("image-size")).imageSize(buf);
    return { width: width ?? 0, height: height ?? 0, type };
  },
};

export type ExtractorName = keyof typeof EXTRACTORS;
export type ExtractorResult<K extends ExtractorName> = Awaited<ReturnType<(typeof EXTRACTORS)[K]>>;
