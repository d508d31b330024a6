/** The /nhacviec chat command and the "Đã xong" / "Nhắc lại sau 1 ngày" buttons of notices. */
import { DateTime } from "luxon";
import { chatKey, type ChatRef, type OutgoingMessage } from "../core/channel.js";
import { DEFAULT_LEAD_DAYS, DEFAULT_SEND_TIME, type ChatSettings, type ChatSettingsStore } from "../store/chatSettings.js";
import { fold } from "../text/fold.js";
import { planLabel, reminderMessages as msg, sectionLabel, upcomingLine } from "./noticeText.js";
import type { Outbox } from "./outbox.js";
import {
  DEFAULT_ZONE,
  buildOccurrences,
  isPassed,
  scheduleChat,
  type ConcernsUnit,
  type Notice,
} from "./schedule.js";
import { concernsUnitFromEngine, type DeadlineData } from "./source.js";

/** What the /nhacviec command and the notice buttons need. */
export interface ReminderCommandDeps {
  settings: ChatSettingsStore;
  outbox: Outbox;
  data: DeadlineData;
  /** Unit predicate factory; default: the engine's agency matching. */
  concernsUnit?: () => ConcernsUnit;
  clock?: () => Date;
  /** Configured defaults (REMINDER_LEAD_DAYS, REMINDER_TIME), applied when a chat first switches reminders on. */
  defaults?: { leadDays: number[]; sendTime: string };
  weekendToFriday?: boolean;
  zone?: string;
}

/** The part of the behaviour's CommandContext a reminder command uses. */
export interface ReminderCommandContext {
  msg: { chat: ChatRef };
  args: string;
  reply: (message: OutgoingMessage) => Promise<void>;
  settings: ChatSettings;
  now: Date;
}

/** The /nhacviec command and the reminder button handlers of one store. */
export interface ReminderCommands {
  /** Reply text of `/nhacviec <args>` in `chat` (updates the chat's settings as asked). */
  nhacviec(args: string, chat: ChatRef | string, settings?: ChatSettings, now?: Date): string;
  /** Reply text for "done:<id>" or "snooze:<id>" pressed in `chat`; null when `data` is not a reminder button. */
  handleButton(data: string, chat: ChatRef | string, now?: Date): string | null;
  /** The chat's next notices after `now` (not sent, not done, deadline open), earliest first. */
  upcoming(chat: ChatRef | string, now?: Date, limit?: number): Notice[];
  /** Ready for createBehaviour({ extraCommands: { nhacviec: commands.extraCommand } }). */
  extraCommand: { description: string; run(ctx: ReminderCommandContext): Promise<void> };
}

/** Is this button data one of the reminder buttons ("done:…", "snooze:…")? */
export const isReminderButton = (data: string): boolean => /^(done|snooze):[A-Za-z0-9_-]+$/.test(data);

/** The command a user types instead of pressing a reminder button (Zalo has no buttons); null for other data. */
export function reminderButtonCommand(data: string): string | null {
  if (!isReminderButton(data)) return null;
  const [action, id] = data.split(":");
  return action === "done" ? `/nhacviec xong ${id}` : `/nhacviec hoãn ${id}`;
}

const keyOf = (chat: ChatRef | string): string => (typeof chat === "string" ? chat : chatKey(chat));

