/**
 * Vietnamese time expressions in plans: dates with or without a year, day,
 * month, quarter and year ranges ("từ ngày 08 đến ngày 10 tháng 12 năm 2025",
 * "Tháng 11 - 12/2025", "Quí IV-2025", "2025 - 2030"), halves ("6 tháng đầu năm"),
 * recurrence with its anchor ("trước ngày 15/11 hằng năm", "định kỳ 6 tháng
 * (trước ngày 16/6)", "trước 19h00 hằng ngày") and "Thường xuyên". Pure.
 */
import type { Recurrence } from "../core/types.js";
import { fold } from "../text/fold.js";
import { allMatches } from "../text/scan.js";
import { emptyList } from "./lists.js";
import { romanValue } from "./markers.js";

export interface Timeframe {
  due: string | null;
  start: string | null;
  recurrence: Recurrence;
  /** Monthly or quarterly anchor ("trước ngày 16 hằng tháng": 16). */
  dayOfMonth: number | null;
  /** Semiannual or yearly anchor, "MM-DD". */
  monthDay: string | null;
  /** "HH:MM" when a time of day is printed ("trước 19h00"). */
  timeOfDay: string | null;
}

/**
 * How a date printed without a year is placed: in `year` (the plan's target
 * year), but never before `notBefore` (the plan's issue date, ISO), when the
 * next year is taken instead.
 */
export interface TimeContext {
  year: number | null;
  notBefore?: string | null;
}

type YearArg = number | null | TimeContext;
const contextOf = (y: YearArg): TimeContext => (y !== null && typeof y === "object" ? y : { year: y });

const pad = (n: number): string => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m) && y >= 1990 && y <= 2100;
const validDayMonth = (m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= lastDay(2024, m);

const frame = (partial: Partial<Timeframe>): Timeframe => ({
  due: null,
  start: null,
  recurrence: "none",
  dayOfMonth: null,
  monthDay: null,
  timeOfDay: null,
  ...partial,
});
const once = (due: string | null, start: string | null = null): Timeframe => frame({ due, start });
const monthEnd = (y: number, m: number): Timeframe => once(iso(y, m, lastDay(y, m)), iso(y, m, 1));
const yearEnd = (y: number, from: number = y): Timeframe => once(iso(y, 12, 31), iso(from, 1, 1));

/** The year a yearless day and month fall in: the target year, moved on when that is before `notBefore`. */
function placeYear(m: number, d: number, ctx: TimeContext): number | null {
  const year = ctx.year ?? (ctx.notBefore ? Number(ctx.notBefore.slice(0, 4)) : null);
  if (year === null) return null;
  if (ctx.notBefore && validDayMonth(m, d) && iso(year, m, d) < ctx.notBefore) return year + 1;
  return year;
}

/** A date printed in the text, its year null when not printed. Positions are in the folded text. */
export interface DateMention {
  day: number;
  month: number;
  year: number | null;
  at: number;
  end: number;
}

// d/m(/yyyy), d-m-yyyy, d.m.yyyy, "ngày d tháng m (năm yyyy)"; never the month list of "tháng 11 - 12/2025".
const DATE_RE =
  /(?<![\d/.]|thang\s{1,3})(?:(\d{1,2})\s*\/\s*(\d{1,2})(?:\s*\/\s*(\d{4}))?|(\d{1,2})([-.])(\d{1,2})\5(\d{4}))(?![\d/]|\.\d)|ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s*(?:nam|[/-])\s*(\d{4}))?/g;

/** Dates in folded text; a year printed once after a list applies to the dates before it. */
export function dateMentions(folded: string): DateMention[] {
  const found: DateMention[] = [];
  for (const m of allMatches(DATE_RE, folded)) {
    const day = Number(m[1] ?? m[4] ?? m[8]);
    const month = Number(m[2] ?? m[6] ?? m[9]);
    const y = m[3] ?? m[7] ?? m[10];
    const at = m.index ?? 0;
    // "24/24", "24/7" (round the clock) are not dates unless written as "ngày 24/7".
    if (m[1] && !y && day === 24 && (month === 24 || month === 7) && !/ngay\s*$/.test(folded.slice(Math.max(0, at - 6), at))) continue;
    if (!validDayMonth(month, day)) continue;
    found.push({ day, month, year: y ? Number(y) : null, at, end: at + m[0].length });
  }
  for (let i = found.length - 1; i >= 0; i--) {
    const cur = found[i]!;
    if (cur.year !== null) continue;
    const next = found[i + 1];
    // Only a list joined by "và" / "," shares the year ("ngày 15 tháng 05 và ngày 01 tháng 12 năm 2022").
    if (next && next.year !== null && /^\s*(?:,|va|;)?\s*(?:ngay\s*)?$/.test(folded.slice(cur.end, next.at))) cur.year = next.year;
  }
  return found;
}

