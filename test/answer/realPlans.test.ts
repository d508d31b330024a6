// Answers over real plans from other provinces (../shared/plans/real), offline.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { App } from "../../src/app.js";
import { openTestApp } from "./support.js";

const REAL = join(import.meta.dirname, "../../../shared/plans/real");
const plans = ["cantho-159-truyen-thong-giam-ngheo", "cantho-153-mtqg-dan-toc", "daklak-0129-nhu-yeu-pham-mua-lu"];
let app: App;
let cleanup: () => Promise<void>;
const now = new Date("2025-11-25T02:00:00Z");

beforeAll(async () => {
  ({ app, cleanup } = await openTestApp({}, plans.map((p) => join(REAL, `${p}.txt`))));
}, 60_000);
afterAll(async () => cleanup());

describe("offline answers on real plans", () => {
  test.each([
    ["Kế hoạch truyền thông về giảm nghèo đa chiều được thực hiện trong thời gian nào?", "cantho-159-truyen-thong-giam-ngheo", "II.3", "2025"],
    ["Chương trình phòng, chống ma túy được thực hiện trong thời gian nào?", "cantho-153-mtqg-dan-toc", "II.3", "2030"],
    ["Bộ CHQS tỉnh phải làm gì?", "daklak-0129-nhu-yeu-pham-mua-lu", "IV.8", "Bộ Chỉ huy Quân sự tỉnh"],
  ])("%s", async (q, plan, section, has) => {
    const a = await app.engine.ask(q, { planIds: [plan], unit: null, now });
    expect(a.citations).toContainEqual({ planId: plan, section });
    expect(a.answer).toContain(has);
  });
});
