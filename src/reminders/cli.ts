/** What the `reminders` and `deadlines --ics` CLI commands call: subscribe, unsubscribe, due, run, ics. */
import { parseChatKey, type Channel, type Platform } from "../core/channel.js";
import { PlanNotFoundError, UsageError } from "../core/errors.js";
import { createChatSettingsStore, DEFAULT_LEAD_DAYS, DEFAULT_SEND_TIME, type ChatSettings } from "../store/chatSettings.js";
import type { Db } from "../store/db.js";
import { createDispatcher, DispatcherLockedError } from "./dispatcher.js";
import { deadlinesToIcs, type IcsOptions } from "./ics.js";
import { renderNotice } from "./noticeText.js";
import { createOutbox } from "./outbox.js";
import type { RateOptions } from "./rateLimit.js";
import { DEFAULT_ZONE, selectDue, type ConcernsUnit, type PlanInfo } from "./schedule.js";
import { canReach, createNoticeSource, silentLogger, type DeadlineData, type ReminderLogger } from "./source.js";

/** The store and engine the reminder CLI commands work on. */
export interface ReminderCliContext {
  db: Db;
  /** The engine's deadlines and plans (`Assistant` satisfies it). */
  data: DeadlineData;
  concernsUnit?: () => ConcernsUnit;
  /** REMINDER_WEEKEND_TO_FRIDAY (default true). */
  weekendToFriday?: boolean;
  /** TZ_NAME (default Asia/Ho_Chi_Minh). */
  zone?: string;
  logger?: ReminderLogger;
}

/** One notice in `reminders due` (contract shape). */
export interface DueNoticeJson {
  chat: string;
  planId: string;
  section: string;
  due: string;
  sendAt: string;
  lead: number;
  text: string;
}

/** Options of `reminders subscribe`. */
export interface SubscribeOptions {
  /** Plans to follow (ids, numbers or title words when `plans` can resolve them); empty or absent keeps the chat's choice. */
  planIds?: string[];
  /** The chat's unit; absent keeps it, null clears it. */
  unit?: string | null;
  /** Configured defaults (REMINDER_LEAD_DAYS, REMINDER_TIME) for a chat that never chose its own. */
  defaults?: { leadDays: number[]; sendTime: string };
  /** Resolves plan queries and checks they exist (`Assistant` satisfies it). */
  plans?: { listPlans(): PlanInfo[]; findPlan(query: string): PlanInfo | null };
}

/** Output of `reminders subscribe` / `unsubscribe`. */
export interface SubscriptionJson {
  chat: string;
  remindersEnabled: boolean;
  planIds: string[] | null;
  unit: string | null;
  leadDays: number[];
  sendTime: string;
  warnings: string[];
}

function checkChat(chat: string): string {
  try {
    parseChatKey(chat);
  } catch (err) {
    throw new UsageError((err as Error).message, `Mã cuộc trò chuyện "${chat}" không hợp lệ (dạng telegram:-100777).`);
  }
  return chat;
}

const toJson = (s: ChatSettings, warnings: string[] = []): SubscriptionJson => ({
  chat: s.chat,
  remindersEnabled: s.remindersEnabled,
  planIds: s.planIds,
  unit: s.unit,
  leadDays: s.leadDays,
  sendTime: s.sendTime,
  warnings,
});

/**
 * `reminders subscribe --chat <platform>:<id> [--plan ID]... [--unit NAME]`:
 * switch reminders on for a chat, optionally choosing its plans and unit.
 */
