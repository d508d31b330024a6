/** The channel-independent conversation, driven directly with a reply collector. */
import { describe, expect, test, vi } from "vitest";
import type { IncomingMessage, OutgoingMessage } from "../../src/core/channel.js";
import { createAccessPolicy } from "../../src/bot/access.js";
import { createBehaviour, type BehaviourDeps, type CommandContext } from "../../src/bot/behaviour.js";
import { messages } from "../../src/bot/messages.js";
import { captureLogger, memorySettings } from "../channels/harness.js";
import { FIXTURE, makeTestAssistant, type TestAssistant } from "../support/testAssistant.js";

interface Setup {
  assistant: TestAssistant;
  settings: ReturnType<typeof memorySettings>;
  log: ReturnType<typeof captureLogger>;
  behaviour: ReturnType<typeof createBehaviour>;
  clock: { now: number };
  /** Send a message; returns the replies it produced. */
  send(text: string, over?: Partial<IncomingMessage>): Promise<OutgoingMessage[]>;
  press(data: string, chatId?: string, userId?: string): Promise<OutgoingMessage[]>;
}

async function setup(deps: Partial<BehaviourDeps> = {}, access = { allowedChatIds: [] as string[], adminUserIds: ["telegram:1001"] }): Promise<Setup> {
  const assistant = await makeTestAssistant({ engine: "fake" });
  const settings = memorySettings();
  const log = captureLogger();
  const clock = { now: Date.parse("2024-11-30T03:00:00Z") };
  const behaviour = createBehaviour({
    assistant,
    settings,
    access: createAccessPolicy(access),
    logger: log.logger,
    now: () => new Date(clock.now),
    ...deps,
  });
  let n = 0;
  const send = async (text: string, over: Partial<IncomingMessage> = {}): Promise<OutgoingMessage[]> => {
    const out: OutgoingMessage[] = [];
    await behaviour.handle(
      {
        chat: { platform: "telegram", chatId: "4242" },
        chatType: "private",
        messageId: String(++n),
        userId: "4242",
        text,
        addressedToBot: false,
        ...over,
      },
      async (m) => {
        out.push(m);
      },
    );
    return out;
  };
  const press = async (data: string, chatId = "4242", userId = "4242"): Promise<OutgoingMessage[]> => {
    const out: OutgoingMessage[] = [];
    await behaviour.handleButton({ platform: "telegram", chatId }, userId, data, async (m) => {
      out.push(m);
    });
    return out;
  };
  return { assistant, settings, log, behaviour, clock, send, press };
}

const group = (over: Partial<IncomingMessage> = {}): Partial<IncomingMessage> => ({
  chat: { platform: "telegram", chatId: "-100777" },
  chatType: "group",
  ...over,
});

describe("group and private rules", () => {
  test.each([
    { case: "private plain question", text: FIXTURE.unitQuestion, over: {}, answered: true },
    { case: "group chatter", text: "Chiều nay họp nhé", over: group(), answered: false },
    { case: "group mention", text: FIXTURE.unitQuestion, over: group({ addressedToBot: true }), answered: true },
    { case: "group known command", text: `/hoi ${FIXTURE.unitQuestion}`, over: group(), answered: true },
    { case: "group unknown command (another bot's)", text: "/weather Hà Nội", over: group(), answered: false },
    { case: "group unknown command addressed to us", text: "/abc", over: group({ addressedToBot: true }), answered: true },
    { case: "private unknown command", text: "/abc", over: {}, answered: true },
  ])("$case → answered: $answered", async ({ text, over, answered }) => {
    const s = await setup();
    const replies = await s.send(text, over);
    expect(replies.length > 0).toBe(answered);
    if (text === "/abc") expect(replies[0]!.text).toBe(messages.unknownCommand("abc"));
  });

  test("Zalo users may type commands with diacritics or capitals", async () => {
    const s = await setup();
    const replies = await s.send(`/Hỏi ${FIXTURE.unitQuestion}`);
    expect(replies[0]!.text).toContain(FIXTURE.unitSection);
    expect(s.assistant.asks[0]!.question).toBe(FIXTURE.unitQuestion);
  });

  test("an empty message in private asks for text; a bare document gets the /nap hint", async () => {
    const s = await setup();
    expect((await s.send(""))[0]!.text).toBe(messages.onlyText());
    const doc = { fileName: "a.docx", size: 10, fetch: vi.fn(async () => Buffer.from("x")) };
    expect((await s.send("", { document: doc }))[0]!.text).toBe(messages.documentHint());
    expect(doc.fetch).not.toHaveBeenCalled();
  });
});

