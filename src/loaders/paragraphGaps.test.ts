import { describe, expect, test } from "vitest";
import { linesWithParagraphGaps, type PlacedLine } from "./paragraphGaps.js";

/** Lines of height 10 placed at the given tops. */
const at = (...tops: number[]): PlacedLine[] => tops.map((top, i) => ({ text: `l${i}`, top, bottom: top + 10 }));

describe("linesWithParagraphGaps", () => {
  test.each([
    ["even pitch: plain lines", at(0, 14, 28, 42, 56, 70), "l0\nl1\nl2\nl3\nl4\nl5"],
    ["paragraph spacing (6 pt after 12 pt text) gives a blank line", at(0, 14, 28, 48, 62, 76, 96, 110), "l0\nl1\nl2\n\nl3\nl4\nl5\n\nl6\nl7"],
    ["a page of mostly one-line paragraphs still finds its line pitch", at(0, 14, 34, 54, 68, 88, 108, 122), "l0\nl1\n\nl2\n\nl3\nl4\n\nl5\n\nl6\nl7"],
    ["too few lines to know the pitch: no break", at(0, 14, 40), "l0\nl1\nl2"],
    ["a step upwards (next letterhead column) adds nothing", at(0, 14, 28, 0, 14, 28, 42), "l0\nl1\nl2\nl3\nl4\nl5\nl6"],
  ])("%s", (_name, lines, want) => {
    expect(linesWithParagraphGaps(lines)).toBe(want);
  });

  test("a descender on one line or stacked tone marks on the next do not make a break: the smaller of the two steps counts", () => {
    const lines = at(0, 14, 28, 42, 56, 70, 84);
    lines[2] = { text: "l2", top: 28, bottom: 44 }; // "g", "y" reach 6 below: the bottom-to-bottom step to l3 is short
    lines[3] = { text: "l3", top: 36, bottom: 52 }; // "Ễ" reaches 6 above and "g" 6 below
    lines[4] = { text: "l4", top: 50, bottom: 66 }; // "Ầ" reaches 6 above: the top-to-top step from l3 is 14
    expect(linesWithParagraphGaps(lines)).toBe("l0\nl1\nl2\nl3\nl4\nl5\nl6");
  });

  test("a known break (an empty line in the source) is kept", () => {
    const lines = at(0, 14, 28, 42);
    lines[2] = { ...lines[2]!, breakBefore: true };
    expect(linesWithParagraphGaps(lines)).toBe("l0\nl1\n\nl2\nl3");
  });
});
