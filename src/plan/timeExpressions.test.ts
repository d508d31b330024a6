import { describe, expect, test } from "vitest";
import { deadlinesInText, parseDates, parseTimeframe, recurringIn } from "./timeExpressions.js";

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

// Rows quote real plans of 2025 (province and number in the comment): one wording per row.
describe("parseTimeframe: wordings of real plans", () => {
  const issued = { year: 2025, notBefore: "2025-11-19" };
  test.each([
    ["Quí IV-2025", [["2025-10-01", "2025-12-31"]]], // quí spelling, dash before the year
    ["Quý IV/2026", [["2026-10-01", "2026-12-31"]]], // TP.HCM 2820/QĐ-UBND annex
    ["Quý IV năm 2025 và các năm tiếp theo", [["2025-10-01", "2025-12-31"]]], // Lai Châu 7360: first period end
    ["Năm 2026 và các năm tiếp theo.", [["2026-01-01", "2026-12-31"]]], // Lai Châu 7360, TP.HCM 172
    ["trong tháng 11/2025", [["2025-11-01", "2025-11-30"]]],
    ["Tháng 12/2025.", [["2025-12-01", "2025-12-31"]]], // Bắc Ninh 141 III.7
    ["Tháng 11 - 12/2025", [["2025-11-01", "2025-12-31"]]], // a month span sharing the year
    ["từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025", [["2025-11-20", "2025-12-03"]]], // Cần Thơ 157, đợt 1
    ["Cao điểm trong 03 ngày làm việc (từ ngày 08 đến ngày 10 tháng 12 năm 2025);", [["2025-12-08", "2025-12-10"]]], // Cần Thơ 157, đợt 2
    ["từ tháng 3 đến tháng 10 năm 2026", [["2026-03-01", "2026-10-31"]]], // Thanh Hóa 235
    ["vào tháng 4 và tháng 8 năm 2026", [["2026-04-01", "2026-04-30"], ["2026-08-01", "2026-08-31"]]], // Thanh Hóa 235: two items
    ["Hoàn thành trong năm 2025.", [["2025-01-01", "2025-12-31"]]], // Hà Nội 308
    ["Từ nay đến hết năm 2025.", [[null, "2025-12-31"]]], // Cần Thơ 159
    ["Năm 2026", [["2026-01-01", "2026-12-31"]]],
    ["2026", [["2026-01-01", "2026-12-31"]]], // Đồng Tháp 552 annex
    ["2025 - 2030", [["2025-01-01", "2030-12-31"]]], // Đồng Tháp 552 annex: the end of the range
    ["Năm 2025 - 2026", [["2025-01-01", "2026-12-31"]]], // TP.HCM 2820 annex
    ["Giai đoạn 2026-2030 và những năm tiếp theo.", [["2026-01-01", "2030-12-31"]]], // Bắc Ninh 141
    ["trước ngày 15/4/2026", [[null, "2026-04-15"]]],
    ["Từ 01/7/2025.", []], // Bắc Ninh 141: a start, no deadline
    ["Từ 15/11 - 15/12/2025", [["2025-11-15", "2025-12-15"]]], // two dates joined by a dash
    ["Từ tháng 3 - tháng 5/2026", [["2026-03-01", "2026-05-31"]]],
    ["Từ tháng 10/2025 đến khi tổ chức thành công Đại hội đại biểu toàn quốc lần thứ XIV của Đảng", []], // Đắk Lắk 0124: open-ended
    ["Khi có phát sinh.", []], // TP.HCM 2820 annex
  ] as const)("%s", (value, want) => {
    expect(parseTimeframe(value, issued).map((t) => [t.start, t.due])).toEqual(want);
  });

  test.each([
    ["Hằng năm.", "yearly"], // Bắc Ninh 141 III.8, TP.HCM 2820 annex
    ["Hàng năm", "yearly"],
    ["Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính", "quarterly"], // TP.HCM 2820 annex PL.VI.5
    ["Thực hiện thường xuyên.", "ongoing"], // Hà Nội 308
    ["hằng tuần", "weekly"],
  ] as const)("%s is %s", (value, recurrence) => {
    expect(parseTimeframe(value, issued).map((t) => t.recurrence)).toEqual([recurrence]);
  });

  test("a yearless date never falls before the issue date: the next year", () => {
    expect(parseTimeframe("Trước ngày 15/11", { year: 2025, notBefore: "2025-11-20" }).map((t) => t.due)).toEqual(["2026-11-15"]);
    expect(parseDates("trước ngày 15/12", { year: 2025, notBefore: "2025-11-20" })).toEqual(["2025-12-15"]);
    // Months, quarters and halves printed without a year follow the same rule.
    expect(parseTimeframe("Tháng 10", { year: 2025, notBefore: "2025-11-20" }).map((t) => t.due)).toEqual(["2026-10-31"]);
    expect(parseTimeframe("Quý IV", { year: 2025, notBefore: "2025-11-20" }).map((t) => t.due)).toEqual(["2025-12-31"]);
    expect(parseTimeframe("6 tháng đầu năm", { year: 2025, notBefore: "2025-11-20" }).map((t) => t.due)).toEqual(["2026-06-30"]);
  });
});

