// Opens a real app (SQLite file, hnswlib index) over a temp store with the sample plans ingested.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";

export const SAMPLES = join(import.meta.dirname, "../../data/plans");

export async function openTestApp(env: Record<string, string> = {}, paths: string[] = [SAMPLES]): Promise<{ app: App; dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "app-"));
  const config = loadConfig({ STORE_DIR: join(dir, "store"), ...env });
  const app = await openApp(config, silentLogger);
  if (paths.length) await app.ingest.ingestPaths(paths);
  await app.ensureSearch();
  return {
    app,
    dir,
    cleanup: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
