/** Unit tests for messages.ts. */
import { expect, test } from "vitest";
import { formatDate, messages, planLabel } from "./messages.js";

test.each([
  ["2024-12-05", "05/12/2024"],
  ["2024-02", "02/2024"],
  ["2024", "2024"],
])("formatDate(%j) = %j", (iso, expected) => {
  expect(formatDate(iso)).toBe(expected);
});

test("plan labels prefer the document number", () => {
  expect(planLabel({ id: "a", number: "187/KH-UBND", title: "T" })).toBe("Kế hoạch 187/KH-UBND");
  expect(planLabel({ id: "a", number: null, title: "Công tác X" })).toBe("Kế hoạch “Công tác X”");
});

test("deadline wording", () => {
  expect(messages.deadlineWhen({ due: "2024-09-30", start: "2024-04-01", recurrence: "none", dayOfMonth: null })).toBe(
    "từ 01/04/2024 đến 30/09/2024",
  );
  expect(messages.deadlineWhen({ due: null, start: null, recurrence: "monthly", dayOfMonth: 16 })).toBe("trước ngày 16 hằng tháng");
  expect(messages.deadlineWhen({ due: null, start: null, recurrence: "quarterly", dayOfMonth: null })).toBe("hằng quý");
  expect(messages.daysLeft(0)).toBe(" (hôm nay)");
});
