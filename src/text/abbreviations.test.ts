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

// matchForm reads most texts in one scan and expands whole-word abbreviations there; these rows
// pin the cases where that scan must agree with the general way (fold, expand, words).
const LONG_TAIL = " phối hợp thực hiện".repeat(8);
test.each([
  ["UBND_x huyện", "ubnd x huyen"], // "_" is a word character for \b: no abbreviation
  ["1UBND tỉnh", "1ubnd tinh"],
  ["Sở NN&PTNT, BHXH và KCN", "so nong nghiep phat trien nong thon bao hiem xa hoi khu cong nghiep"],
  ["tất cả CA huyện", "tat ca cong an huyen"],
  ["TT&TT, VP UBND", "thong tin truyen thong van phong uy ban nhan dan"],
  ["Ủy ban MTTQ Việt Nam xã", "mat tran to quoc xa"],
  ["Bộ Chỉ huy BĐBP tỉnh", "bo doi bien phong tinh"],
  [`ubnd tỉnh${LONG_TAIL}`, `ubnd tinh${" phoi hop thuc hien".repeat(8)}`], // long, no capitals: not expanded
  [`UBND tỉnh${LONG_TAIL}`, `uy ban nhan dan tinh${" phoi hop thuc hien".repeat(8)}`],
  ["Cafe\u0301 UBND", "cafe uy ban nhan dan"], // decomposed marks: composed first
  ["Sở VHTTDL và Sở GD&ĐT", "so van hoa the thao du lich so giao duc dao tao"],
])("matchForm(%j) = %j", (text, form) => {
  expect(matchForm(text)).toBe(form);
});
