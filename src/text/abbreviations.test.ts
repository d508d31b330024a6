import { expect, test } from "vitest";
import { matchForm } from "./abbreviations.js";

test.each([
  ["Văn phòng HĐND - UBND huyện", "VP HĐND và UBND huyện"],
  ["Văn phòng HĐND-UBND huyện", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"],
  ["Sở TT&TT", "Sở Thông tin và Truyền thông"],
  ["Phòng VH&TT", "Phòng Văn hoá và Thông tin"],
  ["Phòng Văn hóa - Thông tin", "Phòng Văn hóa và Thông tin"],
  ["Sở KH&ĐT", "Sở Kế hoạch và Đầu tư"],
  ["Sở Nông nghiệp và PTNT", "Sở Nông nghiệp và Phát triển nông thôn"],
  ["Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"],
  ["Sở VHTTDL", "Sở Văn hóa, Thể thao và Du lịch"],
  ["Phòng TC-KH", "Phòng Tài chính - Kế hoạch"],
  ["Phòng KT-HT", "Phòng Kinh tế - Hạ tầng"],
  ["Đài PT-TH tỉnh", "Đài Phát thanh - Truyền hình tỉnh"],
  ["Đài PT&TH tỉnh", "Đài Phát thanh và Truyền hình tỉnh"],
  ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện", "Mặt trận Tổ quốc huyện"],
  ["UBMTTQ Việt Nam huyện".replace("UBMTTQ", "Ủy ban MTTQ"), "MTTQ huyện"],
  ["Bộ Chỉ huy Bộ đội biên phòng tỉnh", "BĐBP tỉnh"],
  ["CA huyện", "Công an huyện"],
  ["cong an huyen", "Công an huyện"],
  ["Uỷ ban nhân dân xã", "UBND xã"],
])("%s = %s", (a, b) => {
  expect(matchForm(a)).toBe(matchForm(b));
});

test.each([
  ["Công an huyện", "Công an tỉnh"],
  ["Sở Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông"],
  ["Văn phòng UBND tỉnh", "Văn phòng HĐND - UBND huyện"],
])("%s ≠ %s", (a, b) => {
  expect(matchForm(a)).not.toBe(matchForm(b));
});
