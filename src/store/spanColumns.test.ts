import { describe, expect, test } from "vitest";
import type { SpanTuple } from "./preparedPlan.js";
import { decodeSpanColumns, encodeSpanColumns, roleCode, ROLES, type SpanMeta } from "./spanColumns.js";

const tuple = (m: SpanMeta, form = "cong an huyen"): SpanTuple => [m.order, m.section, m.role, m.source, form, m.groups, m.excluded];

describe("span columns: a plan's spans in one stored row read back as they were written", () => {
  test.each<[string, SpanMeta[]]>([
    ["no spans", []],
    ["a lead from a heading", [{ order: 3, section: "II.1", role: "lead", source: "heading", groups: [], excluded: false }]],
    ["a partner naming two groups", [{ order: 4, section: "II.2", role: "partner", source: "sentence", groups: ["district-depts", "communes"], excluded: false }]],
    ["a mention in an excluded section", [{ order: 0, section: "I", role: "mention", source: "text", groups: ["everyone"], excluded: true }]],
    [
      "every role and source, in order",
      [
        { order: 1, section: "1", role: "lead", source: "label", groups: [], excluded: false },
        { order: 1, section: "1", role: "partner", source: "annex", groups: ["press"], excluded: false },
        { order: 2, section: "Phụ lục 1.a", role: "mention", source: "sentence", groups: [], excluded: true },
        { order: 12, section: "IV.3.b", role: "lead", source: "text", groups: ["mass-orgs", "districts", "provincial-depts"], excluded: false },
      ],
    ],
  ])("%s", (_case, spans) => {
    expect(decodeSpanColumns(encodeSpanColumns(spans.map((s) => tuple(s))))).toEqual(spans);
  });

  test("role codes follow the roles' names in order (as SQL sorted them)", () => {
    expect([...ROLES]).toEqual([...ROLES].sort());
    expect(ROLES.map(roleCode)).toEqual([0, 1, 2]);
  });

  test("an unknown role or source is refused, not stored as another", () => {
    const bad = (role: string, source: string) => [[0, "I", role, source, "", [], false]] as unknown as SpanTuple[];
    expect(() => encodeSpanColumns(bad("owner", "text"))).toThrow(/unknown span role: owner/);
    expect(() => encodeSpanColumns(bad("lead", "footnote"))).toThrow(/unknown span source: footnote/);
  });
});
