import { expect, test } from "vitest";
import type { Section } from "../core/types.js";
import { periodSections } from "./periodSections.js";

const sec = (order: number, id: string, parent: string | null, heading: string, text = ""): Section => ({ id, parent, order, kind: "item", heading, text });

test.each([
  ["Thời gian thực hiện", true],
  ["THỜI GIAN THỰC HIỆN", true],
  ["3. Thời gian tổ chức:", true],
  ["Thời gian và địa điểm", true],
  ["Thời gian, địa điểm", true],
  ["Phạm vi, thời gian áp dụng", true],
  ["Đối tượng, phạm vi, thời gian", true],
  ["Nội dung thực hiện", false],
  ["Tổ chức thực hiện trong thời gian sớm nhất có thể để bảo đảm tiến độ chung", false],
])("heading %s: a time-frame section = %s", (heading, found) => {
  expect(periodSections([sec(0, "I", null, heading, "Năm 2024.")]).length).toBe(found ? 1 : 0);
});

test("the body holds the parent heading, the heading, the text and the sub-items (folded); filled when there is more than the heading", () => {
  const sections = [
    sec(0, "II", null, "Hội nghị tập huấn"),
    sec(1, "II.1", "II", "Thời gian tổ chức"),
    sec(2, "II.1.a", "II.1", "Đợt 1", "Tháng 6/2024"),
    sec(3, "II.2", "II", "Thời gian thực hiện"),
    sec(4, "III", null, "Thời gian áp dụng", "Từ ngày 01/01/2025."),
  ];
  expect(periodSections(sections)).toEqual([
    { order: 1, body: "hoi nghi tap huan thoi gian to chuc dot 1 thang 6/2024", filled: true },
    { order: 3, body: "hoi nghi tap huan thoi gian thuc hien", filled: false },
    { order: 4, body: "thoi gian ap dung tu ngay 01/01/2025.", filled: true },
  ]);
});