/** Dates in a piece of text: "05/11/2019", "5/11", "ngày 15 tháng 05 năm 2022", lists sharing a trailing year. */
export function parseDates(text: string, year: YearArg): string[] {
  const ctx = contextOf(year);
  const out: string[] = [];
  for (const d of dateMentions(fold(text))) {
    const y = d.year ?? placeYear(d.month, d.day, ctx);
    if (y !== null && validDate(y, d.month, d.day)) out.push(iso(y, d.month, d.day));
  }
  return out;
}

const QUARTER_RE =
  /\bqu[yi]\s+((?:[ivx]+|[1-4])\b(?:\s*(?:,|va|-|–|den)\s*(?:qu[yi]\s+)?(?:[ivx]+|[1-4])\b(?!\s*\d))*)(?:\s*(?:\/|-|–|,)?\s*(?:nam\s+)?(\d{4}))?/;

function quarterNumbers(list: string): number[] {
  const out: number[] = [];
  for (const item of list.split(/\s*(?:,|va|-|–|den)\s*/)) {
    const t = item.replace(/^qu[yi]\s+/, "").trim();
    const q = /^\d$/.test(t) ? Number(t) : (romanValue(t.toUpperCase()) ?? 0);
    if (q >= 1 && q <= 4) out.push(q);
  }
  return out;
}

/** "19h00", "9 giờ 30", "16h": the time of day as "HH:MM". */
const TIME_RE = /(?<![\d/.])(\d{1,2})\s*(?:h|gio)\s*(\d{2})?(?![\d/])/g;

function timesIn(folded: string): string[] {
  const out: string[] = [];
  for (const m of allMatches(TIME_RE, folded)) {
    const h = Number(m[1]);
    const min = m[2] ? Number(m[2]) : 0;
    if (h < 24 && min < 60) out.push(`${pad(h)}:${pad(min)}`);
  }
  return out;
}

const ANCHOR_CUE = /(?:truoc|cham nhat(?: la)?(?: vao)?|han chot(?: la)?|han nop|khong qua|han)\s+(?:ngay\s*)?$/;

/** A recurrence word in folded text, with where it stands. */
interface RecurrenceMention {
  recurrence: Recurrence;
  at: number;
  end: number;
  dayOfMonth: number | null;
  /** "định kỳ" with no period: yearly when it carries a day and month anchor in a multi-year plan. */
  bare?: boolean;
}

const RECURRENCE_WORDS: Array<[RegExp, Recurrence]> = [
  [/\b(?:hang|moi)\s+ngay\b|\b\d+\s*lan\s*\/\s*ngay\b/g, "daily"],
  [/\b(?:thu\s+(?:hai|ba|tu|nam|sau|bay|\d)\s+)?(?:hang|moi)\s+tuan\b/g, "weekly"],
  [/\b(?:ngay\s+(\d{1,2})\s+(?:cua\s+)?)?(?:hang|moi)\s+thang\b/g, "monthly"],
  [/\b(?:ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+cuoi\s+(?:moi\s+|hang\s+|cua\s+)?quy\b)|\b(?:hang|moi)\s+quy\b|\bquy\s+mot\s+lan\b|\bdinh\s+ky\s+quy\b/g, "quarterly"],
  [/\b(?:dinh\s+ky|hang|moi)\s+(?:0?6)\s+thang(?!\s+(?:dau|cuoi))\b|\b0?6\s+thang\s+mot\s+lan\b|\bnua\s+nam\s+mot\s+lan\b/g, "semiannual"],
  [/\b(?:hang|moi)\s+nam\b/g, "yearly"],
];

