/**
 * The one place that wires everything: configuration, logger, store, engine,
 * chat bots (Telegram, Zalo) and the reminder dispatcher. Without any bot token
 * it opens the console chat over the plans in PLANS_DIR.
 */
import "dotenv/config";
import { openApp } from "./app.js";
import { createAssistant } from "./answer/assistant.js";
import { startBots, type RunningBots } from "./bot/runBots.js";
import { startConsoleChat } from "./cli/extraCommands.js";
import { ConfigError, loadConfig } from "./config.js";
import type { Channel, Platform } from "./core/channel.js";
import { createLogger } from "./core/logger.js";
import { createReminders, withReminderButtons } from "./reminders/index.js";
import { createChatSettingsStore } from "./store/chatSettings.js";

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(`${err instanceof ConfigError ? err.message : String(err)}\n`);
    process.exit(2);
  }
  const hasBots = Boolean(config.TELEGRAM_BOT_TOKEN || config.ZALO_BOT_TOKEN);
  const logger = createLogger(hasBots ? config.LOG_LEVEL : "warn", Boolean(process.stderr.isTTY));
  const app = await openApp(config, logger);

  if (!hasBots) {
    await startConsoleChat(app, app.store.list().length === 0 ? config.PLANS_DIR : undefined);
    await app.close();
    return;
  }

  // A fresh deployment answers at once: plans in PLANS_DIR not yet stored are ingested.
  const ingested = await app.ingest.ingestPaths([config.PLANS_DIR]);
  for (const e of ingested.errors) logger.warn({ source: e.source, err: e.error }, "plan file not ingested");
  await app.ensureSearch();
  logger.info({ plans: app.store.list().length }, "store ready");

  const assistant = createAssistant(app);
  const settings = createChatSettingsStore(app.db);
  let bots: RunningBots | null = null;
  // Channels exist once the bots start; the dispatcher looks them up when it sends.
  const channels: Partial<Record<Platform, Channel>> = {
    get telegram() {
      return bots?.channel("telegram");
    },
    get zalo() {
      return bots?.channel("zalo");
    },
  };
  const reminders = createReminders({ db: app.db, data: assistant, settings, channels, config, logger: logger.child({ module: "reminders" }) });
  bots = await startBots(config, {
    assistant,
    settings,
    logger,
    extraCommands: { nhacviec: reminders.commands.extraCommand },
    wrapBehaviour: (b) => withReminderButtons(b, reminders),
  });
  reminders.start();
  logger.info({ telegram: Boolean(config.TELEGRAM_BOT_TOKEN), zalo: Boolean(config.ZALO_BOT_TOKEN), reminders: config.REMINDERS_ENABLED }, "Trợ lý Kế hoạch is running");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    await reminders.stop();
    await bots?.stop();
    await app.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((err: unknown) => {
  process.stderr.write(`Không khởi động được Trợ lý Kế hoạch: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
