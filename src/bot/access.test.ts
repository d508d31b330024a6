/** Unit tests for access.ts. */
import { expect, test } from "vitest";
import { createAccessPolicy } from "./access.js";

test.each([
  { allowed: [], chat: ["telegram", "-1"], expected: true },
  { allowed: ["telegram:-100777"], chat: ["telegram", "-100777"], expected: true },
  { allowed: ["telegram:-100777"], chat: ["zalo", "-100777"], expected: false },
  { allowed: ["-100777"], chat: ["zalo", "-100777"], expected: true },
  { allowed: [" zalo:g-1 ", ""], chat: ["zalo", "g-1"], expected: true },
  { allowed: ["zalo:g-1"], chat: ["telegram", "1"], expected: false },
  { allowed: ["zalo:g-1"], chat: ["console", "local"], expected: true },
] as const)("allow-list $allowed, chat $chat → $expected", ({ allowed, chat, expected }) => {
  const policy = createAccessPolicy({ allowedChatIds: allowed });
  expect(policy.restricted).toBe(allowed.some((a) => a.trim() !== ""));
  expect(policy.isChatAllowed({ platform: chat[0], chatId: chat[1] })).toBe(expected);
});

test("admins are per platform or bare; the console is trusted unless told otherwise", () => {
  const policy = createAccessPolicy({ adminUserIds: ["telegram:1001", "77"] });
  expect(policy.isAdmin("telegram", "1001")).toBe(true);
  expect(policy.isAdmin("zalo", "1001")).toBe(false);
  expect(policy.isAdmin("zalo", "77")).toBe(true);
  expect(policy.isAdmin("console", "anyone")).toBe(true);
  const strict = createAccessPolicy({ allowedChatIds: ["telegram:1"], trustConsole: false });
  expect(strict.isAdmin("console", "anyone")).toBe(false);
  expect(strict.isChatAllowed({ platform: "console", chatId: "local" })).toBe(false);
});
