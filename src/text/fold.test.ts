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

describe("fold beyond Latin-1 and the scratch buffers", () => {
  test.each([
    ["Ω Ωμέγα", "ω ωμεγα"], // Greek folds outside Latin-1
    ["A 𝐀 b", "a 𝐀 b"], // astral characters are kept
    ["a \ud800 b", "a \ufffd b"], // a lone surrogate becomes U+FFFD
    ["=\u0338 x", "\u2260 x"], // marks compose first (NFC), then fold
    ["  lead and trail  ", "lead and trail"],
  ])("%j → %j", (input, want) => {
    expect(fold(input)).toBe(want);
  });

  test("long texts fold like their parts", () => {
    const part = "Ủy ban nhân dân TỈNH Khánh Hòa; ";
    const long = part.repeat(3000);
    expect(long.length).toBeGreaterThan(1 << 14); // longer than the scratch buffers
    expect(fold(long)).toBe(`${fold(part)} `.repeat(3000).trimEnd());
    expect(fold(`${long}Ω`)).toBe(`${fold(long)} ω`);
  });
});
