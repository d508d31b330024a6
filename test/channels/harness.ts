/**
 * Test harnesses that run the real channels (Telegram, Zalo, console) against
 * loopback fakes, with the shared behaviour wrapped so a test can wait until a
 * message has been fully handled instead of sleeping.
 */
import { Writable, PassThrough } from "node:stream";
import Database from "better-sqlite3";
import { pino, type Logger } from "pino";
import { chatKey, type ChatRef, type Platform } from "../../src/core/channel.js";
import { createChatSettingsStore, type ChatSettingsStore } from "../../src/store/chatSettings.js";
import { createAccessPolicy } from "../../src/bot/access.js";
import { createBehaviour, type Behaviour, type BehaviourDeps } from "../../src/bot/behaviour.js";
import { createTelegramChannel, type TelegramChannel, type TelegramChannelOptions } from "../../src/channels/telegram/channel.js";
import { createZaloChannel, type ZaloChannel, type ZaloChannelOptions } from "../../src/channels/zalo/channel.js";
import { runConsoleChat } from "../../src/channels/console/channel.js";
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from "../support/fakeTelegramServer.js";
import { startFakeZalo, type FakeZalo, type FakeZaloOptions } from "../support/fakeZaloServer.js";
import { makeTestAssistant, type TestAssistant } from "../support/testAssistant.js";

/** A pino logger writing JSON records into an array. */
export function captureLogger(level: pino.Level = "debug"): { logger: Logger; records: () => Record<string, unknown>[]; raw: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      lines.push(chunk.toString("utf8"));
      cb();
    },
  });
  const logger = pino({ level }, stream);
  return {
    logger,
    records: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    raw: () => lines.join(""),
  };
}

/** Real SQLite settings store in memory. */
export function memorySettings(): ChatSettingsStore {
  return createChatSettingsStore(new Database(":memory:"));
}

/** Wraps a behaviour so tests can wait for "N messages of this chat handled". */
export function trackBehaviour(inner: Behaviour): {
  behaviour: Behaviour;
  handled(chat: ChatRef): number;
  waitHandled(chat: ChatRef, count: number, timeoutMs?: number): Promise<void>;
} {
  const counts = new Map<string, number>();
  const waiters = new Set<() => void>();
  const bump = (chat: ChatRef): void => {
    counts.set(chatKey(chat), (counts.get(chatKey(chat)) ?? 0) + 1);
    for (const w of [...waiters]) w();
  };
  const behaviour: Behaviour = {
    commands: inner.commands,
    buttonCommand: (data) => inner.buttonCommand(data),
    async handle(msg, reply, hooks) {
      try {
        await inner.handle(msg, reply, hooks);
      } finally {
        bump(msg.chat);
      }
    },
    async handleButton(chat, userId, data, reply, hooks) {
      try {
        await inner.handleButton(chat, userId, data, reply, hooks);
      } finally {
        bump(chat);
      }
    },
  };
  const handled = (chat: ChatRef): number => counts.get(chatKey(chat)) ?? 0;
  return {
    behaviour,
    handled,
    waitHandled: (chat, count, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (handled(chat) >= count) {
            clearTimeout(timer);
            waiters.delete(check);
            resolve();
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${chatKey(chat)}: ${handled(chat)} of ${count} messages handled within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
  };
}

/** Throttler limits that keep Telegram's shape but do not slow tests down. */
export const FAST_THROTTLE: TelegramChannelOptions["throttle"] = {
  global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1000 },
  group: { maxConcurrent: 1, minTime: 0, reservoir: 20, reservoirRefreshAmount: 20, reservoirRefreshInterval: 60_000 },
  out: { maxConcurrent: 1, minTime: 0 },
};

export interface ChatIds {
  group: string;
  privateChat: string;
  outsiderGroup: string;
  outsiderPrivate: string;
  admin: string;
  user: string;
}

export interface Say {
  chatId: string;
  group?: boolean;
  userId: string;
  text: string;
  mention?: boolean;
}

/** What the shared suite needs from a channel under test. */
export interface ChannelHarness {
  readonly platform: Platform;
  readonly ids: ChatIds;
  readonly assistant: TestAssistant;
  readonly settings: ChatSettingsStore;
  /** Log records written so far. */
  logs(): Record<string, unknown>[];
  /** Deliver a user message and resolve once the bot has finished handling it. */
  say(m: Say): Promise<void>;
  /** Messages the bot has sent to the chat so far, as the user reads them. */
  texts(chatId: string): string[];
  close(): Promise<void>;
}

interface CommonSetup {
  assistant: TestAssistant;
  settings: ChatSettingsStore;
  log: ReturnType<typeof captureLogger>;
  tracked: ReturnType<typeof trackBehaviour>;
}

async function commonSetup(ids: ChatIds, platform: Platform, extra: Partial<BehaviourDeps> = {}, engine: "real" | "fake" = "real"): Promise<CommonSetup> {
  const assistant = await makeTestAssistant({ engine });
  const settings = memorySettings();
  const log = captureLogger();
  const access = createAccessPolicy({
    allowedChatIds: [`${platform}:${ids.group}`, `${platform}:${ids.privateChat}`],
    adminUserIds: [`${platform}:${ids.admin}`],
    trustConsole: false,
  });
  const tracked = trackBehaviour(createBehaviour({ assistant, settings, access, logger: log.logger, ...extra }));
  return { assistant, settings, log, tracked };
}

export function unescapeHtml(html: string): string {
  return html.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&amp;/g, "&");
}

