/**
 * The behaviour every channel must show, run against Telegram, Zalo and the
 * console (one suite, several implementations, as Hono's router tests do).
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { messages } from "../../src/bot/messages.js";
import { FIXTURE } from "../support/testAssistant.js";
import type { ChannelHarness } from "./harness.js";

export interface ChannelCapabilities {
  /** The channel has group chats (the console does not). */
  groups: boolean;
}

export function runCommonCases(name: string, caps: ChannelCapabilities, setup: () => Promise<ChannelHarness>): void {
  describe(`${name}: shared behaviour`, () => {
    let h: ChannelHarness;
    beforeEach(async () => {
      h = await setup();
    });
    afterEach(async () => {
      await h.close();
    });

    /** The chat where "the team" talks: the group when the channel has groups. */
    const teamChat = (): { chatId: string; group: boolean; mention: boolean } =>
      caps.groups ? { chatId: h.ids.group, group: true, mention: true } : { chatId: h.ids.privateChat, group: false, mention: false };

    test.skipIf(!caps.groups)("a group message mentioning the bot gets an answer with section citations", async () => {
      await h.say({ chatId: h.ids.group, group: true, userId: h.ids.user, text: FIXTURE.unitQuestion, mention: true });
      const texts = h.texts(h.ids.group);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toMatch(/Nguồn: .*mục .*V\.7/);
      // The mention itself is not part of the question the engine sees.
      expect(h.assistant.asks.map((a) => a.question)).toEqual([FIXTURE.unitQuestion]);
    });

    test.skipIf(!caps.groups)("a plain group message gets nothing", async () => {
      await h.say({ chatId: h.ids.group, group: true, userId: h.ids.user, text: "Chiều nay họp lúc 14 giờ nhé mọi người" });
      expect(h.texts(h.ids.group)).toEqual([]);
      // A later mention in the same chat is answered: the earlier message was seen and skipped.
      await h.say({ chatId: h.ids.group, group: true, userId: h.ids.user, text: FIXTURE.unitQuestion, mention: true });
      expect(h.texts(h.ids.group)).toHaveLength(1);
      expect(h.assistant.asks).toHaveLength(1);
    });

    test("a private message is answered without a mention, with citations", async () => {
      await h.say({ chatId: h.ids.privateChat, userId: h.ids.user, text: FIXTURE.unitQuestion });
      const texts = h.texts(h.ids.privateChat);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain(FIXTURE.unitSection);
      expect(texts[0]).toContain("Nguồn:");
    });

    test("/donvi then “chúng tôi phải làm gì?” answers for that unit", async () => {
      const chat = teamChat();
      await h.say({ ...chat, userId: h.ids.user, text: `/donvi ${FIXTURE.unit}`, mention: false });
      expect(h.texts(chat.chatId)).toEqual([messages.unitSet(FIXTURE.unit)]);
      expect(h.settings.get({ platform: h.platform, chatId: chat.chatId }).unit).toBe(FIXTURE.unit);

      await h.say({ ...chat, userId: h.ids.user, text: "chúng tôi phải làm gì?" });
      const answer = h.texts(chat.chatId)[1];
      expect(answer).toContain(FIXTURE.unit);
      expect(answer).toMatch(/mục .*V\.7/);
      expect(h.assistant.asks.at(-1)?.ctx.unit).toBe(FIXTURE.unit);
    });

    test("a non-admin /xoa is refused and an admin's removes the plan", async () => {
      const chat = teamChat();
      await h.say({ ...chat, userId: h.ids.user, text: `/xoa ${FIXTURE.planId}`, mention: false });
      expect(h.texts(chat.chatId)).toEqual([messages.adminOnly()]);
      expect(h.assistant.listPlans().map((p) => p.id)).toContain(FIXTURE.planId);

      await h.say({ ...chat, userId: h.ids.admin, text: `/xoa ${FIXTURE.planId}`, mention: false });
      expect(h.texts(chat.chatId)[1]).toMatch(/^Đã xóa /);
      expect(h.assistant.listPlans().map((p) => p.id)).not.toContain(FIXTURE.planId);
    });

    test("a chat outside the allow-list is refused once, politely, and logged", async () => {
      const chatId = caps.groups ? h.ids.outsiderGroup : h.ids.outsiderPrivate;
      const say = (text: string) => h.say({ chatId, group: caps.groups, userId: h.ids.user, text, mention: caps.groups });
      await say(FIXTURE.unitQuestion);
      await say("/hanchot");
      expect(h.texts(chatId)).toEqual([messages.accessDenied()]);
      expect(h.assistant.asks).toHaveLength(0);
      const refusals = h.logs().filter((r) => String(r.msg).includes("allow-list"));
      expect(refusals.some((r) => r.level === 40 && String(r.chat).endsWith(chatId))).toBe(true);
    });

    test("/kehoach lists the plans; /kehoach 1 chooses which the chat follows", async () => {
      const chat = teamChat();
      await h.say({ ...chat, userId: h.ids.user, text: "/kehoach", mention: false });
      const list = h.texts(chat.chatId)[0]!;
      const first = /^1\. (.+)$/m.exec(list)?.[1];
      expect(first).toBeTruthy();
      const plans = h.assistant.listPlans();
      const chosen = plans.find((p) => first!.includes(p.title))!;
      expect(chosen).toBeDefined();
      for (const p of plans) expect(list).toContain(p.title);

      await h.say({ ...chat, userId: h.ids.user, text: "/kehoach 1", mention: false });
      expect(h.texts(chat.chatId)[1]).toContain(chosen.title);
      expect(h.settings.get({ platform: h.platform, chatId: chat.chatId }).planIds).toEqual([chosen.id]);

      await h.say({ ...chat, userId: h.ids.user, text: FIXTURE.unitQuestion });
      expect(h.assistant.asks.at(-1)?.ctx.planIds).toEqual([chosen.id]);

      await h.say({ ...chat, userId: h.ids.user, text: "/kehoach tất cả", mention: false });
      expect(h.settings.get({ platform: h.platform, chatId: chat.chatId }).planIds).toBeNull();
    });
  });
}
