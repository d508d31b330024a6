#!/usr/bin/env node
// Builds the format-robustness set: each plan, as printed (its Markdown marks removed), rendered to .docx and .pdf by LibreOffice and scanned
// (pages rasterized at 200 dpi, skewed 1-2 degrees, mild noise, 1-bit CCITT G4 like an office scanner),
// plus gold-file variants for ../shared/eval/score.mjs that point at the rendered files.
//
// Needs Debian's libreoffice-writer-nogui, poppler-utils, imagemagick and libtiff-tools:
//   apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils imagemagick libtiff-tools
//
// Usage (from the project root):
//   node scripts/make-format-set.mjs [--out DIR] [--plans a.txt,b.txt] [--score]
//   --out    where to write (default /tmp/format-set): DIR/{txt,docx,pdf,scan}/NAME.* and DIR/*.gold.json
//   --plans  plan files (default: five real plans from ../shared/plans/real and the five samples in data/plans)
//   --score  then score every variant with score.mjs (--only meta,duties,deadlines) and print a table; "printed"
//            (the plan text without Markdown marks, as .txt) is the baseline of docx/pdf/scan, "txt" the original file
//   --variants txt,printed,docx,pdf,scan   score only these (default all)
//   --rescore  skip rendering: score the files already in DIR (after a change to the loaders or the parser)
//   --one FILE --scan-to OUT.pdf   only scan one plan to OUT.pdf (how test/fixtures/ocr is made)
//
// Scoring runs Tesseract through a caching wrapper (DIR/ocr-cache, passed as TESSERACT_PATH): a page image already
// recognized with the same arguments gets its stored TSV back, so re-scoring after a change to the layout
// reconstruction, the repairs or the parser costs seconds, not an OCR of every page. Delete DIR/ocr-cache to re-OCR.

import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).flatMap((a, i, all) => (a.startsWith("--") ? [[a.slice(2), all[i + 1]?.startsWith("--") || all[i + 1] === undefined ? true : all[i + 1]]] : [])),
);
const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const SHARED = resolve(ROOT, "../shared");
const REAL_PLANS = ["hcm-172-luat-viec-lam.txt", "hanoi-308-nghi-quyet-214.txt", "laichau-luat-tieu-chuan.txt", "daklak-0130-moi-truong-sau-lu.txt", "cantho-159-truyen-thong-giam-ngheo.txt"];
const SAMPLE_PLANS = ["hung-yen-2022.txt", "quang-ngai-2024.txt", "trieu-son-2022.txt", "van-ninh-2019.txt", "vu-thu-2024.txt"];
const CONVERT = existsSync("/usr/bin/convert") ? "/usr/bin/convert" : "convert";

const run = (cmd, argv, opts = {}) => execFileSync(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], ...opts });
/** A LibreOffice profile of this run's own, so that two runs (or a desktop LibreOffice) do not block each other. */
const PROFILE = `-env:UserInstallation=file://${mkdtempSync(join(tmpdir(), "lo-profile-"))}`;

/**
 * The plan as it would be printed: the Markdown marks of the web copies (headings "##", bold "**",
 * italics "*", "_") removed, the words and line structure kept.
 */