const CYCLE = String.raw`(?:(?:hang|moi)\s+)?(0?6\s+thang|thang|quy|nam)\b(?!\s*\d|\s+(?:dau|cuoi|hoc|nay|truoc|sau|tai|ke)\b)`;
const CYCLE_ELEMENT = new RegExp(CYCLE, "g");
// "định kỳ 6 tháng và năm", "báo cáo tháng, quý, năm", "báo cáo 6 tháng (...) và báo cáo năm (...)".
const CYCLE_LIST = new RegExp(
  String.raw`\b(?:dinh\s+ky|bao\s+cao|so\s+ket|tong\s+ket)\s+${CYCLE}(?:\s*(?:\([^)]*\))?\s*(?:,|va|hoac)\s*(?:(?:bao\s+cao|so\s+ket|tong\s+ket)\s+)?${CYCLE})*`,
  "g",
);

// Every recurrence pattern above contains one of these (a whole "hang"/"moi", not the one in "thang"):
// text without them has no recurrence.
const MAY_RECUR = /\b(?:hang|moi)\s|dinh\s+ky|bao\s+cao|so\s+ket|tong\s+ket|mot\s+lan|lan\s*\/|thang\s+cuoi/;
// The part of MAY_RECUR that RECURRENCE_WORDS need ("báo cáo" alone only opens a CYCLE_LIST).
const MAY_RECUR_WORD = /\b(?:hang|moi)\s|dinh\s+ky|mot\s+lan|lan\s*\/|thang\s+cuoi/;

// "định kỳ" with no period after it.
const BARE_PERIODIC = /\bdinh\s+ky\b(?!\s+(?:hang|moi|0?6\s+thang|quy))/g;

function recurrenceMentions(folded: string): RecurrenceMention[] {
  const out: RecurrenceMention[] = [];
  if (!MAY_RECUR.test(folded)) return out;
  for (const [re, recurrence] of MAY_RECUR_WORD.test(folded) ? RECURRENCE_WORDS : []) {
    for (const m of allMatches(re, folded)) {
      const at = m.index ?? 0;
      out.push({ recurrence, at, end: at + m[0].length, dayOfMonth: m[1] ? Number(m[1]) : null });
    }
  }
  // Report cycles listed after "định kỳ" / "báo cáo": "định kỳ 6 tháng và năm", "báo cáo tháng, quý, năm".
  for (const list of allMatches(CYCLE_LIST, folded)) {
    const base = list.index ?? 0;
    for (const e of allMatches(CYCLE_ELEMENT, list[0])) {
      const at = base + (e.index ?? 0);
      const word = e[1] as string;
      const recurrence: Recurrence = /6/.test(word) ? "semiannual" : word === "thang" ? "monthly" : word === "quy" ? "quarterly" : "yearly";
      if (!out.some((o) => o.recurrence === recurrence && o.at <= at && at < o.end + 2)) out.push({ recurrence, at, end: at + e[0].length, dayOfMonth: null });
    }
  }
  // "định kỳ 6 tháng, hằng năm": a period list after "định kỳ" (6 tháng is caught above).
  for (const m of allMatches(BARE_PERIODIC, folded)) {
    const at = m.index ?? 0;
    out.push({ recurrence: "yearly", at, end: at + m[0].length, dayOfMonth: null, bare: true });
  }
  return out.sort((a, b) => a.at - b.at);
}

/** Recurrence words in text, or null: the first one found. */
export function parseRecurrence(text: string): { recurrence: Recurrence; dayOfMonth: number | null } | null {
  const first = recurrenceMentions(fold(text)).find((r) => !r.bare);
  return first ? { recurrence: first.recurrence, dayOfMonth: first.dayOfMonth } : null;
}

export interface RecurringOptions {
  /** The plan spans several years: a yearless date in a periodic ("định kỳ") duty recurs yearly. */
  multiYear?: boolean;
}

/**
 * Recurring deadlines in a text, each with its anchor: "trước ngày 15/11 hằng năm"
 * (yearly, "11-15"), "định kỳ 6 tháng (trước ngày 16/6), hằng năm (trước ngày
 * 20/11)" (two items), "trước ngày 20 hằng tháng" (monthly, 20), "02 lần/ngày
 * (trước 9h00 và 16h00)" (two daily items). `consumed` lists the positions of
 * dates used as anchors, which are then no dated deadlines.
 */
