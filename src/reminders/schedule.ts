/** Pure reminder schedule: which notices a chat gets for which deadlines, and which are due at a moment. */
import { createHash, hash as cryptoHash } from "node:crypto";
import { DateTime } from "luxon";
import type { DeadlineItem, Recurrence } from "../core/types.js";
import { fold } from "../text/fold.js";

/** Local time zone of every plan (UTC+7, no daylight saving). */
export const DEFAULT_ZONE = "Asia/Ho_Chi_Minh";

/** What the schedule needs to know about a plan: its label and the year it is for. */
export interface PlanInfo {
  id: string;
  number: string | null;
  title: string;
  /** Year the plan is for; recurring deadlines repeat within it. */
  year: number | null;
  /** Signing date ("2021-12-13" | "2024-02" | "2024"); its year is the fallback span. */
  issuedDate?: string | null;
}

/** The reminder settings of one chat (a subset of ChatSettings). */
export interface ChatReminderSettings {
  /** "telegram:-100777" */
  chat: string;
  unit: string | null;
  /** Plans followed; null = all. */
  planIds: string[] | null;
  /** Days before a deadline (0 = on the day). */
  leadDays: number[];
  /** Local "HH:MM". */
  sendTime: string;
}

/** Does this deadline concern the chat's unit? Provided by the engine's agency matching. */
export type ConcernsUnit = (deadline: DeadlineItem, unit: string) => boolean;

/** How notices are placed in time and which deadlines a chat gets. */
export interface ScheduleOptions {
  /** IANA zone of send times and due dates; default Asia/Ho_Chi_Minh. */
  zone?: string;
  /** Move a notice falling on Saturday or Sunday to the Friday before (default true). */
  weekendToFriday?: boolean;
  /** Unit filter; default: {@link defaultConcernsUnit}. */
  concernsUnit?: ConcernsUnit;
  /** Leave out notices sent after this instant (epoch ms): the dispatcher only needs the near ones. */
  until?: number;
  /**
   * Of the notices of one deadline sent at or before this instant (epoch ms), keep
   * only the latest: the older ones are superseded at that moment anyway.
   */
  collapseBefore?: number;
}

/** One dated occurrence of a deadline (a recurring item has several). */
export interface Occurrence {
  planId: string;
  section: string;
  /** yyyy-mm-dd, the last day to meet the deadline. */
  due: string;
  /** yyyy-mm-dd when a period opens (Quý II, III/2024 → 2024-04-01), else null. */
  start: string | null;
  recurrence: Recurrence;
  /** Earliest printed time of day of its items ("19:00"), else null: notices go out before it. */
  timeOfDay: string | null;
  /** Deadline items of this plan and section falling on this date (usually one). */
  items: DeadlineItem[];
  /** "planId|section|due": the identity done marks refer to. */
  deadlineKey: string;
}

/** "before": a lead time before the due date; "open": a period opens; "snooze": asked again by the chat. */
export type NoticePhase = "before" | "open" | "snooze";

/** A notice for one chat about one deadline occurrence. */
export interface Notice {
  /** Short stable id (16 chars) used in button data ("done:<id>"). */
  id: string;
  /** Unique key: "chat|planId|section|due|lead". */
  key: string;
  chat: string;
  planId: string;
  section: string;
  deadlineKey: string;
  due: string;
  start: string | null;
  /** Days between the scheduled notice day (before any weekend shift) and the due date. */
  lead: number;
  phase: NoticePhase;
  /** Local send time, ISO with offset: "2019-11-01T08:00:00+07:00". */
  sendAt: string;
  plan: { id: string; number: string | null; title: string };
  items: DeadlineItem[];
}

const RECURRING_MONTHS: Partial<Record<Recurrence, number[]>> = {
  monthly: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  quarterly: [3, 6, 9, 12],
  semiannual: [6, 12],
  yearly: [12],
};

/** Weekly deadlines without a printed weekday fall on Friday, the last working day. */
const WEEKLY_WEEKDAY = 5;

/** The year recurring deadlines of a plan repeat in: its target year, else the year it was signed. */
export function planSpanYear(plan: PlanInfo | undefined): number | null {
  if (!plan) return null;
  if (plan.year) return plan.year;
  const m = /^(\d{4})/.exec(plan.issuedDate ?? "");
  return m ? Number(m[1]) : null;
}

