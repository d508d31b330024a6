/**
 * The load benchmark's loopback Telegram Bot API server, in its own process so
 * the benchmark measures only the dispatcher's CPU. Enforces Telegram's limits
 * (30 messages per second overall, 20 per minute per chat) with 429 replies.
 * Talks to its parent over IPC: "ready" → {apiRoot, token}; "stats" → counts; "close".
 */
import { startFakeTelegram } from "../test/support/fakeTelegramServer.js";

const fake = await startFakeTelegram({
  recordCalls: true,
  rateLimit: { globalPerSecond: 30, perChat: { max: 20, windowMs: 60_000 } },
});

process.send!({ type: "ready", apiRoot: fake.apiRoot, token: fake.token });

process.on("message", (msg: { type: string }) => {
  if (msg.type === "stats") {
    let messages = 0;
    let duplicates = 0;
    for (const list of fake.sent.values()) {
      messages += list.length;
      duplicates += list.length - new Set(list.map((m) => m.text)).size;
    }
    const tooMany = fake.calls.filter((c) => c.status === 429).length;
    process.send!({ type: "stats", chats: fake.sent.size, messages, duplicates, tooMany, calls: fake.calls.length });
  } else if (msg.type === "close") {
    void fake.close().then(() => process.exit(0));
  }
});
