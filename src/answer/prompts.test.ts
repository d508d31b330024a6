import { readdirSync } from "node:fs";
import { expect, test } from "vitest";
import { loadPrompt, PROMPTS_DIR } from "./prompts.js";

test.each(readdirSync(PROMPTS_DIR).filter((f) => f.endsWith(".md")))("prompt file %s loads with its front matter", (file) => {
  const m = /^(.+)\.v(\d+)\.md$/.exec(file);
  expect(m).not.toBeNull();
  const p = loadPrompt(m?.[1] as string, Number(m?.[2]));
  expect(p.description.length).toBeGreaterThan(10);
  expect(p.template.inputVariables.length).toBeGreaterThan(0);
});
