import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parsePlan } from "../plan/parsePlan.js";
import { spanTexts, unpackDoc, unpackPlanText } from "./planDoc.js";
import { contentHash } from "./planText.js";
import { planForStore, preparePlan } from "./preparedPlan.js";

const SAMPLES = join(import.meta.dirname, "../../data/plans");

describe("preparePlan: what a parse worker hands the store", () => {
  test.each([
    ["a sample plan", readFileSync(join(SAMPLES, "vu-thu-2024.txt"), "utf8")],
    ["ASCII only", "KE HOACH\nI. MUC DICH\n1. Cong an huyen chu tri.\n"],
    ["Vietnamese with a NUL and an emoji", "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Công an huyện chủ trì.\u0000 📌\n"],
  ])("%s: the hash is the text's, and the stored form gives back the text and what was parsed", (_case, text) => {
    const parsed = parsePlan(text);
    const plan = preparePlan(text, planForStore(parsed));
    expect(plan.hash).toBe(contentHash(text));
    expect(unpackPlanText(plan.packed)).toBe(text);
    const doc = unpackDoc(plan.packed);
    expect(doc.s.map(([order, id, , , heading, body]) => [order, id, heading, body])).toEqual(parsed.sections.map((s) => [s.order, s.id, s.heading, s.text]));
    expect(spanTexts(doc)).toEqual(parsed.spans.map((s) => s.text));
    expect(plan.rows.spans.map(([order, section, role, , form]) => [order, section, role, form])).toEqual(parsed.spans.map((s) => [s.order, s.section, s.role, s.form]));
    expect(plan.rows.sectionCount).toBe(parsed.sections.length);
    expect(plan.rows.deadlines).toEqual(parsed.deadlines);
  });
});
