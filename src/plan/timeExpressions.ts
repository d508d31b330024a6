/**
 * Vietnamese time expressions in plans: dates with or without a year, months,
 * quarters ("Quý II, III/2024"), halves ("6 tháng đầu năm"), whole years,
 * recurrence ("hàng quý", "trước ngày 16 hàng tháng") and "Thường xuyên".
 */
import type { Recurrence } from "../core/types.js";
import { fold } from "../text/fold.js";
import { romanValue } from "./markers.js";

export interface Timeframe {
  due: string | null;
  start: string | null;
  recurrence: Recurrence;
  dayOfMonth: number | null;
}

const pad = (n: number): string => String(n).padStart(2, "0");
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
const validDate = (y: number, m: number, d: number): boolean => m >= 1 && m <= 12 && d >= 1 && d <= lastDay(y, m) && y >= 1990 && y <= 2100;

const once = (due: string | null, start: string | null = null): Timeframe => ({ due, start, recurrence: "none", dayOfMonth: null });

/** Dates in a piece of text: "05/11/2019", "5/11", "ngày 15 tháng 05 năm 2022", lists sharing a trailing year. */
export function parseDates(text: string, defaultYear: number | null): string[] {
  const f = fold(text);
  const found: Array<{ d: number; m: number; y: number | null; at: number }> = [];
  const re = /\b(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?\b|ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?/g;
  for (let m = re.exec(f); m; m = re.exec(f)) {
    const d = Number(m[1] ?? m[4]);
    const mo = Number(m[2] ?? m[5]);
    const y = m[3] ?? m[6];
    found.push({ d, m: mo, y: y ? Number(y) : null, at: m.index });
  }
  // A year printed once at the end applies to the dates listed before it.
  for (let i = found.length - 1; i >= 0; i--) {
    const cur = found[i]!;
    if (cur.y === null) cur.y = found.slice(i + 1).find((x) => x.y !== null)?.y ?? defaultYear;
  }
  return found.filter((x) => x.y !== null && validDate(x.y, x.m, x.d)).map((x) => iso(x.y as number, x.m, x.d));
}

const QUARTER_RE = /quy\s+((?:[ivx]+|\d)(?:\s*(?:,|va|-|den|–)\s*(?:quy\s+)?(?:[ivx]+|\d))*)(?:\s*(?:\/|nam)\s*(\d{4}))?/;

function quarterNumbers(list: string): number[] {
  return list
    .split(/\s*(?:,|va|-|den|–)\s*/)
    .map((t) => t.replace(/^quy\s+/, "").trim())
    .map((t) => (/^\d$/.test(t) ? Number(t) : (romanValue(t.toUpperCase()) ?? 0)))
    .filter((q) => q >= 1 && q <= 4);
}

/** Recurrence words in folded text, or null. */
export function parseRecurrence(text: string): { recurrence: Recurrence; dayOfMonth: number | null } | null {
  const f = fold(text);
  const dom = /ngay\s+(\d{1,2})\s+(?:cua\s+)?(?:hang|hang|moi)\s+thang/.exec(f);
  if (dom) return { recurrence: "monthly", dayOfMonth: Number(dom[1]) };
  if (/\b(?:hang|moi)\s+thang\b|\bdinh ky hang thang\b/.test(f)) return { recurrence: "monthly", dayOfMonth: null };
  if (/\b(?:hang|moi)\s+quy\b|\bquy mot lan\b/.test(f)) return { recurrence: "quarterly", dayOfMonth: null };
  if (/\bdinh ky 6 thang\b|\b6 thang mot lan\b|\bhang 6 thang\b|\bnua nam mot lan\b/.test(f)) return { recurrence: "semiannual", dayOfMonth: null };
  if (/\b(?:hang|moi)\s+nam\b|\bdinh ky hang nam\b/.test(f)) return { recurrence: "yearly", dayOfMonth: null };
  return null;
}

/**
 * Parse the value of a timeframe ("Thời gian thực hiện: Quý II, III/2024").
 * Returns one timeframe per deadline; [] when the value sets none ("theo quy định").
 */
export function parseTimeframe(value: string, year: number | null): Timeframe[] {
  const f = fold(value);
  if (!f) return [];
  const rec = parseRecurrence(value);
  if (rec) return [{ due: null, start: null, ...rec }];
  const q = QUARTER_RE.exec(f);
  if (q) {
    const qs = quarterNumbers(q[1] as string);
    const y = q[2] ? Number(q[2]) : year;
    if (qs.length && y) {
      const first = Math.min(...qs);
      const last = Math.max(...qs);
      return [once(iso(y, last * 3, lastDay(y, last * 3)), iso(y, first * 3 - 2, 1))];
    }
  }
  const half = /6 thang (dau|cuoi) nam(?:\s+(\d{4}))?/.exec(f);
  if (half) {
    const y = half[2] ? Number(half[2]) : year;
    if (y) return half[1] === "dau" ? [once(iso(y, 6, 30), iso(y, 1, 1))] : [once(iso(y, 12, 31), iso(y, 7, 1))];
  }
  const range = /tu\s+(?:ngay\s+)?(.+?)\s+den\s+(?:ngay\s+)?(.+)/.exec(f);
  if (range) {
    const a = parseDates(range[1] as string, year);
    const b = parseDates(range[2] as string, year);
    if (a.length && b.length) return [once(b[0] as string, a[0] as string)];
    const ma = /thang\s+(\d{1,2})(?:\s*(?:\/|nam)\s*(\d{4}))?/.exec(range[1] as string);
    const mb = /thang\s+(\d{1,2})(?:\s*(?:\/|nam)\s*(\d{4}))?/.exec(range[2] as string);
    if (ma && mb) {
      const yb = mb[2] ? Number(mb[2]) : year;
      const ya = ma[2] ? Number(ma[2]) : yb;
      if (ya && yb) return [once(iso(yb, Number(mb[1]), lastDay(yb, Number(mb[1]))), iso(ya, Number(ma[1]), 1))];
    }
  }
  const dates = parseDates(value, year);
  if (dates.length) return dates.map((d) => once(d));
  const month = /thang\s+(\d{1,2})(?:\s*(?:\/|nam)\s*(\d{4}))?/.exec(f);
  if (month) {
    const m = Number(month[1]);
    const y = month[2] ? Number(month[2]) : year;
    if (y && m >= 1 && m <= 12) return [once(iso(y, m, lastDay(y, m)), iso(y, m, 1))];
  }
  if (/thuong xuyen|lien tuc|hang ngay|ca nam|suot nam/.test(f)) return [{ due: null, start: null, recurrence: "ongoing", dayOfMonth: null }];
  const wholeYear = /^(?:trong\s+)?(?:nam|ca nam)\s+(\d{4})\b/.exec(f) ?? /^(\d{4})$/.exec(f);
  if (wholeYear) {
    const y = Number(wholeYear[1]);
    return [once(iso(y, 12, 31), iso(y, 1, 1))];
  }
  if (/^(?:trong\s+)?nam$/.test(f.replace(/[.;]/g, "").trim()) && year) return [once(iso(year, 12, 31), iso(year, 1, 1))];
  return [];
}

/** Cue words that make a date in running text a deadline. */
export const DEADLINE_CUE =
  /(?:trước|chậm nhất(?: là)?(?: vào)?|hạn chót(?: là)?|hạn nộp|thời hạn|không quá|đến hết|hoàn thành(?: xong)?(?: trước| trong)?|xong trước|kết thúc(?: trước)?)\s+(?:ngày|tháng|quý|hết)\s*/giu;

/**
 * Deadlines stated in running text after a cue ("trước ngày 05/11/2019",
 * "chậm nhất ngày 15 tháng 5 và ngày 01 tháng 12 năm 2022", "trong tháng 6").
 */
export function deadlinesInText(text: string, year: number | null): Array<{ timeframe: Timeframe; at: number }> {
  const out: Array<{ timeframe: Timeframe; at: number }> = [];
  for (const m of text.matchAll(DEADLINE_CUE)) {
    const at = m.index ?? 0;
    // The expression runs to the end of the clause.
    const tail = text.slice(at + m[0].length - (/(?:tháng|quý)\s*$/iu.test(m[0]) ? (/(tháng|quý)\s*$/iu.exec(m[0])?.[0].length ?? 0) : 0));
    const clause = (tail.split(/[;]|\.\s|\.$|\s(?:để|nhằm|theo|và báo cáo|đồng thời)\s/u)[0] ?? "").trim();
    const cueWord = fold(m[0]);
    let frames: Timeframe[];
    if (/ngay\s*$/.test(cueWord)) frames = parseDates(`ngày ${clause}`, year).map((d) => once(d));
    else frames = parseTimeframe(clause, year).filter((t) => t.due !== null);
    for (const t of frames) out.push({ timeframe: t, at });
  }
  return out;
}

/** Whole-text check: a value that says there is no deadline. */
export const NO_DEADLINE = /theo quy dinh|khi co yeu cau|dot xuat/;
