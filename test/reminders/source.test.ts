import { describe, expect, test } from "vitest";
import type { ChatRef, OutgoingMessage } from "../../src/core/channel.js";
import type { ChatSettings } from "../../src/store/chatSettings.js";
import { withReminderButtons } from "../../src/reminders/index.js";
import { renderNotice } from "../../src/reminders/noticeText.js";
import { buildOccurrences, scheduleChat, scheduleChats } from "../../src/reminders/schedule.js";
import { concernsUnitFromEngine, createNoticeSource } from "../../src/reminders/source.js";
import { PLANS, chat, item, t } from "./helpers.js";
import { captureLogger } from "./support/memory.js";

const settings = (over: Partial<ChatSettings>): ChatSettings => ({
  chat: "telegram:-1",
  unit: null,
  planIds: null,
  remindersEnabled: true,
  leadDays: [7, 3, 1, 0],
  sendTime: "08:00",
  lastInboundAt: null,
  ...over,
});

const police = item({ planId: "quang-ngai-2024", section: "IV.8", kind: "task", due: "2024-06-14", agencies: ["Công an tỉnh"], text: "CA" });
const press = item({ planId: "quang-ngai-2024", section: "IV.9", kind: "task", due: "2024-06-14", agencies: ["Báo Quảng Ngãi"], text: "Báo" });
const planWide = item({ planId: "quang-ngai-2024", section: "end", due: "2024-06-14", agencies: [], text: "báo cáo" });
const items = [police, press, planWide];

/** The engine's answer for an agency: here, exact names only. */
const engine = {
  deadlines: (opts?: { agency?: string }) => (opts?.agency ? items.filter((d) => d.agencies.includes(opts.agency!)) : items),
  listPlans: () => PLANS,
};

describe("notice source", () => {
  test("many chats at once give the same notices as one by one", () => {
    const occ = buildOccurrences(items, PLANS);
    const chats = [
      chat({ chat: "telegram:-1" }),
      chat({ chat: "telegram:-2", unit: "Công an tỉnh" }),
      chat({ chat: "telegram:-3", unit: "Báo Quảng Ngãi" }),
      chat({ chat: "telegram:-4", unit: "Công an tỉnh" }),
      chat({ chat: "telegram:-5", leadDays: [2] }),
      chat({ chat: "telegram:-6", planIds: ["van-ninh-2019"] }),
    ];
    const together = scheduleChats(occ, PLANS, chats).map((n) => n.key).sort();
    const apart = chats.flatMap((c) => scheduleChat(occ, PLANS, c)).map((n) => n.key).sort();
    expect(together).toEqual(apart);
    expect(together.filter((k) => k.startsWith("telegram:-2|")).map((k) => k.split("|")[2])).not.toContain("IV.9");
    expect(together.filter((k) => k.startsWith("telegram:-6|"))).toEqual([]);
  });

  test("the engine's agency matching decides; plan-wide duties reach every unit", () => {
    const source = createNoticeSource({
      settings: { listSubscribed: () => [settings({ chat: "telegram:-1", unit: "Công an tỉnh", leadDays: [0] })] },
      data: engine,
    });
    const sections = source(t("2024-06-14T09:00:00+07:00")).map((n) => n.section).sort();
    expect(sections).toEqual(["IV.8", "end"]);
    const concerns = concernsUnitFromEngine(engine);
    expect(concerns(press, "Công an tỉnh")).toBe(false);
    expect(concerns(planWide, "anything")).toBe(true);
  });

  test("only the latest past notice of each deadline and the next 24 hours", () => {
    const source = createNoticeSource({ settings: { listSubscribed: () => [settings({})] }, data: engine });
    // 14/06/2024 is a Friday: lead 7 → Fri 07/06, lead 3 → Tue 11/06, lead 1 → Thu 13/06, lead 0 → Fri 14/06.
    const at = t("2024-06-12T07:00:00+07:00");
    const got = source(at).filter((n) => n.section === "end");
    expect(got.map((n) => n.lead)).toEqual([3]);
    const next = source(t("2024-06-13T07:00:00+07:00")).filter((n) => n.section === "end");
    expect(next.map((n) => n.lead)).toEqual([3, 1]);
  });

  test("Zalo chats that never wrote to the bot are left out and logged once", () => {
    const logger = captureLogger();
    const source = createNoticeSource({
      settings: {
        listSubscribed: () => [
          settings({ chat: "zalo:never" }),
          settings({ chat: "zalo:wrote", lastInboundAt: "2024-06-01T00:00:00Z" }),
        ],
      },
      data: engine,
      logger,
    });
    source(t("2024-06-14T09:00:00+07:00"));
    const chats = new Set(source(t("2024-06-14T09:00:00+07:00")).map((n) => n.chat));
    expect([...chats]).toEqual(["zalo:wrote"]);
    expect(logger.entries.filter((e) => e.level === "warn")).toHaveLength(1);
  });
});

describe("buttons", () => {
  test("a section button too long for Telegram becomes rsec:<id>, and the wrapper resolves it", async () => {
    const longPlan = { ...PLANS[1]!, id: "ke-hoach-thong-tin-doi-ngoai-tren-dia-ban-tinh-quang-ngai-nam-2024-ban-chinh-thuc" };
    const it = item({ planId: longPlan.id, section: "IV.8.a", due: "2024-06-14" });
    const [n] = scheduleChat(buildOccurrences([it], [longPlan]), [longPlan], chat({ leadDays: [0] }));
    const m = renderNotice(n!, t("2024-06-14T08:00:00+07:00"));
    const data = m.buttons![0]![0]!.data;
    expect(data).toBe(`rsec:${n!.id}`);

    const seen: string[] = [];
    const behaviour = {
      handleButton: async (_c: ChatRef, _u: string, d: string, reply: (x: OutgoingMessage) => Promise<void>) => {
        seen.push(d);
        await reply({ text: "section" });
      },
      buttonCommand: (d: string) => (d.startsWith("sec:") ? "/muc" : null),
      commands: [],
    };
    const reminders = {
      handleButton: (d: string) => (d.startsWith("done:") ? "done!" : null),
      sectionButton: (d: string) => (d === data ? `sec:${longPlan.id}:IV.8.a` : null),
      buttonCommand: (d: string) => (d.startsWith("done:") ? "/nhacviec xong x" : null),
    };
    const wrapped = withReminderButtons(behaviour, reminders);
    const replies: string[] = [];
    const reply = async (x: OutgoingMessage) => void replies.push(x.text);
    const chatRef: ChatRef = { platform: "telegram", chatId: "-1" };
    await wrapped.handleButton(chatRef, "42", data, reply);
    await wrapped.handleButton(chatRef, "42", "done:abc", reply);
    await wrapped.handleButton(chatRef, "42", "sum:p", reply);
    expect(seen).toEqual([`sec:${longPlan.id}:IV.8.a`, "sum:p"]);
    expect(replies).toEqual(["section", "done!", "section"]);
    expect(wrapped.buttonCommand("done:abc")).toBe("/nhacviec xong x");
    expect(wrapped.buttonCommand("sec:a:b")).toBe("/muc");
    expect(wrapped.commands).toEqual([]);
  });
});
