import { describe, expect, test } from "vitest";
import { deadlinesInText, parseDates, parseTimeframe } from "./timeExpressions.js";

describe("parseDates", () => {
  test.each([
    ["trước ngày 05/11/2019", 2019, ["2019-11-05"]],
    ["ngày 5/11/2019", null, ["2019-11-05"]],
    ["ngày 15 tháng 05 năm 2022", null, ["2022-05-15"]],
    ["trước ngày 15 tháng 05 và ngày 01 tháng 12 năm 2022", 2021, ["2022-05-15", "2022-12-01"]],
    ["trước ngày 15/5", 2024, ["2024-05-15"]],
    ["ngày 31/02/2024", 2024, []],
  ])("%s", (text, year, want) => {
    expect(parseDates(text, year)).toEqual(want);
  });
});

describe("parseTimeframe", () => {
  test.each([
    ["Quý I/2024", 2024, [{ start: "2024-01-01", due: "2024-03-31", recurrence: "none" }]],
    ["Quý II, III/2024.", 2024, [{ start: "2024-04-01", due: "2024-09-30", recurrence: "none" }]],
    ["Quý IV năm 2025", null, [{ start: "2025-10-01", due: "2025-12-31", recurrence: "none" }]],
    ["Trong quý III", 2024, [{ start: "2024-07-01", due: "2024-09-30", recurrence: "none" }]],
    ["6 tháng đầu năm", 2024, [{ start: "2024-01-01", due: "2024-06-30", recurrence: "none" }]],
    ["6 tháng cuối năm 2023", 2024, [{ start: "2023-07-01", due: "2023-12-31", recurrence: "none" }]],
    ["Năm 2024.", 2024, [{ start: "2024-01-01", due: "2024-12-31", recurrence: "none" }]],
    ["tháng 10/2024", 2024, [{ start: "2024-10-01", due: "2024-10-31", recurrence: "none" }]],
    ["Trong tháng 6", 2022, [{ start: "2022-06-01", due: "2022-06-30", recurrence: "none" }]],
    ["Từ tháng 3 đến tháng 5/2024", null, [{ start: "2024-03-01", due: "2024-05-31", recurrence: "none" }]],
    ["Trước ngày 30/6/2024", null, [{ start: null, due: "2024-06-30", recurrence: "none" }]],
    ["Hàng quý trong năm.", 2024, [{ start: null, due: null, recurrence: "quarterly" }]],
    ["Hằng quý", 2024, [{ start: null, due: null, recurrence: "quarterly" }]],
    ["Định kỳ 6 tháng", 2024, [{ start: null, due: null, recurrence: "semiannual" }]],
    ["hàng năm", 2024, [{ start: null, due: null, recurrence: "yearly" }]],
    ["Thường xuyên trong năm.", 2024, [{ start: null, due: null, recurrence: "ongoing" }]],
    ["Thường xuyên", 2024, [{ start: null, due: null, recurrence: "ongoing" }]],
    ["Theo quy định", 2024, []],
  ])("%s", (value, year, want) => {
    expect(parseTimeframe(value, year).map(({ start, due, recurrence }) => ({ start, due, recurrence }))).toEqual(want);
  });

  test("monthly with a day of month", () => {
    expect(parseTimeframe("Trước ngày 16 hàng tháng", 2024)).toEqual([
      { due: null, start: null, recurrence: "monthly", dayOfMonth: 16, monthDay: null, timeOfDay: null },
    ]);
  });
});

describe("deadlinesInText", () => {
  test.each([
    ["báo cáo kết quả hoạt động thông tin đối ngoại gửi về UBND huyện (qua Phòng Văn hoá và Thông tin) trước ngày 05/11/2019 để tổng hợp", 2019, ["2019-11-05"]],
    ["báo cáo kết quả hoạt động về Sở Thông tin và Truyền thông trước ngày 15 tháng 05 và ngày 01 tháng 12 năm 2022 để tổng hợp báo cáo", 2022, ["2022-05-15", "2022-12-01"]],
    ["chậm nhất ngày 20/12 gửi báo cáo", 2024, ["2024-12-20"]],
    ["hoàn thành trong tháng 6/2024.", 2024, ["2024-06-30"]],
    ["Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ", 2022, []],
    ["Kết luận số 57-KL/TW, ngày 15/6/2023 của Bộ chính trị", 2024, []],
  ])("%s", (text, year, want) => {
    expect(deadlinesInText(text, year).map((d) => d.timeframe.due)).toEqual(want);
  });
});
