/**
 * Load benchmark for the reminder dispatcher (a script, not a test):
 * N subscribed chats (default 10,000) with one due notice each, delivered
 * through the loopback Telegram server enforcing Telegram's limits with 429s.
 * Prints the achieved rate against the allowed one and the dispatcher's own CPU
 * time per notice; the last line is one JSON object.
 *
 *   npx tsx bench/reminders.bench.ts [--chats 10000]
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createChatSettingsStore } from "../src/store/chatSettings.js";
import { openDatabase } from "../src/store/db.js";
import { createDispatcher } from "../src/reminders/dispatcher.js";
import { createNoticeSource, type ReminderLogger } from "../src/reminders/source.js";
import type { DeadlineItem } from "../src/core/types.js";
import { sendOnlyTelegram } from "../test/reminders/support/telegram.js";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const CHATS = arg("chats", 10_000);
const MARGIN_MS = arg("margin", 50);
const ALLOWED_PER_SEC = 30;
const AT = new Date("2024-06-14T09:00:00+07:00");

interface Stats {
  chats: number;
  messages: number;
  duplicates: number;
  tooMany: number;
  calls: number;
}

const server = fork(fileURLToPath(new URL("./reminders.server.ts", import.meta.url)), [], {
  execArgv: ["--import", "tsx"],
  stdio: ["ignore", "inherit", "inherit", "ipc"],
});
const request = <T>(type: string, reply: string): Promise<T> =>
  new Promise((resolve) => {
    const on = (msg: { type: string } & T) => {
      if (msg.type === reply) {
        server.off("message", on);
        resolve(msg);
      }
    };
    server.on("message", on);
    if (type) server.send({ type });
  });
const { apiRoot, token } = await request<{ apiRoot: string; token: string }>("", "ready");

const dir = mkdtempSync(join(tmpdir(), "reminders-bench-"));
const db = openDatabase(dir);
const settings = createChatSettingsStore(db);
db.transaction(() => {
  for (let i = 0; i < CHATS; i++) settings.update(`telegram:-100${String(i).padStart(7, "0")}`, { remindersEnabled: true, leadDays: [0] });
})();
const items: DeadlineItem[] = [
  {
    planId: "bench-plan",
    section: "IV.2",
    kind: "report",
    due: "2024-06-14",
    start: null,
    recurrence: "none",
    dayOfMonth: null,
    text: "Các cơ quan, đơn vị báo cáo kết quả thực hiện về UBND tỉnh (qua Sở Thông tin và Truyền thông) trước ngày 14/6/2024",
    agencies: [],
    reportTo: "UBND tỉnh",
    reportVia: "Sở Thông tin và Truyền thông",
  },
];
const plans = [{ id: "bench-plan", number: "52/KH-UBND", title: "Kế hoạch thông tin đối ngoại năm 2024", year: 2024 }];

let warnings = 0;
const logger: ReminderLogger = { debug() {}, info() {}, warn: () => void warnings++, error: () => void warnings++ };
const dispatcher = createDispatcher({
  db,
  channels: { telegram: sendOnlyTelegram(apiRoot, token) },
  source: createNoticeSource({ settings, data: { deadlines: () => items, listPlans: () => plans }, concernsUnit: () => () => true }),
  clock: () => AT,
  logger,
  rate: { globalPerSec: ALLOWED_PER_SEC, perChatPerMin: 20, marginMs: MARGIN_MS },
});

console.log(`reminders bench: ${CHATS} chats, one due notice each, limits ${ALLOWED_PER_SEC}/s overall and 20/min per chat`);
const progress = setInterval(() => {
  const c = dispatcher.outbox.counts();
  console.log(`  … ${c.sent} sent, ${c.pending} pending`);
}, 30_000);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const result = await dispatcher.runOnce(AT);
const elapsedSec = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
clearInterval(progress);
await dispatcher.stop();
const stats = await request<Stats>("stats", "stats");
server.send({ type: "close" });
db.close();
rmSync(dir, { recursive: true, force: true });

const cpuMs = (cpu.user + cpu.system) / 1000;
const rate = result.sent / elapsedSec;
const summary = {
  bench: "reminders",
  chats: CHATS,
  sent: result.sent,
  failed: result.failed,
  delivered: stats.messages,
  lost: CHATS - (stats.messages - stats.duplicates),
  duplicates: stats.duplicates,
  http429: stats.tooMany,
  elapsedSec: Number(elapsedSec.toFixed(2)),
  ratePerSec: Number(rate.toFixed(2)),
  allowedPerSec: ALLOWED_PER_SEC,
  rateRatio: Number((rate / ALLOWED_PER_SEC).toFixed(3)),
  cpuMsTotal: Number(cpuMs.toFixed(0)),
  cpuUserMs: Number((cpu.user / 1000).toFixed(0)),
  cpuSystemMs: Number((cpu.system / 1000).toFixed(0)),
  cpuMsPerNotice: Number((cpuMs / Math.max(1, result.sent)).toFixed(3)),
  warnings,
};
console.log(`delivered ${stats.messages} of ${CHATS} (lost ${summary.lost}, duplicates ${stats.duplicates}, failed ${result.failed}), 429 replies: ${stats.tooMany}`);
console.log(`achieved ${summary.ratePerSec}/s of ${ALLOWED_PER_SEC}/s allowed (${(summary.rateRatio * 100).toFixed(1)}%) in ${summary.elapsedSec} s`);
console.log(
  `dispatcher CPU (whole process: schedule, SQLite outbox, grammY HTTP client, V8 background threads): ${summary.cpuMsTotal} ms total, ${summary.cpuMsPerNotice} ms per notice`,
);
console.log(JSON.stringify(summary));
