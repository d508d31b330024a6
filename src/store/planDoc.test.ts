import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Section } from "../core/types.js";
import { parsePlan, type StoredSpan } from "../plan/parsePlan.js";
import { docJson, sectionLine, spanTexts, type DocJson } from "./planDoc.js";

const section = (id: string, heading: string, text: string, order = 0): Section => ({ id, parent: null, order, kind: "item", heading, text });
const span = (sectionId: string, text: string): StoredSpan => ({ role: "mention", source: "text", text, section: sectionId, order: 0, form: "", groups: [] });

describe("docJson: a span's text kept as where it is in its section when it is a piece of it", () => {
  const sections = [section("1", "Công an huyện", "Chủ trì tuần tra.\nBáo cáo trước ngày 15/12."), section("2", "", "Phòng Tư pháp phối hợp.")];
  test.each([
    ["in the heading", "1", "Công an", [0, 0, 7]],
    ["in the text", "1", "tuần tra", [0, 22, 8]],
    ["across heading and text", "1", "huyện Chủ trì", [0, 8, 13]],
    ["across a line break", "1", "tra. Báo cáo", [0, 27, 12]],
    ["in a section with no heading", "2", "Tư pháp", [1, 6, 7]],
    ["not in its section: kept as text", "1", "Phòng Tư pháp", "Phòng Tư pháp"],
    ["its section unknown: kept as text", "9", "Công an", "Công an"],
    ["empty: kept as text", "1", "", ""],
  ] as const)("%s", (_case, sectionId, text, stored) => {
    const doc = JSON.parse(docJson({ sections, spans: [span(sectionId, text)], assignments: [] })) as DocJson;
    expect(doc.t).toEqual([stored]);
    expect(spanTexts(doc)).toEqual([text]);
  });

  test("a section's line: heading and text on one line", () => {
    expect(sectionLine("Công an huyện", "a\nb")).toBe("Công an huyện a b");
    expect(sectionLine("", "a\nb")).toBe("a b");
  });

  test("a plan stored before span references (every span as text) reads as before", () => {
    const old: DocJson = { s: [[0, "1", null, "item", "H", "T"]], t: ["Công an huyện", "H T"], a: [] };
    expect(spanTexts(old)).toEqual(["Công an huyện", "H T"]);
  });
});

const real = join(import.meta.dirname, "../../../shared/plans/real");
const samples = join(import.meta.dirname, "../../data/plans");
const plans = [
  ...readdirSync(samples).filter((f) => f.endsWith(".txt")).map((f) => join(samples, f)),
  ...readdirSync(real).filter((f) => f.endsWith(".txt")).map((f) => join(real, f)),
].sort();

test.each(plans)("%s: every span's text reads back from the stored form", (file) => {
  const parsed = parsePlan(readFileSync(file, "utf8"));
  const doc = JSON.parse(docJson(parsed)) as DocJson;
  expect(spanTexts(doc)).toEqual(parsed.spans.map((s) => s.text));
  // Most spans are kept as references (the point of them).
  expect(doc.t.filter((t) => typeof t !== "string").length).toBeGreaterThan(0.8 * doc.t.length);
});
