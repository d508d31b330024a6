import { describe, expect, test } from "vitest";
import { fold, syllables, toneKey, unifyTones } from "./fold.js";

describe("unifyTones", () => {
  test.each([
    ["hoá", "hóa"],
    ["Văn hoá", "Văn hóa"],
    ["Uỷ ban", "Ủy ban"],
    ["thuỷ lợi", "thủy lợi"],
    ["khoẻ", "khỏe"],
    ["hoà bình", "hòa bình"],
    ["quý", "quý"],
    ["hoàn thành", "hoàn thành"],
    ["toàn", "toàn"],
    ["Thuý", "Thúy"],
  ])("%s → %s", (input, want) => {
    expect(unifyTones(input)).toBe(want);
  });

  test("NFD input gives NFC output", () => {
    expect(unifyTones("Văn hoá".normalize("NFD"))).toBe("Văn hóa");
  });
});

describe("fold", () => {
  test.each([
    ["Công an huyện", "cong an huyen"],
    ["ĐÀI TRUYỀN THANH", "dai truyen thanh"],
    ["Đoàn  Biên phòng\nĐàm Môn", "doan bien phong dam mon"],
    ["Uỷ ban nhân dân".normalize("NFD"), "uy ban nhan dan"],
  ])("%s → %s", (input, want) => {
    expect(fold(input)).toBe(want);
  });
});

test("toneKey unifies placement and case", () => {
  expect(toneKey("Phòng Văn Hoá")).toBe(toneKey("phòng văn hóa"));
});

test("syllables", () => {
  expect(syllables("Công an huyện, phải làm gì?")).toEqual(["cong", "an", "huyen", "phai", "lam", "gi"]);
});