export function recurringIn(text: string, options: RecurringOptions = {}): { items: Timeframe[]; consumed: number[] } {
  return recurringInFolded(fold(text), options);
}

/** recurringIn on text already folded by the caller (`f` must be `fold(text)`). */
export function recurringInFolded(f: string, options: RecurringOptions = {}): { items: Timeframe[]; consumed: number[] } {
  const mentions = recurrenceMentions(f);
  if (!mentions.length) return { items: emptyList(), consumed: emptyList() };
  // Anchors are deadlines ("trước ngày 15/11", "chậm nhất ngày 17 tháng 12"), not event days ("(05/6)")
  // or the bounds of a reporting period ("tính từ ngày 15 tháng 12 ...").
  // A date listed right after an anchor shares its cue ("trước ngày 15/6 và 15/12 hằng năm").
  const dates: DateMention[] = [];
  let previous: DateMention | null = null;
  for (const d of dateMentions(f)) {
    const listed = previous !== null && dates.includes(previous) && /^\s*(?:,|va|hoac)\s*(?:ngay\s*)?$/.test(f.slice(previous.end, d.at));
    if (d.year === null && (listed || ANCHOR_CUE.test(f.slice(Math.max(0, d.at - 24), d.at)))) dates.push(d);
    previous = d;
  }
  const anchors = new Map<RecurrenceMention, DateMention[]>();
  const consumed: number[] = [];
  for (const d of dates) {
    let best: RecurrenceMention | null = null;
    let bestDistance = Infinity;
    for (const r of mentions) {
      if (r.recurrence === "daily" || r.recurrence === "weekly") continue;
      const between = r.end <= d.at ? f.slice(r.end, d.at) : f.slice(d.end, r.at);
      // An anchor stays in its clause; a following recurrence word must come right after the date.
      if (/[;]|\.\s/.test(between)) continue;
      // A following word must come right after the date or after the rest of its list ("15/6 và 15/12 hằng năm").
      const following = /^(?:\s|\d|\/|,|va\b|hoac\b|ngay\b|thang\b)*$/.test(between);
      const distance = (r.end <= d.at ? between.length : following ? between.length : Infinity) + (r.bare ? 40 : 0);
      if (distance < bestDistance) {
        best = r;
        bestDistance = distance;
      }
    }
    if (!best || (best.bare && !options.multiYear)) continue;
    const list = anchors.get(best) ?? [];
    list.push(d);
    anchors.set(best, list);
    consumed.push(d.at);
  }
  const items: Timeframe[] = [];
  const seen = new Set<string>();
  const add = (t: Timeframe) => {
    const key = `${t.recurrence}|${t.dayOfMonth}|${t.monthDay}|${t.timeOfDay}`;
    if (!seen.has(key)) {
      seen.add(key);
      items.push(t);
    }
  };
  for (const r of mentions) {
    const dated = anchors.get(r) ?? [];
    if (r.recurrence === "daily" || r.recurrence === "weekly") {
      // Times printed in the same clause: "trước 19h00 hằng ngày", "02 lần/ngày (trước 9h00 và 16h00)".
      const times = timesIn(clauseAround(f, r.at, r.end));
      if (times.length) for (const t of times) add(frame({ recurrence: r.recurrence, timeOfDay: t }));
      else add(frame({ recurrence: r.recurrence }));
      continue;
    }
    if (r.bare && !dated.length) continue;
    if (!dated.length) {
      add(frame({ recurrence: r.recurrence, dayOfMonth: r.dayOfMonth }));
      continue;
    }
    for (const d of dated) {
      if (r.recurrence === "monthly" || r.recurrence === "quarterly") add(frame({ recurrence: r.recurrence, dayOfMonth: d.day }));
      else add(frame({ recurrence: r.recurrence, monthDay: `${pad(d.month)}-${pad(d.day)}` }));
    }
  }
  // "kế hoạch hằng năm và định kỳ báo cáo trước ngày 20/11": the anchored cycle says it all.
  const anchoredKinds = new Set(items.filter((t) => t.monthDay || t.dayOfMonth || t.timeOfDay).map((t) => t.recurrence));
  return { items: items.filter((t) => t.monthDay || t.dayOfMonth || t.timeOfDay || !anchoredKinds.has(t.recurrence)), consumed };
}

