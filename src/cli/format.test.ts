import { describe, expect, test } from "vitest";
import type { PlanSummary, Section } from "../core/types.js";
import { formatShow } from "./format.js";

const plan: PlanSummary = {
  id: "hung-yen-2022",
  source: "data/plans/hung-yen-2022.txt",
  title: "Hoạt động thông tin đối ngoại",
  number: "187/KH-UBND",
  issuer: "UBND tỉnh Hưng Yên",
  place: "Hưng Yên",
  issuedDate: "2021-12-13",
  year: 2022,
  signer: null,
  sections: 2,
  tasks: 1,
  deadlines: 0,
};
const section = (id: string, heading: string, text: string): Section => ({ id, parent: null, order: 0, kind: "item", heading, text });

describe("formatShow: the plan, then each section after one blank line", () => {
  test.each<[string, Section[], number]>([
    ["one section", [section("IV.8", "Công an tỉnh", "")], 1],
    ["a section and its items", [section("IV.8", "Công an tỉnh", ""), section("IV.8.a", "Theo dõi", "Hằng quý báo cáo.")], 2],
    ["no sections", [], 0],
  ])("%s", (_case, sections, blocks) => {
    const out = formatShow(plan, sections);
    expect(out).not.toMatch(/\n\n\n/);
    const parts = out.split("\n\n");
    expect(parts).toHaveLength(1 + blocks);
    expect(parts[0]).toContain("[hung-yen-2022]");
    if (blocks) expect(parts[1]).toMatch(/IV\.8\. Công an tỉnh$/);
  });
});
