/** An iCalendar file of plan deadlines (all-day events on each due date), built with the `ics` package. */
import { createHash } from "node:crypto";
import { createEvents, type EventAttributes } from "ics";
import { DateTime } from "luxon";
import type { DeadlineItem } from "../core/types.js";
import { formatDateShort, planLabel, sectionLabel } from "./noticeText.js";
import { DEFAULT_ZONE, buildOccurrences, type PlanInfo } from "./schedule.js";

/** Options of the iCalendar export. */
export interface IcsOptions {
  zone?: string;
  /** Local time of the alarm on the day before each deadline ("HH:MM"; default 08:00); null for no alarm. */
  alarmTime?: string | null;
  /** Calendar name shown by calendar apps. */
  calendarName?: string;
  /** DTSTAMP of every event (default now); tests pass a fixed date. */
  stamp?: Date;
}

/** Thrown when the ics package rejects the events (it validates every field). */
export class IcsBuildError extends Error {
  constructor(readonly reason: string) {
    super(`could not build the calendar: ${reason}`);
    this.name = "IcsBuildError";
  }
}

const dateArray = (iso: string): [number, number, number] => {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return [y, m, d];
};

const oneLine = (s: string): string => s.replace(/\*\*|__/g, "").replace(/\s+/g, " ").trim();

/**
 * iCalendar text of the deadlines: one all-day event per deadline occurrence
 * (recurring deadlines expanded within the plan's period or year; ongoing and daily ones left out),
 * a Vietnamese summary, a description with plan, section and the plan's
 * sentence, and an alarm the day before at the local alarm time.
 */
export function deadlinesToIcs(items: DeadlineItem[], plans: PlanInfo[], options: IcsOptions = {}): string {
  const zone = options.zone ?? DEFAULT_ZONE;
  const planMap = new Map(plans.map((p) => [p.id, p]));
  const alarmTime = options.alarmTime === undefined ? "08:00" : options.alarmTime;
  const stamp = DateTime.fromJSDate(options.stamp ?? new Date());
  // Daily reports would be one event a day: they stay in the chat reminders only.
  const events: EventAttributes[] = buildOccurrences(items.filter((i) => i.recurrence !== "daily"), plans).map((occ) => {
    const plan = planMap.get(occ.planId);
    const label = plan ? planLabel(plan) : `Kế hoạch ${occ.planId}`;
    const isReport = occ.items.some((i) => i.kind === "report");
    const agencies = [...new Set(occ.items.flatMap((i) => i.agencies))];
    const report = occ.items.find((i) => i.reportTo);
    const description = [
      `${label} — ${sectionLabel(occ.section)}`,
      ...(plan?.title && plan.number ? [plan.title] : []),
      ...occ.items.map((i) => `• ${oneLine(i.text)}`),
      `Đơn vị thực hiện: ${agencies.length > 0 ? agencies.join(", ") : "các cơ quan, đơn vị liên quan"}`,
      ...(report?.reportTo ? [`Gửi về: ${report.reportTo}${report.reportVia ? ` (qua ${report.reportVia})` : ""}`] : []),
      ...(occ.start ? [`Thời gian thực hiện: ${formatDateShort(occ.start)} – ${formatDateShort(occ.due)}`] : []),
      `Hạn chót: ${formatDateShort(occ.due)}`,
    ].join("\n");
    const dueDay = DateTime.fromISO(occ.due, { zone });
    const event: EventAttributes = {
      uid: `${createHash("sha256").update(occ.deadlineKey).digest("hex").slice(0, 24)}@tro-ly-ke-hoach`,
      start: dateArray(occ.due),
      end: dateArray(dueDay.plus({ days: 1 }).toISODate()!),
      title: `${isReport ? "Hạn báo cáo" : "Hạn hoàn thành"}: ${label} — ${sectionLabel(occ.section)}`,
      description,
      categories: [isReport ? "Báo cáo" : "Nhiệm vụ"],
      status: "CONFIRMED",
      busyStatus: "FREE",
      transp: "TRANSPARENT",
      startInputType: "utc",
      startOutputType: "utc",
    };
    // DTSTAMP (not in the package's types, accepted by it): fixed when the caller asks, in UTC.
    Object.assign(event, { timestamp: stamp.toMillis() });
    if (alarmTime) {
      const [h = 8, m = 0] = alarmTime.split(":").map(Number);
      const at = dueDay.minus({ days: 1 }).set({ hour: h, minute: m });
      event.alarms = [{ action: "display", description: event.title, trigger: at.toUTC().toMillis() }];
    }
    return event;
  });
  const { error, value } = createEvents(events, { productId: "tro-ly-ke-hoach", calName: options.calendarName ?? "Hạn kế hoạch" });
  if (error || !value) throw new IcsBuildError(error?.message ?? "no output");
  return foldOctets(value);
}

/**
 * Re-fold content lines at 75 octets (RFC 5545 §3.1): the package folds at 75
 * characters, which Vietnamese letters (2-3 bytes each in UTF-8) overflow.
 */
export function foldOctets(ics: string): string {
  return ics
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .map((line) => {
      if (Buffer.byteLength(line) <= 75) return line;
      const parts: string[] = [];
      let current = "";
      let bytes = 0;
      let limit = 75;
      for (const ch of line) {
        const b = Buffer.byteLength(ch);
        if (bytes + b > limit) {
          parts.push(current);
          current = "";
          bytes = 0;
          limit = 74; // a continuation line starts with one space
        }
        current += ch;
        bytes += b;
      }
      parts.push(current);
      return parts.join("\r\n ");
    })
    .join("\r\n");
}
