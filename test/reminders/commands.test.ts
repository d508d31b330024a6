import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createChatSettingsStore, type ChatSettingsStore } from "../../src/store/chatSettings.js";
import type { Db } from "../../src/store/db.js";
import { createReminderCommands, parseLeadDays, parseTimeOfDay, reminderButtonCommand, type ReminderCommands } from "../../src/reminders/commands.js";
import { createOutbox } from "../../src/reminders/outbox.js";
import { PLANS, item, t } from "./helpers.js";
import { tempStore } from "./support/memory.js";

const CHAT = "telegram:-100777";
let store: ReturnType<typeof tempStore>;
let db: Db;
let settings: ChatSettingsStore;
let commands: ReminderCommands;
const at = t("2019-10-28T10:00:00+07:00");

beforeEach(() => {
  store = tempStore();
  db = store.open();
  settings = createChatSettingsStore(db);
  commands = createReminderCommands({
    settings,
    outbox: createOutbox(db),
    data: { deadlines: () => [item()], listPlans: () => PLANS },
    clock: () => at,
    defaults: { leadDays: [5, 1], sendTime: "07:00" },
  });
});
afterEach(() => store.cleanup());

describe("argument parsing", () => {
  test.each([
    ["07:30", "07:30"],
    ["7:30", "07:30"],
    ["7h30", "07:30"],
    ["7h", "07:00"],
    ["7 giờ", "07:00"],
    ["07.05", "07:05"],
    ["24:00", null],
    ["7:60", null],
    ["sáng", null],
  ])("time %s → %s", (raw, hhmm) => {
    expect(parseTimeOfDay(raw)).toBe(hhmm);
  });

  test.each([
    ["7,3,1,0", [7, 3, 1, 0]],
    ["7 3 1", [7, 3, 1]],
    ["1, 3 và 7 ngày", [7, 3, 1]],
    ["0", [0]],
    ["61", null],
    ["1,2,3,4,5,6,7", null],
    ["abc", null],
    ["", null],
  ])("lead days %s", (raw, days) => {
    expect(parseLeadDays(raw)).toEqual(days);
  });

  test("button data as a typed command (Zalo)", () => {
    expect(reminderButtonCommand("done:abc_DEF-123")).toBe("/nhacviec xong abc_DEF-123");
    expect(reminderButtonCommand("snooze:abc")).toBe("/nhacviec hoãn abc");
    expect(reminderButtonCommand("sec:p:II.1")).toBeNull();
  });
});

describe("/nhacviec", () => {
  test("no arguments: status, next notices and usage", () => {
    const reply = commands.nhacviec("", CHAT);
    expect(reply).toContain("Nhắc hạn đang TẮT");
    expect(reply).toContain("Giờ nhắc: 08:00");
    expect(reply).toContain("Thứ Ba, 29/10/2019 lúc 08:00");
    expect(reply).toContain("chỉ được gửi khi bật");
    expect(reply).toContain("/nhacviec trước 7,3,1,0");
  });

  test("bật applies the configured defaults once, then tắt", () => {
    const on = commands.nhacviec("bật", CHAT);
    expect(on).toContain("Đã bật nhắc hạn");
    expect(on).toContain("Giờ nhắc: 07:00");
    expect(on).toContain("5, 1 ngày trước hạn");
    expect(on).not.toContain("Zalo");
    expect(settings.get(CHAT)).toMatchObject({ remindersEnabled: true, leadDays: [5, 1], sendTime: "07:00" });
    expect(commands.nhacviec("BAT", CHAT)).toContain("đã được bật từ trước");
    expect(commands.nhacviec("tắt", CHAT)).toContain("Đã tắt");
    expect(settings.get(CHAT).remindersEnabled).toBe(false);
    expect(commands.nhacviec("off", CHAT)).toContain("đang tắt");
  });

  test("a chat's own hour and lead days are kept when it switches on", () => {
    commands.nhacviec("giờ 06:45", CHAT);
    commands.nhacviec("bật", CHAT);
    expect(settings.get(CHAT)).toMatchObject({ sendTime: "06:45", leadDays: [7, 3, 1, 0] });
  });

  test("Zalo chats are told the bot only writes to chats that wrote to it", () => {
    expect(commands.nhacviec("bật", "zalo:g123")).toContain("bot chỉ gửi được tin vào các cuộc trò chuyện đã nhắn cho bot");
  });

  test.each([
    ["giờ 07:30", "Đã đổi giờ nhắc thành 07:30", { sendTime: "07:30" }],
    ["gio 7h", "Đã đổi giờ nhắc thành 07:00", { sendTime: "07:00" }],
    ["giờ 25:00", "không hợp lệ", { sendTime: "08:00" }],
    ["trước 7,3,1", "7, 3, 1 ngày trước hạn", { leadDays: [7, 3, 1] }],
    ["truoc 3 0", "3 ngày trước hạn và đúng ngày hạn", { leadDays: [3, 0] }],
    ["trước 99", "không hợp lệ", { leadDays: [7, 3, 1, 0] }],
  ])("%s", (args, reply, stored) => {
    expect(commands.nhacviec(args, CHAT)).toContain(reply);
    expect(settings.get(CHAT)).toMatchObject(stored);
  });

  test("danh sách lists the next notices with weekday and time", () => {
    const reply = commands.nhacviec("danh sách", CHAT);
    expect(reply.split("\n")).toEqual([
      "Các lần nhắc sắp tới:",
      "• Thứ Ba, 29/10/2019 lúc 08:00: Kế hoạch hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019, Phần kết (hạn 05/11/2019)",
      "• Thứ Sáu, 01/11/2019 lúc 08:00: Kế hoạch hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019, Phần kết (hạn 05/11/2019)",
      "• Thứ Hai, 04/11/2019 lúc 08:00: Kế hoạch hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019, Phần kết (hạn 05/11/2019)",
      "• Thứ Ba, 05/11/2019 lúc 08:00: Kế hoạch hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019, Phần kết (hạn 05/11/2019)",
      "(Nhắc hạn đang tắt: các lần nhắc dưới đây chỉ được gửi khi bật bằng /nhacviec bật.)",
    ]);
  });

  test("a chat following other plans sees none", () => {
    settings.update(CHAT, { planIds: ["quang-ngai-2024"] });
    expect(commands.nhacviec("ds", CHAT)).toContain("Chưa có lần nhắc nào");
  });

  test("unknown arguments show the usage", () => {
    expect(commands.nhacviec("xyz", CHAT)).toContain("Cách dùng /nhacviec");
  });
});