/** The clause of folded text around a span: from the last ";" or sentence end before it to the next one. */
function clauseAround(f: string, at: number, end: number): string {
  const before = f.slice(0, at);
  const from = Math.max(before.lastIndexOf(";"), before.lastIndexOf(". ")) + 1;
  const stop = f.slice(end).search(/;|\.\s|\.$/);
  return f.slice(from, stop >= 0 ? end + stop : f.length);
}

/** "và các năm tiếp theo": an open-ended span; its first period is the deadline. */
const OPEN_TAIL = /\s*(?:,\s*)?(?:va|den)\s+(?:cac|nhung)\s+nam\s+(?:tiep\s+theo|sau)\b.*$/;

const MONTH_GROUP = /\bthang\s+(\d{1,2})\b((?:\s*(?:,|va|-|–|den)\s*(?:thang\s+)?\d{1,2}\b(?!\s*[/.]\s*\d{1,2}\b))*)(?:\s*(?:\/|-|–|nam)\s*(\d{4}))?/;

/**
 * Parse the value of a timeframe ("Thời gian thực hiện: Quý II, III/2024").
 * Returns one timeframe per deadline; [] when the value sets none ("theo quy định").
 */
export function parseTimeframe(value: string, year: YearArg, options: RecurringOptions = {}): Timeframe[] {
  const ctx = contextOf(year);
  const f = fold(value.replace(/[*_]+/g, " ")).replace(OPEN_TAIL, "");
  if (!f) return emptyList();
  const recurring = recurringIn(f, options);
  if (recurring.items.length) return recurring.items;
  const q = QUARTER_RE.exec(f);
  if (q) {
    const qs = quarterNumbers(q[1] as string);
    if (qs.length) {
      const first = Math.min(...qs);
      const last = Math.max(...qs);
      const y = q[2] ? Number(q[2]) : placeYear(last * 3, lastDay(2024, last * 3), ctx);
      if (!y) return emptyList();
      return [once(iso(y, last * 3, lastDay(y, last * 3)), iso(y, first * 3 - 2, 1))];
    }
  }
  const half = /\b0?6 thang (dau|cuoi) nam(?:\s+(\d{4}))?/.exec(f);
  if (half) {
    const y = half[2] ? Number(half[2]) : placeYear(half[1] === "dau" ? 6 : 12, half[1] === "dau" ? 30 : 31, ctx);
    if (y) return half[1] === "dau" ? [once(iso(y, 6, 30), iso(y, 1, 1))] : [once(iso(y, 12, 31), iso(y, 7, 1))];
  }
  const range = rangeIn(f, ctx);
  if (range !== undefined) return range ? [range] : emptyList();
  // "Từ 01/7/2025": a start, no deadline.
  if (/^tu\s/.test(f) && !/\s(?:den|-|–)\s|\d\s*[-–]\s*(?:thang\s+)?\d/.test(f)) return emptyList();
  const dates = parseDates(f, ctx);
  if (dates.length) return deadlinesOn(dates);
  const months = monthsIn(f, ctx);
  if (months.length) return months;
  if (/thuong xuyen|lien tuc|ca nam|suot nam/.test(f)) return [frame({ recurrence: "ongoing" })];
  const years = /\b(?:nam\s+)?(\d{4})\s*(?:-|–)\s*(?:nam\s+)?(\d{4})\b/.exec(f);
  if (years && Number(years[2]) > Number(years[1])) return [yearEnd(Number(years[2]), Number(years[1]))];
  const wholeYear = /\bnam\s+(\d{4})\b/.exec(f) ?? /^(\d{4})\b\.?$/.exec(f) ?? /\bquy\s+(\d{4})\b/.exec(f);
  if (wholeYear) return [yearEnd(Number(wholeYear[1]))];
  if (/^(?:trong\s+)?nam$/.test(f.replace(/[.;]/g, "").trim()) && ctx.year) return [yearEnd(ctx.year)];
  return emptyList();
}

