// Golden test of `show <planId> --outline` on three real plans of different shapes: a part number
// printed twice (daklak-0129), an annex written one cell per line with group rows (bacninh-144), and a
// decision carrying a plan with a task-table annex (hcm-qd06). Set UPDATE_GOLDEN=1 to rewrite the files
// after a deliberate change, and read the diff: it is how the plans are read.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
const real = join(root, "../shared/plans/real");
const plans = ["daklak-0129-nhu-yeu-pham-mua-lu", "bacninh-144-kinh-te-so", "hcm-qd06-de-an-06"];
let store: string;

const cli = async (...args: string[]): Promise<string> =>
  (await run(tsx, ["src/cli/main.ts", ...args, "--store", store], { cwd: root, env: { ...process.env, LOG_LEVEL: "warn" }, maxBuffer: 1 << 24 })).stdout;

beforeAll(async () => {
  store = mkdtempSync(join(tmpdir(), "outline-"));
  await cli("ingest", ...plans.map((p) => join(real, `${p}.txt`)), "--json");
}, 60_000);
afterAll(() => rmSync(store, { recursive: true, force: true }));

describe("show --outline", () => {
  test.each(plans)("%s", async (id) => {
    const got = await cli("show", id, "--outline");
    const file = join(root, "test/golden", `${id}.outline.txt`);
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, got);
    expect(got).toBe(readFileSync(file, "utf8"));
  });

  test("--json lists agencies with roles and deadlines per section", async () => {
    const out = JSON.parse(await cli("show", "daklak-0129-nhu-yeu-pham-mua-lu", "--outline", "--section", "IV", "--json"));
    const ids = out.sections.map((s: { id: string }) => s.id);
    // The part number IV is printed twice: both parts and both IV.1 items are kept.
    expect(ids.filter((x: string) => x === "IV")).toHaveLength(2);
    expect(ids.filter((x: string) => x === "IV.1")).toHaveLength(2);
    const congThuong = out.sections.filter((s: { id: string }) => s.id === "IV.1")[1];
    expect(congThuong.heading).toBe("Sở Công Thương");
    expect(congThuong.agencies).toContainEqual({ name: "Sở Công Thương", role: "lead" });
  });
});