export const TELEGRAM_IDS: ChatIds = {
  group: "-100777",
  privateChat: "4242",
  outsiderGroup: "-100999",
  outsiderPrivate: "5555",
  admin: "1001",
  user: "4242",
};

export interface TelegramHarness extends ChannelHarness {
  readonly fake: FakeTelegram;
  readonly channel: TelegramChannel;
  readonly tracked: ReturnType<typeof trackBehaviour>;
  /** Wait until `count` messages/buttons of the chat are handled in total. */
  waitHandled(chatId: string, count: number): Promise<void>;
  handled(chatId: string): number;
}

export async function telegramHarness(
  opts: {
    fake?: FakeTelegramOptions;
    channel?: Partial<TelegramChannelOptions>;
    behaviour?: Partial<BehaviourDeps>;
    engine?: "real" | "fake";
  } = {},
): Promise<TelegramHarness> {
  const ids = TELEGRAM_IDS;
  const fake = await startFakeTelegram(opts.fake);
  const maxFileBytes = 1024 * 1024;
  const { assistant, settings, log, tracked } = await commonSetup(ids, "telegram", { maxFileBytes, ...opts.behaviour }, opts.engine);
  const channel = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    behaviour: tracked.behaviour,
    logger: log.logger,
    maxFileBytes,
    throttle: FAST_THROTTLE,
    ...opts.channel,
  });
  await channel.start();
  const ref = (chatId: string): ChatRef => ({ platform: "telegram", chatId });
  return {
    platform: "telegram",
    ids,
    assistant,
    settings,
    fake,
    channel,
    tracked,
    logs: log.records,
    handled: (chatId) => tracked.handled(ref(chatId)),
    waitHandled: (chatId, count) => tracked.waitHandled(ref(chatId), count),
    async say(m) {
      const target = tracked.handled(ref(m.chatId)) + 1;
      fake.pushMessage({
        chatId: m.chatId,
        chatType: m.group ? "supergroup" : "private",
        userId: Number(m.userId),
        text: m.text,
        ...(m.mention ? { mention: true } : {}),
      });
      await tracked.waitHandled(ref(m.chatId), target);
    },
    texts: (chatId) => fake.sentTo(chatId).filter((s) => s.method === "sendMessage").map((s) => unescapeHtml(s.text)),
    async close() {
      await channel.stop();
      await fake.close();
    },
  };
}

