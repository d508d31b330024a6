import { describe, expect, test } from "vitest";
import { agencyHeadingPart, classifyLabel, sectionSpans } from "./roles.js";

describe("classifyLabel", () => {
  test.each([
    ["Cơ quan chủ trì", "lead"],
    ["Cơ quan thực hiện", "lead"],
    ["Đơn vị thực hiện", "lead"],
    ["Đơn vị chủ trì", "lead"],
    ["Cơ quan, đơn vị chủ trì thực hiện", "lead"],
    ["Cơ quan phối hợp", "partner"],
    ["Đơn vị phối hợp", "partner"],
    ["Thời gian thực hiện", "time"],
    ["Thời gian hoàn thành", "time"],
    ["Thời hạn", "time"],
    ["Tiến độ", "time"],
    ["Co quan chu tri", "lead"],
    ["Nội dung", "other"],
    ["Sản phẩm", "other"],
    ["Hình thức", "other"],
    ["Tuyên truyền về ASEAN", null],
  ])("%s → %s", (label, kind) => {
    expect(classifyLabel(label)).toBe(kind);
  });
});

describe("agencyHeadingPart", () => {
  test.each([
    ["Công an huyện", "Công an huyện"],
    ["Đề nghị Ban Tuyên giáo Huyện ủy", "Ban Tuyên giáo Huyện ủy"],
    ["Giao Văn phòng HĐND - UBND huyện theo dõi, kiểm tra, đôn đốc việc triển khai, báo cáo kết quả thực hiện kế hoạch này. Trong quá trình thực hiện, báo cáo về UBND huyện", "Văn phòng HĐND - UBND huyện"],
    ["Ban Chỉ huy Quân sự huyện, Đoàn Biên phòng Đàm Môn, Đoàn Biên phòng Vạn Hưng", "Ban Chỉ huy Quân sự huyện, Đoàn Biên phòng Đàm Môn, Đoàn Biên phòng Vạn Hưng"],
    ["Các phòng, ngành cấp huyện và UBND các xã, thị trấn", "Các phòng, ngành cấp huyện và UBND các xã, thị trấn"],
    ["Sở Nội vụ chủ trì, phối hợp với các sở", "Sở Nội vụ"],
    ["Sở Tài chính bố trí kinh phí thực hiện", "Sở Tài chính"],
    ["Phân công nhiệm vụ", null],
    ["Mục đích", null],
  ])("%s", (heading, want) => {
    expect(agencyHeadingPart(heading)).toBe(want);
  });
});

describe("sectionSpans", () => {
  const roles = (heading: string, lines: string[], agencyHeading: string | null = null) =>
    sectionSpans(heading, lines, agencyHeading).filter((s) => s.role !== "mention").map((s) => [s.role, s.text.trim()]);

  test.each([
    ["labelled lead and partner", ["- Cơ quan chủ trì: Sở Ngoại vụ.", "- Cơ quan phối hợp: Các sở, ban, ngành."], [["lead", "Sở Ngoại vụ."], ["partner", "Các sở, ban, ngành."]]],
    ["one-sentence label", ["Đơn vị thực hiện: Phòng Văn hóa và Thông tin chủ trì phối hợp với các phòng, ngành, UBND các xã, thị trấn."], [["lead", "Phòng Văn hóa và Thông tin"], ["partner", "các phòng, ngành, UBND các xã, thị trấn."]]],
    ["several leads then partners", ["Đơn vị thực hiện: Công an huyện, Phòng Văn hóa và Thông tin phối hợp với các phòng, ngành."], [["lead", "Công an huyện, Phòng Văn hóa và Thông tin"], ["partner", "các phòng, ngành."]]],
    ["lead sub-bullets", ["- Cơ quan chủ trì:", "+ Tài liệu về văn hóa, du lịch: Phòng Văn hóa và Thông tin huyện.", "+ Tài liệu xúc tiến thương mại: Phòng Kinh tế - Hạ tầng huyện."], [["lead", "Phòng Văn hóa và Thông tin huyện."], ["lead", "Phòng Kinh tế - Hạ tầng huyện."]]],
    ["X chủ trì, phối hợp với Y", ["Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tổ chức tập huấn."], [["lead", "Sở Tư pháp"], ["partner", "Sở Nội vụ tổ chức tập huấn."]]],
    ["Chủ trì, phối hợp với Y in an agency's item", ["- Chủ trì, phối hợp với Công an tỉnh quản lý phóng viên."], [["partner", "Công an tỉnh quản lý phóng viên."]]],
    ["an agency's duty as a bullet", ["- Sở Tài chính: bố trí kinh phí thực hiện kế hoạch."], [["lead", "Sở Tài chính"]]],
    ["a requested agency as a bullet", ["- Đề nghị Ủy ban MTTQ Việt Nam tỉnh: tham gia tuyên truyền."], [["lead", "Ủy ban MTTQ Việt Nam tỉnh"]]],
    ["a bullet that is not an agency", ["- Hình thức tuyên truyền: pa nô, áp phích."], []],
  ])("%s", (_name, lines, want) => {
    expect(roles("", lines)).toEqual(want);
  });

  test("an agency item heading is lead", () => {
    expect(roles("Công an huyện", ["- Chủ động phòng ngừa."], "Công an huyện")).toEqual([["lead", "Công an huyện"]]);
  });
});
