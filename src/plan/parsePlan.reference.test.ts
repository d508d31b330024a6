// Safety net for parser optimizations: parsePlan must give byte-identical JSON for every plan in
// data/plans, test/fixtures/plans and ../shared/plans/real. The reference holds one sha256 per file
// of JSON.stringify(parsePlan(text)), generated from the code before any optimization.
// Regenerate (only when a change of output is intended): UPDATE_REFERENCE=1 npx vitest run src/plan/parsePlan.reference.test.ts
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parsePlan } from "./parsePlan.js";

const root = join(import.meta.dirname, "../..");
const referencePath = join(root, "test/golden/parse-reference.json");
const dirs = ["data/plans", "test/fixtures/plans", "../shared/plans/real"];

/** Every plan file, keyed by its path relative to the repository root. */
const files: string[] = dirs.flatMap((dir) => {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => `${dir}/${f}`);
});

const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");
const digestOf = (file: string): string => sha256(JSON.stringify(parsePlan(readFileSync(join(root, file), "utf8"))));

const update = process.env.UPDATE_REFERENCE === "1";

describe("parsePlan reference output", () => {
  if (update) {
    test("writes the reference", () => {
      const reference: Record<string, string> = {};
      for (const file of files) reference[file] = digestOf(file);
      writeFileSync(referencePath, `${JSON.stringify(reference, null, 2)}\n`);
      expect(Object.keys(reference).length).toBe(files.length);
    });
    return;
  }

  const reference: Record<string, string> = JSON.parse(readFileSync(referencePath, "utf8"));

  test("every plan of the reference is still there", () => {
    expect(files.length).toBeGreaterThanOrEqual(28);
    expect([...files].sort()).toEqual(Object.keys(reference).sort());
  });

  test.each(files)("%s gives byte-identical JSON", (file) => {
    expect(digestOf(file)).toBe(reference[file]);
  });
});
