/** Builds every subscribed chat's notices from the stored deadlines and chat settings (the dispatcher's source). */
import type { DeadlineItem } from "../core/types.js";
import type { ChatSettings } from "../store/chatSettings.js";
import {
  DEFAULT_ZONE,
  buildOccurrences,
  isPassed,
  scheduleChats,
  type ConcernsUnit,
  type Notice,
  type PlanInfo,
  type ScheduleOptions,
} from "./schedule.js";

/** What the reminders read from the engine; `Assistant` satisfies it. */
export interface DeadlineData {
  deadlines(opts?: { planIds?: string[]; agency?: string }): DeadlineItem[];
  listPlans(): PlanInfo[];
}

/** Subscribed chats; `ChatSettingsStore` satisfies it. */
export interface SubscribedChats {
  listSubscribed(): ChatSettings[];
}

/** Minimal structured logger (pino-compatible). */
export interface ReminderLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** A logger that drops everything. */
export const silentLogger: ReminderLogger = { debug() {}, info() {}, warn() {}, error() {} };

const identities = new WeakMap<DeadlineItem, string>();
const identity = (d: DeadlineItem): string => {
  let id = identities.get(d);
  if (id === undefined) {
    id = `${d.planId}\u0000${d.section}\u0000${d.due ?? ""}\u0000${d.text}`;
    identities.set(d, id);
  }
  return id;
};

/**
 * The engine's agency matching as a unit predicate: a deadline concerns a unit
 * when the engine lists it for that agency (its own, via its groups), and
 * plan-wide duties naming no agency concern everyone. Results are cached per
 * unit for the life of the returned function; make one per evaluation.
 */
export function concernsUnitFromEngine(data: Pick<DeadlineData, "deadlines">): ConcernsUnit {
  const cache = new Map<string, Set<string>>();
  return (deadline, unit) => {
    if (deadline.agencies.length === 0) return true;
    let set = cache.get(unit);
    if (!set) {
      set = new Set(data.deadlines({ agency: unit }).map(identity));
      cache.set(unit, set);
    }
    return set.has(identity(deadline));
  };
}

/** Where the dispatcher's source reads chats and deadlines, and how it schedules. */
export interface NoticeSourceOptions {
  settings: SubscribedChats;
  data: DeadlineData;
  /** Unit predicate factory; default: the engine's matching ({@link concernsUnitFromEngine}). */
  concernsUnit?: () => ConcernsUnit;
  weekendToFriday?: boolean;
  zone?: string;
  logger?: ReminderLogger;
  /**
   * Only notices sent up to this long after `at` (default 24 h; Infinity for all).
   * Keep it at least the dispatcher's `lookaheadMs`.
   */
  horizonMs?: number;
}

/** Settings of a chat the bot may write to: Zalo bots only reach chats that wrote to them. */
export function canReach(s: Pick<ChatSettings, "chat" | "lastInboundAt">): boolean {
  return !s.chat.startsWith("zalo:") || s.lastInboundAt !== null;
}

/**
 * The dispatcher's source: at `at`, every notice of every subscribed chat whose
 * deadline has not passed and whose send time is before the horizon (past send
 * times included: the dispatcher decides what is due). Zalo chats that never wrote to the bot are left out (logged once).
 */
export function createNoticeSource(options: NoticeSourceOptions): (at: Date) => Notice[] {
  const zone = options.zone ?? DEFAULT_ZONE;
  const log = options.logger ?? silentLogger;
  const unreachableLogged = new Set<string>();
  return (at) => {
    const plans = options.data.listPlans();
    const occurrences = buildOccurrences(options.data.deadlines(), plans).filter((o) => !isPassed(o.due, at, zone));
    if (occurrences.length === 0) return [];
    const planMap = new Map(plans.map((p) => [p.id, p]));
    const scheduleOptions: ScheduleOptions = {
      until: at.getTime() + (options.horizonMs ?? 24 * 3600_000),
      collapseBefore: at.getTime(),
      zone,
      weekendToFriday: options.weekendToFriday ?? true,
      concernsUnit: options.concernsUnit ? options.concernsUnit() : concernsUnitFromEngine(options.data),
    };
    const reachable = options.settings.listSubscribed().filter((chat) => {
      if (canReach(chat)) return true;
      if (!unreachableLogged.has(chat.chat)) {
        unreachableLogged.add(chat.chat);
        log.warn({ chat: chat.chat }, "reminders: Zalo chat has never written to the bot; notices cannot be delivered");
      }
      return false;
    });
    return scheduleChats(occurrences, planMap, reachable, scheduleOptions);
  };
}
