import { describe, expect, test } from "vitest";
import {
  buildOccurrences,
  daysLeft,
  isPassed,
  noticesDueAt,
  occurrenceDates,
  scheduleChat,
  selectDue,
  upcomingNotices,
  type ChatReminderSettings,
  type ConcernsUnit,
  type ScheduleOptions,
} from "../../src/reminders/schedule.js";
import type { DeadlineItem } from "../../src/core/types.js";
import { PLANS, QUANG_NGAI, VAN_NINH, chat, item, t } from "./helpers.js";

const schedule = (items: DeadlineItem[], settings: Partial<ChatReminderSettings> = {}, options: ScheduleOptions = {}) =>
  scheduleChat(buildOccurrences(items, PLANS), PLANS, chat(settings), options);

const brief = (items: DeadlineItem[], settings: Partial<ChatReminderSettings> = {}, options: ScheduleOptions = {}) =>
  schedule(items, settings, options).map((n) => ({ sendAt: n.sendAt, lead: n.lead, phase: n.phase, due: n.due }));

describe("dated deadlines", () => {
  test("the Vạn Ninh report (05/11/2019, leads 7,3,1,0 at 08:00): Saturday's notice moves to Friday", () => {
    expect(brief([item()])).toEqual([
      { sendAt: "2019-10-29T08:00:00+07:00", lead: 7, phase: "before", due: "2019-11-05" },
      { sendAt: "2019-11-01T08:00:00+07:00", lead: 3, phase: "before", due: "2019-11-05" },
      { sendAt: "2019-11-04T08:00:00+07:00", lead: 1, phase: "before", due: "2019-11-05" },
      { sendAt: "2019-11-05T08:00:00+07:00", lead: 0, phase: "before", due: "2019-11-05" },
    ]);
  });

  test.each([
    // [case, due, leads, weekendToFriday, expected local send days]
    ["weekend shift off keeps Saturday", "2019-11-05", [3], false, ["2019-11-02"]],
    ["Sunday lead moves two days back", "2019-11-10", [7], true, ["2019-11-01"]],
    ["due on Sunday: leads 1 and 0 both land on Friday, one notice", "2019-11-10", [3, 1, 0], true, ["2019-11-07", "2019-11-08"]],
    ["weekday leads unchanged", "2019-11-08", [2, 0], true, ["2019-11-06", "2019-11-08"]],
    ["duplicate and unsorted leads are cleaned", "2019-11-05", [1, 7, 1], true, ["2019-10-29", "2019-11-04"]],
  ])("%s", (_name, due, leadDays, weekendToFriday, days) => {
    const got = schedule([item({ due })], { leadDays }, { weekendToFriday });
    expect(got.map((n) => n.sendAt.slice(0, 10))).toEqual(days);
  });

  test("when two notices share a day after the weekend shift, the smaller lead is kept", () => {
    const got = schedule([item({ due: "2019-11-10" })], { leadDays: [1, 0] });
    expect(got.map((n) => [n.sendAt.slice(0, 10), n.lead])).toEqual([["2019-11-08", 0]]);
  });

  test.each([
    ["07:30", "2019-11-01T07:30:00+07:00", "2019-11-01T00:30:00.000Z"],
    // Just after UTC midnight: 07:05 local is 00:05 UTC on the same date.
    ["07:05", "2019-11-01T07:05:00+07:00", "2019-11-01T00:05:00.000Z"],
    // Before 07:00 local the UTC date is the day before.
    ["00:30", "2019-11-01T00:30:00+07:00", "2019-10-31T17:30:00.000Z"],
  ])("send time %s is local (Asia/Ho_Chi_Minh)", (sendTime, local, utc) => {
    const [n] = schedule([item()], { leadDays: [3], sendTime });
    expect(n!.sendAt).toBe(local);
    expect(new Date(n!.sendAt).toISOString()).toBe(utc);
  });

  test("a send time just after UTC midnight is due from that minute, not before", () => {
    const items = [item()];
    const c = [chat({ leadDays: [3], sendTime: "07:05" })];
    expect(noticesDueAt(items, PLANS, c, t("2019-11-01T00:04:59Z"))).toHaveLength(0);
    expect(noticesDueAt(items, PLANS, c, t("2019-11-01T00:05:00Z")).map((n) => n.lead)).toEqual([3]);
  });

  test("the weekend is judged on the local day: 00:30 Saturday local is Friday in UTC but still shifts", () => {
    // Lead 3 of 05/11/2019 is Saturday 02/11 local (Friday 17:30 UTC) → Friday 01/11 00:30 local.
    const [n] = schedule([item()], { leadDays: [3], sendTime: "00:30" });
    expect(n!.sendAt).toBe("2019-11-01T00:30:00+07:00");
  });

  test("invalid send time falls back to 08:00", () => {
    expect(schedule([item()], { leadDays: [0], sendTime: "25:99" })[0]!.sendAt).toBe("2019-11-05T08:00:00+07:00");
  });
});

