import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PlanNotFoundError, UsageError } from "../../src/core/errors.js";
import type { Db } from "../../src/store/db.js";
import { due, ics, run, subscribe, unsubscribe, type ReminderCliContext } from "../../src/reminders/cli.js";
import { DispatcherLockedError } from "../../src/reminders/dispatcher.js";
import { createLease } from "../../src/reminders/outbox.js";
import { PLANS, item, t } from "./helpers.js";
import { recordingChannel, tempStore } from "./support/memory.js";

let store: ReturnType<typeof tempStore>;
let db: Db;
let ctx: ReminderCliContext;
const plans = {
  listPlans: () => PLANS,
  findPlan: (q: string) => PLANS.find((p) => p.number === q || p.title.includes(q)) ?? null,
};

beforeEach(() => {
  store = tempStore();
  db = store.open();
  ctx = { db, data: { deadlines: () => [item()], listPlans: () => PLANS } };
});
afterEach(() => store.cleanup());

describe("reminders subscribe / unsubscribe", () => {
  test("subscribe switches reminders on, with plans and unit", () => {
    expect(subscribe(db, "telegram:-100777", { planIds: ["van-ninh-2019", "52/KH-UBND"], unit: "Công an huyện", plans })).toEqual({
      chat: "telegram:-100777",
      remindersEnabled: true,
      planIds: ["van-ninh-2019", "quang-ngai-2024"],
      unit: "Công an huyện",
      leadDays: [7, 3, 1, 0],
      sendTime: "08:00",
      warnings: [],
    });
    expect(unsubscribe(db, "telegram:-100777")).toMatchObject({ remindersEnabled: false, unit: "Công an huyện" });
  });

  test("errors: bad chat, unknown plan", () => {
    expect(() => subscribe(db, "skype:1")).toThrow(UsageError);
    expect(() => subscribe(db, "telegram:")).toThrow(UsageError);
    expect(() => subscribe(db, "telegram:-1", { planIds: ["nope"], plans })).toThrow(PlanNotFoundError);
  });

  test("a Zalo chat that never wrote to the bot is warned about", () => {
    expect(subscribe(db, "zalo:abc").warnings[0]).toMatch(/Zalo bots can only write to chats that have written to them/);
  });
});

describe("reminders due / run", () => {
  test("due lists what would be sent at that instant (contract shape), run sends it once", async () => {
    subscribe(db, "telegram:-100777");
    const at = t("2019-11-01T08:00:00+07:00");
    const listed = due(ctx, at);
    expect(listed.notices).toHaveLength(1);
    const [n] = listed.notices;
    expect(Object.keys(n!)).toEqual(["chat", "planId", "section", "due", "sendAt", "lead", "text"]);
    expect(n).toMatchObject({
      chat: "telegram:-100777",
      planId: "van-ninh-2019",
      section: "end",
      due: "2019-11-05",
      sendAt: "2019-11-01T08:00:00+07:00",
      lead: 3,
    });
    expect(n!.text).toContain("Thứ Ba, 05/11/2019 — còn 4 ngày");
    expect(due(ctx, at)).toEqual(listed); // listing sends and records nothing

    const telegram = recordingChannel();
    expect(await run(ctx, at, { telegram })).toEqual({ sent: 1, failed: 0 });
    expect(telegram.sent[0]!.message.text).toBe(n!.text);
    expect(due(ctx, at)).toEqual({ notices: [] });
    expect(await run(ctx, at, { telegram })).toEqual({ sent: 0, failed: 0 });
  });

  test("asking about 2019 shows what would have been sent; today shows nothing", () => {
    subscribe(db, "telegram:-100777");
    expect(due(ctx, t("2019-11-04T08:00:00+07:00")).notices.map((n) => n.lead)).toEqual([1]);
    expect(due(ctx, t("2026-11-22T08:00:00+07:00")).notices).toEqual([]);
  });

  test("unsubscribed chats are not listed", () => {
    subscribe(db, "telegram:-100777");
    unsubscribe(db, "telegram:-100777");
    expect(due(ctx, t("2019-11-01T08:00:00+07:00")).notices).toEqual([]);
  });

  test("run refuses while the bot's dispatcher holds the lock", async () => {
    subscribe(db, "telegram:-100777");
    createLease(db, { owner: "otherhost/1/x" }).acquire();
    await expect(run(ctx, t("2019-11-01T08:00:00+07:00"), { telegram: recordingChannel() })).rejects.toThrow(DispatcherLockedError);
  });
});

describe("deadlines --ics", () => {
  test("the engine's deadlines, filtered as asked", () => {
    const calls: unknown[] = [];
    const text = ics({ deadlines: (f) => (calls.push(f), [item()]), listPlans: () => PLANS }, { agency: "Công an huyện" });
    expect(calls).toEqual([{ agency: "Công an huyện" }]);
    expect(text).toContain("DTSTART;VALUE=DATE:20191105");
  });
});