/** The years a recurring item repeats in: the plan's stated period, else its one span year. */
function recurringYears(item: DeadlineItem, plan: PlanInfo | undefined): [number, number] | null {
  if (item.periodStart && item.periodEnd && item.periodEnd >= item.periodStart) return [item.periodStart, item.periodEnd];
  const year = planSpanYear(plan) ?? (item.due ? Number(item.due.slice(0, 4)) : null);
  return year ? [year, year] : null;
}

/** Due days of one recurring item in one year, before the item's own start/due bounds. */
function daysInYear(item: DeadlineItem, year: number): string[] {
  const out: string[] = [];
  const yearStart = DateTime.utc(year, 1, 1);
  if (item.recurrence === "daily" || item.recurrence === "weekly") {
    for (let d = yearStart; d.year === year; d = d.plus({ days: 1 })) {
      if (item.recurrence === "daily" || d.weekday === WEEKLY_WEEKDAY) out.push(d.toISODate()!);
    }
    return out;
  }
  const anchor = item.monthDay ? /^(\d{2})-(\d{2})$/.exec(item.monthDay) : null;
  if (anchor && (item.recurrence === "yearly" || item.recurrence === "semiannual")) {
    // "trước ngày 16/6" every half year: 16/6 and 16/12; every year: the day itself.
    const month = Number(anchor[1]);
    const months = item.recurrence === "semiannual" ? [((month - 1) % 6) + 1, ((month - 1) % 6) + 7] : [month];
    for (const m of months) {
      const first = DateTime.utc(year, m, 1);
      out.push(first.set({ day: Math.min(Number(anchor[2]), first.daysInMonth ?? 28) }).toISODate()!);
    }
    return out;
  }
  for (const month of RECURRING_MONTHS[item.recurrence] ?? []) {
    const first = DateTime.utc(year, month, 1);
    const day = item.dayOfMonth ? Math.min(item.dayOfMonth, first.daysInMonth ?? 28) : (first.daysInMonth ?? 28);
    out.push(first.set({ day }).toISODate()!);
  }
  return out;
}

const RECURRING: ReadonlySet<Recurrence> = new Set(["daily", "weekly", "monthly", "quarterly", "semiannual", "yearly"]);

/**
 * Dated occurrences of one deadline item. Dated items give one; recurring items
 * give one per day/week/month/quarter/half/year inside the plan's stated period
 * (`periodStart`–`periodEnd`), else inside its target or signing year: on the
 * printed anchor (`dayOfMonth`, `monthDay`), else on the period's last day
 * (weekly: Friday); ongoing or undated items give none.
 */
export function occurrenceDates(item: DeadlineItem, plan: PlanInfo | undefined): { due: string; start: string | null }[] {
  if (item.recurrence === "ongoing") return [];
  if (!RECURRING.has(item.recurrence)) return item.due ? [{ due: item.due, start: item.start && item.start < item.due ? item.start : null }] : [];
  const years = recurringYears(item, plan);
  if (!years) return [];
  const out: { due: string; start: string | null }[] = [];
  for (let year = years[0]; year <= years[1]; year++) {
    for (const due of daysInYear(item, year)) {
      if (item.start && due < item.start) continue;
      if (item.due && due > item.due) continue;
      out.push({ due, start: null });
    }
  }
  return out;
}

/** All occurrences of the given deadlines, merged when one plan section has several items on one date. */
export function buildOccurrences(items: DeadlineItem[], plans: PlanInfo[]): Occurrence[] {
  const byPlan = new Map(plans.map((p) => [p.id, p]));
  const byKey = new Map<string, Occurrence>();
  for (const item of items) {
    for (const { due, start } of occurrenceDates(item, byPlan.get(item.planId))) {
      const deadlineKey = `${item.planId}|${item.section}|${due}`;
      const existing = byKey.get(deadlineKey);
      if (existing) {
        // Two times of one sentence ("trước 9h00 và 16h00") stay two items.
        if (!existing.items.some((i) => i.text === item.text && i.kind === item.kind && (i.timeOfDay ?? null) === (item.timeOfDay ?? null))) existing.items.push(item);
        if (!existing.start && start) existing.start = start;
        if (item.timeOfDay && (!existing.timeOfDay || item.timeOfDay < existing.timeOfDay)) existing.timeOfDay = item.timeOfDay;
        continue;
      }
      byKey.set(deadlineKey, {
        planId: item.planId,
        section: item.section,
        due,
        start,
        recurrence: item.recurrence,
        timeOfDay: item.timeOfDay ?? null,
        items: [item],
        deadlineKey,
      });
    }
  }
  return [...byKey.values()].sort((a, b) => a.due.localeCompare(b.due) || a.deadlineKey.localeCompare(b.deadlineKey));
}

