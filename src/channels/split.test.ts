/** Unit tests for split.ts. */
import { expect, test } from "vitest";
import { splitText } from "./split.js";

const para = (n: number, len: number) => `P${n} ` + "x".repeat(len - 3 - String(n).length) + ".";

test("short text is one chunk; empty text is none", () => {
  expect(splitText("  Xin chào  ", 100)).toEqual(["Xin chào"]);
  expect(splitText(" \n ", 100)).toEqual([]);
});

test("splits at paragraph boundaries and packs as many paragraphs as fit", () => {
  const text = [para(1, 40), para(2, 40), para(3, 40)].join("\n\n");
  const chunks = splitText(text, 90);
  expect(chunks).toEqual([`${para(1, 40)}\n\n${para(2, 40)}`, para(3, 40)]);
});

test("a paragraph longer than the limit is split at lines, then sentences, then words", () => {
  const lines = ["Dòng một khá dài.", "Dòng hai cũng dài."].join("\n");
  expect(splitText(lines, 20)).toEqual(["Dòng một khá dài.", "Dòng hai cũng dài."]);
  expect(splitText("Câu một. Câu hai! Câu ba?", 10)).toEqual(["Câu một.", "Câu hai!", "Câu ba?"]);
  expect(splitText("một hai ba bốn năm", 8)).toEqual(["một hai", "ba bốn", "năm"]);
});

test("a word longer than the limit is cut by code points, never inside an emoji", () => {
  const chunks = splitText("😀😀😀😀", 4);
  expect(chunks).toEqual(["😀😀", "😀😀"]);
});

test.each([100, 333, 4096])("no chunk exceeds %i, nothing is lost", (limit) => {
  const text = Array.from({ length: 40 }, (_, i) => `Đoạn ${i}: ${"chữ ".repeat(i * 7)}`).join("\n\n");
  const chunks = splitText(text, limit);
  for (const c of chunks) expect(c.length).toBeLessThanOrEqual(limit);
  expect(chunks.join(" ").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " ").trim());
});

test("measures with the given function (e.g. HTML-escaped length)", () => {
  const measure = (s: string) => s.replace(/&/g, "&amp;").length;
  const chunks = splitText("& & & &\n\n& & & &", 23, measure);
  expect(chunks).toEqual(["& & & &", "& & & &"]);
});
