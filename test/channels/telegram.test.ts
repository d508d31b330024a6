/** Telegram end to end: the real grammY bot against a loopback Bot API. */
import { afterEach, describe, expect, test } from "vitest";
import { ChannelSendError } from "../../src/core/errors.js";
import { messages } from "../../src/bot/messages.js";
import { createWebhookServer, type WebhookServer } from "../../src/channels/webhookServer.js";
import { isValidTelegramHtml } from "../support/fakeTelegramServer.js";
import { FIXTURE, makeTestAssistant, type TestAssistant } from "../support/testAssistant.js";
import { runCommonCases } from "./common.case.js";
import { captureLogger, telegramHarness, unescapeHtml, type TelegramHarness } from "./harness.js";

runCommonCases("Telegram", { groups: true }, () => telegramHarness());

describe("Telegram channel", () => {
  let h: TelegramHarness | undefined;
  let server: WebhookServer | undefined;
  afterEach(async () => {
    await h?.close();
    await server?.close();
    h = undefined;
    server = undefined;
  });

  const ask = async (harness: TelegramHarness, text: string, chatId = harness.ids.privateChat, userId = harness.ids.user) => {
    await harness.say({ chatId, userId, text, group: chatId.startsWith("-") });
    return harness.fake.sentTo(chatId);
  };

  test("registers Vietnamese commands, polls without a webhook and shows typing while answering", async () => {
    h = await telegramHarness();
    expect(h.fake.callsOf("deleteWebhook")).toHaveLength(1);
    const commands = Object.fromEntries(h.fake.commands.map((c) => [c.command, c.description]));
    expect(commands).toMatchObject({ hoi: "Hỏi về nội dung kế hoạch", donvi: "Đặt đơn vị của cuộc trò chuyện này", nap: expect.any(String) });
    await ask(h, FIXTURE.unitQuestion);
    expect(h.fake.callsOf("sendChatAction").map((c) => [String(c.params.chat_id), c.params.action])).toContainEqual([
      h.ids.privateChat,
      "typing",
    ]);
  });

  test("/nap with a document (caption) from an admin downloads and ingests it", async () => {
    h = await telegramHarness();
    const doc = h.fake.addFile("Kế hoạch phòng cháy chữa cháy năm 2025\n\nI. MỤC ĐÍCH\n", "pccc-2025.txt", "text/plain");
    const target = h.handled(h.ids.admin) + 1;
    h.fake.pushMessage({ chatId: h.ids.admin, userId: Number(h.ids.admin), text: "/nap", document: doc });
    await h.waitHandled(h.ids.admin, target);

    expect(h.fake.callsOf("getFile")).toHaveLength(1);
    expect(h.assistant.ingested).toEqual([{ fileName: "pccc-2025.txt", source: "telegram:pccc-2025.txt", size: doc.file_size }]);
    expect(h.assistant.listPlans().some((p) => p.title === "Kế hoạch phòng cháy chữa cháy năm 2025")).toBe(true);
    expect(unescapeHtml(h.fake.sentTo(h.ids.admin).at(-1)!.text)).toMatch(/^Đã nạp kế hoạch:\n• Kế hoạch phòng cháy/);
  });

  test("/nap replying to a document in the group ingests that document", async () => {
    h = await telegramHarness();
    const doc = h.fake.addFile("Kế hoạch chuyển đổi số năm 2025", "cds.md");
    const target = h.handled(h.ids.group) + 1;
    h.fake.pushMessage({ chatId: h.ids.group, userId: Number(h.ids.admin), text: "/nap", replyToDocument: doc });
    await h.waitHandled(h.ids.group, target);
    expect(h.assistant.ingested.map((i) => i.fileName)).toEqual(["cds.md"]);
  });

  test.each([
    { case: "a non-admin", file: "ke-hoach.docx", size: 100, user: "4242", reply: messages.adminOnly() },
    { case: "a wrong file type", file: "virus.exe", size: 100, user: "1001", reply: messages.napBadType("virus.exe") },
    { case: "a file over MAX_FILE_MB", file: "lon.pdf", size: 2 * 1024 * 1024, user: "1001", reply: messages.napTooBig(2, 1) },
  ])("/nap refuses $case before downloading anything", async ({ file, size, user, reply }) => {
    h = await telegramHarness();
    const doc = h.fake.addFile(Buffer.alloc(size, 65), file);
    const target = h.handled(user) + 1;
    h.fake.pushMessage({ chatId: user, userId: Number(user), text: "/nap", document: doc });
    await h.waitHandled(user, target);
    expect(h.fake.callsOf("getFile")).toHaveLength(0);
    expect(h.assistant.ingested).toHaveLength(0);
    expect(h.texts(user)).toEqual([reply]);
  });

  test("a failed download gives a short apology with an error id; the token stays out of the logs", async () => {
    h = await telegramHarness();
    const doc = h.fake.addFile("Kế hoạch", "kh.txt");
    h.fake.failNext("getFile", { error_code: 400, description: "Bad Request: file is temporarily unavailable" });
    const target = h.handled(h.ids.admin) + 1;
    h.fake.pushMessage({ chatId: h.ids.admin, userId: Number(h.ids.admin), text: "/nap", document: doc });
    await h.waitHandled(h.ids.admin, target);
    const [reply] = h.texts(h.ids.admin);
    expect(reply).toMatch(/^Xin lỗi, đã có lỗi khi xử lý yêu cầu\..*mã lỗi [0-9A-F]{8}\.$/);
    expect(h.assistant.ingested).toHaveLength(0);
    const logged = h.logs().find((r) => r.msg === "request failed");
    expect(JSON.stringify(logged)).toContain("file is temporarily unavailable");
    expect(JSON.stringify(h.logs())).not.toContain(h.fake.token);
  });

  test("a 429 with retry_after is waited out and the message still arrives", async () => {
    h = await telegramHarness();
    h.fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 1", retry_after: 1 });
    const sent = await ask(h, FIXTURE.unitQuestion);
    expect(sent).toHaveLength(1);
    expect(unescapeHtml(sent[0]!.text)).toContain(FIXTURE.unitSection);
    const attempts = h.fake.callsOf("sendMessage");
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
  });

  test("a 5,000-character answer arrives as two messages split at a paragraph, buttons on the last", async () => {
    h = await telegramHarness();
    const sent = await ask(h, FIXTURE.longQuestion);
    expect(h.assistant.longAnswer.length).toBeGreaterThan(4096);
    expect(sent).toHaveLength(2);
    for (const m of sent) expect(m.text.length).toBeLessThanOrEqual(4096);
    const [first, second] = sent.map((m) => unescapeHtml(m.text));
    // Split between paragraphs: the first ends a paragraph, the second starts one.
    expect(first).toMatch(/\.$/);
    expect(second).toMatch(/^Đoạn \d+\./);
    expect(`${first}\n\n${second}`).toContain(h.assistant.longAnswer);
    expect(sent[0]!.replyMarkup).toBeUndefined();
    expect(sent[1]!.replyMarkup?.inline_keyboard?.flat().map((b) => b.text)).toContain(messages.buttonSummary());
  });

  test("the fake's flood limit answers 429 and both parts of a long answer still arrive", async () => {
    h = await telegramHarness({ fake: { rateLimit: { perChat: { max: 1, windowMs: 1000 } } } });
    const sent = await ask(h, FIXTURE.longQuestion);
    expect(sent).toHaveLength(2);
    expect(h.fake.callsOf("sendMessage").map((c) => c.status)).toEqual([200, 429, 200]);
  });

  test("plan text with <, > and & renders safely through the “Xem toàn văn mục” button", async () => {
    // The canned engine's V.7 text carries "<b> & >"; the sample plans have no such characters.
    h = await telegramHarness({ engine: "fake" });
    const [answer] = await ask(h, FIXTURE.unitQuestion);
    const button = answer!.replyMarkup!.inline_keyboard!.flat().find((b) => b.text === messages.buttonSection(FIXTURE.unitSection))!;
    expect(button.callback_data).toBeDefined();

    const target = h.handled(h.ids.privateChat) + 1;
    h.fake.pushCallback({ chatId: h.ids.privateChat, userId: Number(h.ids.user), data: button.callback_data! });
    await h.waitHandled(h.ids.privateChat, target);

    expect(h.fake.callsOf("answerCallbackQuery")).toHaveLength(1);
    const shown = h.fake.sentTo(h.ids.privateChat).at(-1)!;
    expect(shown.parseMode).toBe("HTML");
    expect(isValidTelegramHtml(shown.text)).toBe(true);
    const sectionText = h.assistant.section(FIXTURE.planId, FIXTURE.unitSection)!.text;
    expect(unescapeHtml(shown.text)).toContain(sectionText);
    expect(sectionText).toContain("<b> & >");
    expect(shown.text).toContain("&lt;b&gt; &amp; &gt;");
  });

  test("a command addressed to another bot is ignored; one addressed to this bot is answered", async () => {
    h = await telegramHarness();
    const group = h.ids.group;
    h.fake.pushMessage({ chatId: group, userId: 4242, text: "/hoi@OtherBot Công an huyện phải làm gì?" });
    const target = h.handled(group) + 1;
    h.fake.pushMessage({ chatId: group, userId: 4242, text: `/hoi@${h.fake.bot.username} ${FIXTURE.unitQuestion}` });
    await h.waitHandled(group, target);
    expect(h.texts(group)).toHaveLength(1);
    expect(h.assistant.asks.map((a) => a.question)).toEqual([FIXTURE.unitQuestion]);
    // In a group the answer quotes the question it answers.
    expect(h.fake.sentTo(group)[0]!.replyTo).toBeDefined();
  });

  test("a reply to the bot's message in a group counts as addressed", async () => {
    h = await telegramHarness();
    const target = h.handled(h.ids.group) + 1;
    h.fake.pushMessage({ chatId: h.ids.group, userId: 4242, text: FIXTURE.unitQuestion, replyToBot: true });
    await h.waitHandled(h.ids.group, target);
    expect(h.texts(h.ids.group)).toHaveLength(1);
  });

  test("a slow answer does not block other chats, and stop() lets it finish", async () => {
    const base = await makeTestAssistant();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: TestAssistant = Object.assign(Object.create(base) as TestAssistant, {
      ask: async (q: string, ctx: object) => {
        if (q.includes("chậm")) await gate;
        return base.ask(q, ctx);
      },
    });
    h = await telegramHarness({ behaviour: { assistant: slow } });
    h.fake.pushMessage({ chatId: h.ids.group, userId: 4242, text: "/hoi câu hỏi chậm về Công an huyện" });
    await h.fake.waitFor(() => h!.fake.callsOf("sendChatAction").length > 0);
    await ask(h, FIXTURE.unitQuestion);
    expect(h.texts(h.ids.privateChat)).toHaveLength(1);
    expect(h.texts(h.ids.group)).toHaveLength(0);

    const stopping = h.channel.stop();
    release();
    await stopping;
    expect(h.texts(h.ids.group)).toHaveLength(1);
    // Handled updates are acknowledged, so a restart would not answer them again.
    const lastPoll = h.fake.callsOf("getUpdates").at(-1)!;
    expect(Number(lastPoll.params.offset)).toBeGreaterThan(1);
    expect(h.fake.pendingUpdates).toBe(0);
  });

  test("Channel.send splits and escapes; a refused send is a ChannelSendError with retry_after", async () => {
    h = await telegramHarness();
    await h.channel.send("-100777", { text: "Nhắc việc: <hạn> & báo cáo" });
    expect(h.fake.sentTo("-100777")[0]!.text).toBe("Nhắc việc: &lt;hạn&gt; &amp; báo cáo");

    h.fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 120", retry_after: 120 });
    const err = await h.channel.send("-100777", { text: "lần hai" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChannelSendError);
    expect((err as ChannelSendError).retryAfterSec).toBe(120);
    expect((err as ChannelSendError).message).not.toContain(h.fake.token);

    h.fake.failNext("sendMessage", { error_code: 403, description: "Forbidden: bot was kicked from the group chat" });
    const kicked = await h.channel.send("-100777", { text: "lần ba" }).catch((e: unknown) => e);
    expect((kicked as ChannelSendError).reason).toContain("403");
  });

  test("sendDocument uploads the file (multipart) with its caption", async () => {
    h = await telegramHarness();
    await h.channel.sendDocument!("4242", "han-chot.ics", Buffer.from("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"), "Lịch hạn chót");
    const doc = h.fake.sentTo("4242")[0]!;
    expect(doc.method).toBe("sendDocument");
    expect(doc.text).toBe("Lịch hạn chót");
    expect(doc.document?.fileName).toBe("han-chot.ics");
    expect(doc.document?.content.toString()).toContain("BEGIN:VCALENDAR");
  });

  test("webhook mode: the secret token is registered and checked (401 without it)", async () => {
    const log = captureLogger();
    server = createWebhookServer({ port: 0, host: "127.0.0.1", logger: log.logger });
    const port = await server.listen();
    const url = `http://127.0.0.1:${port}/telegram`;
    h = await telegramHarness({ channel: { webhook: { url, secret: "s3cret_Token-1", server } } });
    expect(h.fake.webhook).toEqual({ url, secret_token: "s3cret_Token-1" });
    expect(h.fake.callsOf("deleteWebhook")).toHaveLength(0);

    const update = { update_id: 9001, ...h.fake.buildMessage({ chatId: h.ids.privateChat, userId: 4242, text: FIXTURE.unitQuestion }) };
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update) });

    expect((await post({})).status).toBe(401);
    expect((await post({ "X-Telegram-Bot-Api-Secret-Token": "wrong" })).status).toBe(401);
    expect(h.handled(h.ids.privateChat)).toBe(0);

    const ok = await post({ "X-Telegram-Bot-Api-Secret-Token": "s3cret_Token-1" });
    expect(ok.status).toBe(200);
    await h.waitHandled(h.ids.privateChat, 1);
    expect(h.texts(h.ids.privateChat)[0]).toContain(FIXTURE.unitSection);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  });

  test("the bot token never appears in logs", async () => {
    h = await telegramHarness();
    await ask(h, FIXTURE.failingQuestion);
    h.fake.failNext("sendMessage", { error_code: 400, description: "Bad Request: chat not found" });
    await h.channel.send("123", { text: "x" }).catch(() => undefined);
    const raw = JSON.stringify(h.logs());
    expect(raw.length).toBeGreaterThan(0);
    expect(raw).not.toContain(h.fake.token);
    expect(raw).not.toContain(h.fake.token.split(":")[1]);
  });
});

describe("Telegram channel without retries", () => {
  test("retry: false surfaces a 429 at once as ChannelSendError.retryAfterSec", async () => {
    const h = await telegramHarness({ channel: { retry: false } });
    try {
      h.fake.failNext("sendMessage", { error_code: 429, description: "Too Many Requests: retry after 5", retry_after: 5 });
      const started = Date.now();
      const err = await h.channel.send("4242", { text: "Nhắc việc" }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeLessThan(1000);
      expect((err as ChannelSendError).retryAfterSec).toBe(5);
    } finally {
      await h.close();
    }
  });
});