/** "07:30", "7:30", "7h30", "7h", "07.30" → "07:30"; null if not a time of day. */
export function parseTimeOfDay(raw: string): string | null {
  const m = /^(\d{1,2})(?:\s*[:h.]\s*(\d{2})?)?\s*(?:g|gio)?$/i.exec(fold(raw).replace(/\s+/g, ""));
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = m[2] ? Number(m[2]) : 0;
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** "7,3,1,0" or "7 3 1" → [7, 3, 1, 0]; null unless 1-6 whole days between 0 and 60. */
export function parseLeadDays(raw: string): number[] | null {
  const parts = fold(raw)
    .replace(/\bngay\b/g, " ")
    .split(/[\s,;]+|\bva\b/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0 || parts.length > 6 || !parts.every((p) => /^\d{1,2}$/.test(p))) return null;
  const days = [...new Set(parts.map(Number))];
  if (days.some((d) => d > 60)) return null;
  return days.sort((a, b) => b - a);
}

const SAME = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Build the command and button handlers over the settings store, the outbox and the engine's deadlines. */
export function createReminderCommands(deps: ReminderCommandDeps): ReminderCommands {
  const zone = deps.zone ?? DEFAULT_ZONE;
  const clock = deps.clock ?? (() => new Date());
  const weekendToFriday = deps.weekendToFriday ?? true;

  const upcoming = (chat: ChatRef | string, now: Date = clock(), limit = 5): Notice[] => {
    const key = keyOf(chat);
    const s = deps.settings.get(key);
    const plans = deps.data.listPlans();
    const occurrences = buildOccurrences(deps.data.deadlines(), plans).filter((o) => !isPassed(o.due, now, zone));
    const concernsUnit = deps.concernsUnit ? deps.concernsUnit() : concernsUnitFromEngine(deps.data);
    const state = deps.outbox.deliveryState();
    const nowMs = now.getTime();
    return [...scheduleChat(occurrences, plans, s, { zone, weekendToFriday, concernsUnit }), ...deps.outbox.pendingSnoozes(key)]
      .filter((n) => Date.parse(n.sendAt) > nowMs && !state.isRecorded(n.key) && !state.isDone(key, n.deadlineKey))
      .sort((a, b) => Date.parse(a.sendAt) - Date.parse(b.sendAt))
      .slice(0, limit);
  };

  const listText = (chat: string, s: ChatSettings, now: Date, limit: number): string => {
    const next = upcoming(chat, now, limit);
    const lines = [msg.upcomingHeader(next.length), ...next.map((n) => upcomingLine(n, zone))];
    if (!s.remindersEnabled && next.length > 0) lines.push(msg.upcomingOff());
    return lines.join("\n");
  };

  const statusText = (s: ChatSettings): string =>
    msg.status({
      enabled: s.remindersEnabled,
      sendTime: s.sendTime,
      leadDays: s.leadDays,
      unit: s.unit,
      planCount: s.planIds ? s.planIds.length : null,
      weekendToFriday,
    });

  const nhacviec = (args: string, chat: ChatRef | string, given?: ChatSettings, now: Date = clock()): string => {
    const key = keyOf(chat);
    const s = given ?? deps.settings.get(key);
    const text = args.normalize("NFC").trim();
    const folded = fold(text);
    const [head = "", ...restWords] = folded.split(/\s+/);
    const rest = text.split(/\s+/).slice(1).join(" ");

    if (!folded) return [statusText(s), "", listText(key, s, now, 3), "", msg.usage()].join("\n");

    if (["bat", "on", "mo", "batdau"].includes(folded.replace(/\s+/g, ""))) {
      if (s.remindersEnabled) return [msg.alreadyEnabled(), "", statusText(s)].join("\n");
      const patch: Partial<ChatSettings> = { remindersEnabled: true };
      // A chat that never chose its own times gets the configured defaults.
      if (deps.defaults && SAME(s.leadDays, DEFAULT_LEAD_DAYS) && s.sendTime === DEFAULT_SEND_TIME) {
        patch.leadDays = [...deps.defaults.leadDays];
        patch.sendTime = deps.defaults.sendTime;
      }
      const next = deps.settings.update(key, patch);
      const parts = [msg.enabled(), "", statusText(next), "", listText(key, next, now, 3)];
      if (key.startsWith("zalo:")) parts.push("", msg.zaloNote());
      return parts.join("\n");
    }

    if (["tat", "off", "dung", "ngung"].includes(folded.replace(/\s+/g, ""))) {
      if (!s.remindersEnabled) return msg.alreadyDisabled();
      deps.settings.update(key, { remindersEnabled: false });
      return msg.disabled();
    }

    if (["ds", "danhsach", "list", "xem", "lich", "saptoi"].includes(folded.replace(/\s+/g, ""))) {
      return listText(key, s, now, 10);
    }

    if (["gio", "luc", "time"].includes(head)) {
      const hhmm = parseTimeOfDay(restWords.join(""));
      if (!hhmm) return msg.timeInvalid(rest);
      deps.settings.update(key, { sendTime: hhmm });
      return msg.timeSet(hhmm);
    }

    if (["xong", "done", "hoan", "snooze"].includes(head) && restWords.length === 1) {
      const id = text.split(/\s+/)[1] ?? "";
      return handleButton(`${head === "xong" || head === "done" ? "done" : "snooze"}:${id}`, key, now) ?? msg.buttonUnknown();
    }

    if (["truoc", "lead"].includes(head)) {
      const days = parseLeadDays(restWords.join(" "));
      if (!days) return msg.leadInvalid(rest);
      deps.settings.update(key, { leadDays: days });
      return msg.leadSet(days);
    }

    return msg.usage();
  };

  const handleButton = (data: string, chat: ChatRef | string, now: Date = clock()): string | null => {
    if (!isReminderButton(data)) return null;
    const key = keyOf(chat);
    const [action, id = ""] = data.split(":") as [string, string];
    const notice = deps.outbox.findNotice(key, id);
    if (!notice) return msg.buttonUnknown();
    if (action === "done") {
      deps.outbox.markDone(key, notice.deadlineKey, now);
      return msg.doneMarked(planLabel(notice.plan), sectionLabel(notice.section), notice.due);
    }
    const until = DateTime.fromJSDate(now, { zone }).plus({ days: 1 }).set({ second: 0, millisecond: 0 }).toJSDate();
    const r = deps.outbox.snooze(key, id, until);
    if (r.status === "not_found") return msg.buttonUnknown();
    if (r.status === "too_late") return msg.snoozeTooLate(notice.due);
    return msg.snoozed(r.notice!.sendAt);
  };

  return {
    nhacviec,
    handleButton,
    upcoming,
    extraCommand: {
      description: "Nhắc hạn: bật/tắt, xem lịch nhắc, đổi giờ và số ngày nhắc trước",
      run: async (ctx) => {
        await ctx.reply({ text: nhacviec(ctx.args, ctx.msg.chat, ctx.settings, ctx.now) });
      },
    },
  };
}
