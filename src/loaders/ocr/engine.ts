// Vietnamese OCR through the Tesseract command line (pages rendered by poppler's pdftoppm), pages in parallel up to the cores.

import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { confidentWordCount, meanConfidence, pagesToText, parseTesseractTsv, unreadBands, withBandLines, type OcrPage } from "./tesseractTsv.js";
import { repairOcrText } from "./repair.js";
import { runTool, ToolMissingError } from "./runTool.js";

/** Where the OCR tools are and how to run them. Every field has a default. */
export interface OcrSettings {
  /** Tesseract binary; default `tesseract` on PATH (env TESSERACT_PATH). */
  tesseract?: string;
  /** poppler's pdftoppm binary; default `pdftoppm` on PATH (env PDFTOPPM_PATH). */
  pdftoppm?: string;
  /** Tesseract language(s); default `vie`. */
  lang?: string;
  /** Resolution PDF pages are rendered at; default 200 dpi. */
  dpi?: number;
  /** Pages recognized at once; default the number of cores. */
  concurrency?: number;
  /** Time limit for one page (render or recognition), ms; default 120 s. */
  pageTimeoutMs?: number;
}

/** Progress of a long recognition: `done` of `total` pages finished. */
export interface OcrProgress {
  done: number;
  total: number;
}

/** What OCR recovered from a document. */
export interface OcrResult {
  /** Repaired text of each page, in order. */
  pages: string[];
  /** Mean word confidence, 0-100. */
  meanConfidence: number;
  /** Words read with a confidence of at least 60 and two letters or more: near 0 for a picture without text. */
  confidentWords: number;
}

/** Whether OCR can run here, and if not, what is missing (English, for logs and error reasons). */
export type OcrStatus = { ok: true } | { ok: false; missing: string };

export interface OcrEngine {
  /** Checks (once, then cached) that tesseract with the language and pdftoppm are installed. */
  status(): Promise<OcrStatus>;
  /** Recognizes an image file's bytes (PNG, JPEG, TIFF; a multi-page TIFF gives several pages). */
  recognizeImage(image: Buffer, onProgress?: (p: OcrProgress) => void): Promise<OcrResult>;
  /** Renders the given 1-based pages of a PDF and recognizes them; results follow `pageNumbers`. */
  recognizePdfPages(pdf: Buffer, pageNumbers: number[], onProgress?: (p: OcrProgress) => void): Promise<OcrResult>;
}

const DEFAULT_DPI = 200;
const DEFAULT_PAGE_TIMEOUT_MS = 120_000;
/** Tesseract's own threads would fight the page-level parallelism. */
const TESSERACT_ENV = { OMP_THREAD_LIMIT: "1" };

/**
 * Creates the OCR engine. Nothing runs until a method is called.
 * @example
 * const ocr = createOcrEngine({ dpi: 200 });
 * if ((await ocr.status()).ok) console.log((await ocr.recognizeImage(png)).pages[0]);
 */