describe("answers", () => {
  test("an answer carries its sources and buttons for the cited section and the plan summary", async () => {
    const s = await setup();
    const [answer] = await s.send(FIXTURE.unitQuestion);
    expect(answer!.text).toMatch(/\n\nNguồn: Kế hoạch “Công tác thông tin đối ngoại huyện Vũ Thư năm 2024”: mục V\.7\.$/);
    const buttons = answer!.buttons!.flat();
    expect(buttons.map((b) => b.text)).toEqual([messages.buttonSection("V.7"), messages.buttonSummary()]);
    expect(s.behaviour.buttonCommand(buttons[0]!.data)).toBe(`/muc V.7 ${FIXTURE.planId}`);
    expect(s.behaviour.buttonCommand(buttons[1]!.data)).toBe(`/tomtat ${FIXTURE.planId}`);

    const [section] = await s.press(buttons[0]!.data);
    expect(section!.text).toContain("mục V.7: Công an huyện");
    expect(section!.text).toContain(s.assistant.section(FIXTURE.planId, "V.7")!.text);
    const [summary] = await s.press(buttons[1]!.data);
    expect(summary!.text).toMatch(/^Tóm tắt kế hoạch “Công tác thông tin đối ngoại/);
  });

  test("button data stays within Telegram's 64 bytes even for long plan ids", async () => {
    const s = await setup();
    const longId = "ke-hoach-trien-khai-cong-tac-thong-tin-doi-ngoai-tinh-hung-yen-nam-2022";
    s.assistant.ask = async () => ({ intent: "search", answer: "Xem mục này.", citations: [{ planId: longId, section: "PL.II.12" }] });
    const [answer] = await s.send("bất kỳ");
    const data = answer!.buttons![0]![0]!.data;
    expect(Buffer.byteLength(`sec:${longId}:PL.II.12`)).toBeGreaterThan(64);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(s.behaviour.buttonCommand(data)).toBe(`/muc PL.II.12 ${longId}`);
    expect((await s.press("r:zzzz"))[0]!.text).toBe(messages.buttonExpired());
  });

  test("“chúng tôi” questions use the chat's unit from /donvi; /donvi bỏ clears it", async () => {
    const s = await setup();
    expect((await s.send("/donvi"))[0]!.text).toBe(messages.unitShow(null));
    expect((await s.send("/donvi   Công an   huyện "))[0]!.text).toBe(messages.unitSet("Công an huyện"));
    await s.send("Chúng tôi phải làm gì?");
    expect(s.assistant.asks[0]!.ctx).toMatchObject({ unit: "Công an huyện", planIds: undefined });
    expect(s.assistant.asks[0]!.ctx.now?.toISOString()).toBe("2024-11-30T03:00:00.000Z");
    expect((await s.send("/donvi bỏ"))[0]!.text).toBe(messages.unitCleared());
    expect(s.settings.get("telegram:4242").unit).toBeNull();
  });

  test("/nhiemvu lists the unit's duties by plan, with the role", async () => {
    const s = await setup();
    expect((await s.send("/nhiemvu"))[0]!.text).toBe(messages.needUnit("nhiemvu"));
    await s.send("/donvi Công an huyện");
    const [duties] = await s.send("/nhiemvu");
    expect(duties!.text.split("\n").slice(0, 4)).toEqual([
      messages.dutiesHeader("Công an huyện", 1),
      "",
      "Kế hoạch “Công tác thông tin đối ngoại huyện Vũ Thư năm 2024”:",
      expect.stringMatching(/^• Mục V\.7 \(chủ trì\): Công an huyện: chủ trì/),
    ]);
  });

  test("/hanchot shows dates as dd/mm/yyyy with days left, upcoming first", async () => {
    const s = await setup();
    const [list] = await s.send("/hanchot");
    const lines = list!.text.split("\n").filter((l) => l.startsWith("•"));
    expect(lines[0]).toBe(`• trước 05/12/2024 (còn 5 ngày), phần kết: Các cơ quan, đơn vị báo cáo kết quả thực hiện trước ngày 05/12/2024.`);
    expect(lines[1]).toMatch(/^• trước 15\/05\/2022 \(đã qua \d+ ngày\)/);
    const [forUnit] = await s.send("/hanchot Công an tỉnh");
    expect(forUnit!.text).toContain(messages.deadlinesHeader("Công an tỉnh", 1));
    await s.send("/donvi Công an tỉnh");
    expect((await s.send("/hanchot"))[0]!.text).toContain(messages.deadlinesHeader("Công an tỉnh", 1));
    expect((await s.send("/hanchot tất cả"))[0]!.text).toContain(messages.deadlinesHeader(null, 2));
  });

  test("/kehoach chooses plans by number or name and rejects numbers out of range", async () => {
    const s = await setup();
    const [list] = await s.send("/kehoach");
    expect(list!.text).toMatch(/^Các kế hoạch hiện có:\n1\. Công tác thông tin đối ngoại huyện Vũ Thư năm 2024\n2\. 187\/KH-UBND: /);
    expect((await s.send("/kehoach 3 1"))[0]!.text).toBe(messages.plansBadChoice(["3"], 2));
    expect(s.settings.get("telegram:4242").planIds).toBeNull();
    await s.send("/kehoach 1, 2");
    expect(s.settings.get("telegram:4242").planIds).toEqual(["vu-thu-2024", "hung-yen-2022"]);
    await s.send("/kehoach 187/KH-UBND");
    expect(s.settings.get("telegram:4242").planIds).toEqual(["hung-yen-2022"]);
    const [marked] = await s.send("/kehoach");
    expect(marked!.text).toContain("2. 187/KH-UBND: Công tác thông tin đối ngoại tỉnh Hưng Yên năm 2022 ✓");
    await s.send(FIXTURE.unitQuestion);
    expect(s.assistant.asks.at(-1)!.ctx.planIds).toEqual(["hung-yen-2022"]);
  });

  test("/tomtat asks which plan when several are followed; /tomtat 2 summarizes the second", async () => {
    const s = await setup();
    const [choose] = await s.send("/tomtat");
    expect(choose!.text.startsWith(messages.summaryChoose())).toBe(true);
    expect(choose!.buttons).toHaveLength(2);
    const [summary] = await s.send("/tomtat 2");
    expect(summary!.text).toMatch(/^Tóm tắt kế hoạch 187\/KH-UBND:/);
    expect((await s.send("/tomtat không có"))[0]!.text).toBe(messages.planNotFound("không có"));
  });

  test("/muc finds a section in the one plan that has it, and asks when several do", async () => {
    const s = await setup();
    expect((await s.send("/muc V.7"))[0]!.text).toContain("Công an huyện");
    expect((await s.send("/muc end"))[0]!.text).toBe(messages.sectionAmbiguous("end"));
    expect((await s.send("/muc end 2"))[0]!.text).toContain("15/05/2022");
    expect((await s.send("/muc IX.9"))[0]!.text).toBe(messages.sectionNotFound("IX.9"));
  });
});