/**
 * Fallback unit filter when the engine provides none: plan-wide duties (no
 * agencies) concern everyone; otherwise one agency must contain the unit's name
 * or the reverse, compared without diacritics.
 */
export const defaultConcernsUnit: ConcernsUnit = (deadline, unit) => {
  if (deadline.agencies.length === 0) return true;
  const u = fold(unit);
  return deadline.agencies.some((a) => {
    const f = fold(a);
    return f.includes(u) || u.includes(f);
  });
};

/** Short stable id of a notice key, safe for Telegram's 64-byte callback data. */
export function noticeId(key: string): string {
  // One-shot crypto.hash (Node ≥ 20.12) is several times faster than a Hash object for short keys.
  const digest = typeof cryptoHash === "function" ? cryptoHash("sha256", key, "base64url") : createHash("sha256").update(key).digest("base64url");
  return digest.slice(0, 16);
}

/** The lead tag in a notice key: "3", "open", "snooze@<epoch ms>". */
export function leadTag(phase: NoticePhase, lead: number, sendAtMs: number): string {
  return phase === "open" ? "open" : phase === "snooze" ? `snooze@${sendAtMs}` : String(lead);
}

/** Build the unique key of a notice. */
export function noticeKey(chat: string, occ: Pick<Occurrence, "planId" | "section" | "due">, tag: string): string {
  return `${chat}|${occ.planId}|${occ.section}|${occ.due}|${tag}`;
}

/** The instant a due date has passed: the start of the next local day. */
export function deadlineEndMs(due: string, zone: string = DEFAULT_ZONE): number {
  return memo(`end|${zone}|${due}`, () => DateTime.fromISO(due, { zone }).plus({ days: 1 }).startOf("day").toMillis());
}

/** Start of a local date (epoch ms). */
function dayStartMs(isoDate: string, zone: string): number {
  return memo(`day|${zone}|${isoDate}`, () => DateTime.fromISO(isoDate, { zone }).startOf("day").toMillis());
}

// Time-zone arithmetic is the schedule's hot spot (luxon asks Intl for offsets);
// dates repeat across thousands of chats, so results are memoized.
const MEMO_LIMIT = 50_000;
const memoTable = new Map<string, number>();
function memo(key: string, compute: () => number): number {
  const hit = memoTable.get(key);
  if (hit !== undefined) return hit;
  if (memoTable.size >= MEMO_LIMIT) memoTable.clear();
  const value = compute();
  memoTable.set(key, value);
  return value;
}

/** True when the deadline `due` (yyyy-mm-dd, local) is over at `at`. */
export function isPassed(due: string, at: Date, zone: string = DEFAULT_ZONE): boolean {
  return at.getTime() >= deadlineEndMs(due, zone);
}

/** Whole local days from the day of `at` to `due` (0 = due today, negative = passed). */
export function daysLeft(due: string, at: Date, zone: string = DEFAULT_ZONE): number {
  const today = memo(`at|${zone}|${at.getTime()}`, () => DateTime.fromJSDate(at, { zone }).startOf("day").toMillis());
  // Rounding absorbs a daylight-saving hour in zones that have one.
  return Math.round((dayStartMs(due, zone) - today) / 86_400_000);
}

function parseSendTime(hhmm: string): { hour: number; minute: number } {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm.trim());
  const hour = m ? Number(m[1]) : 8;
  const minute = m ? Number(m[2]) : 0;
  return hour < 24 && minute < 60 ? { hour, minute } : { hour: 8, minute: 0 };
}

