/** Unit tests for commands.ts. */
import { describe, expect, test } from "vitest";
import { fold, parseCommand, parseNumberList } from "./commands.js";

describe("parseCommand", () => {
  test.each([
    ["/hoi Công an huyện làm gì?", { name: "hoi", args: "Công an huyện làm gì?" }],
    ["/hỏi Công an huyện làm gì?", { name: "hoi", args: "Công an huyện làm gì?" }],
    ["/HOI   nhiều   khoảng trắng ", { name: "hoi", args: "nhiều   khoảng trắng" }],
    ["/nhiệmvụ", { name: "nhiemvu", args: "" }],
    ["/đơnvị Phòng Tư pháp", { name: "donvi", args: "Phòng Tư pháp" }],
    ["/help", { name: "trogiup", args: "" }],
    ["/tro_giup", { name: "trogiup", args: "" }],
    ["/kehoach 1 3\n", { name: "kehoach", args: "1 3" }],
    ["/hoi\nxuống dòng", { name: "hoi", args: "xuống dòng" }],
  ])("%j", (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  test.each(["Công an huyện phải làm gì?", "", "/", "/ hoi", "a /hoi", "/hỏi?"])("%j is not a command", (text) => {
    expect(parseCommand(text)).toBeNull();
  });
});

describe("parseNumberList", () => {
  test.each([
    ["1 3", [1, 3]],
    ["1,3", [1, 3]],
    ["1, 2 và 5", [1, 2, 5]],
    ["2 2", [2]],
    ["tất cả", null],
    ["1 kế hoạch", null],
    ["", null],
  ])("%j → %j", (text, expected) => {
    expect(parseNumberList(text)).toEqual(expected);
  });
});

test("fold removes case and Vietnamese diacritics, including đ", () => {
  expect(fold("Đơn VỊ Ủy ban")).toBe("don vi uy ban");
});
