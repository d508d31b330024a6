// One row per real wording from the real plans (../shared/plans/real): subjects, posts and bodies,
// actors told to act, and agency headings.
import { describe, expect, test } from "vitest";
import { agencyHeadingPart, sectionSpans, subjectOf } from "./roles.js";

const leads = (line: string): string[] => sectionSpans("", [line], null).filter((s) => s.role === "lead").map((s) => s.text);
const partners = (line: string): string[] => sectionSpans("", [line], null).filter((s) => s.role === "partner").map((s) => s.text);

describe("the subject of a duty sentence", () => {
  test.each([
    ["- Sở Nội vụ hướng dẫn khen thưởng Đợt thi đua; phối hợp với các cơ quan", "Sở Nội vụ"],
    ["- Đề nghị Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội phát huy mạnh mẽ", "Ủy ban Mặt trận Tổ quốc tỉnh, các tổ chức chính trị-xã hội"],
    ["- Hội đồng Thi đua - Khen thưởng các cấp phân công rõ trách nhiệm các thành viên", "Hội đồng Thi đua - Khen thưởng các cấp"],
    ["Trên cơ sở kết quả kiểm tra, đánh giá, chấm điểm của Sở Y tế, Hội đồng thi đua họp xét đánh giá", "Hội đồng thi đua"],
    ["Trên cơ sở kết quả thực hiện các chỉ tiêu, giao Sở Y tế thành lập đoàn tổ chức kiểm tra", "Sở Y tế"],
    ["Ủy ban nhân dân cấp xã quyết định khen thưởng cho các tập thể", "Ủy ban nhân dân cấp xã"],
    ["Trưởng Tiểu ban tổ chức rà soát danh sách", "Trưởng Tiểu ban"],
    ["Đồng chí Phó Chủ tịch Thường trực chỉ đạo chung", "Đồng chí Phó Chủ tịch Thường trực"],
    ["Các Trung tâm y tế khu vực báo cáo hằng ngày về Sở Y tế", "Các Trung tâm y tế khu vực"],
    ["Phối hợp với Sở Giáo dục và Đào tạo triển khai", null],
    ["Tổ chức tuyên truyền sâu rộng trong Nhân dân", null],
    ["Hội nghị sơ kết được tổ chức vào tháng 6", null],
    ["Ban hành kế hoạch chi tiết trước ngày 15/12", null],
  ])("%s", (line, want) => {
    expect(subjectOf(line)?.text ?? null).toBe(want);
  });
});

describe("who leads and who coordinates in a sentence", () => {
  test.each([
    ["Sở NN&MT chỉ đạo Chi cục Biển đảo và Thủy sản thực hiện các nội dung sau:", ["Sở NN&MT", "Chi cục Biển đảo và Thủy sản"], []],
    ["- Sở Văn hóa, Thể thao và Du lịch phối hợp với Ban Tuyên giáo và Dân vận Tỉnh ủy tiếp tục chỉ đạo các cơ quan truyền thông trên địa bàn tỉnh tích cực, chủ động tăng cường công tác truyền thông", ["Sở Văn hóa, Thể thao và Du lịch", "các cơ quan truyền thông trên địa bàn tỉnh tích cực"], ["Ban Tuyên giáo và Dân vận Tỉnh ủy tiếp tục chỉ đạo các cơ quan truyền thông trên địa bàn tỉnh tích cực, chủ động tăng cường công tác truyền thông"]],
    ["Sở Tài chính chủ trì, phối hợp với Sở Giáo dục và Đào tạo tham mưu bố trí kinh phí", ["Sở Tài chính"], ["Sở Giáo dục và Đào tạo tham mưu bố trí kinh phí"]],
  ])("%s", (line, wantLeads, wantPartners) => {
    expect(leads(line)).toEqual(wantLeads);
    expect(partners(line)).toEqual(wantPartners);
  });
});

describe("agency headings of real plans", () => {
  test.each([
    ["Đề nghị các tổ chức cung cấp dịch vụ chi trả", "các tổ chức cung cấp dịch vụ chi trả"],
    ["Đề nghị Công ty Điện lực Đắk Lắk", "Công ty Điện lực Đắk Lắk"],
    ["Ủy ban nhân dân các xã, phường", "Ủy ban nhân dân các xã, phường"],
    ["Các doanh nghiệp thứ cấp đang hoạt động trong KCN", "Các doanh nghiệp thứ cấp đang hoạt động trong KCN"],
    ["Liên hiệp các Hội Khoa học và Kỹ thuật", "Liên hiệp các Hội Khoa học và Kỹ thuật"],
    ["Hiệp hội Doanh nghiệp tỉnh", "Hiệp hội Doanh nghiệp tỉnh"],
    ["Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn thể", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn thể"],
    ["Báo và Phát thanh, Truyền hình tỉnh", "Báo và Phát thanh, Truyền hình tỉnh"],
    ["Phòng, chống ma túy trong học đường", null],
    ["Trường hợp phát sinh vướng mắc", null],
  ])("%s", (heading, want) => {
    expect(agencyHeadingPart(heading)).toBe(want);
  });
});
