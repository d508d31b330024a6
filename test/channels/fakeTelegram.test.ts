/** The fake Telegram server itself: its flood limits, so load tests can trust them. */
import { afterEach, expect, test } from "vitest";
import { startFakeTelegram, type FakeTelegram } from "../support/fakeTelegramServer.js";

let fake: FakeTelegram | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const send = async (f: FakeTelegram, chatId: number) => {
  const res = await fetch(`${f.apiRoot}/bot${f.token}/sendMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat_id: chatId, text: "x" }),
  });
  return (await res.json()) as { ok: boolean; error_code?: number; parameters?: { retry_after: number } };
};

test("per-chat window: the N+1th message in the window gets 429 with retry_after until the window passes", async () => {
  const clock = { now: 1_000_000 };
  fake = await startFakeTelegram({ now: () => clock.now, rateLimit: { perChat: { max: 2, windowMs: 60_000 } } });
  expect((await send(fake, -1)).ok).toBe(true);
  expect((await send(fake, -1)).ok).toBe(true);
  const limited = await send(fake, -1);
  expect(limited).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 60 } });
  expect((await send(fake, -2)).ok).toBe(true);
  clock.now += 45_000;
  expect((await send(fake, -1)).parameters?.retry_after).toBe(15);
  clock.now += 15_000;
  expect((await send(fake, -1)).ok).toBe(true);
  expect(fake.sentCount).toBe(4);
  expect(fake.rateLimitedCount).toBe(2);
});

test("global per-second limit across chats", async () => {
  const clock = { now: 5_000 };
  fake = await startFakeTelegram({ now: () => clock.now, rateLimit: { globalPerSecond: 3, retryAfterSec: 2 } });
  const results = [];
  for (let chat = 1; chat <= 5; chat++) results.push(await send(fake, chat));
  expect(results.map((r) => r.ok)).toEqual([true, true, true, false, false]);
  expect(results[3]).toMatchObject({ error_code: 429, parameters: { retry_after: 2 } });
  clock.now += 1000;
  expect((await send(fake, 9)).ok).toBe(true);
});

test("rejects a wrong token and HTML that Telegram could not parse", async () => {
  fake = await startFakeTelegram();
  const wrong = await fetch(`${fake.apiRoot}/bot1:nope/getMe`);
  expect(wrong.status).toBe(401);
  const res = await fetch(`${fake.apiRoot}/bot${fake.token}/sendMessage`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ chat_id: 1, text: "a < b", parse_mode: "HTML" }),
  });
  expect(res.status).toBe(400);
});
