import { describe, expect, test } from "vitest";
import { deadlineContext, mayHaveTime, reportTarget, sectionDeadlines, sentenceSubjects, statedPeriod, type AgencyNaming } from "./deadlines.js";
import { deadlineConcerns } from "./duties.js";
import type { RawSection } from "./structure.js";

const naming: AgencyNaming = {
  clean: (s) => s.replace(/[.;:,\s]+$/u, "").trim(),
  looksLikeAgency: (s) => /^(?:Các|các|Sở|UBND|Ủy ban|Công an|Ban|Báo|Phòng)(?=[\s,]|$)/u.test(s),
};

const section = (id: string, heading: string, lines: string[], parent: string | null = null): RawSection => ({ id, parent, order: 1, kind: "item", heading, lines });

const read = (title: string, issuedDate: string, sections: RawSection[], year: number | null = null) => {
  const ctx = deadlineContext({ title, year, issuedDate }, [], naming);
  return sections.flatMap((s) => sectionDeadlines(s, [], ctx));
};

describe("statedPeriod", () => {
  test.each([
    ["NÂNG CAO NĂNG LỰC ... TRÊN ĐỊA BÀN TỈNH GIAI ĐOẠN 2026 - 2030", [2026, 2030]], // Bắc Ninh 141
    ["TÀI CHÍNH - NGÂN SÁCH NHÀ NƯỚC 03 NĂM 2026 - 2028 TỈNH CÀ MAU", [2026, 2028]], // Cà Mau 0204
    ["THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035 TRÊN ĐỊA BÀN TỈNH ĐỒNG THÁP", [2025, 2035]], // Đồng Tháp 552
    ["CHIẾN LƯỢC ... BIỂN VÀ HẢI ĐẢO ĐẾN NĂM 2030, TẦM NHÌN ĐẾN NĂM 2050", [2025, 2030]], // Đồng Tháp 556: the vision is no period
    ["PHÁT TRIỂN HỆ THỐNG SÓNG 5G ... GIAI ĐOẠN 2026 - 2030, TẦM NHÌN ĐẾN NĂM 2045", [2026, 2030]], // Nghệ An 987
    ["QUAN TRẮC, CẢNH BÁO MÔI TRƯỜNG NUÔI TRỒNG THỦY SẢN TRÊN ĐỊA BÀN TỈNH THANH HÓA NĂM 2026", [2026, 2026]], // Thanh Hóa 235
    ["TRIỂN KHAI THI HÀNH LUẬT VIỆC LÀM TRÊN ĐỊA BÀN THÀNH PHỐ HỒ CHÍ MINH", null], // TP.HCM 172
  ] as const)("%s", (title, want) => {
    expect(statedPeriod(title, [], 2025)).toEqual(want);
  });

  test("a body line 'Thời gian thực hiện: 2026 - 2030' states it when the title does not", () => {
    expect(statedPeriod("KẾ HOẠCH CHUYỂN ĐỔI SỐ", ["II. THỜI GIAN THỰC HIỆN", "Thời gian thực hiện: từ năm 2026 đến năm 2030."], 2025)).toEqual([2026, 2030]);
  });
});

describe("reportTarget", () => {
  test.each([
    ["Các cơ quan, đơn vị gửi Sở Công Thương tổng hợp trước ngày 15/12/2025.", "Sở Công Thương", null],
    ["Định kỳ báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả thực hiện Kế hoạch hằng năm (trước ngày 15 tháng 11)", "UBND tỉnh", "Sở Tư pháp"], // Bắc Ninh 141
    ["báo cáo kết quả thực hiện về UBND Thành phố (thông qua Sở Nội vụ để tổng hợp).", "UBND Thành phố", "Sở Nội vụ"], // TP.HCM 172
    ["kịp thời báo cáo UBND tỉnh (qua Sở Công Thương) để chỉ đạo.", "UBND tỉnh", "Sở Công Thương"], // Đắk Lắk 0129
    ["gửi về Sở Nông nghiệp và Môi trường để tổng hợp.", "Sở Nông nghiệp và Môi trường", null], // Cần Thơ 159
    ["tổng hợp, báo cáo Ủy ban nhân dân Tỉnh và Bộ Khoa học và Công nghệ trước ngày 30/11 hằng năm.", "Ủy ban nhân dân Tỉnh và Bộ Khoa học và Công nghệ", null], // Đồng Tháp 552
    ["Ban công tác Mặt trận thôn báo cáo Ủy ban Mặt trận Tổ quốc xã (qua Văn phòng Đảng ủy) trước ngày 15/12", "Ủy ban Mặt trận Tổ quốc xã", "Văn phòng Đảng ủy"], // a Fatherland Front plan
    ["Các chi hội báo cáo kết quả về Ban Thường trực Ủy ban MTTQ Việt Nam xã trước ngày 10/12/2025.", "Ban Thường trực Ủy ban MTTQ Việt Nam xã", null],
  ] as const)("%s", (sentence, to, via) => {
    expect(reportTarget(sentence)).toEqual({ to, via });
  });
});