export const ZALO_IDS: ChatIds = {
  group: "g-777",
  privateChat: "u-4242",
  outsiderGroup: "g-999",
  outsiderPrivate: "u-5555",
  admin: "u-1001",
  user: "u-4242",
};

export interface ZaloHarness extends ChannelHarness {
  readonly fake: FakeZalo;
  readonly channel: ZaloChannel;
  readonly tracked: ReturnType<typeof trackBehaviour>;
  handled(chatId: string): number;
  waitHandled(chatId: string, count: number): Promise<void>;
}

export async function zaloHarness(
  opts: { fake?: FakeZaloOptions; channel?: Partial<ZaloChannelOptions>; behaviour?: Partial<BehaviourDeps> } = {},
): Promise<ZaloHarness> {
  const ids = ZALO_IDS;
  const fake = await startFakeZalo(opts.fake);
  const { assistant, settings, log, tracked } = await commonSetup(ids, "zalo", opts.behaviour);
  const channel = createZaloChannel({
    token: fake.token,
    apiBase: fake.apiBase,
    behaviour: tracked.behaviour,
    settings,
    logger: log.logger,
    pollTimeoutSec: 5,
    ...opts.channel,
  });
  await channel.start();
  const ref = (chatId: string): ChatRef => ({ platform: "zalo", chatId });
  return {
    platform: "zalo",
    ids,
    assistant,
    settings,
    fake,
    channel,
    tracked,
    logs: log.records,
    handled: (chatId) => tracked.handled(ref(chatId)),
    waitHandled: (chatId, count) => tracked.waitHandled(ref(chatId), count),
    async say(m) {
      const target = tracked.handled(ref(m.chatId)) + 1;
      fake.pushMessage({
        chatId: m.chatId,
        chatType: m.group ? "GROUP" : "PRIVATE",
        userId: m.userId,
        text: m.text,
        ...(m.mention ? { mention: true } : {}),
      });
      await tracked.waitHandled(ref(m.chatId), target);
    },
    texts: (chatId) => fake.sentTo(chatId).map((s) => s.text),
    async close() {
      await channel.stop();
      await fake.close();
    },
  };
}

export const CONSOLE_IDS: ChatIds = {
  group: "local",
  privateChat: "local",
  outsiderGroup: "other",
  outsiderPrivate: "other",
  admin: "admin",
  user: "user",
};

/** Console sessions, one per (chat, user), each a real runConsoleChat over in-memory streams. */
export async function consoleHarness(opts: { behaviour?: Partial<BehaviourDeps> } = {}): Promise<ChannelHarness> {
  const ids = CONSOLE_IDS;
  const { assistant, settings, log, tracked } = await commonSetup(ids, "console", opts.behaviour);
  const outputs = new Map<string, string[]>();
  const sessions = new Map<string, { input: PassThrough; done: Promise<void> }>();
  const session = (chatId: string, userId: string): PassThrough => {
    const key = `${chatId}|${userId}`;
    const existing = sessions.get(key);
    if (existing) return existing.input;
    const input = new PassThrough();
    // One write per message: the console channel writes each message at once.
    const output = new Writable({
      write(chunk: Buffer, _enc, cb) {
        const list = outputs.get(chatId) ?? [];
        list.push(chunk.toString("utf8").trim());
        outputs.set(chatId, list);
        cb();
      },
    });
    const done = runConsoleChat({ behaviour: tracked.behaviour, input, output, chatId, userId });
    sessions.set(key, { input, done });
    return input;
  };
  return {
    platform: "console",
    ids,
    assistant,
    settings,
    logs: log.records,
    async say(m) {
      const ref: ChatRef = { platform: "console", chatId: m.chatId };
      const target = tracked.handled(ref) + 1;
      session(m.chatId, m.userId).write(`${m.text}\n`);
      await tracked.waitHandled(ref, target);
    },
    texts: (chatId) => outputs.get(chatId) ?? [],
    async close() {
      for (const s of sessions.values()) s.input.end();
      await Promise.all([...sessions.values()].map((s) => s.done));
    },
  };
}
