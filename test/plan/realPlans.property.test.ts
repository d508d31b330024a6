// Properties that must hold on every real plan in ../shared/plans/real (21 plans from nine provinces,
// two ministries and the Prime Minister): the outline keeps every printed number, and every agency
// that heads its own item in an assignment part leads that item.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Section } from "../../src/core/types.js";
import { findDuties } from "../../src/plan/duties.js";
import { parseMarker } from "../../src/plan/markers.js";
import { ASSIGNMENT_PART, parsePlan, type ParsedPlanWithSpans } from "../../src/plan/parsePlan.js";
import { agencyHeadingPart } from "../../src/plan/roles.js";
import { buildLayout, splitHeading } from "../../src/plan/structure.js";
import { fold } from "../../src/text/fold.js";
import { normalizeDocumentText } from "../../src/text/normalize.js";

const dir = join(import.meta.dirname, "../../../shared/plans/real");
const files = readdirSync(dir).filter((f) => f.endsWith(".txt")).sort();

const dutiesOf = (p: ParsedPlanWithSpans, agency: string) => {
  const excluded = new Set(p.nonDutyOrders);
  const spans = p.spans.map((s) => ({ ...s, planId: "p", excluded: excluded.has(s.order) }));
  return findDuties(agency, spans, (_id, order): Section[] => p.sections.filter((s) => s.order >= order));
};

describe("every real plan", () => {
  test("the corpus is there", () => expect(files.length).toBeGreaterThanOrEqual(21));

  test.each(files)("%s: every numbering label printed in the body is a section id", (file) => {
    const raw = readFileSync(join(dir, file), "utf8");
    const lines = normalizeDocumentText(raw);
    const layout = buildLayout(lines);
    const missing: string[] = [];
    let next = 0;
    for (const line of lines) {
      const m = parseMarker(line);
      if (!m || m.style === "article") continue;
      if (layout.recipients.includes(line) || layout.signatureLines.includes(line) || layout.titleLines.includes(line)) continue;
      const tail = m.labels.join(".");
      const { heading } = splitHeading(m.rest, m.style);
      // In document order: each printed label opens the next section with its number and heading.
      const at = layout.sections.findIndex((s, i) => i >= next && (s.id === tail || s.id.endsWith(`.${tail}`)) && s.heading === heading);
      if (at < 0) missing.push(`${tail} (${line.slice(0, 50)})`);
      else next = at + 1;
    }
    expect(missing).toEqual([]);
  });

  test.each(files)("%s: an agency heading its own item in an assignment part leads it", (file) => {
    const plan = parsePlan(readFileSync(join(dir, file), "utf8"));
    const sections = plan.sections;
    const parts = sections.filter((s) => s.kind !== "annex" && ASSIGNMENT_PART.test(fold(s.heading)));
    const wrong: string[] = [];
    for (const part of parts) {
      const at = sections.indexOf(part);
      // The part's own items: the sections after it whose parent is its id, until the next section of its level.
      for (const s of sections.slice(at + 1)) {
        if (s.parent === null && s.kind !== "item") break;
        if (s.parent !== part.id || s.kind !== "item") continue;
        const agency = agencyHeadingPart(s.heading);
        if (!agency) continue;
        const name = agency.split(/,\s*|\s+và\s+/u)[0] as string;
        const mine = dutiesOf(plan, name).filter((d) => d.section === s.id);
        if (!mine.some((d) => d.role === "lead")) wrong.push(`${s.id} ${name}: ${mine.map((d) => d.role).join("/") || "none"}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
