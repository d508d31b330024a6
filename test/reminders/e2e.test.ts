import pino from "pino";
import type { UserFromGetMe } from "grammy/types";
import { afterEach, beforeEach, expect, test } from "vitest";
import type { Assistant } from "../../src/core/assistant.js";
import type { Channel, Platform } from "../../src/core/channel.js";
import type { DeadlineItem, PlanSummary } from "../../src/core/types.js";
import { createAccessPolicy } from "../../src/bot/access.js";
import { createBehaviour } from "../../src/bot/behaviour.js";
import { createTelegramChannel, type TelegramChannel } from "../../src/channels/telegram/channel.js";
import { loadConfig } from "../../src/config.js";
import { createChatSettingsStore } from "../../src/store/chatSettings.js";
import type { Db } from "../../src/store/db.js";
import { createReminders, withReminderButtons, type Reminders } from "../../src/reminders/index.js";
import { startFakeTelegram, type FakeTelegram } from "../support/fakeTelegramServer.js";
import { item } from "./helpers.js";
import { tempStore } from "./support/memory.js";

const PLAN: PlanSummary = {
  id: "van-ninh-2019",
  source: "data/plans/van-ninh-2019.txt",
  title: "Hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019",
  number: null,
  issuer: "Ủy ban nhân dân huyện Vạn Ninh",
  place: "Vạn Ninh",
  issuedDate: "2019",
  year: 2019,
  signer: null,
  sections: 20,
  tasks: 8,
  deadlines: 1,
};

/** The engine with one plan and its report deadline. */
function fakeAssistant(items: DeadlineItem[]): Assistant {
  return {
    ask: async () => ({ intent: "none", answer: "…", citations: [] }),
    summary: async (planId) => ({ planId, text: "…", citations: [] }),
    listPlans: () => [PLAN],
    findPlan: (q) => (q === PLAN.id ? PLAN : null),
    section: (planId, id) => ({ id, parent: null, order: 1, kind: "end", heading: "", text: "Trên đây là Kế hoạch ..." }),
    duties: (agency) => ({ agency, items: [] }),
    deadlines: (opts) => items.filter((d) => !opts?.planIds || opts.planIds.includes(d.planId)),
    ingestPaths: async () => ({ plans: [], errors: [] }),
    ingestBuffer: async () => ({ plans: [], errors: [] }),
    removePlan: () => false,
  };
}

let store: ReturnType<typeof tempStore>;
let db: Db;
let fake: FakeTelegram;
let telegram: TelegramChannel;
let reminders: Reminders;
let now: Date;

beforeEach(async () => {
  store = tempStore();
  db = store.open();
  fake = await startFakeTelegram();
  now = new Date("2019-10-28T10:00:00+07:00");
  const clock = () => now;
  const assistant = fakeAssistant([item()]);
  const settings = createChatSettingsStore(db);
  const logger = pino({ level: "silent" });
  const config = loadConfig({});
  // Channels are filled in after the bot exists: the dispatcher keeps this object.
  const channels: Partial<Record<Platform, Channel>> = {};
  reminders = createReminders({ db, data: assistant, settings, channels, config, logger, clock });
  const behaviour = withReminderButtons(
    createBehaviour({
      assistant,
      settings,
      access: createAccessPolicy(),
      logger,
      now: clock,
      extraCommands: { nhacviec: reminders.commands.extraCommand },
    }),
    reminders,
  );
  telegram = createTelegramChannel({
    token: fake.token,
    apiRoot: fake.apiRoot,
    behaviour,
    logger,
    maxFileBytes: 1 << 20,
    pollTimeoutSec: 1,
    botInfo: { ...fake.bot, is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false } as UserFromGetMe,
  });
  channels.telegram = telegram;
  await telegram.start();
});

afterEach(async () => {
  await reminders.stop();
  await telegram.stop();
  await fake.close();
  store.cleanup();
});

const GROUP = -100777;
const texts = () => fake.sentTo(GROUP).map((m) => m.text);

test("a group subscribes with /nhacviec, gets the notice when the lead time passes, presses 'Đã xong', and gets no more", async () => {
  fake.pushMessage({ chatId: GROUP, text: "/nhacviec bật" });
  await fake.waitFor(() => texts().find((x) => x.includes("Đã bật nhắc hạn")));
  expect(texts()[0]).toContain("Thứ Ba, 29/10/2019 lúc 08:00");
  expect(fake.commands.map((c) => c.command)).toContain("nhacviec");

  // Before the first lead time nothing is sent.
  expect((await reminders.dispatcher.runOnce()).sent).toBe(0);

  now = new Date("2019-10-29T08:00:00+07:00");
  expect((await reminders.dispatcher.runOnce()).sent).toBe(1);
  const notice = fake.sentTo(GROUP).at(-1)!;
  expect(notice.text).toContain("Nhắc hạn báo cáo");
  expect(notice.text).toContain("còn 7 ngày");
  const done = notice.replyMarkup!.inline_keyboard!.flat().find((b) => b.text === "Đã xong")!.callback_data!;

  fake.pushCallback({ chatId: GROUP, data: done });
  await fake.waitFor(() => texts().find((x) => x.includes("Đã ghi nhận hoàn thành")));
  const count = fake.sentTo(GROUP).length;

  for (const iso of ["2019-11-01T08:00:00+07:00", "2019-11-04T08:00:00+07:00", "2019-11-05T08:00:00+07:00"]) {
    now = new Date(iso);
    expect((await reminders.dispatcher.runOnce()).sent).toBe(0);
  }
  expect(fake.sentTo(GROUP)).toHaveLength(count);

  fake.pushMessage({ chatId: GROUP, text: "/nhacviec danh sách" });
  await fake.waitFor(() => texts().find((x) => x.includes("Chưa có lần nhắc nào")));
});

test("/nhacviec changes the hour and lead days; the schedule follows", async () => {
  fake.pushMessage({ chatId: GROUP, text: "/nhacviec bật" });
  fake.pushMessage({ chatId: GROUP, text: "/nhacviec giờ 7h30" });
  fake.pushMessage({ chatId: GROUP, text: "/nhacviec trước 2" });
  await fake.waitFor(() => texts().find((x) => x.includes("nhắc: 2 ngày trước hạn")));
  expect(texts().some((x) => x.includes("Đã đổi giờ nhắc thành 07:30"))).toBe(true);
  now = new Date("2019-11-01T07:29:00+07:00");
  expect((await reminders.dispatcher.runOnce()).sent).toBe(0);
  now = new Date("2019-11-01T07:30:00+07:00"); // 03/11 is Sunday → Friday 01/11
  expect((await reminders.dispatcher.runOnce()).sent).toBe(1);
});