export function subscribe(db: Db, chat: string, options: SubscribeOptions = {}): SubscriptionJson {
  const key = checkChat(chat);
  const store = createChatSettingsStore(db);
  const current = store.get(key);
  const patch: Partial<ChatSettings> = { remindersEnabled: true };
  if (options.planIds && options.planIds.length > 0) {
    const known = options.plans ? new Set(options.plans.listPlans().map((p) => p.id)) : null;
    patch.planIds = [
      ...new Set(
        options.planIds.map((q) => {
          if (!known || !options.plans || known.has(q)) return q;
          const found = options.plans.findPlan(q);
          if (!found) throw new PlanNotFoundError(q);
          return found.id;
        }),
      ),
    ];
  }
  if (options.unit !== undefined) patch.unit = options.unit?.normalize("NFC").trim() || null;
  const untouched =
    current.leadDays.length === DEFAULT_LEAD_DAYS.length &&
    current.leadDays.every((d, i) => d === DEFAULT_LEAD_DAYS[i]) &&
    current.sendTime === DEFAULT_SEND_TIME;
  if (options.defaults && untouched) {
    patch.leadDays = [...options.defaults.leadDays];
    patch.sendTime = options.defaults.sendTime;
  }
  const next = store.update(key, patch);
  const warnings = canReach(next)
    ? []
    : ["Zalo bots can only write to chats that have written to them: this chat has not written to the bot yet, so its notices wait until it does."];
  return toJson(next, warnings);
}

/** `reminders unsubscribe --chat <platform>:<id>`: switch reminders off (other settings kept). */
export function unsubscribe(db: Db, chat: string): SubscriptionJson {
  const key = checkChat(chat);
  return toJson(createChatSettingsStore(db).update(key, { remindersEnabled: false }));
}

/**
 * `reminders due --at <ISO>`: the notices due at `at` and not yet sent, without
 * sending anything: `{"notices": [{chat, planId, section, due, sendAt, lead, text}]}`.
 */
export function due(ctx: ReminderCliContext, at: Date): { notices: DueNoticeJson[] } {
  const zone = ctx.zone ?? DEFAULT_ZONE;
  const settings = createChatSettingsStore(ctx.db);
  const outbox = createOutbox(ctx.db, { zone });
  const source = createNoticeSource({
    settings,
    data: ctx.data,
    concernsUnit: ctx.concernsUnit,
    weekendToFriday: ctx.weekendToFriday,
    zone,
    logger: ctx.logger,
  });
  const subscribed = new Set(settings.listSubscribed().map((s) => s.chat));
  const all = [...source(at), ...outbox.pendingSnoozes().filter((n) => subscribed.has(n.chat))];
  const { due: notices } = selectDue(all, at, outbox.deliveryState(), zone);
  return {
    notices: notices.map((n) => ({
      chat: n.chat,
      planId: n.planId,
      section: n.section,
      due: n.due,
      sendAt: n.sendAt,
      lead: n.lead,
      text: renderNotice(n, at, zone).text,
    })),
  };
}

/**
 * `reminders run --at <ISO>`: send the notices due at `at` through the channels
 * and record them; `{"sent": N, "failed": M}`. Throws DispatcherLockedError when
 * the running bot's dispatcher holds the store's lock.
 */
export async function run(
  ctx: ReminderCliContext,
  at: Date,
  channels: Partial<Record<Platform, Channel>>,
  options: { rate?: RateOptions } = {},
): Promise<{ sent: number; failed: number }> {
  const zone = ctx.zone ?? DEFAULT_ZONE;
  const dispatcher = createDispatcher({
    db: ctx.db,
    channels,
    source: createNoticeSource({
      settings: createChatSettingsStore(ctx.db),
      data: ctx.data,
      concernsUnit: ctx.concernsUnit,
      weekendToFriday: ctx.weekendToFriday,
      zone,
      logger: ctx.logger,
    }),
    clock: () => at,
    logger: ctx.logger ?? silentLogger,
    rate: options.rate,
    lookaheadMs: 0,
    zone,
  });
  try {
    const r = await dispatcher.runOnce(at);
    if (r.lockedOut) throw new DispatcherLockedError(dispatcher.lockHolder());
    return { sent: r.sent, failed: r.failed };
  } finally {
    await dispatcher.stop();
  }
}

/** `deadlines --ics [--plan ID] [--agency NAME]`: the iCalendar text of the engine's deadlines. */
export function ics(data: DeadlineData, filter: { planIds?: string[]; agency?: string } = {}, options: IcsOptions = {}): string {
  return deadlinesToIcs(data.deadlines(filter), data.listPlans(), options);
}
