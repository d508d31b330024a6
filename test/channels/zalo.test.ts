/** Zalo end to end: the typed client and channel against a loopback Zalo Bot API. */
import { afterEach, describe, expect, test } from "vitest";
import { messages } from "../../src/bot/messages.js";
import { createWebhookServer, type WebhookServer } from "../../src/channels/webhookServer.js";
import { createZaloClient, ZaloApiError, ZaloNetworkError } from "../../src/channels/zalo/client.js";
import { ChannelSendError } from "../../src/core/errors.js";
import { startFakeZalo, type FakeZalo } from "../support/fakeZaloServer.js";
import { FIXTURE } from "../support/testAssistant.js";
import { runCommonCases } from "./common.case.js";
import { captureLogger, zaloHarness, type ZaloHarness } from "./harness.js";

runCommonCases("Zalo", { groups: true }, () => zaloHarness());

describe("Zalo channel", () => {
  let h: ZaloHarness | undefined;
  let server: WebhookServer | undefined;
  afterEach(async () => {
    await h?.close();
    await server?.close();
    h = undefined;
    server = undefined;
  });

  test("a 5,000-character answer arrives as plain-text messages under 2,000 characters, split at paragraphs", async () => {
    h = await zaloHarness();
    await h.say({ chatId: h.ids.privateChat, userId: h.ids.user, text: FIXTURE.longQuestion });
    const texts = h.texts(h.ids.privateChat);
    expect(texts.length).toBeGreaterThanOrEqual(Math.ceil(h.assistant.longAnswer.length / 2000));
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(2000);
    for (const t of texts.slice(1)) expect(t).toMatch(/^(Đoạn \d+\.|Nguồn:)/);
    expect(texts.join("\n\n")).toContain(h.assistant.longAnswer);
    // No buttons on Zalo: they become commands to type.
    expect(texts.at(-1)).toContain(messages.buttonHint(messages.buttonSummary(), `/tomtat ${FIXTURE.planId}`));
  });

  test("plan text is sent as plain text, not escaped", async () => {
    h = await zaloHarness();
    await h.say({ chatId: h.ids.privateChat, userId: h.ids.user, text: `/muc ${FIXTURE.unitSection} ${FIXTURE.planId}` });
    const [shown] = h.texts(h.ids.privateChat);
    expect(shown).toContain(h.assistant.section(FIXTURE.planId, FIXTURE.unitSection)!.text);
    expect(shown).not.toContain("&lt;");
  });

  test("a duplicate delivery (same message_id) is answered once", async () => {
    h = await zaloHarness();
    const chat = h.ids.privateChat;
    const original = h.fake.buildMessage({ chatId: chat, userId: h.ids.user, text: FIXTURE.unitQuestion });
    const id = (original.message as { message_id: string }).message_id;
    h.fake.pushUpdate(original);
    h.fake.pushUpdate(h.fake.buildMessage({ chatId: chat, userId: h.ids.user, text: FIXTURE.unitQuestion, messageId: id }));
    h.fake.pushMessage({ chatId: chat, userId: h.ids.user, text: "/donvi Công an huyện" });
    // Two handled (the original and /donvi): the duplicate never reached the behaviour.
    await h.waitHandled(chat, 2);
    expect(h.handled(chat)).toBe(2);
    expect(h.assistant.asks).toHaveLength(1);
    expect(h.texts(chat)).toHaveLength(2);
    expect(h.texts(chat)[1]).toBe(messages.unitSet("Công an huyện"));
  });

  test("records chats that wrote to the bot, including group chatter it does not answer", async () => {
    h = await zaloHarness();
    expect(h.settings.get({ platform: "zalo", chatId: h.ids.group }).lastInboundAt).toBeNull();
    h.fake.pushMessage({ chatId: h.ids.group, chatType: "GROUP", userId: h.ids.user, text: "Chào cả nhà" });
    h.fake.pushMessage({ chatId: h.ids.group, chatType: "GROUP", userId: h.ids.user, text: "/trogiup" });
    await h.waitHandled(h.ids.group, 2);
    expect(h.settings.get({ platform: "zalo", chatId: h.ids.group }).lastInboundAt).not.toBeNull();
    expect(h.texts(h.ids.group)).toHaveLength(1);
    expect(h.texts(h.ids.group)[0]).toMatch(/^Các lệnh của Trợ lý Kế hoạch/);
  });

  test("shows typing while answering a question", async () => {
    h = await zaloHarness();
    await h.say({ chatId: h.ids.privateChat, userId: h.ids.user, text: FIXTURE.unitQuestion });
    expect(h.fake.callsOf("sendChatAction").map((c) => c.params)).toContainEqual({ chat_id: h.ids.privateChat, action: "typing" });
  });

  test("Channel.send maps an API refusal to ChannelSendError", async () => {
    h = await zaloHarness();
    h.fake.failNext("sendMessage", { error_code: 403, description: "User has not interacted with the bot" });
    const err = await h.channel.send("u-9", { text: "Nhắc việc" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelSendError);
    expect((err as ChannelSendError).reason).toBe("403: User has not interacted with the bot");
  });

  test("stop() ends a pending long poll promptly", async () => {
    h = await zaloHarness({ fake: { idleWaitMs: 20_000 } });
    await h.fake.waitFor(() => h!.fake.callsOf("getMe").length > 0 && h!.fake.pendingUpdates === 0);
    const started = Date.now();
    await h.channel.stop();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  test("webhook mode: secret registered, compared in constant time, 401 without it", async () => {
    const log = captureLogger();
    server = createWebhookServer({ port: 0, host: "127.0.0.1", logger: log.logger });
    const port = await server.listen();
    const url = `http://127.0.0.1:${port}/zalo`;
    h = await zaloHarness({ channel: { webhook: { url, secret: "zalo-webhook-secret", server } } });
    expect(h.fake.webhook).toEqual({ url, secret_token: "zalo-webhook-secret" });
    expect(h.fake.callsOf("getUpdates")).toHaveLength(0);

    const update = h.fake.buildMessage({ chatId: h.ids.privateChat, userId: h.ids.user, text: FIXTURE.unitQuestion });
    const post = (headers: Record<string, string>, body: unknown = update) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

    expect((await post({})).status).toBe(401);
    expect((await post({ "X-Bot-Api-Secret-Token": "zalo-webhook-secreT" })).status).toBe(401);
    expect((await post({ "X-Bot-Api-Secret-Token": "short" })).status).toBe(401);
    expect(h.handled(h.ids.privateChat)).toBe(0);

    expect((await post({ "X-Bot-Api-Secret-Token": "zalo-webhook-secret" })).status).toBe(200);
    await h.waitHandled(h.ids.privateChat, 1);
    expect(h.texts(h.ids.privateChat)[0]).toContain(FIXTURE.unitSection);

    // The same update again (a retry by Zalo) is ignored; a wrapped {ok, result} body is accepted.
    await post({ "X-Bot-Api-Secret-Token": "zalo-webhook-secret" });
    const wrapped = { ok: true, result: h.fake.buildMessage({ chatId: h.ids.privateChat, userId: h.ids.user, text: "/donvi UBND xã" }) };
    expect((await post({ "X-Bot-Api-Secret-Token": "zalo-webhook-secret" }, wrapped)).status).toBe(200);
    await h.waitHandled(h.ids.privateChat, 2);
    expect(h.texts(h.ids.privateChat)).toHaveLength(2);
    expect(h.texts(h.ids.privateChat)[1]).toBe(messages.unitSet("UBND xã"));
  });
});

describe("Zalo client", () => {
  let fake: FakeZalo | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  test("getUpdates returns one update, then an empty list when the API answers 408", async () => {
    fake = await startFakeZalo({ idleWaitMs: 50 });
    const client = createZaloClient({ token: fake.token, apiBase: fake.apiBase });
    fake.pushMessage({ chatId: "u-1", text: "Xin chào" });
    fake.pushMessage({ chatId: "u-2", text: "Chào bạn" });
    const first = await client.getUpdates({ timeout: 1 });
    expect(first.map((u) => u.message?.text)).toEqual(["Xin chào"]);
    expect((await client.getUpdates({ timeout: 1 })).map((u) => u.message?.chat.id)).toEqual(["u-2"]);
    expect(await client.getUpdates({ timeout: 1 })).toEqual([]);
    expect(fake.callsOf("getUpdates").at(-1)?.params).toEqual({ timeout: "1" });
  });

  test("getMe, sendMessage and webhook methods speak the documented shapes", async () => {
    fake = await startFakeZalo();
    const client = createZaloClient({ token: fake.token, apiBase: fake.apiBase });
    expect((await client.getMe()).account_name).toBe(fake.bot.account_name);
    const sent = await client.sendMessage({ chat_id: "u-1", text: "Xin chào" });
    expect(sent.message_id).toMatch(/^s/);
    await client.setWebhook({ url: "https://example.gov.vn/zalo", secret_token: "12345678" });
    expect((await client.getWebhookInfo()).url).toBe("https://example.gov.vn/zalo");
    await client.deleteWebhook();
    expect(fake.webhook).toBeNull();
  });

  test("ok:false becomes ZaloApiError with method and code; the token never shows", async () => {
    fake = await startFakeZalo();
    const client = createZaloClient({ token: fake.token, apiBase: fake.apiBase });
    const err = await client.sendMessage({ chat_id: "u-1", text: "x".repeat(2001) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloApiError);
    expect(err).toMatchObject({ method: "sendMessage", code: 400 });
    const wrongToken = createZaloClient({ token: "999:wrong-token-value", apiBase: fake.apiBase });
    const unauthorized = await wrongToken.getMe().catch((e: unknown) => e);
    expect(unauthorized).toMatchObject({ name: "ZaloApiError", code: 401 });
    expect(String((unauthorized as Error).message)).not.toContain("wrong-token-value");
  });

  test("a network failure is a ZaloNetworkError without the token", async () => {
    fake = await startFakeZalo();
    const base = fake.apiBase;
    await fake.close();
    fake = undefined;
    const token = "123456:very-secret-token";
    const client = createZaloClient({ token, apiBase: base });
    const err = await client.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZaloNetworkError);
    expect((err as Error).message).not.toContain("very-secret-token");
    // A fetch that puts the URL in its error must not leak the token either.
    const leaky = createZaloClient({
      token,
      apiBase: base,
      fetch: async (url) => {
        throw new Error(`request to ${String(url)} failed`);
      },
    });
    const leaked = await leaky.getMe().catch((e: unknown) => e);
    expect((leaked as Error).message).toContain("***");
    expect((leaked as Error).message).not.toContain("very-secret-token");
  });

  test("an unexpected response shape is rejected by validation", async () => {
    const client = createZaloClient({
      token: "1:t",
      apiBase: "http://zalo.invalid",
      fetch: async () => new Response(JSON.stringify({ ok: true, result: { account_name: "no id" } }), { status: 200 }),
    });
    await expect(client.getMe()).rejects.toBeInstanceOf(ZaloNetworkError);
  });
});
