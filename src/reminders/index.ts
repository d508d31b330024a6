/** Reminders wired together for `src/main.ts`: the dispatcher, the /nhacviec command and the notice buttons. */
import { chatKey, type Channel, type ChatRef, type OutgoingMessage, type Platform } from "../core/channel.js";
import type { Config } from "../config.js";
import type { ChatSettingsStore } from "../store/chatSettings.js";
import type { Db } from "../store/db.js";
import { createReminderCommands, isReminderButton, reminderButtonCommand, type ReminderCommands } from "./commands.js";
import { createDispatcher, type Dispatcher } from "./dispatcher.js";
import type { RateOptions } from "./rateLimit.js";
import { createNoticeSource, silentLogger, type DeadlineData, type ReminderLogger } from "./source.js";

// The reminders API, for main.ts, the CLI and the channels.
export { createDispatcher, DispatcherLockedError, type Dispatcher, type RunResult } from "./dispatcher.js";
export { createReminderCommands, isReminderButton, reminderButtonCommand, type ReminderCommands } from "./commands.js";
export { createOutbox, createLease, type Outbox } from "./outbox.js";
export { createNoticeSource, concernsUnitFromEngine, type DeadlineData } from "./source.js";
export { renderNotice } from "./noticeText.js";
export { deadlinesToIcs } from "./ics.js";
export * as remindersCli from "./cli.js";

/** The reminder settings read from the configuration. */
export type ReminderConfig = Pick<
  Config,
  "REMINDERS_ENABLED" | "REMINDER_LEAD_DAYS" | "REMINDER_TIME" | "REMINDER_WEEKEND_TO_FRIDAY" | "REMINDER_TICK_SECONDS" | "TZ_NAME"
>;

/** What the running bot gives the reminders. */
export interface RemindersDeps {
  db: Db;
  /** The engine (`Assistant`): deadlines, plans and agency matching. */
  data: DeadlineData;
  settings: ChatSettingsStore;
  channels: Partial<Record<Platform, Channel>>;
  config: ReminderConfig;
  logger?: ReminderLogger;
  rate?: RateOptions;
  clock?: () => Date;
}

/** The reminders of a running bot: dispatcher, command and buttons. */
export interface Reminders {
  dispatcher: Dispatcher;
  commands: ReminderCommands;
  /** Reply text for a reminder button ("done:…", "snooze:…"); null for other button data. */
  handleButton(data: string, chat: ChatRef): string | null;
  /** "rsec:<id>" (a section button whose plan id was too long for Telegram) as the behaviour's "sec:…" data; null otherwise. */
  sectionButton(data: string, chat: ChatRef): string | null;
  /** The command to type instead of a reminder button (text-only channels); null for other data. */
  buttonCommand(data: string): string | null;
  /** Start ticking (no-op when REMINDERS_ENABLED is false). */
  start(): void;
  /** Stop ticking and wait for sends in flight (graceful shutdown). */
  stop(): Promise<void>;
}

/**
 * Build the reminders for the running bot.
 * @example
 * const reminders = createReminders({ db, data: assistant, settings, channels: { telegram }, config, logger });
 * const behaviour = createBehaviour({ ..., extraCommands: { nhacviec: reminders.commands.extraCommand } });
 * reminders.start();
 * process.once("SIGTERM", async () => { await reminders.stop(); ... });
 */
export function createReminders(deps: RemindersDeps): Reminders {
  const zone = deps.config.TZ_NAME;
  const logger = deps.logger ?? silentLogger;
  const dispatcher = createDispatcher({
    db: deps.db,
    channels: deps.channels,
    source: createNoticeSource({
      settings: deps.settings,
      data: deps.data,
      weekendToFriday: deps.config.REMINDER_WEEKEND_TO_FRIDAY,
      zone,
      logger,
    }),
    clock: deps.clock,
    logger,
    rate: deps.rate ?? { globalPerSec: 30, perChatPerMin: 20 },
    tickSeconds: deps.config.REMINDER_TICK_SECONDS,
    zone,
  });
  const commands = createReminderCommands({
    settings: deps.settings,
    outbox: dispatcher.outbox,
    data: deps.data,
    clock: deps.clock,
    defaults: { leadDays: deps.config.REMINDER_LEAD_DAYS, sendTime: deps.config.REMINDER_TIME },
    weekendToFriday: deps.config.REMINDER_WEEKEND_TO_FRIDAY,
    zone,
  });
  return {
    dispatcher,
    commands,
    handleButton: (data, chat) => (isReminderButton(data) ? commands.handleButton(data, chat) : null),
    sectionButton(data, chat) {
      const m = /^rsec:([A-Za-z0-9_-]+)$/.exec(data);
      if (!m) return null;
      const n = dispatcher.outbox.findNotice(chatKey(chat), m[1]!);
      return n ? `sec:${n.planId}:${n.section}` : null;
    },
    buttonCommand(data) {
      const m = /^rsec:([A-Za-z0-9_-]+)$/.exec(data);
      if (!m) return reminderButtonCommand(data);
      const n = dispatcher.outbox.findNoticeById(m[1]!);
      return n ? `/muc ${n.section} ${n.planId}` : null;
    },
    start() {
      if (deps.config.REMINDERS_ENABLED) dispatcher.start();
    },
    stop: () => dispatcher.stop(),
  };
}

/** The part of the chat behaviour that handles buttons (src/bot's Behaviour fits). */
export interface ButtonHandling {
  handleButton(chat: ChatRef, userId: string, data: string, reply: (message: OutgoingMessage) => Promise<void>, hooks?: unknown): Promise<void>;
  buttonCommand(data: string): string | null;
}

/**
 * The behaviour with the reminder buttons added: "done:…" and "snooze:…" are
 * answered by the reminders, everything else goes to the behaviour; on
 * text-only channels (Zalo) the buttons become "/nhacviec xong <id>" hints.
 * Reminder buttons only act on notices sent to that same chat.
 */
export function withReminderButtons<B extends ButtonHandling>(
  behaviour: B,
  reminders: Pick<Reminders, "handleButton" | "sectionButton" | "buttonCommand">,
): B {
  return {
    ...behaviour,
    async handleButton(chat: ChatRef, userId: string, data: string, reply: (message: OutgoingMessage) => Promise<void>, hooks?: unknown) {
      const text = reminders.handleButton(data, chat);
      if (text !== null) return reply({ text });
      // The behaviour applies its access rules and shows the section.
      return behaviour.handleButton(chat, userId, reminders.sectionButton(data, chat) ?? data, reply, hooks);
    },
    buttonCommand: (data: string) => reminders.buttonCommand(data) ?? behaviour.buttonCommand(data),
  };
}