export function createOcrEngine(settings: OcrSettings = {}): OcrEngine {
  const tesseract = settings.tesseract || process.env.TESSERACT_PATH || "tesseract";
  const pdftoppm = settings.pdftoppm || process.env.PDFTOPPM_PATH || "pdftoppm";
  const lang = settings.lang ?? "vie";
  const dpi = settings.dpi ?? DEFAULT_DPI;
  const concurrency = Math.max(1, settings.concurrency ?? availableParallelism());
  const timeoutMs = settings.pageTimeoutMs ?? DEFAULT_PAGE_TIMEOUT_MS;
  let cachedStatus: Promise<OcrStatus> | undefined;

  const checkStatus = async (): Promise<OcrStatus> => {
    let langs: string;
    try {
      langs = await runTool(tesseract, ["--list-langs"], { timeoutMs: 15_000 });
    } catch (err) {
      return { ok: false, missing: err instanceof ToolMissingError ? `${tesseract} (tesseract-ocr) is not installed` : `${tesseract} does not run: ${String(err)}` };
    }
    const installed = new Set(langs.split("\n").slice(1).map((l) => l.trim()));
    const wanted = lang.split("+");
    const absent = wanted.filter((l) => !installed.has(l));
    if (absent.length > 0) return { ok: false, missing: `tesseract language data ${absent.join(", ")} (tesseract-ocr-${absent[0]}) is not installed` };
    if (!installed.has("osd")) return { ok: false, missing: "tesseract orientation data osd (tesseract-ocr-osd) is not installed" };
    try {
      await runTool(pdftoppm, ["-v"], { timeoutMs: 15_000 });
    } catch (err) {
      if (err instanceof ToolMissingError) return { ok: false, missing: `${pdftoppm} (poppler-utils) is not installed` };
      // pdftoppm -v exits 0 on current poppler and 99 on old ones: running at all is enough.
    }
    return { ok: true };
  };

  /**
   * `--psm 1`: page segmentation with orientation and script detection, so rotated scans read upright;
   * `--psm 6` reads a crop as one block of text (see readUnreadBands).
   */
  const recognizeFile = async (imagePath: string, psm: "1" | "6" = "1"): Promise<OcrPage[]> => {
    const tsv = await runTool(tesseract, [imagePath, "stdout", "-l", lang, "--psm", psm, "tsv"], { timeoutMs, env: TESSERACT_ENV });
    return parseTesseractTsv(tsv);
  };

  /**
   * Tesseract's page segmentation now and then skips a paragraph of a noisy scan, taking it for a picture
   * (tesseract-ocr/tesseract#3596): each band of the page body left unread is rendered again on its own
   * and read as one block of text, and what it holds joins the page.
   */
  const readUnreadBands = async (page: OcrPage, pdfPath: string, pageNumber: number, prefix: string): Promise<OcrPage> => {
    let out = page;
    for (const [i, band] of unreadBands(page).entries()) {
      const crop = `${prefix}-band-${i}`;
      const area = ["-x", "0", "-y", String(band.top), "-W", String(page.width), "-H", String(band.bottom - band.top)];
      await runTool(pdftoppm, ["-r", String(dpi), "-gray", "-png", "-f", String(pageNumber), "-l", String(pageNumber), ...area, "-singlefile", pdfPath, crop], { timeoutMs });
      out = withBandLines(out, band, await recognizeFile(`${crop}.png`, "6"));
      await rm(`${crop}.png`, { force: true });
    }
    return out;
  };

  const withTempDir = async <T>(work: (dir: string) => Promise<T>): Promise<T> => {
    const dir = await mkdtemp(join(tmpdir(), "tro-ly-ocr-"));
    try {
      return await work(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };

  const finish = (pages: OcrPage[][]): OcrResult => {
    const flat = pages.flat();
    // Header and footer detection compares all pages of the document together.
    const texts = pagesToText(flat).map(repairOcrText);
    return {
      pages: texts,
      meanConfidence: meanConfidence(flat),
      confidentWords: confidentWordCount(flat),
    };
  };

  return {
    status() {
      cachedStatus ??= checkStatus();
      return cachedStatus;
    },

    recognizeImage(image, onProgress) {
      return withTempDir(async (dir) => {
        const path = join(dir, "image");
        await writeFile(path, image);
        onProgress?.({ done: 0, total: 1 });
        const pages = await recognizeFile(path);
        onProgress?.({ done: 1, total: 1 });
        return finish([pages]);
      });
    },

    recognizePdfPages(pdf, pageNumbers, onProgress) {
      return withTempDir(async (dir) => {
        const pdfPath = join(dir, "document.pdf");
        await writeFile(pdfPath, pdf);
        const results: OcrPage[][] = new Array(pageNumbers.length);
        let done = 0;
        onProgress?.({ done, total: pageNumbers.length });
        await forEachLimited(pageNumbers, concurrency, async (pageNumber, index) => {
          const prefix = join(dir, `page-${pageNumber}`);
          await runTool(
            pdftoppm,
            ["-r", String(dpi), "-gray", "-png", "-f", String(pageNumber), "-l", String(pageNumber), "-singlefile", pdfPath, prefix],
            { timeoutMs },
          );
          const pages = await recognizeFile(`${prefix}.png`);
          results[index] = await Promise.all(pages.map((page) => readUnreadBands(page, pdfPath, pageNumber, prefix)));
          await rm(`${prefix}.png`, { force: true });
          onProgress?.({ done: ++done, total: pageNumbers.length });
        });
        return finish(results);
      });
    },
  };
}

/** Runs `work` on every item with at most `limit` running at once; the first failure rejects (after the running ones settle). */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const index = next++;
      try {
        await work(items[index] as T, index);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
}
