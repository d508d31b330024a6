/** The crash test's world: many subscribed groups, a few deadlines each, all due at one instant. */
import type { DeadlineItem } from "../../../src/core/types.js";
import type { PlanInfo } from "../../../src/reminders/schedule.js";

export const CRASH_AT = "2024-06-14T09:00:00+07:00";

export const CRASH_PLANS: PlanInfo[] = [
  { id: "crash-plan", number: "99/KH-UBND", title: "Kế hoạch kiểm thử năm 2024", year: 2024, issuedDate: "2024-01-02" },
];

/** `count` deadlines of the crash plan, all due on the day of CRASH_AT. */
export function crashDeadlines(count: number): DeadlineItem[] {
  return Array.from({ length: count }, (_, i) => ({
    planId: "crash-plan",
    section: `II.${i + 1}`,
    kind: "task" as const,
    due: "2024-06-14",
    start: null,
    recurrence: "none" as const,
    dayOfMonth: null,
    text: `Nhiệm vụ số ${i + 1} hoàn thành trước ngày 14/6/2024`,
    agencies: [],
    reportTo: null,
    reportVia: null,
  }));
}

/** Chat id of group i. */
export const crashChatId = (i: number): string => `-100${String(i).padStart(6, "0")}`;
