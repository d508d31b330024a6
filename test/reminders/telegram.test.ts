import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createChatSettingsStore } from "../../src/store/chatSettings.js";
import type { Db } from "../../src/store/db.js";
import { createDispatcher } from "../../src/reminders/dispatcher.js";
import { createNoticeSource } from "../../src/reminders/source.js";
import { startFakeTelegram, type FakeTelegram } from "../support/fakeTelegramServer.js";
import { PLANS, item, t } from "./helpers.js";
import { captureLogger, tempStore } from "./support/memory.js";
import { sendOnlyTelegram } from "./support/telegram.js";

let store: ReturnType<typeof tempStore>;
let db: Db;
let fake: FakeTelegram;

beforeEach(async () => {
  store = tempStore();
  db = store.open();
  fake = await startFakeTelegram({ rateLimit: { globalPerSecond: 30, perChat: { max: 20, windowMs: 60_000 } } });
});
afterEach(async () => {
  await fake.close();
  store.cleanup();
});

function dispatcherFor(chats: number) {
  const settings = createChatSettingsStore(db);
  for (let i = 0; i < chats; i++) settings.update(`telegram:-100${i}`, { remindersEnabled: true, leadDays: [3] });
  const logger = captureLogger();
  return {
    logger,
    dispatcher: createDispatcher({
      db,
      channels: { telegram: sendOnlyTelegram(fake.apiRoot, fake.token) },
      source: createNoticeSource({ settings, data: { deadlines: () => [item()], listPlans: () => PLANS } }),
      logger,
    }),
  };
}

describe("through the loopback Telegram Bot API", () => {
  test("45 groups at Telegram's rate: all delivered once, paced under the server's limit", async () => {
    const { dispatcher } = dispatcherFor(45);
    const started = Date.now();
    const r = await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"));
    const elapsed = Date.now() - started;
    expect(r).toMatchObject({ sent: 45, failed: 0 });
    expect(fake.sent.size).toBe(45);
    expect([...fake.sent.values()].every((l) => l.length === 1)).toBe(true);
    // Paced at 30 per 1.05 s: the server's limiter should not have to refuse (a rare one under heavy CI load is tolerated).
    expect(fake.calls.filter((c) => c.status === 429).length).toBeLessThanOrEqual(1);
    expect(elapsed).toBeGreaterThanOrEqual(1000);
    const m = fake.sentTo("-1000")[0]!;
    expect(m.text).toContain("Hạn chót: Thứ Ba, 05/11/2019 — còn 4 ngày");
    expect(m.replyMarkup?.inline_keyboard?.flat().map((b) => b.callback_data?.split(":")[0])).toEqual(["sec", "done", "snooze"]);
    await dispatcher.stop();
  });

  test("a 429 with retry_after is obeyed and the notice delivered once", async () => {
    const { dispatcher } = dispatcherFor(3);
    fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 });
    const started = Date.now();
    const r = await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"));
    expect(r).toMatchObject({ sent: 3, failed: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect([...fake.sent.values()].map((l) => l.length)).toEqual([1, 1, 1]);
    await dispatcher.stop();
  });

  test("a refused chat (403) fails without blocking the others", async () => {
    const { dispatcher, logger } = dispatcherFor(3);
    fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was kicked from the group chat" });
    const r = await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"));
    expect(r).toMatchObject({ sent: 2, failed: 1 });
    expect(logger.entries.some((e) => e.level === "warn" && JSON.stringify(e.obj).includes("kicked"))).toBe(true);
    await dispatcher.stop();
  });
});