describe("/nap and /xoa", () => {
  const doc = (fileName: string, content: string, size?: number) => ({
    fileName,
    size: size ?? Buffer.byteLength(content),
    fetch: vi.fn(async () => Buffer.from(content)),
  });

  test.each([
    { case: "a non-admin", user: "4242", file: doc("kh.docx", "x"), reply: messages.adminOnly() },
    { case: "no document", user: "1001", file: undefined, reply: messages.napUsage() },
    { case: "a PowerPoint file", user: "1001", file: doc("kh.ppt", "x"), reply: messages.napBadType("kh.ppt") },
    { case: "a file over the limit", user: "1001", file: doc("kh.pdf", "x", 3 * 1024 * 1024), reply: messages.napTooBig(3, 2) },
  ])("refuses $case without downloading", async ({ user, file, reply }) => {
    const s = await setup({ maxFileBytes: 2 * 1024 * 1024 });
    const replies = await s.send("/nap", { userId: user, chat: { platform: "telegram", chatId: user }, ...(file ? { document: file } : {}) });
    expect(replies.map((r) => r.text)).toEqual([reply]);
    if (file) expect(file.fetch).not.toHaveBeenCalled();
    expect(s.assistant.ingested).toHaveLength(0);
  });

  test("ingests a document; a chat following chosen plans also follows the new one", async () => {
    const s = await setup();
    const admin = { userId: "1001", chat: { platform: "telegram" as const, chatId: "1001" } };
    await s.send("/kehoach 1", admin);
    const [done] = await s.send("/nap", { ...admin, document: doc("PCCC 2025.txt", "Kế hoạch PCCC năm 2025") });
    expect(done!.text).toBe(messages.napDone([s.assistant.listPlans().find((p) => p.title === "Kế hoạch PCCC năm 2025")!]));
    expect(s.settings.get("telegram:1001").planIds).toEqual(["vu-thu-2024", "pccc-2025"]);
    const [failed] = await s.send("/nap", { ...admin, document: doc("rong.txt", "") });
    expect(failed!.text).toBe(messages.napFailed(["Tệp “rong.txt” không có nội dung."]));
  });

  test("a download larger than announced is refused after download, before ingestion", async () => {
    const s = await setup({ maxFileBytes: 10 });
    const replies = await s.send("/nap", { userId: "1001", document: { fileName: "a.txt", fetch: async () => Buffer.alloc(50, 65) } });
    expect(replies[0]!.text).toMatch(/^Tệp quá lớn/);
    expect(s.assistant.ingested).toHaveLength(0);
  });

  test("/xoa by an admin removes the plan and drops it from the chat's followed plans", async () => {
    const s = await setup();
    const admin = { userId: "1001" };
    await s.send("/kehoach tất cả");
    await s.send("/kehoach 1 2");
    expect((await s.send("/xoa 187/KH-UBND", admin))[0]!.text).toBe("Đã xóa Kế hoạch 187/KH-UBND.");
    expect(s.settings.get("telegram:4242").planIds).toEqual(["vu-thu-2024"]);
    expect((await s.send("/xoa", admin))[0]!.text).toBe(messages.xoaUsage());
    expect((await s.send("/xoa không có", admin))[0]!.text).toBe(messages.planNotFound("không có"));
  });
});

