/**
 * Recurring deadlines of real plans: every occurrence inside the plan's stated
 * period, on the printed anchor, with daily and weekly cycles; the outbox sends
 * each notice once. Times come from a virtual clock, never the wall clock.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { DeadlineItem } from "../../src/core/types.js";
import { createChatSettingsStore } from "../../src/store/chatSettings.js";
import type { Db } from "../../src/store/db.js";
import { createDispatcher } from "../../src/reminders/dispatcher.js";
import { createNoticeSource } from "../../src/reminders/source.js";
import { buildOccurrences, noticesDueAt, occurrenceDates, scheduleChat, type PlanInfo } from "../../src/reminders/schedule.js";
import { chat, item, t } from "./helpers.js";
import { captureLogger, recordingChannel, tempStore, virtualTimer } from "./support/memory.js";

/** A multi-year plan (Bắc Ninh 144/KH-UBND, giai đoạn 2026 - 2030), signed 24/11/2025. */
const BAC_NINH: PlanInfo = { id: "bacninh-144", number: "144/KH-UBND", title: "Phát triển kinh tế số giai đoạn 2026 - 2030", year: null, issuedDate: "2025-11-24" };
/** A flood-season plan without a stated period (Đắk Lắk 0129/KH-UBND), signed 21/11/2025. */
const DAK_LAK: PlanInfo = { id: "daklak-0129", number: "0129/KH-UBND", title: "Hỗ trợ nhu yếu phẩm khẩn cấp", year: null, issuedDate: "2025-11-21" };
const PLANS = [BAC_NINH, DAK_LAK];

const cycle = (over: Partial<DeadlineItem>): DeadlineItem =>
  item({ planId: "bacninh-144", section: "VII", due: null, recurrence: "yearly", periodStart: 2026, periodEnd: 2030, ...over });

const daily = (timeOfDay: string | null, over: Partial<DeadlineItem> = {}): DeadlineItem =>
  item({ planId: "daklak-0129", section: "IV.1", due: null, recurrence: "daily", timeOfDay, text: `báo cáo UBND tỉnh trước ${timeOfDay} hằng ngày`, ...over });

describe("occurrences inside the plan's period", () => {
  test.each([
    ["trước ngày 15/11 hằng năm (2026 - 2030)", cycle({ monthDay: "11-15" }), ["2026-11-15", "2027-11-15", "2028-11-15", "2029-11-15", "2030-11-15"]],
    ["hằng năm without a day: the year's last day", cycle({}), ["2026-12-31", "2027-12-31", "2028-12-31", "2029-12-31", "2030-12-31"]],
    [
      "định kỳ 6 tháng (trước ngày 16/6)",
      cycle({ recurrence: "semiannual", monthDay: "06-16", periodEnd: 2027 }),
      ["2026-06-16", "2026-12-16", "2027-06-16", "2027-12-16"],
    ],
    ["trước ngày 20 hằng tháng over two years", cycle({ recurrence: "monthly", dayOfMonth: 20, periodEnd: 2027 }), null],
    ["hằng quý on the 15th", cycle({ recurrence: "quarterly", dayOfMonth: 15, periodEnd: 2026 }), ["2026-03-15", "2026-06-15", "2026-09-15", "2026-12-15"]],
  ])("%s", (_name, it, dues) => {
    const got = occurrenceDates(it, BAC_NINH).map((o) => o.due);
    if (dues) expect(got).toEqual(dues);
    else {
      expect(got).toHaveLength(24);
      expect(got.every((d) => d.endsWith("-20"))).toBe(true);
    }
  });

  test("without a stated period a cycle repeats within the year the plan was signed", () => {
    expect(occurrenceDates(cycle({ monthDay: "12-15", periodStart: null, periodEnd: null }), BAC_NINH).map((o) => o.due)).toEqual(["2025-12-15"]);
  });

  test("weekly deadlines fall on Fridays, daily ones on every day, weekends included", () => {
    const weekly = occurrenceDates(daily(null, { recurrence: "weekly" }), DAK_LAK).map((o) => o.due);
    expect(weekly).toHaveLength(52);
    expect(weekly.slice(0, 2)).toEqual(["2025-01-03", "2025-01-10"]);
    expect(occurrenceDates(daily("19:00"), DAK_LAK)).toHaveLength(365);
  });
});