function printedText(markdown) {
  return markdown
    .split("\n")
    .map((line) => line.replace(/^\s{0,3}#{1,6}\s+/u, "").replace(/\*{1,3}|(?<![\p{L}\d])_{1,3}|_{1,3}(?![\p{L}\d])/gu, "").replace(/\s+$/u, ""))
    .join("\n");
}

/**
 * The printed text as HTML: each block of lines between blank lines is one paragraph, and its line breaks are kept
 * as line breaks inside the paragraph (<br>), so the document looks like the printed page and keeps its paragraphs.
 */
function printedHtml(text) {
  const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const paragraphs = text
    .split(/\n\s*\n/u)
    .map((block) => block.split("\n").map((l) => escape(l.trim())).filter(Boolean))
    .filter((lines) => lines.length > 0)
    .map((lines) => `<p>${lines.join("<br/>\n")}</p>`);
  return `<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8"><style>p { font-family: "DejaVu Serif"; font-size: 12pt; margin: 0 0 6pt 0; }</style></head>\n<body>\n${paragraphs.join("\n")}\n</body></html>\n`;
}

/** Plain text → .docx through LibreOffice's HTML import (one paragraph per block of lines, see printedHtml). */
function toDocx(txtPath, outDir) {
  const work = mkdtempSync(join(tmpdir(), "docx-"));
  try {
    const html = join(work, basename(txtPath).replace(/\.txt$/, ".html"));
    writeFileSync(html, printedHtml(readFileSync(txtPath, "utf8")));
    run("soffice", [PROFILE, "--headless", "--infilter=HTML (StarWriter)", "--convert-to", "docx:MS Word 2007 XML", "--outdir", outDir, html]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return join(outDir, basename(txtPath).replace(/\.txt$/, ".docx"));
}

function toPdf(docxPath, outDir) {
  run("soffice", [PROFILE, "--headless", "--convert-to", "pdf", "--outdir", outDir, docxPath]);
  return join(outDir, basename(docxPath).replace(/\.docx$/, ".pdf"));
}

/** A small deterministic generator so the same plan always gets the same skew. */
function seeded(text) {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return () => ((h = (Math.imul(h, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** PDF → scanned PDF: each page at 200 dpi, rotated 1-2 degrees either way, Gaussian noise, thresholded to 1 bit, CCITT G4. */
function toScan(pdfPath, outPdf) {
  const work = mkdtempSync(join(tmpdir(), "scan-"));
  try {
    run("pdftoppm", ["-r", "200", "-gray", "-png", pdfPath, join(work, "p")]);
    const random = seeded(basename(pdfPath));
    const pages = readdirSync(work).filter((f) => f.endsWith(".png")).sort();
    const tiffs = pages.map((png, i) => {
      const angle = (1 + random()) * (random() < 0.5 ? -1 : 1);
      const tif = join(work, `s-${String(i).padStart(4, "0")}.tif`);
      run(CONVERT, [join(work, png), "-background", "white", "-rotate", angle.toFixed(2), "-flatten", "-attenuate", "0.3", "+noise", "Gaussian", "-threshold", "55%", "-type", "bilevel", "-compress", "Group4", tif]);
      return tif;
    });
    const all = join(work, "all.tif");
    run("tiffcp", [...tiffs, all]);
    run("tiff2pdf", ["-o", outPdf, all]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (args.one) {
  const out = resolve(String(args["scan-to"] ?? "scan.pdf"));
  const work = mkdtempSync(join(tmpdir(), "one-"));
  const txt = join(work, basename(String(args.one)));
  writeFileSync(txt, printedText(readFileSync(String(args.one), "utf8")));
  toScan(toPdf(toDocx(txt, work), work), out);
  rmSync(work, { recursive: true, force: true });
  console.log(`wrote ${out}`);
  process.exit(0);
}

const outDir = resolve(String(args.out ?? "/tmp/format-set"));
const plans = args.plans
  ? String(args.plans).split(",").map((p) => resolve(p))
  : [...REAL_PLANS.map((f) => join(SHARED, "plans/real", f)), ...SAMPLE_PLANS.map((f) => join(ROOT, "data/plans", f))];
for (const d of ["txt", "printed", "docx", "pdf", "scan"]) mkdirSync(join(outDir, d), { recursive: true });

for (const plan of args.rescore ? [] : plans) {
  const name = basename(plan);
  const txt = join(outDir, "txt", name);
  copyFileSync(plan, txt);
  // The rendered versions start from the printed text; the .txt variant stays the original.
  // "printed" (the text without Markdown marks, as .txt) is the baseline the rendered versions are compared with.
  const printed = join(outDir, "printed", name);
  writeFileSync(printed, printedText(readFileSync(plan, "utf8")));
  const docx = toDocx(printed, join(outDir, "docx"));
  const pdf = toPdf(docx, join(outDir, "pdf"));
  toScan(pdf, join(outDir, "scan", name.replace(/\.txt$/, ".pdf")));
  console.log(`rendered ${name}`);
}

/** A gold file limited to the rendered plans, with file names in the variant's extension. */
function goldVariant(goldPath, variant, ext) {
  const gold = JSON.parse(readFileSync(goldPath, "utf8"));
  const names = new Set(plans.map((p) => basename(p)));
  const rename = (f) => f.replace(/\.txt$/, ext);
  gold.name = `${gold.name} as ${variant}`;
  gold.docsDir = join(outDir, variant);
  gold.plans = Object.fromEntries(Object.entries(gold.plans).filter(([f]) => names.has(f)).map(([f, g]) => [rename(f), g]));
  gold.duties = gold.duties.filter((d) => names.has(d.plan)).map((d) => ({ ...d, plan: rename(d.plan) }));
  gold.ask = (gold.ask ?? []).filter((a) => names.has(a.plan)).map((a) => ({ ...a, plan: rename(a.plan) }));
  const out = join(outDir, `${basename(goldPath, ".gold.json")}.${variant}.gold.json`);
  writeFileSync(out, JSON.stringify(gold, null, 2));
  return out;
}

const VARIANTS = [
  ["txt", ".txt"],
  ["printed", ".txt"],
  ["docx", ".docx"],
  ["pdf", ".pdf"],
  ["scan", ".pdf"],
];
const golds = [join(SHARED, "eval/seeds.gold.json"), join(SHARED, "eval/real.gold.json")];
const variantGolds = golds.flatMap((g) => VARIANTS.map(([variant, ext]) => ({ gold: g, variant, path: goldVariant(g, variant, ext) })));
console.log(`gold variants in ${outDir}`);

/**
 * A `tesseract` stand-in that keeps each recognition's TSV under DIR/ocr-cache, keyed by the image bytes and the
 * arguments; anything but a recognition to stdout (--list-langs, a version check) goes straight to tesseract.
 */
function cachingTesseract() {
  const cache = join(outDir, "ocr-cache");
  mkdirSync(cache, { recursive: true });
  const real = process.env.TESSERACT_PATH ?? "tesseract";
  const wrapper = join(cache, "tesseract-cached.sh");
  writeFileSync(
    wrapper,
    `#!/bin/sh
if [ "$#" -lt 2 ] || [ "$2" != "stdout" ]; then exec ${JSON.stringify(real)} "$@"; fi
image="$1"; shift
key=$( { sha256sum < "$image"; echo "$*"; } | sha256sum | cut -c1-64)
hit=${JSON.stringify(cache)}/$key.tsv
if [ -s "$hit" ]; then cat "$hit"; exit 0; fi
${JSON.stringify(real)} "$image" "$@" > "$hit.$$" || { rm -f "$hit.$$"; exit 1; }
mv "$hit.$$" "$hit" && cat "$hit"
`,
    { mode: 0o755 },
  );
  return wrapper;
}

if (args.score || args.rescore) {
  const tesseract = cachingTesseract();
  const rows = [];
  const wanted = args.variants ? new Set(String(args.variants).split(",")) : null;
  for (const { gold, variant, path } of variantGolds.filter((v) => !wanted || wanted.has(v.variant))) {
    // OCR of a whole set of scans in one ingest call takes minutes: the CLI gets 40 minutes instead of score.mjs's default 2.
    const env = { ...process.env, TESSERACT_PATH: tesseract, PLAN_CLI_TIMEOUT_MS: "2400000", PLAN_CLI: process.env.PLAN_CLI ?? "node --import tsx src/cli/main.ts" };
    const r = spawnSync("node", [join(SHARED, "eval/score.mjs"), "--gold", path, "--only", "meta,duties,deadlines"], { cwd: ROOT, encoding: "utf8", timeout: 60 * 60_000, env });
    // The closing line reads "OK name: meta=1.000 dutyRecall=0.950 ...".
    const summary = r.stdout.trim().split("\n").at(-1) ?? "";
    const figures = Object.fromEntries([...summary.matchAll(/(\w+)=([\d.]+)/gu)].map((m) => [m[1], Number(m[2])]));
    rows.push({ gold: basename(gold), variant, ...figures });
    if (Object.keys(figures).length === 0) console.log(r.stdout.slice(-1500), r.stderr.slice(-800));
  }
  // How far each variant falls below the printed text on its worst figure (the bound is 0.02 for docx/pdf, 0.10 for scans).
  const FIGURES = ["meta", "dutyRecall", "dutyPrecision", "roleAccuracy", "deadlineRecall", "deadlinePrecision"];
  for (const row of rows) {
    const base = rows.find((r) => r.gold === row.gold && r.variant === "printed");
    if (base && row.variant !== "printed") row.worstDrop = Math.max(0, ...FIGURES.map((f) => (base[f] ?? 0) - (row[f] ?? 0))).toFixed(3);
  }
  console.table(rows);
  writeFileSync(join(outDir, "scores.json"), JSON.stringify(rows, null, 2));
}
