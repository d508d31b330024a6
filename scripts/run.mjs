/**
 * Runs a built entry point (`cli` or `main`) after rebuilding dist/ when the
 * sources changed since the last build, so `npm run cli` and `npm start`
 * never run stale code. Usage: `node scripts/run.mjs cli [args...]`.
 */
import { pathToFileURL } from "node:url";
import { join } from "node:path";
import { build, isStale, DIST } from "./build.mjs";

const ENTRIES = { cli: "cli/main.js", main: "main.js" };
const entry = ENTRIES[process.argv[2]];
if (!entry) {
  process.stderr.write(`usage: node scripts/run.mjs ${Object.keys(ENTRIES).join("|")} [args...]\n`);
  process.exit(2);
}
const stale = isStale();
if (stale) {
  process.stderr.write(`dist/ is out of date (${stale}); rebuilding\n`);
  await build({ quiet: true });
}
// The entry point reads its own arguments from process.argv[2...].
process.argv.splice(2, 1);
process.argv[1] = join(DIST, entry);
await import(pathToFileURL(join(DIST, entry)).href);