describe("sentenceSubjects", () => {
  test.each([
    ["Sở Công Thương báo cáo UBND tỉnh trước 19h00 hằng ngày.", ["Sở Công Thương"]],
    ["Đề nghị Các sở, ban, ngành, UBND các xã, phường báo cáo kết quả", ["Các sở, ban, ngành", "UBND các xã, phường"]],
    ["- Phối hợp Công an tỉnh và UBND các xã, phường tổ chức vận chuyển", []], // opens with a verb
    ["Báo cáo giữa kỳ thực hiện Kế hoạch (năm 2030)", []], // a report, not a newspaper
    ["Định kỳ 06 tháng các cơ quan có liên quan báo cáo kết quả thực hiện gửi về Sở Khoa học và Công nghệ", ["các cơ quan có liên quan"]], // Đồng Nai 179: a leading cycle
    ["Các cơ quan, đơn vị được giao nhiệm vụ trong Kế hoạch có trách nhiệm chủ động tổ chức thực hiện.", ["Các cơ quan, đơn vị được giao nhiệm vụ trong Kế hoạch"]], // "được giao" asks no one
  ] as const)("%s", (sentence, want) => {
    expect(sentenceSubjects(sentence, naming)).toEqual(want);
  });
});

describe("sectionDeadlines", () => {
  const brief = (items: ReturnType<typeof read>) => items.map((d) => [d.section, d.kind, d.due ?? d.recurrence, d.monthDay ?? d.dayOfMonth ?? d.timeOfDay]);

  test("a multi-year plan: a yearless report date is a yearly cycle, the period is recorded", () => {
    const items = read("KẾ HOẠCH PHÁT TRIỂN KINH TẾ SỐ GIAI ĐOẠN 2026 - 2030", "2025-11-24", [
      section("VII", "CHẾ ĐỘ BÁO CÁO", ["Các cơ quan, đơn vị báo cáo kết quả thực hiện về Sở Khoa học và Công nghệ trước ngày 15/11."]),
    ]);
    expect(brief(items)).toEqual([["VII", "report", "yearly", "11-15"]]);
    expect(items[0]).toMatchObject({ periodStart: 2026, periodEnd: 2030, reportTo: "Sở Khoa học và Công nghệ", agencies: ["Các cơ quan, đơn vị"] });
  });

  test("a single-year plan: the same date is dated, in the next year when it would fall before the issue date", () => {
    const items = read("KẾ HOẠCH TUYÊN TRUYỀN NĂM 2026", "2025-11-24", [
      section("V", "TỔ CHỨC THỰC HIỆN", ["Các cơ quan, đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 15/11."]),
    ]);
    expect(brief(items)).toEqual([["V", "report", "2026-11-15", null]]);
  });

  test("a signing month without its day bounds yearless dates too (a draft dated 'tháng 11 năm 2025')", () => {
    const items = read("KẾ HOẠCH TUYÊN TRUYỀN", "2025-11", [section("V", "TỔ CHỨC THỰC HIỆN", ["Các xã báo cáo kết quả về Sở Nội vụ trước ngày 15/10."])]);
    expect(items.map((d) => d.due)).toEqual(["2026-10-15"]);
  });

  test("a time heading gives its text as the value (Hà Nội 308, Cần Thơ 159)", () => {
    const items = read("KẾ HOẠCH", "2025-11-17", [
      section("II.1.1.c", "Thời gian thực hiện", ["Hoàn thành trong năm 2025."]),
      section("II.3", "Thời gian thực hiện:", ["Từ nay đến hết năm 2025."]),
    ]);
    expect(brief(items)).toEqual([
      ["II.1.1.c", "task", "2025-12-31", null],
      ["II.3", "task", "2025-12-31", null],
    ]);
  });

  test("the days of a time heading's rounds (Cần Thơ 157 II.2.a)", () => {
    const items = read("KẾ HOẠCH PHÁT ĐỘNG PHONG TRÀO THI ĐUA", "2025-11-18", [
      section("II.2.a", "Thời gian thi đua chia thành 02 đợt", [
        "- Đợt 01 dự kiến: Cao điểm tập trung trong 10 ngày làm việc (từ ngày 20 tháng 11 năm 2025 đến ngày 03 tháng 12 năm 2025);",
        "- Đợt 02 dự kiến: Thực hiện vét trong 03 ngày làm việc (từ ngày 08 đến ngày 10 tháng 12 năm 2025).",
      ]),
    ]);
    expect(items.map((d) => [d.start, d.due])).toEqual([
      ["2025-11-20", "2025-12-03"],
      ["2025-12-08", "2025-12-10"],
    ]);
  });

  test("an inline time label inside a sentence (Thanh Hóa 235 II.1)", () => {
    const items = read("KẾ HOẠCH QUAN TRẮC NĂM 2026", "2025-11-18", [
      section("II.1.2", "Ngao", [
        "+ Các thông số: Thuốc bảo vệ thực vật quan trắc với tần suất 02 lần/năm; thời gian quan trắc vào tháng 4 và tháng 8 năm 2026; số lượng mẫu 08 mẫu/năm.",
      ]),
    ]);
    expect(items.map((d) => d.due)).toEqual(["2026-04-30", "2026-08-31"]);
  });

  test("dates before the plan was signed are history, not deadlines (Đắk Lắk 0129 I)", () => {
    const items = read("KẾ HOẠCH HỖ TRỢ NHU YẾU PHẨM", "2025-11-21", [
      section("I", "TÌNH HÌNH", ["Mưa lũ kéo dài, các xã phải hoàn thành sơ tán trước ngày 20/11/2025."]),
    ]);
    expect(items).toEqual([]);
  });

  test("daily reports with their times, the agency and the report target (Đắk Lắk 0129 IV.1, IV.10)", () => {
    const items = read("KẾ HOẠCH HỖ TRỢ NHU YẾU PHẨM", "2025-11-21", [
      section("IV.1", "Sở Công Thương", ["- Tổng hợp tình hình, báo cáo UBND tỉnh trước 19h00’ hằng ngày."]),
      section("IV.10", "UBND các xã, phường", ["- Huy động nguồn lực tại chỗ; báo cáo 02 lần/ngày (trước 9h00’ và 16h00’) về UBND tỉnh (qua Sở Công Thương)."]),
    ]);
    expect(brief(items)).toEqual([
      ["IV.1", "report", "daily", "19:00"],
      ["IV.10", "report", "daily", "09:00"],
      ["IV.10", "report", "daily", "16:00"],
    ]);
    expect(items.map((d) => [d.agencies, d.reportTo, d.reportVia])).toEqual([
      [["Sở Công Thương"], "UBND tỉnh", null],
      [["UBND các xã, phường"], "UBND tỉnh", "Sở Công Thương"],
      [["UBND các xã, phường"], "UBND tỉnh", "Sở Công Thương"],
    ]);
  });

  test("a sub-item without agencies takes its parent's (Cần Thơ 153 IV.1.b)", () => {
    const items = read("KẾ HOẠCH ... PHÒNG, CHỐNG MA TÚY ĐẾN NĂM 2030", "2025-11-17", [
      section("IV.1", "Các sở, ban, ngành thành phố và Ủy ban nhân dân xã, phường", []),
      section("IV.1.b", "Định kỳ hằng năm (trước ngày 15 tháng 12) báo cáo kết quả về Ủy ban nhân dân thành phố (qua Công an thành phố) để tổng hợp chung.", [], "IV.1"),
    ]);
    expect(items.map((d) => [d.recurrence, d.monthDay, d.agencies, d.reportTo, d.reportVia])).toEqual([
      ["yearly", "12-15", ["Các sở, ban, ngành thành phố", "Ủy ban nhân dân xã, phường"], "Ủy ban nhân dân thành phố", "Công an thành phố"],
    ]);
  });

  test("a sentence without a subject continues the one before when the section names no lead (Bắc Ninh 144 VII)", () => {
    const items = read("KẾ HOẠCH PHÁT TRIỂN KINH TẾ SỐ GIAI ĐOẠN 2026 - 2030", "2025-11-24", [
      section("VII", "CHẾ ĐỘ BÁO CÁO", [
        "Các cơ quan, đơn vị được giao nhiệm vụ có trách nhiệm chủ động tổ chức thực hiện. Định kỳ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm về Sở Khoa học và Công nghệ.",
      ]),
    ]);
    expect(items.map((d) => [d.recurrence, d.monthDay, d.agencies, d.reportTo])).toEqual([
      ["yearly", "11-15", ["Các cơ quan, đơn vị được giao nhiệm vụ"], "Sở Khoa học và Công nghệ"],
    ]);
  });

  test("milestone reports in a multi-year plan (Đồng Tháp 552 VI.2)", () => {
    const items = read("LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035", "2025-11-19", [
      section("VI.2", "Chế độ báo cáo", ["Báo cáo giữa kỳ thực hiện Kế hoạch *(năm 2030) *và báo cáo tổng kết thực hiện Kế hoạch *(năm 2035)*, gửi Ủy ban nhân dân Tỉnh."]),
    ]);
    expect(brief(items)).toEqual([
      ["VI.2", "report", "2030-12-31", null],
      ["VI.2", "report", "2035-12-31", null],
    ]);
  });

  test("targets and annual plans are no yearly duties; a yearly duty is", () => {
    const items = read("KẾ HOẠCH GIAI ĐOẠN 2026 - 2030", "2025-11-24", [
      section("I.4.a", "Hằng năm, giảm 5% số người nghiện ma túy.", []),
      section("IV.6", "Sở Tài chính", ["- Tham mưu phương án phân bổ kế hoạch đầu tư công trung hạn, hằng năm từ nguồn vốn ngân sách."]),
      section("V.10.e", "Hằng năm, tổ chức kiểm tra, đánh giá tình hình thực hiện Chương trình trên địa bàn.", []),
    ]);
    expect(brief(items)).toEqual([["V.10.e", "task", "yearly", null]]);
  });
});

