/**
 * Compiles src/ to dist/ with esbuild, one JavaScript file per TypeScript file
 * (same tree, so paths relative to a module such as `../../prompts/` still
 * hold), with source maps. Writes dist/.build.json, which `isStale` compares
 * with the sources. Usage: `node scripts/build.mjs` (run by `npm run build` and
 * by `prepare` on `npm install` / `npm ci`).
 */
import { chmodSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
export const SRC = join(ROOT, "src");
export const DIST = join(ROOT, "dist");
const STAMP = join(DIST, ".build.json");

/** The TypeScript sources compiled to dist/ (tests are not). */
export function sourceFiles() {
  return readdirSync(SRC, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") && !e.name.endsWith(".d.ts"))
    .map((e) => join(e.parentPath ?? e.path, e.name))
    .sort();
}

/** Why dist/ no longer matches src/ (a file added, removed or changed since the build), or null when it does. */
export function isStale() {
  if (!existsSync(SRC)) return null; // an installed copy without sources: dist/ is all there is
  if (!existsSync(STAMP)) return "never built";
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(STAMP, "utf8"));
  } catch {
    return "build record unreadable";
  }
  const files = sourceFiles();
  const built = new Set(stamp.files);
  if (files.length !== built.size) return "sources added or removed";
  for (const file of files) {
    const rel = relative(ROOT, file);
    if (!built.has(rel)) return `${rel} is new`;
    if (statSync(file).mtimeMs > stamp.builtAtMs) return `${rel} changed`;
  }
  return null;
}

/** Compile src/ into a fresh dist/. */
export async function build({ quiet = false } = {}) {
  const { build: esbuild } = await import("esbuild");
  const started = Date.now();
  const files = sourceFiles();
  // Built beside dist/ and swapped in, so a process starting meanwhile never imports a half-written tree.
  const tmp = `${DIST}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild({
    entryPoints: files,
    outdir: tmp,
    outbase: SRC,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    sourcesContent: false,
    logLevel: "warning",
  });
  // The package's `bin`: runnable directly, as npm would link it.
  chmodSync(join(tmp, "cli", "main.js"), 0o755);
  writeFileSync(join(tmp, ".build.json"), JSON.stringify({ builtAtMs: started, files: files.map((f) => relative(ROOT, f)) }));
  const old = `${DIST}.old-${process.pid}`;
  if (existsSync(DIST)) renameSync(DIST, old);
  renameSync(tmp, DIST);
  rmSync(old, { recursive: true, force: true });
  if (!quiet) process.stderr.write(`built ${files.length} files into dist/ in ${Date.now() - started} ms\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await build();
}
