/**
 * The bot's hot path, offline: questions in Telegram groups answered over the
 * loopback Telegram server (test/support/fakeTelegramServer.ts) by the real
 * grammY channel, behaviour and engine, on a store of generated plans
 * (default 1,000). 500 questions from 50 group chats (five askers in each, so
 * nobody hits the per-user rate limit), each mentioning the bot,
 * sent at a steady pace below Telegram's global send limit (the bot's own
 * throttle stays as deployed). Latency is from the update being offered to
 * getUpdates to the bot's sendMessage reaching the server, after warm-up
 * questions in a chat of their own (BENCH_WARMUP, default one of each kind; the
 * first answer's latency is reported apart). Prints p50/p95/max, wall time, the
 * process's CPU time per question (load-independent) and how late its event loop
 * ran (waits imposed by a busy machine). The last line is one JSON object.
 *
 *   npm run bench:bot          # BENCH_PLANS, BENCH_QUESTIONS, BENCH_CHATS, BENCH_RATE (questions/s), BENCH_REUSE=1
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { configSchema } from "../src/config.js";
import { openApp } from "../src/app.js";
import { createAssistant } from "../src/answer/assistant.js";
import { startBots } from "../src/bot/runBots.js";
import { createLogger } from "../src/core/logger.js";
import { createChatSettingsStore } from "../src/store/chatSettings.js";
import { startFakeTelegram } from "../test/support/fakeTelegramServer.js";
import { QUESTIONS } from "./questions.js";
import { benchStore } from "./benchStore.js";

const PLANS = Number(process.env.BENCH_PLANS ?? 1000);
const TOTAL = Number(process.env.BENCH_QUESTIONS ?? 500);
const CHATS = Number(process.env.BENCH_CHATS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 20);

const store = await benchStore(PLANS);
const tg = await startFakeTelegram();
const config = configSchema.parse({
  STORE_DIR: store.storeDir,
  TELEGRAM_BOT_TOKEN: tg.token,
  TELEGRAM_API_ROOT: tg.apiRoot,
  LOG_LEVEL: "error",
});
const logger = createLogger("error");
const app = await openApp(config, logger);
await app.ensureSearch();
const bots = await startBots(config, { assistant: createAssistant(app), settings: createChatSettingsStore(app.db), logger });

const chatId = (i: number) => -1_000_000 - (i % CHATS);
const sentCount = (chat: number) => tg.sentTo(chat).length;

/** Sends one group question and resolves with the ms from the update being offered to the bot's reply reaching the server. */
const ask = (chat: number, userId: number, text: string): Promise<number> => {
  const before = sentCount(chat);
  const t = performance.now();
  tg.pushMessage({ chatId: chat, chatType: "group", userId, text, mention: true });
  return tg.waitFor(() => sentCount(chat) > before, 30_000).then(() => performance.now() - t);
};

// A deployed bot has answered before: each kind of question once, in a chat of its own, loads the
// search index and warms the code paths first. The first answer's latency is reported apart.
const WARMUP = Number(process.env.BENCH_WARMUP ?? QUESTIONS.length);
const warmup: number[] = [];
for (let i = 0; i < WARMUP; i++) warmup.push(await ask(-2_000_000, 9_000 + i, QUESTIONS[i % QUESTIONS.length] as string));
const latencies: number[] = [];
// How late the event loop ran its timers: high while each question costs little CPU means the process
// was kept waiting (a busy shared machine), not that a question blocked it.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const pending: Array<Promise<void>> = [];
const cpuStart = process.cpuUsage();
const started = performance.now();
for (let i = 0; i < TOTAL; i++) {
  // A steady pace: question i goes out at i / RATE seconds.
  const wait = started + (i * 1000) / RATE - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const userId = 10_000 + (i % CHATS) * 10 + (Math.floor(i / CHATS) % 5);
  pending.push(ask(chatId(i), userId, QUESTIONS[i % QUESTIONS.length] as string).then((ms) => void latencies.push(ms)));
}
await Promise.all(pending);
const wallSeconds = (performance.now() - started) / 1000;
const cpuUsed = process.cpuUsage(cpuStart);
loopDelay.disable();
await bots.stop();
await app.close();
await tg.close();

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] as number;
const round = (x: number) => Number(x.toFixed(1));
const figures = {
  plans: store.plans,
  chats: CHATS,
  questions: latencies.length,
  ratePerSec: RATE,
  wallSeconds: round(wallSeconds),
  p50Ms: round(pct(50)),
  p95Ms: round(pct(95)),
  maxMs: round(latencies[latencies.length - 1] ?? 0),
  meanMs: round(latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length)),
  // CPU of this process (bot, engine and the loopback server together) per question: load-independent.
  cpuPerQuestionMs: round((cpuUsed.user + cpuUsed.system) / 1000 / Math.max(1, latencies.length)),
  cpuSeconds: round((cpuUsed.user + cpuUsed.system) / 1e6),
  warmupQuestions: warmup.length,
  firstAnswerMs: warmup.length ? round(warmup[0] as number) : null,
  eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
  eventLoopDelayMaxMs: round(loopDelay.max / 1e6),
  peakRssMb: round(process.resourceUsage().maxRSS / 1024),
  messagesSent: tg.sentCount,
};
console.log(
  `${figures.questions} group questions from ${CHATS} chats over loopback Telegram, ${figures.plans} plans: ` +
    `p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, max ${figures.maxMs} ms (wall ${figures.wallSeconds} s); ` +
    `CPU ${figures.cpuPerQuestionMs} ms per question (${figures.cpuSeconds} s in all); first answer after start ${figures.firstAnswerMs} ms; ` +
    `event loop delay p99 ${figures.eventLoopDelayP99Ms} ms, max ${figures.eventLoopDelayMaxMs} ms`,
);
console.log(JSON.stringify(figures));
process.exit(0);
