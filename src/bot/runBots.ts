/**
 * Starts the chat bots the configuration has tokens for (Telegram, Zalo), with
 * one shared behaviour and, in webhook mode, one shared HTTP server; returns a
 * handle whose `stop()` shuts everything down gracefully.
 */
import type { Logger } from "pino";
import type { Config } from "../config.js";
import type { Assistant } from "../core/assistant.js";
import type { Channel, Platform } from "../core/channel.js";
import type { ChatSettingsStore } from "../store/chatSettings.js";
import { createRedactor, safeError } from "../channels/redact.js";
import { createTelegramChannel, type TelegramChannel, type TelegramChannelOptions } from "../channels/telegram/channel.js";
import { createWebhookServer, type WebhookServer } from "../channels/webhookServer.js";
import { createZaloChannel, type ZaloChannel, type ZaloChannelOptions } from "../channels/zalo/channel.js";
import { createAccessPolicy, type AccessPolicy } from "./access.js";
import { createBehaviour, type Behaviour, type BehaviourDeps } from "./behaviour.js";

/** The subset of Config the bots read. */
export type BotConfig = Pick<
  Config,
  | "TELEGRAM_BOT_TOKEN"
  | "TELEGRAM_API_ROOT"
  | "ZALO_BOT_TOKEN"
  | "ZALO_API_BASE"
  | "WEBHOOK_URL"
  | "WEBHOOK_PORT"
  | "WEBHOOK_SECRET"
  | "ALLOWED_CHAT_IDS"
  | "ADMIN_USER_IDS"
  | "RATE_LIMIT_PER_MINUTE"
  | "MAX_FILE_MB"
> &
  Partial<Pick<Config, "TZ_NAME">>;

export interface BotDeps {
  assistant: Assistant;
  settings: ChatSettingsStore;
  logger: Logger;
  now?: () => Date;
  /** More commands, e.g. { nhacviec: { run, description } } from the reminders module. */
  extraCommands?: BehaviourDeps["extraCommands"];
  /** Tuning for tests or special deployments. */
  telegram?: Pick<TelegramChannelOptions, "throttle" | "retry" | "pollTimeoutSec">;
  zalo?: Pick<ZaloChannelOptions, "fetch" | "pollTimeoutSec">;
  /** Interface the webhook server binds to (default 0.0.0.0). */
  webhookHost?: string;
  /** Decorate the behaviour before the channels use it (e.g. reminder buttons). */
  wrapBehaviour?: (behaviour: Behaviour) => Behaviour;
}

export interface RunningBots {
  behaviour: Behaviour;
  access: AccessPolicy;
  /** The live channels; reminders send through these. */
  channels: { telegram?: TelegramChannel; zalo?: ZaloChannel };
  /** The channel for a platform, if that bot runs. */
  channel(platform: Platform): Channel | undefined;
  /** The shared webhook server when WEBHOOK_URL is set. */
  webhookServer?: WebhookServer;
  /** True when at least one platform runs (false: start the console chat instead). */
  readonly any: boolean;
  /** Stop polling and webhooks, let answers in progress finish. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Start every platform that has a token.
 * @example
 * const bots = await startBots(config, { assistant, settings, logger });
 * process.once("SIGTERM", () => void bots.stop().then(() => db.close()));
 */
export async function startBots(config: BotConfig, deps: BotDeps): Promise<RunningBots> {
  const log = deps.logger.child({ module: "bots" });
  const redact = createRedactor([config.TELEGRAM_BOT_TOKEN, config.ZALO_BOT_TOKEN, config.WEBHOOK_SECRET]);
  const access = createAccessPolicy({ allowedChatIds: config.ALLOWED_CHAT_IDS, adminUserIds: config.ADMIN_USER_IDS });
  const maxFileBytes = config.MAX_FILE_MB * 1024 * 1024;
  const baseBehaviour = createBehaviour({
    assistant: deps.assistant,
    settings: deps.settings,
    access,
    logger: deps.logger.child({ module: "behaviour" }),
    ...(deps.now ? { now: deps.now } : {}),
    ...(deps.extraCommands ? { extraCommands: deps.extraCommands } : {}),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
    maxFileBytes,
    ...(config.TZ_NAME ? { timeZone: config.TZ_NAME } : {}),
  });
  const behaviour = deps.wrapBehaviour ? deps.wrapBehaviour(baseBehaviour) : baseBehaviour;

  if (access.restricted) {
    log.info({ chats: config.ALLOWED_CHAT_IDS.length }, "answering only in the chats listed in ALLOWED_CHAT_IDS");
  } else {
    log.warn("ALLOWED_CHAT_IDS is empty: the bot answers in every chat it is added to");
  }
  if (config.ADMIN_USER_IDS.length === 0) log.warn("ADMIN_USER_IDS is empty: nobody can use /nap or /xoa in chats");

  const base = config.WEBHOOK_URL?.replace(/\/+$/, "");
  let server: WebhookServer | undefined;
  if (base) {
    if (!config.WEBHOOK_SECRET) log.warn("WEBHOOK_SECRET is empty: a random secret is used for this run");
    server = createWebhookServer({
      port: config.WEBHOOK_PORT,
      logger: deps.logger.child({ module: "webhook" }),
      ...(deps.webhookHost ? { host: deps.webhookHost } : {}),
    });
    // Listen before registering webhooks so the first deliveries find us.
    await server.listen();
  }
  const webhookFor = (name: string) =>
    base && server ? { url: `${base}/${name}`, server, ...(config.WEBHOOK_SECRET ? { secret: config.WEBHOOK_SECRET } : {}) } : undefined;

  const channels: RunningBots["channels"] = {};
  const stopAll = async (): Promise<void> => {
    await Promise.all([
      server?.close(),
      channels.telegram?.stop().catch((err: unknown) => log.error({ err: safeError(err, redact) }, "telegram stop failed")),
      channels.zalo?.stop().catch((err: unknown) => log.error({ err: safeError(err, redact) }, "zalo stop failed")),
    ]);
  };

  try {
    if (config.TELEGRAM_BOT_TOKEN) {
      const webhook = webhookFor("telegram");
      channels.telegram = createTelegramChannel({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        behaviour,
        logger: deps.logger,
        maxFileBytes,
        ...(webhook ? { webhook } : {}),
        ...deps.telegram,
      });
      await channels.telegram.start();
    }
    if (config.ZALO_BOT_TOKEN) {
      const webhook = webhookFor("zalo");
      channels.zalo = createZaloChannel({
        token: config.ZALO_BOT_TOKEN,
        apiBase: config.ZALO_API_BASE,
        behaviour,
        settings: deps.settings,
        logger: deps.logger,
        maxFileBytes,
        ...(webhook ? { webhook } : {}),
        ...deps.zalo,
      });
      await channels.zalo.start();
    }
  } catch (err) {
    await stopAll();
    throw new Error(`could not start the chat bots: ${safeError(err, redact).message}`);
  }

  const running = Object.keys(channels);
  if (running.length === 0) log.info("no TELEGRAM_BOT_TOKEN or ZALO_BOT_TOKEN: no chat bot started");
  else log.info({ platforms: running, mode: base ? "webhook" : "polling" }, "chat bots started");

  let stopping: Promise<void> | undefined;
  return {
    behaviour,
    access,
    channels,
    channel: (platform) => (platform === "telegram" ? channels.telegram : platform === "zalo" ? channels.zalo : undefined),
    ...(server ? { webhookServer: server } : {}),
    any: running.length > 0,
    stop() {
      stopping ??= stopAll().then(() => log.info("chat bots stopped"));
      return stopping;
    },
  };
}