/**
 * A "từ … đến …" span: the deadline is its end, `start` its beginning. Undefined
 * when the text has no span; null for an open-ended one ("đến khi tổ chức thành công").
 */
function rangeIn(f: string, ctx: TimeContext): Timeframe | null | undefined {
  // "từ ... đến ...", or two dates joined by a dash ("Từ 15/11 - 15/12/2025").
  const m =
    /\btu\s+(.+?)\s+den\s+(?!khi\b|nay\b)(.+)/.exec(f) ??
    /(?<![\d/])(\d{1,2}\s*\/\s*\d{1,2}(?:\s*\/\s*\d{4})?)\s*[-–]\s*(\d{1,2}\s*\/\s*\d{1,2}(?:\s*\/\s*\d{4})?)(?![\d/])/.exec(f);
  if (!m) return /\btu\s+.+?\s+den\s+(?:khi|nay)\b/.test(f) ? null : undefined;
  const left = m[1] as string;
  const right = m[2] as string;
  const b = dateMentions(right)[0];
  if (b) {
    const yb = b.year ?? placeYear(b.month, b.day, ctx);
    if (yb === null || !validDate(yb, b.month, b.day)) return undefined;
    const due = iso(yb, b.month, b.day);
    // "từ ngày 08 đến ngày 10 tháng 12 năm 2025": the start shares the end's month and year.
    const a = dateMentions(left)[0];
    const dayOnly = /^(?:ngay\s+)?(\d{1,2})$/.exec(left.trim());
    let start: string | null = null;
    if (a) {
      const ya = a.year ?? (a.month <= b.month ? yb : yb - 1);
      if (validDate(ya, a.month, a.day)) start = iso(ya, a.month, a.day);
    } else if (dayOnly && validDate(yb, b.month, Number(dayOnly[1]))) start = iso(yb, b.month, Number(dayOnly[1]));
    return once(due, start && start <= due ? start : null);
  }
  const mb = /\bthang\s+(\d{1,2})(?:\s*(?:\/|-|nam)\s*(\d{4}))?/.exec(right);
  if (mb) {
    const ma = /\bthang\s+(\d{1,2})(?:\s*(?:\/|-|nam)\s*(\d{4}))?/.exec(left);
    const yb = mb[2] ? Number(mb[2]) : Number(mb[1]) >= 1 && Number(mb[1]) <= 12 ? placeYear(Number(mb[1]), lastDay(2024, Number(mb[1])), ctx) : null;
    if (!yb || Number(mb[1]) < 1 || Number(mb[1]) > 12) return undefined;
    const ya = ma?.[2] ? Number(ma[2]) : yb;
    const due = iso(yb, Number(mb[1]), lastDay(yb, Number(mb[1])));
    return once(due, ma && Number(ma[1]) >= 1 && Number(ma[1]) <= 12 ? iso(ya, Number(ma[1]), 1) : null);
  }
  const yr = /^(?:het\s+)?(?:nam\s+)?(\d{4})\b/.exec(right.trim());
  if (yr) {
    const ya = /(\d{4})/.exec(left);
    return once(iso(Number(yr[1]), 12, 31), ya ? iso(Number(ya[1]), 1, 1) : null);
  }
  return undefined;
}

/** A one-off deadline on each ISO date (a loop: an optimized `.map` would make a holey array, another shape). */
function deadlinesOn(dates: string[]): Timeframe[] {
  const out: Timeframe[] = [];
  for (const d of dates) out.push(once(d));
  return out;
}

/** Months: "tháng 10/2024" (one), "Tháng 11 - 12/2025" (a span), "tháng 4 và tháng 8 năm 2026" (two). */
function monthsIn(f: string, ctx: TimeContext): Timeframe[] {
  const m = MONTH_GROUP.exec(f);
  if (!m) return [];
  const first = Number(m[1]);
  const y = m[3] ? Number(m[3]) : first >= 1 && first <= 12 ? placeYear(first, lastDay(2024, first), ctx) : null;
  if (!y) return [];
  const rest = m[2] ?? "";
  const others = [...rest.matchAll(/(,|va|-|–|den)\s*(?:thang\s+)?(\d{1,2})/g)];
  const valid = (n: number) => n >= 1 && n <= 12;
  if (!valid(first)) return [];
  if (others.length && /^(?:-|–|den)$/.test(others[0]![1] as string)) {
    const last = Number(others[others.length - 1]![2]);
    if (valid(last) && last >= first) return [once(iso(y, last, lastDay(y, last)), iso(y, first, 1))];
  }
  return [first, ...others.map((o) => Number(o[2]))].filter(valid).map((n) => monthEnd(y, n));
}

