import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { ChannelSendError } from "../../src/core/errors.js";
import type { DeadlineItem } from "../../src/core/types.js";
import { createChatSettingsStore } from "../../src/store/chatSettings.js";
import type { Db } from "../../src/store/db.js";
import { createReminderCommands } from "../../src/reminders/commands.js";
import { createDispatcher, type DispatcherOptions } from "../../src/reminders/dispatcher.js";
import { createLease, createOutbox } from "../../src/reminders/outbox.js";
import { createNoticeSource } from "../../src/reminders/source.js";
import { PLANS, item, t } from "./helpers.js";
import { captureLogger, recordingChannel, tempStore, virtualTimer } from "./support/memory.js";

const CHAT = "telegram:-100777";

let store: ReturnType<typeof tempStore>;
let db: Db;
let items: DeadlineItem[];

beforeEach(() => {
  store = tempStore();
  db = store.open();
  items = [item()];
  createChatSettingsStore(db).update(CHAT, { remindersEnabled: true });
});
afterEach(() => store.cleanup());

const data = () => ({ deadlines: () => items, listPlans: () => PLANS });

function setup(over: Partial<DispatcherOptions> = {}, handle: Db = db, horizonMs?: number) {
  const timer = virtualTimer(1_000_000);
  const telegram = recordingChannel("telegram", timer.now);
  const logger = captureLogger();
  const dispatcher = createDispatcher({
    db: handle,
    channels: { telegram },
    source: createNoticeSource({ settings: createChatSettingsStore(handle), data: data(), logger, horizonMs }),
    logger,
    timer,
    ...over,
  });
  return { dispatcher, telegram, logger, timer };
}

describe("delivery", () => {
  test("sends the due notice once, records it, and never again (same process or after restart)", async () => {
    const { dispatcher, telegram } = setup();
    const at = t("2019-11-01T08:00:00+07:00");
    // Lead 7 (29/10) is superseded by lead 3 at this moment: never materialized, never sent.
    expect(await dispatcher.runOnce(at)).toEqual({ sent: 1, failed: 0, skipped: 0, lockedOut: false });
    expect(telegram.sent).toHaveLength(1);
    expect(telegram.sent[0]!.chatId).toBe("-100777");
    expect(telegram.sent[0]!.message.text).toContain("còn 4 ngày");
    expect((await dispatcher.runOnce(at)).sent).toBe(0);
    expect((await dispatcher.runOnce(t("2019-11-01T15:00:00+07:00"))).sent).toBe(0);
    await dispatcher.stop();

    const again = setup();
    expect((await again.dispatcher.runOnce(at)).sent).toBe(0);
    expect(again.telegram.sent).toHaveLength(0);
    const counts = again.dispatcher.outbox.counts();
    expect(counts.sent).toBe(1);
    const rows = db.prepare("SELECT chat, deadline, occurrence, lead, status FROM reminder_sent ORDER BY lead").all();
    expect(rows).toEqual([{ chat: CHAT, deadline: "van-ninh-2019|end", occurrence: "2019-11-05", lead: "3", status: "sent" }]);
  });

  test("each lead time in turn, at the chat's local send time", async () => {
    const { dispatcher, telegram } = setup();
    const sentAt: string[] = [];
    for (const iso of [
      "2019-10-29T07:59:00+07:00",
      "2019-10-29T08:00:00+07:00",
      "2019-10-30T08:00:00+07:00",
      "2019-11-01T08:01:00+07:00",
      "2019-11-02T08:00:00+07:00",
      "2019-11-04T08:00:00+07:00",
      "2019-11-05T08:00:00+07:00",
      "2019-11-05T23:00:00+07:00",
      "2019-11-06T08:00:00+07:00",
    ]) {
      const r = await dispatcher.runOnce(t(iso));
      if (r.sent) sentAt.push(iso.slice(0, 10));
    }
    expect(sentAt).toEqual(["2019-10-29", "2019-11-01", "2019-11-04", "2019-11-05"]);
    expect(telegram.sent.map((m) => /Hạn chót: .* — (.*)$/m.exec(m.message.text)?.[1])).toEqual([
      "còn 7 ngày",
      "còn 4 ngày",
      "còn 1 ngày (hạn chót là ngày mai)",
      "hôm nay là hạn chót",
    ]);
  });

  test("unsubscribed chats and chats on unconfigured platforms", async () => {
    createChatSettingsStore(db).update("zalo:abc", { remindersEnabled: true, lastInboundAt: "2019-10-01T00:00:00Z" });
    createChatSettingsStore(db).update("zalo:never", { remindersEnabled: true });
    createChatSettingsStore(db).update("telegram:-1", { remindersEnabled: false });
    const { dispatcher, telegram, logger } = setup();
    const r = await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"));
    expect(telegram.sent.map((m) => m.chatId)).toEqual(["-100777"]);
    // zalo:abc has no channel here: it fails and will be retried; zalo:never is not scheduled at all.
    expect(r).toMatchObject({ sent: 1, failed: 1 });
    expect(logger.entries.some((e) => e.msg?.includes("never written"))).toBe(true);
  });
});

