/** Test support: the sample plans cut into sections by a tiny splitter (Roman parts, "1." items), standing in for the plan parser. */
import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PlanMeta, Section } from "../../src/core/types.js";
import type { ChunkSource } from "../../src/search/chunks.js";

/** Folder of the sample plans. */
export const SAMPLE_DIR = fileURLToPath(new URL("../../data/plans/", import.meta.url));

const ROMAN = /^(?:#+\s*)?(?:\*\*)?([IVX]+)\.\s+(.+)$/;
const ITEM = /^(?:#+\s*)?(?:\*\*)?(\d+)\.\s+(.+)$/;

/**
 * Split plan text into sections: text before the first Roman part is "head",
 * Roman numerals start parts ("IV"), "1." starts items ("IV.1"), "Trên đây là"
 * starts "end", "Nơi nhận" stops. Letters and bullets stay in their item.
 */
export function splitSections(text: string): { meta: PlanMeta; sections: Section[] } {
  const lines = text.normalize("NFC").split(/\r?\n/);
  const sections: Section[] = [];
  let current: Section = { id: "head", parent: null, order: 0, kind: "head", heading: "", text: "" };
  let part: string | null = null;
  const body: string[] = [];
  const flush = () => {
    current.text = body.join("\n").trim();
    body.length = 0;
    sections.push(current);
  };
  for (const raw of lines) {
    const line = raw.trim();
    if (line === "") continue;
    if (/^Nơi nhận/.test(line)) break;
    const roman = ROMAN.exec(line);
    const item = ITEM.exec(line);
    if (/^Trên đây là/.test(line) && current.id !== "end") {
      flush();
      current = { id: "end", parent: null, order: sections.length, kind: "end", heading: "", text: "" };
      body.push(line);
    } else if (roman && current.id !== "end") {
      flush();
      part = roman[1]!;
      current = { id: part, parent: null, order: sections.length, kind: "part", heading: clean(roman[2]!), text: "" };
    } else if (item && part && current.id !== "end") {
      flush();
      current = { id: `${part}.${item[1]}`, parent: part, order: sections.length, kind: "item", heading: clean(item[2]!), text: "" };
    } else {
      body.push(line);
    }
  }
  flush();
  return { meta: metaOf(lines), sections };
}

function clean(s: string): string {
  return s.replace(/\*\*/g, "").trim();
}

function metaOf(lines: string[]): PlanMeta {
  const all = lines.map((l) => l.trim());
  const numberLine = all.find((l) => /^Số:/.test(l)) ?? "";
  const number = /(\d+)\s*\*?\s*\/\s*(KH-UBND)/.exec(numberLine.replace(/\*/g, ""));
  const k = all.findIndex((l) => /^(\*\*)?KẾ HOẠCH/.test(l));
  // The title runs from the line after "KẾ HOẠCH" to the next blank line.
  const titleLines: string[] = [];
  for (const l of k >= 0 ? all.slice(k + 1) : []) {
    if (l === "" && titleLines.length > 0) break;
    if (l !== "") titleLines.push(l);
  }
  const title = titleLines.join(" ");
  const year = /năm (\d{4})\s*$/.exec(title);
  return {
    title: title.replace(/\*\*/g, "").trim(),
    number: number ? `${number[1]}/${number[2]}` : null,
    issuer: null,
    place: null,
    issuedDate: null,
    year: year ? Number(year[1]) : null,
    signer: null,
    kind: "plan",
  };
}

/** The sample plans as chunk sources; id = file name without extension. */
export function loadSamplePlans(dir = SAMPLE_DIR): ChunkSource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => {
      const { meta, sections } = splitSections(readFileSync(join(dir, f), "utf8"));
      return { id: basename(f, ".txt"), meta, sections };
    });
}
