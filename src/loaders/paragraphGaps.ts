// Paragraph breaks from page geometry: a text line that starts clearly lower than the page's usual line pitch begins a new paragraph.

/** One line of text on a page, with its vertical extent in any unit that grows downwards (pixels, negated PDF points). */
export interface PlacedLine {
  text: string;
  top: number;
  bottom: number;
  /** A break known from elsewhere (an empty line in the source) goes before this line whatever the geometry. */
  breakBefore?: boolean;
}

/**
 * A step this much larger than the usual line pitch is paragraph spacing: Word's "6 pt after" on 12 pt text
 * is about 1.4 in a PDF and 1.2-1.4 on a 200 dpi scan, where one line's steps stay within about 1.1.
 */
const PARAGRAPH_STEP = 1.18;
/** Fewer line steps than this on a page give no reliable pitch: no break is inferred. */
const MIN_STEPS = 4;

/** The value below which `fraction` of the values lie. */
const quantile = (values: number[], fraction: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length * fraction)] ?? 0;
};

/**
 * The lines joined with "\n", and with a blank line where the step down from one
 * line to the next (the smaller of the top-to-top and bottom-to-bottom steps, so
 * one tall accent or descender does not count) exceeds the page's usual line step (its lower quartile) by
 * PARAGRAPH_STEP. Steps sideways or upwards (the next column of a letterhead) add
 * nothing. The text of a page without spacing between paragraphs, or with too few
 * lines to know its pitch, comes out as plain lines.
 * @example
 * linesWithParagraphGaps([{ text: "a", top: 0, bottom: 10 }, { text: "b", top: 12, bottom: 22 }, ...]);
 */
export function linesWithParagraphGaps(lines: PlacedLine[]): string {
  const steps: number[] = [];
  for (let i = 1; i < lines.length; i++) steps.push(step(lines[i - 1]!, lines[i]!));
  const height = quantile(lines.map((l) => l.bottom - l.top), 0.5);
  const usual = steps.filter((s) => s > height * 0.5 && s < height * 3);
  // The lower quartile, not the median: on a page of short paragraphs most steps are paragraph steps.
  const pitch = usual.length >= MIN_STEPS ? quantile(usual, 0.25) : 0;
  const out: string[] = [];
  lines.forEach((line, i) => {
    if (i > 0 && (line.breakBefore || (pitch > 0 && steps[i - 1]! > pitch * PARAGRAPH_STEP))) out.push("");
    out.push(line.text);
  });
  return out.join("\n");
}

function step(prev: PlacedLine, next: PlacedLine): number {
  return Math.min(next.top - prev.top, next.bottom - prev.bottom);
}
