/**
 * The crash test's dispatcher process: opens the store, sends every due notice
 * through the loopback Telegram server, prints a summary and exits. The parent
 * kills it with SIGKILL at random moments and starts it again.
 * Env: STORE_DIR, API_ROOT, TOKEN, DEADLINES.
 */
import { openDatabase } from "../../../src/store/db.js";
import { createChatSettingsStore } from "../../../src/store/chatSettings.js";
import { createDispatcher } from "../../../src/reminders/dispatcher.js";
import { createNoticeSource } from "../../../src/reminders/source.js";
import { CRASH_AT, CRASH_PLANS, crashDeadlines } from "./crashFixture.js";
import { sendOnlyTelegram } from "./telegram.js";

const env = (name: string): string => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is required`);
  return v;
};

const db = openDatabase(env("STORE_DIR"));
const items = crashDeadlines(Number(env("DEADLINES")));
const at = new Date(CRASH_AT);
const dispatcher = createDispatcher({
  db,
  channels: { telegram: sendOnlyTelegram(env("API_ROOT"), env("TOKEN")) },
  source: createNoticeSource({
    settings: createChatSettingsStore(db),
    data: { deadlines: () => items, listPlans: () => CRASH_PLANS },
    concernsUnit: () => () => true,
  }),
  clock: () => at,
  rate: { globalPerSec: 100_000, perChatPerMin: 1_000 },
  leaseTtlMs: 10_000,
});

process.stdout.write("ready\n");
let sent = 0;
for (;;) {
  const r = await dispatcher.runOnce(at);
  if (r.lockedOut) {
    await new Promise((res) => setTimeout(res, 100));
    continue;
  }
  sent += r.sent;
  if (dispatcher.outbox.counts().pending === 0) break;
}
await dispatcher.stop();
process.stdout.write(`${JSON.stringify({ done: true, sent, counts: dispatcher.outbox.counts() })}\n`);
db.close();