describe("done marks and snoozes", () => {
  test("'Đã xong' stops further notices for that deadline in that chat only", async () => {
    const other = "telegram:-100888";
    createChatSettingsStore(db).update(other, { remindersEnabled: true });
    const { dispatcher, telegram } = setup();
    await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"));
    expect(telegram.sent).toHaveLength(2);
    const commands = createReminderCommands({ settings: createChatSettingsStore(db), outbox: createOutbox(db), data: data() });
    const doneData = telegram.sent.find((m) => m.chatId === "-100777")!.message.buttons![1]![0]!.data;
    const reply = commands.handleButton(doneData, CHAT, t("2019-11-01T09:00:00+07:00"));
    expect(reply).toContain("Đã ghi nhận hoàn thành");
    expect(reply).toContain("hạn 05/11/2019");
    await dispatcher.runOnce(t("2019-11-04T08:00:00+07:00"));
    await dispatcher.runOnce(t("2019-11-05T08:00:00+07:00"));
    expect(telegram.sent.filter((m) => m.chatId === "-100777")).toHaveLength(1);
    expect(telegram.sent.filter((m) => m.chatId === "-100888")).toHaveLength(3);
  });

  test("'Nhắc lại sau 1 ngày' sends the notice again a day later", async () => {
    const { dispatcher, telegram } = setup();
    await dispatcher.runOnce(t("2019-10-29T08:00:00+07:00"));
    const snoozeData = telegram.sent[0]!.message.buttons![1]![1]!.data;
    const commands = createReminderCommands({ settings: createChatSettingsStore(db), outbox: dispatcher.outbox, data: data() });
    expect(commands.handleButton(snoozeData, CHAT, t("2019-10-29T08:10:00+07:00"))).toBe(
      "🔔 Sẽ nhắc lại vào Thứ Tư, 30/10/2019 lúc 08:10.",
    );
    expect(commands.upcoming(CHAT, t("2019-10-29T09:00:00+07:00"), 1)[0]!.phase).toBe("snooze");
    expect((await dispatcher.runOnce(t("2019-10-30T08:09:00+07:00"))).sent).toBe(0);
    expect((await dispatcher.runOnce(t("2019-10-30T08:10:00+07:00"))).sent).toBe(1);
    expect(telegram.sent[1]!.message.text).toContain("còn 6 ngày");
    expect((await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"))).sent).toBe(1);
  });

  test("a snooze past the deadline is refused; unknown ids are answered", () => {
    const outbox = createOutbox(db);
    const commands = createReminderCommands({ settings: createChatSettingsStore(db), outbox, data: data() });
    expect(commands.handleButton("snooze:AAAAAAAAAAAAAAAA", CHAT)).toContain("Không tìm thấy");
    expect(commands.handleButton("sec:x:y", CHAT)).toBeNull();
  });

  test("snooze on the due day is too late", async () => {
    const { dispatcher, telegram } = setup();
    await dispatcher.runOnce(t("2019-11-05T08:00:00+07:00"));
    const commands = createReminderCommands({ settings: createChatSettingsStore(db), outbox: dispatcher.outbox, data: data() });
    expect(commands.handleButton(telegram.sent[0]!.message.buttons![1]![1]!.data, CHAT, t("2019-11-05T08:05:00+07:00"))).toContain(
      "không đặt nhắc lại",
    );
  });
});

describe("the dispatcher lock", () => {
  test("a second dispatcher on the same store stands by while the first holds the lease", async () => {
    const second = store.open();
    const a = setup({ owner: "host-a/1/x" });
    const b = setup({ owner: "host-b/2/y" }, second);
    const at = t("2019-11-01T08:00:00+07:00");
    expect((await a.dispatcher.runOnce(at)).sent).toBe(1);
    expect(await b.dispatcher.runOnce(t("2019-11-04T08:00:00+07:00"))).toMatchObject({ lockedOut: true, sent: 0 });
    expect(b.dispatcher.lockHolder()).toBe("host-a/1/x");
    await a.dispatcher.stop(); // releases the lease
    expect(await b.dispatcher.runOnce(t("2019-11-04T08:00:00+07:00"))).toMatchObject({ lockedOut: false, sent: 1 });
    expect(a.telegram.sent.length + b.telegram.sent.length).toBe(2);
  });

  test("an expired lease is taken over; a live one is not", () => {
    let now = 0;
    const a = createLease(db, { owner: "host-a/1/x", ttlMs: 1000, now: () => now });
    const b = createLease(db, { owner: "host-b/2/y", ttlMs: 1000, now: () => now });
    expect(a.acquire()).toBe(true);
    expect(b.acquire()).toBe(false);
    now = 900;
    expect(a.renew()).toBe(true);
    now = 1800;
    expect(b.acquire()).toBe(false);
    now = 1901;
    expect(b.acquire()).toBe(true);
    expect(a.renew()).toBe(false);
    expect(a.acquire()).toBe(false);
  });

  test("a lease left by a dead process on this host is taken at once", () => {
    const dead = createLease(db, { owner: "h/999999/x", isOwnerAlive: () => true });
    expect(dead.acquire()).toBe(true);
    const next = createLease(db, { isOwnerAlive: (o) => o !== "h/999999/x" });
    expect(next.acquire()).toBe(true);
  });
});

describe("catch-up after downtime", () => {
  test("sends the latest notice of open deadlines, skips and logs passed ones", async () => {
    items = [item(), item({ section: "II.2", due: "2019-10-30", text: "hoàn thành trước ngày 30/10/2019" })];
    const { dispatcher, telegram, logger } = setup();
    expect((await dispatcher.runOnce(t("2019-10-29T08:00:00+07:00"))).sent).toBe(2);
    // The II.2 on-the-day notice (30/10 08:00) is materialized ahead, then the bot is down until 04/11.
    expect(dispatcher.outbox.counts().pending).toBeGreaterThan(0);
    const r = await dispatcher.runOnce(t("2019-11-04T10:00:00+07:00"));
    expect(r.sent).toBe(1);
    expect(telegram.sent.at(-1)!.message.text).toContain("còn 1 ngày");
    const passedLog = logger.entries.find((e) => e.level === "warn" && e.msg?.includes("deadline passed"));
    expect(passedLog).toBeDefined();
    expect(JSON.stringify(passedLog!.obj)).toContain("II.2");
  });

  test("notices materialized ahead and overtaken during downtime are superseded (recorded, logged), not sent", async () => {
    const fourDays = 4 * 24 * 3600_000;
    const { dispatcher, telegram, logger } = setup({ lookaheadMs: fourDays }, db, fourDays);
    expect((await dispatcher.runOnce(t("2019-10-31T08:00:00+07:00"))).sent).toBe(1); // lead 7, caught up
    expect(dispatcher.outbox.counts().pending).toBe(2); // leads 3 and 1 wait in the outbox
    const r = await dispatcher.runOnce(t("2019-11-04T10:00:00+07:00"));
    expect(r).toMatchObject({ sent: 1, skipped: 1 });
    expect(telegram.sent.at(-1)!.message.text).toContain("còn 1 ngày");
    const superseded = logger.entries.find((e) => (e.obj as { reason?: string }).reason === "superseded");
    expect(JSON.stringify(superseded!.obj)).toContain("|3");
    const statuses = db.prepare("SELECT lead, status FROM reminder_sent ORDER BY lead").all();
    expect(statuses).toEqual([
      { lead: "1", status: "sent" },
      { lead: "3", status: "skipped" },
      { lead: "7", status: "sent" },
    ]);
  });

  test("ingesting an old plan sends nothing", async () => {
    const { dispatcher, telegram } = setup();
    expect(await dispatcher.runOnce(t("2026-11-22T08:00:00+07:00"))).toMatchObject({ sent: 0, failed: 0 });
    expect(telegram.sent).toHaveLength(0);
  });
});

describe("rate limits and failures", () => {
  test("at most 20 per minute to one chat, 30 per second overall", async () => {
    items = Array.from({ length: 25 }, (_, i) => item({ section: `II.${i + 1}`, text: `việc ${i + 1}` }));
    createChatSettingsStore(db).update(CHAT, { leadDays: [0] });
    for (let i = 0; i < 60; i++) createChatSettingsStore(db).update(`telegram:-2${i}`, { remindersEnabled: true, leadDays: [0], planIds: ["x"] });
    const { dispatcher, telegram, timer } = setup();
    const start = timer.now();
    const r = await dispatcher.runOnce(t("2019-11-05T08:00:00+07:00"));
    expect(r.sent).toBe(25);
    const times = telegram.sent.map((m) => m.at - start);
    expect(times.slice(0, 20).every((x) => x < 1000)).toBe(true);
    expect(times[20]!).toBeGreaterThanOrEqual(60_000);
  });

  test("global rate over many chats", async () => {
    createChatSettingsStore(db).update(CHAT, { remindersEnabled: false });
    for (let i = 0; i < 95; i++) createChatSettingsStore(db).update(`telegram:-3${i}`, { remindersEnabled: true, leadDays: [0] });
    const { dispatcher, telegram, timer } = setup();
    const start = timer.now();
    expect((await dispatcher.runOnce(t("2019-11-05T08:00:00+07:00"))).sent).toBe(95);
    const times = telegram.sent.map((m) => m.at - start);
    for (let i = 30; i < times.length; i++) expect(times[i]! - times[i - 30]!).toBeGreaterThanOrEqual(1000);
    expect(times.at(-1)!).toBeLessThan(3500);
  });

  test("a 429 backs off for retry_after and retries", async () => {
    const { dispatcher, telegram, timer } = setup();
    const start = timer.now();
    telegram.before = (chatId, attempt) => {
      if (attempt === 1) throw new ChannelSendError("telegram", chatId, "429: Too Many Requests", 3);
    };
    expect(await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"))).toMatchObject({ sent: 1, failed: 0 });
    expect(telegram.sent[0]!.at - start).toBeGreaterThanOrEqual(3000);
  });

  test("other failures are retried on later passes with back-off, then given up", async () => {
    const { dispatcher, telegram } = setup({ maxAttempts: 3 });
    let failing = true;
    telegram.before = (chatId) => {
      if (failing) throw new ChannelSendError("telegram", chatId, "403: bot was kicked");
    };
    expect(await dispatcher.runOnce(t("2019-11-01T08:00:00+07:00"))).toMatchObject({ sent: 0, failed: 1 });
    expect(await dispatcher.runOnce(t("2019-11-01T08:00:30+07:00"))).toMatchObject({ sent: 0, failed: 0 });
    failing = false;
    expect(await dispatcher.runOnce(t("2019-11-01T08:01:00+07:00"))).toMatchObject({ sent: 1, failed: 0 });

    failing = true;
    await dispatcher.runOnce(t("2019-11-04T08:00:00+07:00"));
    await dispatcher.runOnce(t("2019-11-04T08:01:00+07:00"));
    await dispatcher.runOnce(t("2019-11-04T08:06:00+07:00"));
    expect(dispatcher.outbox.counts().failed).toBe(1);
    failing = false;
    expect((await dispatcher.runOnce(t("2019-11-04T09:00:00+07:00"))).sent).toBe(0);
  });
});

describe("start and stop", () => {
  test("stop waits for the send in flight and records it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inSend = new Promise<void>((r) => (entered = r));
    const { dispatcher, telegram } = setup({ clock: () => t("2019-11-01T08:00:00+07:00"), tickSeconds: 3600 });
    telegram.before = async () => {
      entered();
      await gate;
    };
    dispatcher.start();
    await inSend;
    let stopped = false;
    const stopping = dispatcher.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(telegram.sent).toHaveLength(1);
    expect(dispatcher.outbox.counts().sent).toBe(1);
    expect(createLease(db, { owner: "other" }).acquire()).toBe(true);
  });
});
