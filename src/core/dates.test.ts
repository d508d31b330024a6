import { expect, test } from "vitest";
import { daysUntil, describeDaysLeft, formatDate, formatDateWithWeekday } from "./dates.js";

test.each([
  ["2019-11-05", "05/11/2019"],
  ["2024-02", "02/2024"],
  ["2024", "2024"],
])("formatDate %s", (iso, want) => expect(formatDate(iso)).toBe(want));

test("weekday in Vietnamese", () => {
  expect(formatDateWithWeekday("2019-11-05")).toBe("Thứ Ba, 05/11/2019");
  expect(formatDateWithWeekday("2019-11-03")).toBe("Chủ nhật, 03/11/2019");
});

test.each([
  // 2019-11-04T17:30Z is 00:30 on 05/11 in Hà Nội: the due day itself.
  ["2019-11-05", "2019-11-04T17:30:00Z", 0, "hạn chót là hôm nay"],
  ["2019-11-05", "2019-11-04T16:59:00Z", 1, "còn 1 ngày"],
  ["2019-11-05", "2019-11-20T03:00:00Z", -15, "đã quá hạn 15 ngày"],
])("days until %s at %s", (due, now, n, text) => {
  expect(daysUntil(due, new Date(now))).toBe(n);
  expect(describeDaysLeft(due, new Date(now))).toBe(text);
});
