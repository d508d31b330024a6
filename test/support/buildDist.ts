/**
 * Vitest global setup: compiles src/ to dist/ when the build is missing or
 * older than the sources, so tests that run the package's `bin` run the code
 * under test (a fresh clone builds here even when `prepare` did not run).
 */
import { build, isStale } from "../../scripts/build.mjs";

export default async function setup(): Promise<void> {
  if (isStale()) await build({ quiet: true });
}