/** Where the clause of a deadline cue ends. */
const CLAUSE_END = /[;(]|\.\s|\.$|\s(?:để|nhằm|theo|và báo cáo|đồng thời|gửi|về)\s/u;

/** Cue words that make a time expression in running text a deadline. */
export const DEADLINE_CUE =
  /(?:trước|chậm nhất(?: là)?(?: vào)?|hạn chót(?: là)?|hạn nộp|thời hạn|không quá|đến hết|hoàn thành(?: xong)?(?: trước| trong)?|xong(?: trước| trong)|kết thúc(?: trước)?|trong|vào)\s+(?:(?:ngày|tháng|quý|quí|hết|năm)\s*|(?=\d{1,2}\s*\/\s*\d{1,2}(?!\d))|(?=0?6\s+tháng\s+(?:đầu|cuối)))/giu;

/**
 * Deadlines stated in running text after a cue ("trước ngày 05/11/2019",
 * "chậm nhất ngày 15 tháng 5 và ngày 01 tháng 12 năm 2022", "trong tháng 6",
 * "Hoàn thành trong năm 2025"). `at` is the cue's position in the text.
 */
export function deadlinesInText(text: string, year: YearArg): Array<{ timeframe: Timeframe; at: number }> {
  const ctx = contextOf(year);
  const out: Array<{ timeframe: Timeframe; at: number }> = [];
  const clean = text.includes("*") || text.includes("_") ? text.replace(/[*_]+/g, "") : text;
  for (const m of allMatches(DEADLINE_CUE, clean)) {
    const at = m.index ?? 0;
    const cueWord = fold(m[0]);
    // "trong năm", "vào năm" alone are too loose ("trong năm 2025 đạt 80%"): only after "hoàn thành"/"đến hết".
    if (/^(?:trong|vao)\s+(?:nam|ngay)/.test(cueWord)) continue;
    if (/nam\s*$/.test(cueWord) && !/^(?:hoan thanh|xong|cham nhat)/.test(cueWord)) continue;
    if (/^trong\s+(?:thang|quy|qui)\s*$/.test(cueWord) && /\d\s*$/.test(clean.slice(Math.max(0, at - 3), at))) continue;
    // A bare date only after a deadline verb ("trước 30/6", "hoàn thành trước 30/6"), never "trong"/"vào".
    if (/^(?:trong|vao)\s*$/.test(cueWord)) continue;
    const kept = /(?:tháng|quý|quí|năm|hết)\s*$/iu.exec(m[0])?.[0] ?? "";
    const tail = clean.slice(at + m[0].length - kept.length);
    // tail.split(CLAUSE_END)[0], without a split that runs the regex at every index.
    const clauseEnd = tail.search(CLAUSE_END);
    const clause = (clauseEnd >= 0 ? tail.slice(0, clauseEnd) : tail).trim();
    let frames: Timeframe[];
    // "Hoàn thành trước 30/6/2026": a date right after the cue reads as after "ngày".
    if (/ngay\s*$/.test(cueWord) || /^\d{1,2}\s*\//.test(tail)) {
      const cf = fold(`ngày ${clause}`);
      // A list of dates after one cue ("ngày 15 tháng 05 và ngày 01 tháng 12 năm 2022"); the first must start it.
      const ms = dateMentions(cf);
      frames = ms[0] && ms[0].at <= 5 ? deadlinesOn(parseDates(cf, ctx)) : emptyList();
    } else frames = parseTimeframe(clause, ctx).filter((t) => t.due !== null);
    for (const t of frames) out.push({ timeframe: t, at });
  }
  return out;
}

/** Whole-text check: a value that says there is no deadline. */
export const NO_DEADLINE = /theo quy dinh|khi co yeu cau|dot xuat|khi co phat sinh/;
