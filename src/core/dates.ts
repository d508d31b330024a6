/**
 * Dates as users read them: dd/mm/yyyy, Vietnamese weekdays, days left, all in
 * local time (Asia/Ho_Chi_Minh, no daylight saving).
 */
import { DateTime } from "luxon";

export const ZONE = "Asia/Ho_Chi_Minh";

const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"];

/** "2019-11-05" → "05/11/2019"; "2024-02" → "02/2024"; "2024" → "2024". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  if (d) return `${d}/${m}/${y}`;
  if (m) return `${m}/${y}`;
  return y ?? iso;
}

/** "Thứ Ba, 05/11/2019". */
export function formatDateWithWeekday(iso: string): string {
  const dt = DateTime.fromISO(iso, { zone: ZONE });
  return `${WEEKDAYS[dt.weekday - 1]}, ${formatDate(iso)}`;
}

/** Whole local days from `now` to the due date (negative when passed). */
export function daysUntil(dueIso: string, now: Date): number {
  const today = DateTime.fromJSDate(now, { zone: ZONE }).startOf("day");
  const due = DateTime.fromISO(dueIso, { zone: ZONE }).startOf("day");
  return Math.round(due.diff(today, "days").days);
}

/** "còn 3 ngày", "hạn chót là hôm nay", "đã quá hạn 12 ngày". */
export function describeDaysLeft(dueIso: string, now: Date): string {
  const n = daysUntil(dueIso, now);
  if (n > 0) return `còn ${n} ngày`;
  if (n === 0) return "hạn chót là hôm nay";
  return `đã quá hạn ${-n} ngày`;
}