describe("deadline passing at local midnight", () => {
  test.each([
    ["2019-11-05T16:59:59.999Z", false], // 23:59:59.999 local on the due day
    ["2019-11-05T17:00:00.000Z", true], // 00:00 local the next day
    ["2019-11-05T00:00:00.000Z", false],
    ["2019-11-04T23:00:00+07:00", false],
    ["2019-11-06T00:00:00+07:00", true],
  ])("due 05/11/2019 at %s passed=%s", (at, passed) => {
    expect(isPassed("2019-11-05", t(at))).toBe(passed);
  });

  test("the on-the-day notice is due until local midnight and never after", () => {
    const c = [chat()];
    expect(noticesDueAt([item()], PLANS, c, t("2019-11-05T16:59:00Z")).map((n) => n.lead)).toEqual([0]);
    expect(noticesDueAt([item()], PLANS, c, t("2019-11-05T17:00:00Z"))).toEqual([]);
  });

  test("an old plan sends nothing today", () => {
    expect(noticesDueAt([item()], PLANS, [chat()], t("2026-11-22T08:00:00+07:00"))).toEqual([]);
  });

  test.each([
    ["2019-11-01T08:00:00+07:00", 4],
    ["2019-11-05T00:00:00+07:00", 0],
    ["2019-11-04T23:59:00+07:00", 1],
    ["2019-11-04T17:30:00Z", 0], // 00:30 local on the 5th
  ])("days left at %s: %i", (at, days) => {
    expect(daysLeft("2019-11-05", t(at))).toBe(days);
  });
});

describe("periods", () => {
  const quy = item({
    planId: "quang-ngai-2024",
    section: "II.1",
    kind: "task",
    start: "2024-04-01",
    due: "2024-09-30",
    agencies: ["Sở Thông tin và Truyền thông"],
    reportTo: null,
    reportVia: null,
    text: "Thời gian thực hiện: Quý II, III/2024.",
  });

  test("Quý II, III/2024: a notice when it opens and before it closes", () => {
    expect(brief([quy])).toEqual([
      { sendAt: "2024-04-01T08:00:00+07:00", lead: 182, phase: "open", due: "2024-09-30" },
      { sendAt: "2024-09-23T08:00:00+07:00", lead: 7, phase: "before", due: "2024-09-30" },
      // lead 1 (Sunday 29/09) moves to Friday 27/09, where it replaces lead 3.
      { sendAt: "2024-09-27T08:00:00+07:00", lead: 1, phase: "before", due: "2024-09-30" },
      { sendAt: "2024-09-30T08:00:00+07:00", lead: 0, phase: "before", due: "2024-09-30" },
    ]);
  });

  test("a short period has no lead notices before it opens", () => {
    const short = { ...quy, start: "2024-10-01", due: "2024-10-04" };
    expect(brief([short]).map((n) => [n.phase, n.lead, n.sendAt.slice(0, 10)])).toEqual([
      ["open", 3, "2024-10-01"],
      ["before", 1, "2024-10-03"],
      ["before", 0, "2024-10-04"],
    ]);
  });

  test("the opening notice wins when a lead falls on the opening day", () => {
    const p = { ...quy, start: "2024-10-01", due: "2024-10-08" };
    const got = brief([p], { leadDays: [7, 0] });
    expect(got.map((n) => [n.phase, n.sendAt.slice(0, 10)])).toEqual([
      ["open", "2024-10-01"],
      ["before", "2024-10-08"],
    ]);
  });
});