describe("access control and rate limit", () => {
  const listed = { allowedChatIds: ["telegram:-100777", "zalo:g-1"], adminUserIds: ["telegram:1001"] };

  test.each([
    { case: "listed group", chat: "-100777", user: "4242", type: "group" as const, allowed: true },
    { case: "unlisted group", chat: "-100999", user: "4242", type: "group" as const, allowed: false },
    { case: "unlisted group, admin", chat: "-100999", user: "1001", type: "group" as const, allowed: false },
    { case: "admin's private chat", chat: "1001", user: "1001", type: "private" as const, allowed: true },
    { case: "someone's private chat", chat: "4242", user: "4242", type: "private" as const, allowed: false },
  ])("$case → allowed: $allowed", async ({ chat, user, type, allowed }) => {
    const s = await setup({}, listed);
    const replies = await s.send("/hoi Công an huyện phải làm gì?", { chat: { platform: "telegram", chatId: chat }, userId: user, chatType: type });
    expect(replies[0]!.text === messages.accessDenied()).toBe(!allowed);
  });

  test("refuses once per chat and logs every refusal", async () => {
    const s = await setup({}, listed);
    const outsider = group({ chat: { platform: "telegram", chatId: "-100999" }, addressedToBot: true });
    expect((await s.send("xin chào", outsider)).map((r) => r.text)).toEqual([messages.accessDenied()]);
    expect(await s.send("xin chào lần nữa", outsider)).toEqual([]);
    expect(await s.press("sum:vu-thu-2024", "-100999")).toEqual([]);
    const records = s.log.records().filter((r) => String(r.msg).includes("allow-list"));
    expect(records.map((r) => r.level)).toEqual([40, 20, 20]);
    expect(s.assistant.asks).toHaveLength(0);
  });

  test("a user over the per-minute limit gets one friendly notice, then silence, then answers again", async () => {
    const s = await setup({ rateLimitPerMinute: 2 });
    const texts = async (t: string) => (await s.send(t)).map((r) => r.text);
    expect(await texts("/trogiup")).toHaveLength(1);
    expect(await texts("/trogiup")).toHaveLength(1);
    expect(await texts("/trogiup")).toEqual([messages.rateLimited()]);
    expect(await texts("/trogiup")).toEqual([]);
    // Another user is not affected.
    expect((await s.send("/trogiup", { userId: "777" })).length).toBe(1);
    s.clock.now += 61_000;
    expect(await texts("/start")).toEqual([messages.welcome()]);
  });
});

