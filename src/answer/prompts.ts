/**
 * Prompts kept as versioned files in `prompts/` (`<name>.v<N>.md` with YAML
 * front matter), loaded by name (newest version unless pinned) and filled with
 * LangChain's PromptTemplate.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PromptTemplate } from "@langchain/core/prompts";
import matter from "gray-matter";

export const PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

export interface Prompt {
  name: string;
  version: number;
  description: string;
  template: PromptTemplate;
}

const cache = new Map<string, Prompt>();

/** Load prompt `name` (newest version, or `version`). */
export function loadPrompt(name: string, version?: number, dir = PROMPTS_DIR): Prompt {
  const key = `${dir}|${name}|${version ?? "latest"}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const files = readdirSync(dir)
    .map((f) => ({ f, m: new RegExp(`^${name}\\.v(\\d+)\\.md$`).exec(f) }))
    .filter((x) => x.m && (version === undefined || Number(x.m[1]) === version))
    .sort((a, b) => Number(b.m?.[1]) - Number(a.m?.[1]));
  const file = files[0];
  if (!file) throw new Error(`prompt "${name}"${version ? ` v${version}` : ""} not found in ${dir}`);
  const parsed = matter(readFileSync(join(dir, file.f), "utf8"));
  const prompt: Prompt = {
    name,
    version: Number(file.m?.[1]),
    description: String(parsed.data.description ?? ""),
    template: PromptTemplate.fromTemplate(parsed.content.trim()),
  };
  cache.set(key, prompt);
  return prompt;
}

/** Fill a prompt's variables. */
export async function renderPrompt(name: string, values: Record<string, string>): Promise<string> {
  return loadPrompt(name).template.format(values);
}
