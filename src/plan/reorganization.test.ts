import { expect, test } from "vitest";
import { predecessorsOf, reorganizationNote } from "./reorganization.js";

test.each([
  ["Sở TT&TT", /Sở Khoa học và Công nghệ/],
  ["Sở Kế hoạch và Đầu tư", /Sở Tài chính/],
  ["Sở NN&PTNT", /Nông nghiệp và Môi trường/],
  ["cong an huyen", /Công an cấp xã/],
  ["UBND huyện", /cấp huyện không còn/],
  ["Phòng Văn hóa và Thông tin huyện", /cấp huyện không còn/],
])("%s has a 2025 note", (agency, re) => {
  expect(reorganizationNote(agency)).toMatch(re);
});

test.each([["Sở Tư pháp"], ["Công an tỉnh"], ["UBND xã"]])("%s has none", (agency) => {
  expect(reorganizationNote(agency)).toBeNull();
});

test("the successor finds its predecessors in older plans", () => {
  expect(predecessorsOf("Sở Khoa học và Công nghệ").map((p) => p.name)).toEqual(["Sở Thông tin và Truyền thông"]);
  expect(predecessorsOf("Sở Tài chính").map((p) => p.name)).toEqual(["Sở Kế hoạch và Đầu tư"]);
  expect(predecessorsOf("Sở Nông nghiệp và Môi trường").map((p) => p.name)).toEqual(["Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"]);
  expect(predecessorsOf("Sở Tư pháp")).toEqual([]);
});