describe("failures", () => {
  test("an unexpected error gives a short apology with an error id; the stack goes to the log only", async () => {
    const s = await setup();
    const [reply] = await s.send(FIXTURE.failingQuestion);
    const id = /mã lỗi ([0-9A-F]{8})\.$/.exec(reply!.text)?.[1];
    expect(id).toBeDefined();
    expect(reply!.text).toBe(messages.internalError(id!));
    expect(reply!.text).not.toMatch(/TypeError|sections|at /);
    const logged = s.log.records().find((r) => r.errorId === id)!;
    expect(logged.level).toBe(50);
    expect(JSON.stringify(logged.err)).toContain("Cannot read properties of undefined");
    expect((logged.err as { stack?: string }).stack).toContain("TypeError");
  });

  test("an engine AppError shows its own Vietnamese message, without an error id", async () => {
    const s = await setup();
    const [reply] = await s.press("sum:khong-co");
    expect(reply!.text).toBe('Không tìm thấy kế hoạch "khong-co".');
  });

  test("a reply that cannot be delivered does not make handle() throw", async () => {
    const s = await setup();
    await expect(
      s.behaviour.handle(
        { chat: { platform: "telegram", chatId: "4242" }, chatType: "private", messageId: "1", userId: "4242", text: "/start", addressedToBot: false },
        async () => {
          throw new Error("network down");
        },
      ),
    ).resolves.toBeUndefined();
    expect(s.log.records().some((r) => r.msg === "could not deliver a reply")).toBe(true);
  });
});

describe("extra commands (the /nhacviec hook)", () => {
  test("a registered command is dispatched, listed in the menu and in /trogiup", async () => {
    const run = vi.fn(async (ctx: CommandContext) => ctx.reply({ text: `Nhắc việc: ${ctx.args || "trạng thái"}` }));
    const s = await setup({ extraCommands: { nhacviec: { run, description: "Bật/tắt nhắc hạn chót" } } });
    expect((await s.send("/nhacviec bật"))[0]!.text).toBe("Nhắc việc: bật");
    expect(run.mock.calls[0]![0]).toMatchObject({ args: "bật", isAdmin: false, settings: { chat: "telegram:4242" } });
    expect(s.behaviour.commands).toContainEqual({ command: "nhacviec", description: "Bật/tắt nhắc hạn chót" });
    expect((await s.send("/trogiup"))[0]!.text).toContain("/nhacviec: Bật/tắt nhắc hạn chót");
    // In a group the command works without a mention, like the built-ins.
    expect(await s.send("/nhacviec", group())).toHaveLength(1);
  });

  test("adminOnly extra commands are refused to others; built-ins cannot be replaced", async () => {
    const s = await setup({ extraCommands: { baocao: { run: async (ctx) => ctx.reply({ text: "ok" }), description: "x", adminOnly: true } } });
    expect((await s.send("/baocao"))[0]!.text).toBe(messages.adminOnly());
    expect((await s.send("/baocao", { userId: "1001" }))[0]!.text).toBe("ok");
    await expect(setup({ extraCommands: { hoi: async () => undefined } })).rejects.toThrow(/built-in/);
  });
});