describe("recurring deadlines within the plan's year", () => {
  const rec = (recurrence: DeadlineItem["recurrence"], dayOfMonth: number | null = null, planId = "quang-ngai-2024") =>
    item({ planId, section: "IV.2", recurrence, dayOfMonth, due: null, text: `báo cáo ${recurrence}` });

  test.each([
    ["monthly, trước ngày 16 hàng tháng", rec("monthly", 16), ["2024-01-16", "2024-02-16", "2024-03-16", "2024-04-16", "2024-05-16", "2024-06-16", "2024-07-16", "2024-08-16", "2024-09-16", "2024-10-16", "2024-11-16", "2024-12-16"]],
    ["monthly without a day: the month's last day", rec("monthly"), ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31"]],
    ["monthly on the 31st clamps to short months", rec("monthly", 31), ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30", "2024-05-31", "2024-06-30", "2024-07-31", "2024-08-31", "2024-09-30", "2024-10-31", "2024-11-30", "2024-12-31"]],
    ["quarterly (hàng quý)", rec("quarterly"), ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"]],
    ["quarterly before the 15th of the quarter's last month", rec("quarterly", 15), ["2024-03-15", "2024-06-15", "2024-09-15", "2024-12-15"]],
    ["semiannual (định kỳ 6 tháng)", rec("semiannual"), ["2024-06-30", "2024-12-31"]],
    ["yearly (hàng năm)", rec("yearly"), ["2024-12-31"]],
    ["ongoing (thường xuyên): none", rec("ongoing"), []],
  ])("%s", (_name, it, dues) => {
    expect(occurrenceDates(it, QUANG_NGAI).map((o) => o.due)).toEqual(dues);
  });

  test("a notice before each occurrence: monthly on the 16th, 3 days before, weekend shifted", () => {
    const got = schedule([rec("monthly", 16)], { leadDays: [3] });
    expect(got).toHaveLength(12);
    expect(got.map((n) => n.sendAt.slice(0, 10)).slice(0, 4)).toEqual(["2024-01-12", "2024-02-13", "2024-03-13", "2024-04-12"]);
    expect(new Set(got.map((n) => n.key)).size).toBe(12);
    expect(new Set(got.map((n) => n.deadlineKey)).size).toBe(12);
  });

  test("ongoing and undated deadlines get no notices", () => {
    expect(schedule([rec("ongoing"), item({ due: null })])).toEqual([]);
  });

  test("a plan without a target year repeats within the year it was signed", () => {
    const plans = [{ ...VAN_NINH, id: "p", year: null, issuedDate: "2021-12-13" }];
    expect(occurrenceDates(rec("semiannual", null, "p"), plans[0]).map((o) => o.due)).toEqual(["2021-06-30", "2021-12-31"]);
    expect(occurrenceDates(rec("semiannual", null, "p"), { ...plans[0]!, issuedDate: null })).toEqual([]);
  });

  test("a recurring item bounded by start and due keeps occurrences inside", () => {
    const it = { ...rec("monthly", 10), start: "2024-03-01", due: "2024-05-31" };
    expect(occurrenceDates(it, QUANG_NGAI).map((o) => o.due)).toEqual(["2024-03-10", "2024-04-10", "2024-05-10"]);
  });
});

describe("which chats get which deadlines", () => {
  const police = item({ planId: "quang-ngai-2024", section: "IV.8", kind: "task", due: "2024-06-14", agencies: ["Công an tỉnh"], reportTo: null, reportVia: null, text: "Công an tỉnh hoàn thành trước ngày 14/6/2024" });
  const planWide = item({ planId: "quang-ngai-2024", section: "end", due: "2024-12-10", agencies: [], text: "các cơ quan báo cáo trước ngày 10/12/2024" });
  const vanNinh = item();

  test.each([
    ["no unit: everything", { unit: null }, ["IV.8", "end", "end"]],
    ["the unit's own deadlines and plan-wide duties", { unit: "Công an tỉnh" }, ["IV.8", "end", "end"]],
    ["spelling without diacritics still matches (default matcher)", { unit: "cong an tinh" }, ["IV.8", "end", "end"]],
    ["another unit gets only plan-wide duties", { unit: "Sở Tư pháp" }, ["end", "end"]],
    ["followed plans only", { planIds: ["quang-ngai-2024"] }, ["IV.8", "end"]],
    ["followed plans and unit together", { planIds: ["quang-ngai-2024"], unit: "Sở Tư pháp" }, ["end"]],
  ])("%s", (_name, settings, sections) => {
    const got = schedule([police, planWide, vanNinh], { leadDays: [0], ...settings });
    expect(got.map((n) => n.section).sort()).toEqual([...sections].sort());
  });

  test("an injected predicate decides (the engine's agency matching)", () => {
    const calls: string[] = [];
    const concernsUnit: ConcernsUnit = (d, unit) => {
      calls.push(`${d.section}:${unit}`);
      return d.agencies.length === 0 || d.agencies.includes("Công an tỉnh") && unit === "CA tỉnh";
    };
    const got = schedule([police, planWide], { leadDays: [0], unit: "CA tỉnh" }, { concernsUnit });
    expect(got.map((n) => n.section).sort()).toEqual(["IV.8", "end"]);
    expect(calls).toContain("IV.8:CA tỉnh");
  });

  test("notice keys are unique per chat, deadline, occurrence and lead; ids are short", () => {
    const a = schedule([police, planWide, vanNinh]);
    const b = schedule([police, planWide, vanNinh], { chat: "zalo:abc" });
    const keys = [...a, ...b].map((n) => n.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set([...a, ...b].map((n) => n.id)).size).toBe(keys.length);
    for (const n of a) expect(n.id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(a[0]!.key).toBe("telegram:-100777|van-ninh-2019|end|2019-11-05|7");
  });

  test("two items of one section due the same day make one notice", () => {
    const twin = item({ kind: "task", text: "hoàn thành tổng kết trước ngày 05/11/2019" });
    const got = schedule([item(), twin], { leadDays: [0] });
    expect(got).toHaveLength(1);
    expect(got[0]!.items).toHaveLength(2);
  });
});

describe("due selection", () => {
  const all = () => schedule([item()]);

  test.each([
    ["before the first notice", "2019-10-29T07:59:00+07:00", []],
    ["at the first notice", "2019-10-29T08:00:00+07:00", [7]],
    ["between notices: the latest one that came", "2019-10-31T10:00:00+07:00", [7]],
    ["after downtime: only the latest missed notice, older ones superseded", "2019-11-04T09:00:00+07:00", [1]],
    ["on the due day", "2019-11-05T20:00:00+07:00", [0]],
    ["after the deadline: nothing", "2019-11-06T08:00:00+07:00", []],
  ])("%s", (_name, at, leads) => {
    expect(selectDue(all(), t(at)).due.map((n) => n.lead)).toEqual(leads);
  });

  test("superseded and passed notices are reported", () => {
    const sel = selectDue(all(), t("2019-11-04T09:00:00+07:00"));
    expect(sel.superseded.map((n) => n.lead).sort()).toEqual([3, 7]);
    expect(selectDue(all(), t("2019-11-07T09:00:00+07:00")).passed).toHaveLength(4);
  });

  test("recorded notices, done marks and later sent notices exclude", () => {
    const notices = all();
    const at = t("2019-11-01T09:00:00+07:00");
    const lead3 = notices.find((n) => n.lead === 3)!;
    expect(selectDue(notices, at, { isRecorded: (k) => k === lead3.key, isDone: () => false }).due).toEqual([]);
    expect(selectDue(notices, at, { isRecorded: () => false, isDone: (c, d) => c === lead3.chat && d === lead3.deadlineKey }).due).toEqual([]);
    const lastSentAt = () => Date.parse(lead3.sendAt);
    expect(selectDue(notices, at, { isRecorded: () => false, isDone: () => false, lastSentAt }).due).toEqual([]);
  });

  test("each chat and deadline is selected independently", () => {
    // II.2 is due Monday 04/11: lead 3 (Fri) and lead 1 (Sun → Fri) share Friday; lead 1 is kept.
    const items = [item(), item({ section: "II.2", due: "2019-11-04", text: "khác" })];
    const due = noticesDueAt(items, PLANS, [chat(), chat({ chat: "telegram:-100888" })], t("2019-11-01T08:00:00+07:00"));
    expect(due.map((n) => `${n.chat} ${n.section} ${n.lead}`).sort()).toEqual([
      "telegram:-100777 II.2 1",
      "telegram:-100777 end 3",
      "telegram:-100888 II.2 1",
      "telegram:-100888 end 3",
    ]);
  });

  test("upcoming lists future notices of open deadlines", () => {
    const next = upcomingNotices(all(), t("2019-11-01T08:00:00+07:00"), 5);
    expect(next.map((n) => n.lead)).toEqual([1, 0]);
  });
});
