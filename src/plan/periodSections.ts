/**
 * The sections that state a plan's time frame ("Thời gian thực hiện", "Thời
 * gian tổ chức", "Phạm vi, thời gian"), with the folded words a question about
 * the period is matched on. Found once when a plan is stored, so a question
 * over every plan reads a few rows instead of every section.
 */
import type { Section } from "../core/types.js";
import { fold } from "../text/fold.js";

/** Headings (folded) of the section that states a plan's time frame. */
export const PERIOD_HEADING = /^(?:\S+\s+)?thoi gian(?: va dia diem)?(?: (?:thuc hien|trien khai|to chuc|ap dung|phat dong))?(?:\s+\S+){0,4}\s*:?$|^thoi gian,|pham vi,? thoi gian/;

/** A time-frame section of a plan. */
export interface PeriodSection {
  /** The section's `order` in the plan. */
  order: number;
  /** Folded parent heading, heading, text and sub-items: what a question's words are looked for in. */
  body: string;
  /** Whether the section says anything beyond its heading (own text or sub-items). */
  filled: boolean;
}

/** The time-frame sections of a plan, in section order. */
export function periodSections(sections: readonly Section[]): PeriodSection[] {
  const out: PeriodSection[] = [];
  sections.forEach((sec, i) => {
    if (!PERIOD_HEADING.test(fold(sec.heading))) return;
    const parent = sec.parent ? sections.slice(0, i).reverse().find((x) => x.id === sec.parent) : undefined;
    const children = sections.slice(i + 1).filter((x) => x.id.startsWith(`${sec.id}.`));
    const body = fold([parent?.heading, sec.heading, sec.text, ...children.map((c) => `${c.heading} ${c.text}`)].join(" "));
    out.push({ order: sec.order, body, filled: Boolean(sec.text || children.length) });
  });
  return out;
}