describe("recurringIn: report cycles and their anchors", () => {
  const cycles = (text: string, multiYear = false) =>
    recurringIn(text, { multiYear }).items.map((t) => [t.recurrence, t.dayOfMonth ?? t.monthDay ?? t.timeOfDay]);
  test.each([
    ["định kỳ 6 tháng (trước ngày 16/6), hằng năm (trước ngày 20/11)", false, [["semiannual", "06-16"], ["yearly", "11-20"]]],
    ["Định kǶ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm", false, [["yearly", "11-15"]]], // Bắc Ninh 144
    ["Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả về Ủy ban nhân dân thành phố", false, [["yearly", "12-15"]]], // Cần Thơ 153
    ["Trước ngày 15/12 hàng năm tổng hợp, báo cáo Bộ Khoa học và Công nghệ", false, [["yearly", "12-15"]]], // Nghệ An 987
    ["định kỳ hàng năm báo cáo kết quả thực hiện về Sở Nông nghiệp và Môi trường chậm nhất ngày 17 tháng 12.", false, [["yearly", "12-17"]]], // Đồng Tháp 556
    ["định kỳ báo cáo kết quả thực hiện trước ngày 20/11 về Sở Khoa học và Công nghệ", true, [["yearly", "11-20"]]], // Đồng Tháp 552, multi-year
    ["định kỳ báo cáo kết quả thực hiện trước ngày 20/11 về Sở Khoa học và Công nghệ", false, []], // a single-year plan: a date
    ["có trách nhiệm xây dựng kế hoạch chi tiết hằng năm và định kỳ báo cáo kết quả thực hiện trước ngày 20/11", true, [["yearly", "11-20"]]], // one cycle, anchored
    ["trước ngày 20 hằng tháng lên phần mềm theo dõi", false, [["monthly", 20]]], // Hà Nội 308
    ["Sở Công Thương báo cáo UBND tỉnh trước 19h00’ hằng ngày", false, [["daily", "19:00"]]], // Đắk Lắk 0129
    ["báo cáo 02 lần/ngày (trước 9h00’ và 16h00’) về tình hình", false, [["daily", "09:00"], ["daily", "16:00"]]], // Đắk Lắk 0129
    ["Các Trung tâm y tế giám sát tuyến xã và báo cáo hằng ngày.", false, [["daily", null]]], // Đắk Lắk 0130
    ["gửi báo cáo về Sở vào thứ Sáu hằng tuần", false, [["weekly", null]]],
    ["trước 15h00 thứ Năm hằng tuần báo cáo Sở", false, [["weekly", "15:00"]]],
    ["định kỳ báo cáo trước ngày 15/6 và 15/12 hằng năm", false, [["yearly", "06-15"], ["yearly", "12-15"]]], // a listed anchor
    ["Định kỳ 6 tháng (trước ngày 15/6) và năm (trước ngày 15/12) báo cáo kết quả về UBND xã", false, [["semiannual", "06-15"], ["yearly", "12-15"]]], // cycles listed after "định kỳ"
    ["thực hiện chế độ báo cáo định kỳ tháng, quý, năm về Phòng Văn hóa", false, [["monthly", null], ["quarterly", null], ["yearly", null]]],
    ["báo cáo 6 tháng (trước ngày 15/6) và báo cáo năm (trước ngày 15/12) về Sở Nội vụ", false, [["semiannual", "06-15"], ["yearly", "12-15"]]],
    ["gửi báo cáo quý trước ngày 20 của tháng cuối quý", false, [["quarterly", 20]]],
    ["báo cáo sơ kết 6 tháng đầu năm 2025", false, []], // one half year, no cycle
    ["tổng kết năm học 2025 - 2026", false, []],
    ["chiến dịch tuyên truyền cao điểm hàng năm: Ngày Môi trường thế giới (05/6), Ngày Đại dương thế giới (08/6)", true, [["yearly", null]]], // event days are no anchors
    ["Thời gian báo cáo định kỳ hàng năm tính từ ngày 15 tháng 12 năm trước đến ngày 14 tháng 12", true, [["yearly", null]]], // a reporting period
  ] as const)("%s", (text, multiYear, want) => {
    expect(cycles(text, multiYear)).toEqual(want);
  });
});

describe("deadlinesInText: cues in real sentences", () => {
  const issued = { year: 2025, notBefore: "2025-11-19" };
  test.each([
    ["xong trong tháng 12/2025", ["2025-12-31"]], // Bắc Ninh 141
    ["báo cáo UBND tỉnh trước ngày 15/12/2026.", ["2026-12-15"]], // Thanh Hóa 235
    ["xếp hạng thi đua trước ngày 31 tháng 12 năm 2025.", ["2025-12-31"]], // Cần Thơ 157
    ["UBND xã, phường thực hiện trực ban 24/24", []], // Đắk Lắk 0129: not a date
    ["vận hành thông suốt, liên tục 24/7", []],
    ["Nghị quyết 163/2024/QH15 ngày 27 tháng 11 năm 2025", []], // Cần Thơ 153: a legal reference
    ["phấn đấu đến năm 2030 đạt 30% doanh nghiệp", []], // a target
    ["Hoàn thành trước 30/6/2026.", ["2026-06-30"]], // a date right after the cue
    ["hoàn thành trong 6 tháng đầu năm 2026", ["2026-06-30"]],
    ["vào 20/11 tổ chức mít tinh", []], // "vào" with a bare date: an event day
  ] as const)("%s", (text, want) => {
    expect(deadlinesInText(text, issued).map((d) => d.timeframe.due)).toEqual(want);
  });
});
