import { expect, test } from "vitest";
import { allMatches, endsWithPunctuationOrBlank, splitClauses, splitSentences, stripTrailingPunctuation } from "./scan.js";

// Each scan must give exactly what the regex it stands for gives.
const SAMPLES = [
  "",
  "Sở Y tế chủ trì.",
  "Sở Y tế chủ trì. Phòng Nội vụ phối hợp; các xã thực hiện.",
  "báo cáo trước ngày 15/11.  Định kỳ hằng năm;\tUBND xã tổng hợp",
  "Nội dung: - tuyên truyền; + kiểm tra: Sở Tư pháp",
  "Thời gian: quý IV. ",
  "a.\u00a0Ủy ban; \u2003𝐀 khác",
  "kết thúc: thường xuyên",
  "Giao: Sở Nội vụ, Sở Tài chính,",
  "trước ngày 30/6;",
];

test.each(SAMPLES)("splitSentences(%j) = split(/(?<=[.;])\\s+(?=\\p{Lu})/u)", (text) => {
  expect(splitSentences(text)).toEqual(text.split(/(?<=[.;])\s+(?=\p{Lu})/u));
});

test.each(SAMPLES)("splitClauses(%j) = split(/(?<=[.;])\\s+|(?<=:)\\s+(?=[-+]|\\p{Lu})/u)", (text) => {
  expect(splitClauses(text)).toEqual(text.split(/(?<=[.;])\s+|(?<=:)\s+(?=[-+]|\p{Lu})/u));
});

test.each(SAMPLES)("endsWithPunctuationOrBlank(%j) = /[.;,:\\s]$/", (text) => {
  expect(endsWithPunctuationOrBlank(text)).toBe(/[.;,:\s]$/.test(text));
});

test("random texts split as the regexes split them", () => {
  const pieces = ["a", "Đ", "đ", ".", ";", ":", ",", " ", "\t", "\u00a0", "\u2003", "-", "+", "Ủ", "𝐀", "\ud835", "\n"];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let k = 0; k < 5000; k++) {
    let text = "";
    for (let i = Math.floor(next() * 10); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
    expect(splitSentences(text)).toEqual(text.split(/(?<=[.;])\s+(?=\p{Lu})/u));
    expect(splitClauses(text)).toEqual(text.split(/(?<=[.;])\s+|(?<=:)\s+(?=[-+]|\p{Lu})/u));
    expect(endsWithPunctuationOrBlank(text)).toBe(/[.;,:\s]$/.test(text));
  }
});

test.each([
  [/\d+/g, "ngày 15/11 và 20/12"],
  [/(?:hang|moi) (nam|quy)/g, "hang nam, moi quy va hang nam"],
  [/x*/g, "axxb"],
  [/(?:)/gu, "a𝐀b"],
  [/z/g, ""],
])("allMatches(%s, %j) = matchAll", (re, text) => {
  const strip = (ms: RegExpMatchArray[]) => ms.map((m) => [...m, m.index]);
  expect(strip(allMatches(re, text))).toEqual(strip([...text.matchAll(re)]));
  expect(re.lastIndex).toBe(0);
});

const TRAILING_SAMPLES = [
  ...SAMPLES,
  "Sở Y tế, ; : . ",
  "Sở Y tế\u00a0.\u3000;\ufeff",
  ".;,: ",
  "Phòng A\u2028",
  "UBND xã 𝐀.",
  "Sở Tài chính.)",
];

test.each(TRAILING_SAMPLES)("stripTrailingPunctuation(%j) = replace(/[.;,:\\s]+$/u, \"\")", (text) => {
  expect(stripTrailingPunctuation(text)).toBe(text.replace(/[.;,:\s]+$/u, ""));
});

test("stripTrailingPunctuation equals the regex on random texts", () => {
  const alphabet = ["a", "Đ", ".", ";", ",", ":", " ", "\t", "\n", "\u00a0", "\u2003", "\u3000", "\ufeff", ")", "ệ", "\ud835\udc00"];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
  for (let k = 0; k < 5000; k++) {
    let text = "";
    for (let n = next() % 12; n > 0; n--) text += alphabet[next() % alphabet.length];
    expect(stripTrailingPunctuation(text)).toBe(text.replace(/[.;,:\s]+$/u, ""));
  }
});