/** A notice day moved off the weekend when asked: Saturday and Sunday go to the Friday before. */
function shiftWeekend(day: DateTime, weekendToFriday: boolean): DateTime {
  if (!weekendToFriday) return day;
  if (day.weekday === 6) return day.minus({ days: 1 });
  if (day.weekday === 7) return day.minus({ days: 2 });
  return day;
}

/** When the notices of one deadline go out, for one set of lead days and send time. */
interface Slot {
  phase: NoticePhase;
  lead: number;
  sendAt: string;
  sendAtMs: number;
}

// Slots depend only on the dates and the chat's preferences, which thousands of chats share.
const SLOT_LIMIT = 20_000;
const slotTable = new Map<string, Slot[]>();

function slotsFor(due: string, start: string | null, leads: number[], sendTime: string, weekendToFriday: boolean, zone: string): Slot[] {
  const cacheKey = `${zone}|${due}|${start ?? ""}|${leads.join(",")}|${sendTime}|${weekendToFriday ? 1 : 0}`;
  const hit = slotTable.get(cacheKey);
  if (hit) return hit;
  const { hour, minute } = parseSendTime(sendTime);
  const dueDay = DateTime.fromISO(due, { zone });
  const wanted: { phase: NoticePhase; lead: number }[] = [];
  if (start) {
    const periodDays = Math.round(dueDay.diff(DateTime.fromISO(start, { zone }), "days").days);
    wanted.push({ phase: "open", lead: periodDays });
    for (const lead of leads) if (lead < periodDays) wanted.push({ phase: "before", lead });
  } else {
    for (const lead of leads) wanted.push({ phase: "before", lead });
  }
  const byDay = new Map<string, Slot>();
  for (const w of wanted) {
    const day = shiftWeekend(dueDay.minus({ days: w.lead }), weekendToFriday);
    const dayKey = day.toISODate()!;
    const prev = byDay.get(dayKey);
    // `wanted` is ordered open first, then leads descending: a later entry has a smaller lead.
    if (prev && prev.phase === "open") continue;
    const sendAt = day.set({ hour, minute, second: 0, millisecond: 0 });
    byDay.set(dayKey, { phase: w.phase, lead: w.lead, sendAt: sendAt.toISO({ suppressMilliseconds: true })!, sendAtMs: sendAt.toMillis() });
  }
  const slots = [...byDay.values()].sort((a, b) => a.sendAtMs - b.sendAtMs);
  if (slotTable.size >= SLOT_LIMIT) slotTable.clear();
  slotTable.set(cacheKey, slots);
  return slots;
}

/**
 * The slots of one occurrence. A daily deadline gets one notice on its day, kept
 * on weekends (flood-season reports go out every day), a weekly one only the lead
 * days inside its week; a printed time of day moves the notice to an hour before
 * it when the chat's send time would be later.
 */