describe("notices of daily and weekly deadlines", () => {
  test("a daily report gets one notice on its own day, Saturday and Sunday too", () => {
    const notices = scheduleChat(buildOccurrences([daily("19:00")], PLANS), PLANS, chat({ leadDays: [7, 3, 1, 0] }));
    const weekend = notices.filter((n) => n.due === "2025-11-22" || n.due === "2025-11-23");
    expect(weekend.map((n) => [n.due, n.sendAt, n.lead])).toEqual([
      ["2025-11-22", "2025-11-22T08:00:00+07:00", 0],
      ["2025-11-23", "2025-11-23T08:00:00+07:00", 0],
    ]);
  });

  test("a notice goes out an hour before a printed time the chat's send time would miss", () => {
    const [n] = scheduleChat(buildOccurrences([daily("09:00", { due: null })], PLANS), PLANS, chat({ sendTime: "10:30" }));
    expect(n!.sendAt).toBe("2025-01-01T08:00:00+07:00");
  });

  test("02 lần/ngày (trước 9h00 và 16h00): one notice a day naming both times", () => {
    const items = [daily("09:00", { text: "báo cáo 02 lần/ngày (trước 9h00 và 16h00)" }), daily("16:00", { text: "báo cáo 02 lần/ngày (trước 9h00 và 16h00)", kind: "task" })];
    const due = noticesDueAt(items, PLANS, [chat()], t("2025-11-25T08:00:00+07:00"));
    expect(due).toHaveLength(1);
    expect(due[0]!.items).toHaveLength(2);
    expect(due[0]!.due).toBe("2025-11-25");
  });

  test("a weekly deadline is not announced more than a week ahead", () => {
    const notices = scheduleChat(buildOccurrences([daily(null, { recurrence: "weekly" })], PLANS), PLANS, chat({ leadDays: [7, 3, 0] }));
    expect(new Set(notices.map((n) => n.lead))).toEqual(new Set([3, 0]));
  });
});

describe("delivery through the outbox", () => {
  let store: ReturnType<typeof tempStore>;
  let db: Db;
  const CHAT = "telegram:-100777";
  beforeEach(() => {
    store = tempStore();
    db = store.open();
    createChatSettingsStore(db).update(CHAT, { remindersEnabled: true });
  });
  afterEach(() => store.cleanup());

  test("each day's notice of a daily report is sent once, each year's notice of a yearly one too", async () => {
    const items = [daily("19:00"), cycle({ monthDay: "11-15" })];
    const timer = virtualTimer(1_000_000);
    const telegram = recordingChannel("telegram", timer.now);
    const logger = captureLogger();
    const dispatcher = createDispatcher({
      db,
      channels: { telegram },
      source: createNoticeSource({ settings: createChatSettingsStore(db), data: { deadlines: () => items, listPlans: () => PLANS }, logger }),
      logger,
      timer,
    });
    expect((await dispatcher.runOnce(t("2025-11-25T08:00:00+07:00"))).sent).toBe(1);
    expect((await dispatcher.runOnce(t("2025-11-25T12:00:00+07:00"))).sent).toBe(0);
    expect((await dispatcher.runOnce(t("2025-11-26T08:00:00+07:00"))).sent).toBe(1);
    expect((await dispatcher.runOnce(t("2027-11-15T08:00:00+07:00"))).sent).toBe(1);
    expect((await dispatcher.runOnce(t("2027-11-15T09:00:00+07:00"))).sent).toBe(0);
    expect(telegram.sent.map((s) => s.message.text).filter((m) => m.includes("15/11/2027"))).toHaveLength(1);
    await dispatcher.stop();
  });
});
