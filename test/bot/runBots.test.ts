/** startBots: configuration to running bots (polling and webhook), start-up logs, graceful stop. */
import { afterEach, describe, expect, test } from "vitest";
import { configSchema } from "../../src/config.js";
import { startBots, type RunningBots } from "../../src/bot/runBots.js";
import { startFakeTelegram, type FakeTelegram } from "../support/fakeTelegramServer.js";
import { startFakeZalo, type FakeZalo } from "../support/fakeZaloServer.js";
import { FIXTURE, makeTestAssistant } from "../support/testAssistant.js";
import { captureLogger, FAST_THROTTLE, memorySettings } from "../channels/harness.js";

describe("startBots", () => {
  let tg: FakeTelegram | undefined;
  let zalo: FakeZalo | undefined;
  let bots: RunningBots | undefined;
  afterEach(async () => {
    await bots?.stop();
    await tg?.close();
    await zalo?.close();
    bots = tg = zalo = undefined;
  });

  const config = (env: Record<string, string>) => configSchema.parse(env);

  test("with no token nothing starts (the caller runs the console chat)", async () => {
    const log = captureLogger();
    bots = await startBots(config({}), { assistant: await makeTestAssistant(), settings: memorySettings(), logger: log.logger });
    expect(bots.any).toBe(false);
    expect(bots.channels).toEqual({});
    expect(log.records().some((r) => r.level === 40 && String(r.msg).includes("answers in every chat"))).toBe(true);
  });

  test("polling: both platforms answer from one process, and stop() shuts down cleanly", async () => {
    tg = await startFakeTelegram();
    zalo = await startFakeZalo();
    const log = captureLogger();
    const settings = memorySettings();
    bots = await startBots(
      config({
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        ZALO_BOT_TOKEN: zalo.token,
        ZALO_API_BASE: zalo.apiBase,
        ALLOWED_CHAT_IDS: "telegram:4242,zalo:u-1",
        ADMIN_USER_IDS: "telegram:1001",
      }),
      { assistant: await makeTestAssistant(), settings, logger: log.logger, telegram: { throttle: FAST_THROTTLE }, zalo: { pollTimeoutSec: 1 } },
    );
    expect(bots.any).toBe(true);
    expect(bots.channel("telegram")?.platform).toBe("telegram");
    expect(bots.channel("zalo")?.platform).toBe("zalo");
    expect(log.records().some((r) => r.level === 30 && String(r.msg).includes("ALLOWED_CHAT_IDS"))).toBe(true);
    expect(log.records().some((r) => String(r.msg).includes("answers in every chat"))).toBe(false);

    tg.pushMessage({ chatId: 4242, userId: 4242, text: FIXTURE.unitQuestion });
    zalo.pushMessage({ chatId: "u-1", userId: "u-1", text: FIXTURE.unitQuestion });
    await tg.waitFor(() => tg!.sentTo(4242).length === 1);
    await zalo.waitFor(() => zalo!.sentTo("u-1").length === 1);
    expect(zalo.sentTo("u-1")[0]!.text).toContain(FIXTURE.unitSection);
    expect(settings.get("zalo:u-1").lastInboundAt).not.toBeNull();

    await bots.stop();
    await bots.stop();
    expect(log.records().some((r) => r.msg === "chat bots stopped")).toBe(true);
    // Nothing is polling any more.
    const polls = tg.callsOf("getUpdates").length + zalo.callsOf("getUpdates").length;
    tg.pushMessage({ chatId: 4242, userId: 4242, text: "còn ai không?" });
    zalo.pushMessage({ chatId: "u-1", userId: "u-1", text: "còn ai không?" });
    expect(tg.callsOf("getUpdates").length + zalo.callsOf("getUpdates").length).toBe(polls);
    expect(JSON.stringify(log.records())).not.toContain(tg.token);
  });

  test("webhook mode: one server, /telegram and /zalo routes with secrets, a health route, closed on stop", async () => {
    tg = await startFakeTelegram();
    zalo = await startFakeZalo();
    const log = captureLogger();
    bots = await startBots(
      {
        ...config({
          TELEGRAM_BOT_TOKEN: tg.token,
          TELEGRAM_API_ROOT: tg.apiRoot,
          ZALO_BOT_TOKEN: zalo.token,
          ZALO_API_BASE: zalo.apiBase,
          WEBHOOK_URL: "https://bot.example.gov.vn/hooks/",
          WEBHOOK_SECRET: "một bí mật có dấu cách",
        }),
        WEBHOOK_PORT: 0,
      },
      { assistant: await makeTestAssistant(), settings: memorySettings(), logger: log.logger, webhookHost: "127.0.0.1", telegram: { throttle: FAST_THROTTLE } },
    );
    const port = bots.webhookServer!.port;
    expect(port).toBeGreaterThan(0);
    expect(tg.webhook?.url).toBe("https://bot.example.gov.vn/hooks/telegram");
    expect(zalo.webhook?.url).toBe("https://bot.example.gov.vn/hooks/zalo");
    // Secrets travel in HTTP headers (Telegram: only [A-Za-z0-9_-]): a hashed form is registered.
    expect(tg.webhook?.secret_token).toMatch(/^[0-9a-f]{64}$/);
    expect(zalo.webhook?.secret_token).toBe(tg.webhook?.secret_token);

    const base = `http://127.0.0.1:${port}`;
    const post = (path: string, headers: Record<string, string>, body: unknown) =>
      fetch(`${base}${path}`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
    const tgUpdate = { update_id: 1, ...tg.buildMessage({ chatId: 4242, userId: 4242, text: FIXTURE.unitQuestion }) };
    const zaloUpdate = zalo.buildMessage({ chatId: "u-1", userId: "u-1", text: FIXTURE.unitQuestion });

    expect((await post("/hooks/telegram", {}, tgUpdate)).status).toBe(401);
    expect((await post("/hooks/zalo", { "X-Bot-Api-Secret-Token": "sai" }, zaloUpdate)).status).toBe(401);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/khong-co`)).status).toBe(404);

    expect((await post("/hooks/telegram", { "X-Telegram-Bot-Api-Secret-Token": tg.webhook!.secret_token! }, tgUpdate)).status).toBe(200);
    expect((await post("/hooks/zalo", { "X-Bot-Api-Secret-Token": zalo.webhook!.secret_token }, zaloUpdate)).status).toBe(200);
    await tg.waitFor(() => tg!.sentTo(4242).length === 1);
    await zalo.waitFor(() => zalo!.sentTo("u-1").length === 1);

    await bots.stop();
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });

  test("a bot that cannot start fails startBots without the token in the error, stopping the others", async () => {
    tg = await startFakeTelegram();
    zalo = await startFakeZalo();
    const log = captureLogger();
    const err = await startBots(
      config({
        TELEGRAM_BOT_TOKEN: tg.token,
        TELEGRAM_API_ROOT: tg.apiRoot,
        ZALO_BOT_TOKEN: "123:wrong-zalo-token",
        ZALO_API_BASE: zalo.apiBase,
      }),
      { assistant: await makeTestAssistant(), settings: memorySettings(), logger: log.logger, telegram: { throttle: FAST_THROTTLE } },
    ).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).toBeInstanceOf(Error);
    expect(err!.message).toMatch(/could not start the chat bots: .*401/);
    expect(err!.message).not.toContain("wrong-zalo-token");
    // Telegram had started polling; it was stopped again.
    expect(log.records().some((r) => r.msg === "telegram bot stopped")).toBe(true);
  });
});