describe("deadlineConcerns", () => {
  const report = {
    planId: "p",
    section: "VII",
    kind: "report" as const,
    due: null,
    start: null,
    recurrence: "yearly" as const,
    dayOfMonth: null,
    monthDay: "11-15",
    text: "Định kỳ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm về Sở Khoa học và Công nghệ để tổng hợp.",
    agencies: ["Các cơ quan, đơn vị được giao nhiệm vụ"],
    reportTo: "Sở Khoa học và Công nghệ",
    reportVia: null,
  };
  test.each([
    ["Sở Khoa học và Công nghệ", true], // the recipient compiles the reports
    ["Sở KH&CN", true],
    ["Sở Tài chính", false],
  ] as const)("%s", (agency, want) => {
    expect(deadlineConcerns(report, agency)).toBe(want);
  });
});

describe("mayHaveTime", () => {
  // The full pattern it stands for: its gate must never reject a text this accepts.
  const TIME_WORD = /[0-9]|(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)|định k/iu;
  const SAMPLES = [
    "", "Sở Y tế chủ trì", "trước ngày 15/4", "Hằng năm, tổ chức kiểm tra", "HẰNG NĂM", "hàng\ttuần báo cáo", "Mỗi\u00a0quý một lần",
    "mỗi năm", "MỖI THÁNG", "Định kỳ báo cáo", "ĐỊNH KỲ", "định \u212a", "định  kỳ", "hằng", "hàng hóa năm", "mỗi người", "hàngnăm",
    "Thường xuyên", "giai đoạn hai", "quý IV", "hằng  ngày", "hẰng Năm", "tỉnh kỳ", "định kì",
  ];
  test.each(SAMPLES)("mayHaveTime(%j) = TIME_WORD.test", (text) => {
    expect(mayHaveTime(text)).toBe(TIME_WORD.test(text));
  });
  test("equals TIME_WORD.test on random texts", () => {
    const parts = ["hằng", "Hàng", "MỖI", "mỗi", "định", "ĐỊNH", " ", "\t", "k", "K", "\u212a", "ngày", "Tuần", "THÁNG", "quý", "năm", "a", "7", "ằng", "ịnh", "ỗi"];
    let seed = 11;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let k = 0; k < 5000; k++) {
      let text = "";
      for (let n = next() % 8; n > 0; n--) text += parts[next() % parts.length];
      expect(mayHaveTime(text)).toBe(TIME_WORD.test(text));
    }
  });
});