function occurrenceSlots(occ: Occurrence, leads: number[], sendTime: string, weekendToFriday: boolean, zone: string): Slot[] {
  let time = sendTime;
  if (occ.timeOfDay) {
    const { hour, minute } = parseSendTime(occ.timeOfDay);
    const before = `${String(Math.max(0, hour - 1)).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
    if (before < parseSendTimeText(sendTime)) time = before;
  }
  if (occ.recurrence === "daily") return slotsFor(occ.due, null, [0], time, false, zone);
  if (occ.recurrence === "weekly") return slotsFor(occ.due, null, leads.filter((l) => l < 7), time, weekendToFriday, zone);
  return slotsFor(occ.due, occ.start, leads, time, weekendToFriday, zone);
}

/** A send time as a comparable "HH:MM" (invalid ones read as 08:00). */
function parseSendTimeText(hhmm: string): string {
  const { hour, minute } = parseSendTime(hhmm);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

function makeNotice(chat: string, occ: Occurrence, plan: PlanInfo | undefined, items: DeadlineItem[], slot: Slot): Notice {
  const key = noticeKey(chat, occ, leadTag(slot.phase, slot.lead, slot.sendAtMs));
  return {
    id: noticeId(key),
    key,
    chat,
    planId: occ.planId,
    section: occ.section,
    deadlineKey: occ.deadlineKey,
    due: occ.due,
    start: occ.start,
    lead: slot.lead,
    phase: slot.phase,
    sendAt: slot.sendAt,
    plan: { id: occ.planId, number: plan?.number ?? null, title: plan?.title ?? occ.planId },
    items,
  };
}

/**
 * Every notice a chat gets (past and future), ignoring what was sent.
 * A dated deadline gets one notice per lead day at the chat's local send time;
 * a period gets one when it opens and the lead-day notices that fall inside it;
 * notices on a weekend move to the Friday before (optional); two notices of one
 * deadline on the same day collapse into one (the opening notice, else the
 * smaller lead).
 */
export function scheduleChat(
  occurrences: Occurrence[],
  plans: PlanInfo[] | Map<string, PlanInfo>,
  chat: ChatReminderSettings,
  options: ScheduleOptions = {},
): Notice[] {
  return scheduleChats(occurrences, plans, [chat], options);
}

/** A chat's notice, before the chat is stamped on it. */
interface Template {
  occ: Occurrence;
  plan: PlanInfo | undefined;
  items: DeadlineItem[];
  slot: Slot;
}

/**
 * {@link scheduleChat} for many chats at once, sorted by send time. Chats with
 * the same unit, plans, lead days and send time share the work, so thousands of
 * chats cost little more than their notices.
 */
export function scheduleChats(
  occurrences: Occurrence[],
  plans: PlanInfo[] | Map<string, PlanInfo>,
  chats: ChatReminderSettings[],
  options: ScheduleOptions = {},
): Notice[] {
  const zone = options.zone ?? DEFAULT_ZONE;
  const weekendToFriday = options.weekendToFriday ?? true;
  const concerns = options.concernsUnit ?? defaultConcernsUnit;
  const planMap = plans instanceof Map ? plans : new Map(plans.map((p) => [p.id, p]));
  const until = options.until ?? Infinity;
  const collapseBefore = options.collapseBefore ?? -Infinity;
  const profiles = new Map<string, Template[]>();

  const templatesFor = (chat: ChatReminderSettings, leads: number[]): Template[] => {
    const followed = chat.planIds ? new Set(chat.planIds) : null;
    const out: Template[] = [];
    for (const occ of occurrences) {
      if (followed && !followed.has(occ.planId)) continue;
      const unit = chat.unit;
      const items = unit ? occ.items.filter((i) => concerns(i, unit)) : occ.items;
      if (items.length === 0) continue;
      const plan = planMap.get(occ.planId);
      const slots = occurrenceSlots(occ, leads, chat.sendTime, weekendToFriday, zone);
      let latestPast: Slot | null = null;
      for (const slot of slots) {
        if (slot.sendAtMs > until) break; // slots are in time order
        if (slot.sendAtMs <= collapseBefore) {
          latestPast = slot;
          continue;
        }
        out.push({ occ, plan, items, slot });
      }
      if (latestPast) out.push({ occ, plan, items, slot: latestPast });
    }
    return out;
  };

  const out: { notice: Notice; ms: number }[] = [];
  for (const chat of chats) {
    const leads = [...new Set(chat.leadDays.filter((d) => Number.isInteger(d) && d >= 0))].sort((a, b) => b - a);
    const profileKey = `${chat.unit ?? ""}\u0000${chat.planIds?.join("\u0001") ?? "*"}\u0000${leads.join(",")}\u0000${chat.sendTime}`;
    let templates = profiles.get(profileKey);
    if (!templates) {
      templates = templatesFor(chat, leads);
      profiles.set(profileKey, templates);
    }
    for (const t of templates) out.push({ notice: makeNotice(chat.chat, t.occ, t.plan, t.items, t.slot), ms: t.slot.sendAtMs });
  }
  return out.sort((a, b) => a.ms - b.ms || (a.notice.key < b.notice.key ? -1 : a.notice.key > b.notice.key ? 1 : 0)).map((x) => x.notice);
}

/** A snooze notice: the same deadline again at `until`. */
export function snoozeNotice(original: Notice, until: Date, zone: string = DEFAULT_ZONE): Notice {
  const sendAt = DateTime.fromJSDate(until, { zone }).set({ millisecond: 0 });
  const lead = Math.max(0, daysLeft(original.due, until, zone));
  const key = noticeKey(original.chat, original, leadTag("snooze", lead, sendAt.toMillis()));
  return { ...original, id: noticeId(key), key, lead, phase: "snooze", sendAt: sendAt.toISO({ suppressMilliseconds: true })! };
}

/** What the delivery side knows when choosing due notices. */
export interface DeliveryState {
  /** The notice was sent (or deliberately skipped) already. */
  isRecorded(key: string): boolean;
  /** The chat marked this deadline occurrence done. */
  isDone(chat: string, deadlineKey: string): boolean;
  /** Send time (epoch ms) of the latest notice sent for this chat and deadline, if any. */
  lastSentAt?(chat: string, deadlineKey: string): number | undefined;
}

/** The fields due-selection needs; Notice and outbox rows both have them. */
export interface DueCandidate {
  key: string;
  chat: string;
  deadlineKey: string;
  due: string;
  sendAt: string;
  /** `sendAt` as epoch ms when already known (saves parsing). */
  sendAtMs?: number;
}

const msOf = (c: DueCandidate): number => c.sendAtMs ?? Date.parse(c.sendAt);

/** Candidates sorted into due, superseded and passed. */
export interface DueSelection<T> {
  /** To send now: per chat and deadline, the latest notice whose time has come. */
  due: T[];
  /** Older notices of a deadline that a later one replaces (catch-up sends only the latest). */
  superseded: T[];
  /** Their deadline is over at `at`: never sent. */
  passed: T[];
}

/**
 * Choose the notices due at `at`. A notice is due when its send time has come,
 * its deadline has not passed, it was not sent, the chat did not mark the
 * deadline done, and no later notice of the same deadline has come due (after
 * downtime, a group gets the latest reminder, not every missed one).
 */
export function selectDue<T extends DueCandidate>(
  candidates: T[],
  at: Date,
  state: DeliveryState = { isRecorded: () => false, isDone: () => false },
  zone: string = DEFAULT_ZONE,
): DueSelection<T> {
  const atMs = at.getTime();
  const groups = new Map<string, T[]>();
  const passed: T[] = [];
  for (const c of candidates) {
    if (msOf(c) > atMs) continue;
    if (isPassed(c.due, at, zone)) {
      if (!state.isRecorded(c.key)) passed.push(c);
      continue;
    }
    const g = `${c.chat}\u0000${c.deadlineKey}`;
    const list = groups.get(g);
    if (list) list.push(c);
    else groups.set(g, [c]);
  }
  const due: T[] = [];
  const superseded: T[] = [];
  for (const list of groups.values()) {
    const first = list[0]!;
    if (state.isDone(first.chat, first.deadlineKey)) continue;
    // Recorded notices stay in the group: a later one already sent supersedes older unsent ones.
    list.sort((a, b) => msOf(b) - msOf(a) || a.key.localeCompare(b.key));
    const latest = list[0]!;
    const unsent = list.filter((c) => !state.isRecorded(c.key));
    const lastSent = state.lastSentAt?.(first.chat, first.deadlineKey);
    if (state.isRecorded(latest.key) || (lastSent !== undefined && lastSent >= msOf(latest))) {
      superseded.push(...unsent);
      continue;
    }
    due.push(latest);
    superseded.push(...unsent.filter((c) => c !== latest));
  }
  due.sort((a, b) => msOf(a) - msOf(b) || a.key.localeCompare(b.key));
  return { due, superseded, passed };
}

/**
 * Convenience: the notices due at `at` for the given chats, from raw deadlines.
 * Pure; pass the delivery state to exclude what was sent or marked done.
 */
export function noticesDueAt(
  items: DeadlineItem[],
  plans: PlanInfo[],
  chats: ChatReminderSettings[],
  at: Date,
  options: ScheduleOptions = {},
  state?: DeliveryState,
): Notice[] {
  const occ = buildOccurrences(items, plans);
  const planMap = new Map(plans.map((p) => [p.id, p]));
  const all = scheduleChats(occ, planMap, chats, options);
  return selectDue(all, at, state, options.zone).due;
}

/** The chat's next notices after `at` whose deadline is still open, earliest first. */
export function upcomingNotices(notices: Notice[], at: Date, limit: number, zone: string = DEFAULT_ZONE): Notice[] {
  const atMs = at.getTime();
  return notices.filter((n) => Date.parse(n.sendAt) > atMs && !isPassed(n.due, at, zone)).slice(0, limit);
}
