/**
 * The Telegram channel on grammY: long polling through @grammyjs/runner (one
 * slow answer never blocks other chats) or a webhook with a secret token;
 * auto-retry and a throttler for Telegram's limits; HTML replies, typing
 * indicator, inline buttons and /nap document downloads.
 */
import { createInflight } from "../inflight.js";
import { createHash, randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { isAbsolute } from "node:path";
import { Bot, GrammyError, HttpError, InputFile, webhookCallback, type Context, type Transformer } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import { autoRetry, type AutoRetryOptions } from "@grammyjs/auto-retry";
import { apiThrottler, type APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import { run, sequentialize, type RunnerHandle } from "@grammyjs/runner";
import type { Logger } from "pino";
import type { Channel, IncomingMessage, OutgoingMessage } from "../../core/channel.js";
import { AppError, ChannelSendError } from "../../core/errors.js";
import type { Behaviour, HandleHooks, Reply } from "../../bot/behaviour.js";
import { messages } from "../../bot/messages.js";
import { createRedactor, safeError } from "../redact.js";
import { createWebhookServer, type WebhookServer } from "../webhookServer.js";
import { downloadLimited, fileTooLarge } from "../download.js";
import { toInlineKeyboard, toTelegramChunks } from "./format.js";

export const DEFAULT_TELEGRAM_API_ROOT = "https://api.telegram.org";

export interface TelegramWebhookOptions {
  /** Public HTTPS URL Telegram posts to, e.g. "https://bot.example.gov.vn/telegram". */
  url: string;
  /** Checked against X-Telegram-Bot-Api-Secret-Token; a random one is made when absent. */
  secret?: string;
  /** The shared server to mount on; without it the channel listens on `port` itself. */
  server?: WebhookServer;
  port?: number;
  /** Route on the server; default: the path of `url`. */
  path?: string;
}

export interface TelegramChannelOptions {
  token: string;
  /** Bot API root (TELEGRAM_API_ROOT); a loopback fake in tests. */
  apiRoot?: string;
  behaviour: Behaviour;
  logger: Logger;
  /** Largest document /nap downloads (MAX_FILE_MB). */
  maxFileBytes: number;
  /** Webhook mode when set; long polling otherwise. */
  webhook?: TelegramWebhookOptions;
  /** Throttler limits (grammY defaults: 30/s overall, 20/min per group, 1/s per chat); false to switch off. */
  throttle?: APIThrottlerOptions | false;
  /**
   * 429 and 5xx retries (@grammyjs/auto-retry). Default: up to 5 attempts, waiting
   * at most 60 s; a longer retry_after surfaces as ChannelSendError.retryAfterSec.
   * `false` switches retries off, so every 429 surfaces at once (a caller with its
   * own back-off, e.g. the reminder dispatcher). Note that auto-retry waits out a
   * retry_after once even with maxRetryAttempts 0; use `false` or maxDelaySeconds 0.
   */
  retry?: Partial<AutoRetryOptions> | false;
  /** Long-polling timeout in seconds (default 30). */
  pollTimeoutSec?: number;
  /** Bot identity, to skip getMe (tests). */
  botInfo?: UserFromGetMe;
}

export interface TelegramChannel extends Channel {
  readonly platform: "telegram";
  /** The grammY bot, for wiring extra middleware. */
  readonly bot: Bot;
  /** Connects (getMe), registers commands, then polls or sets the webhook. */
  start(): Promise<void>;
  /** Stops receiving, waits for answers in progress, acknowledges handled updates. */
  stop(): Promise<void>;
}

const ALLOWED_UPDATES = ["message", "callback_query"] as const;
const TYPING_REPEAT_MS = 4500;
const CAPTION_LIMIT = 1024;

/**
 * Build the Telegram channel; call `start()` to go live.
 * @example
 * const telegram = createTelegramChannel({ token, behaviour, logger, maxFileBytes: 20 << 20 });
 * await telegram.start();
 */
export function createTelegramChannel(opts: TelegramChannelOptions): TelegramChannel {
  const apiRoot = (opts.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT).replace(/\/+$/, "");
  const webhookSecret = opts.webhook ? telegramSecret(opts.webhook.secret ?? randomBytes(24).toString("hex")) : undefined;
  const redact = createRedactor([opts.token, opts.webhook?.secret, webhookSecret]);
  const log = opts.logger.child({ channel: "telegram" });
  const { behaviour } = opts;

  const bot = new Bot(opts.token, {
    client: { apiRoot },
    ...(opts.botInfo ? { botInfo: opts.botInfo } : {}),
  });

  if (opts.retry !== false) bot.api.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 60, ...opts.retry }));
  if (opts.throttle !== false) {
    const throttler = apiThrottler(opts.throttle ?? {});
    // The typing indicator must not queue behind (or delay) real messages.
    const selective: Transformer = (prev, method, payload, signal) =>
      method === "sendChatAction" ? prev(method, payload, signal) : throttler(prev, method, payload, signal);
    bot.api.config.use(selective);
  }
  const logPollingErrors: Transformer = async (prev, method, payload, signal) => {
    try {
      return await prev(method, payload, signal);
    } catch (err) {
      if (method === "getUpdates" && !signal?.aborted) log.warn({ err: safeError(err, redact) }, "getUpdates failed; retrying");
      throw err;
    }
  };
  bot.api.config.use(logPollingErrors);

  const inflight = createInflight();
  const track = <T>(p: Promise<T>): Promise<T> => inflight.track(p);
  let lastUpdateId: number | undefined;
  let runner: RunnerHandle | undefined;
  let ownServer: WebhookServer | undefined;
  let started = false;

  const toSendError = (err: unknown, chatId: string): ChannelSendError => {
    if (err instanceof ChannelSendError) return err;
    if (err instanceof GrammyError) {
      return new ChannelSendError("telegram", chatId, `${err.error_code}: ${err.description}`, err.parameters.retry_after);
    }
    if (err instanceof HttpError) return new ChannelSendError("telegram", chatId, `network: ${safeError(err, redact).message}`);
    return new ChannelSendError("telegram", chatId, safeError(err, redact).message);
  };

  const deliver = async (chatId: string, message: OutgoingMessage, replyTo?: number): Promise<void> => {
    const chunks = toTelegramChunks(message);
    const keyboard = toInlineKeyboard(message.buttons);
    for (let i = 0; i < chunks.length; i++) {
      const last = i === chunks.length - 1;
      try {
        await bot.api.sendMessage(chatId, chunks[i]!, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(last && keyboard ? { reply_markup: keyboard } : {}),
          ...(i === 0 && replyTo !== undefined
            ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } }
            : {}),
        });
      } catch (err) {
        throw toSendError(err, chatId);
      }
    }
  };

  const withTyping = async (chatId: string, work: (hooks: HandleHooks) => Promise<void>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const ping = (): void => {
      bot.api.sendChatAction(chatId, "typing").catch((err: unknown) => {
        log.debug({ chat: chatId, err: safeError(err, redact) }, "typing indicator failed");
      });
    };
    const typing = (): void => {
      if (timer) return;
      ping();
      timer = setInterval(ping, TYPING_REPEAT_MS);
    };
    // The progress line: sent once, then edited in place (not one message per OCR page).
    let progressId: number | undefined;
    const progress = async (text: string): Promise<void> => {
      try {
        if (progressId === undefined) progressId = (await bot.api.sendMessage(chatId, text)).message_id;
        else await bot.api.editMessageText(chatId, progressId, text);
      } catch (err) {
        log.debug({ chat: chatId, err: safeError(err, redact) }, "progress message failed");
      }
    };
    try {
      await work({ typing, progress });
    } finally {
      if (timer) clearInterval(timer);
    }
  };

  const downloadFile = async (fileId: string, fileName: string): Promise<Buffer> => {
    const file = await bot.api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > opts.maxFileBytes) throw fileTooLarge(fileName, file.file_size, opts.maxFileBytes);
    if (!file.file_path) throw new Error("Telegram returned no file_path");
    // A local Bot API server (--local) answers with a path on its own disk.
    if (isAbsolute(file.file_path)) return readFile(file.file_path);
    return downloadLimited(`${apiRoot}/file/bot${opts.token}/${file.file_path}`, { fileName, maxBytes: opts.maxFileBytes });
  };

  /** Errors leave the channel without the token (grammY's HttpError nests a URL that holds it). */
  const sanitizeDownloadError = (err: unknown): never => {
    if (err instanceof AppError) throw err;
    throw new Error(`telegram file download failed: ${safeError(err, redact).message}`);
  };

  const toIncoming = (m: Message, me: UserFromGetMe): IncomingMessage | null => {
    const chatType = m.chat.type === "private" ? "private" : m.chat.type === "channel" ? null : "group";
    if (!chatType || !m.from || m.from.is_bot) return null;
    const raw = m.text ?? m.caption ?? "";
    const entities = m.entities ?? m.caption_entities ?? [];
    const myName = me.username.toLowerCase();
    let addressed = m.reply_to_message?.from?.id === me.id;
    const cuts: [number, number][] = [];
    for (const e of entities) {
      const piece = raw.slice(e.offset, e.offset + e.length);
      if (e.type === "bot_command" && e.offset === 0) {
        const at = piece.indexOf("@");
        if (at >= 0) {
          // "/hoi@OtherBot" is for another bot in the group.
          if (piece.slice(at + 1).toLowerCase() !== myName) return null;
          addressed = true;
          cuts.push([at, e.length]);
        }
      } else if (e.type === "mention" && piece.slice(1).toLowerCase() === myName) {
        addressed = true;
        cuts.push([e.offset, e.offset + e.length]);
      } else if (e.type === "text_mention" && e.user.id === me.id) {
        addressed = true;
        cuts.push([e.offset, e.offset + e.length]);
      }
    }
    let text = raw;
    for (const [from, to] of cuts.sort((a, b) => b[0] - a[0])) text = text.slice(0, from) + text.slice(to);
    text = text.replace(/^[\s,:;.!-]+/u, "").replace(/[ \t]{2,}/g, " ").trim();

    // A photo of a page (sent as a picture, not a file) is read like an uploaded .jpg: its largest size is fetched.
    const photos = m.photo ?? m.reply_to_message?.photo;
    const photo = photos && photos.length > 0 ? photos[photos.length - 1] : undefined;
    const doc =
      m.document ??
      m.reply_to_message?.document ??
      (photo ? { file_id: photo.file_id, file_name: `anh-chup-${m.reply_to_message?.photo ? m.reply_to_message.message_id : m.message_id}.jpg`, file_size: photo.file_size } : undefined);
    const userName = [m.from.first_name, m.from.last_name].filter(Boolean).join(" ") || m.from.username;
    return {
      chat: { platform: "telegram", chatId: String(m.chat.id) },
      chatType,
      messageId: String(m.message_id),
      userId: String(m.from.id),
      ...(userName ? { userName } : {}),
      text,
      addressedToBot: addressed,
      ...(doc
        ? {
            document: {
              fileName: doc.file_name ?? "tep-khong-ten",
              ...(doc.file_size !== undefined ? { size: doc.file_size } : {}),
              fetch: () => downloadFile(doc.file_id, doc.file_name ?? "tep-khong-ten").catch(sanitizeDownloadError),
            },
          }
        : {}),
    };
  };

  bot.use(async (ctx, next) => {
    lastUpdateId = Math.max(lastUpdateId ?? 0, ctx.update.update_id);
    await track(next());
  });
  // Keep each chat's messages in order while different chats run concurrently.
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));

  bot.on("message", async (ctx) => {
    const msg = toIncoming(ctx.message, ctx.me);
    if (!msg) return;
    log.debug({ chat: msg.chat.chatId, user: msg.userId, addressed: msg.addressedToBot }, "message");
    const chatId = msg.chat.chatId;
    const replyTo = msg.chatType === "group" ? ctx.message.message_id : undefined;
    let first = true;
    const reply: Reply = async (m) => {
      // Only the first reply quotes the question, so a long thread stays readable.
      await deliver(chatId, m, first ? replyTo : undefined);
      first = false;
    };
    await withTyping(chatId, (hooks) => behaviour.handle(msg, reply, hooks));
  });

  bot.on("callback_query:data", async (ctx) => {
    await ctx.answerCallbackQuery().catch((err: unknown) => {
      log.debug({ err: safeError(err, redact) }, "answerCallbackQuery failed");
    });
    const chatId = String(ctx.chat?.id ?? ctx.from.id);
    const reply: Reply = (m) => deliver(chatId, m);
    await withTyping(chatId, (hooks) =>
      behaviour.handleButton({ platform: "telegram", chatId }, String(ctx.from.id), ctx.callbackQuery.data, reply, hooks),
    );
  });

  bot.catch((err) => {
    log.error({ err: safeError(err.error, redact), update: err.ctx.update.update_id }, "update handling failed");
  });

  const drain = (timeoutMs?: number): Promise<void> => inflight.drain(timeoutMs);

  return {
    platform: "telegram",
    bot,

    async start() {
      if (started) return;
      started = true;
      await bot.init();
      log.info({ username: bot.botInfo.username, mode: opts.webhook ? "webhook" : "polling" }, "telegram bot connected");
      try {
        await bot.api.setMyCommands(behaviour.commands);
      } catch (err) {
        log.warn({ err: safeError(err, redact) }, "setMyCommands failed");
      }
      if (opts.webhook) {
        const hook = opts.webhook;
        const path = hook.path ?? (new URL(hook.url).pathname || "/telegram");
        const server = hook.server ?? (ownServer = createWebhookServer({ port: hook.port ?? 8080, logger: log }));
        server.route(
          path,
          webhookCallback(bot, "http", {
            secretToken: webhookSecret!,
            // Answer Telegram before it gives up and redelivers; the work goes on.
            onTimeout: "return",
            timeoutMilliseconds: 25_000,
          }),
        );
        if (ownServer) await ownServer.listen();
        await bot.api.setWebhook(hook.url, { secret_token: webhookSecret!, allowed_updates: [...ALLOWED_UPDATES] });
        log.info({ url: redact(hook.url), path }, "telegram webhook set");
        return;
      }
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: { fetch: { timeout: opts.pollTimeoutSec ?? 30, allowed_updates: [...ALLOWED_UPDATES] }, silent: true },
        sink: { concurrency: 200 },
      });
      runner.task()?.catch((err: unknown) => log.error({ err: safeError(err, redact) }, "telegram polling stopped"));
    },

    async stop() {
      if (!started) return;
      started = false;
      if (runner) {
        const r = runner;
        runner = undefined;
        try {
          if (r.isRunning()) await r.stop();
        } catch (err) {
          log.warn({ err: safeError(err, redact) }, "runner stop failed");
        }
      }
      if (ownServer) {
        await ownServer.close();
        ownServer = undefined;
      }
      await drain();
      if (!opts.webhook && lastUpdateId !== undefined) {
        // Acknowledge what was handled so a restart does not answer it twice.
        await bot.api.getUpdates({ offset: lastUpdateId + 1, limit: 1, timeout: 0 }).catch(() => undefined);
      }
      log.info("telegram bot stopped");
    },

    async send(chatId, message) {
      await deliver(chatId, message);
    },

    async sendDocument(chatId, fileName, content, caption) {
      try {
        await bot.api.sendDocument(chatId, new InputFile(content, fileName), {
          ...(caption ? { caption: caption.length > CAPTION_LIMIT ? `${caption.slice(0, CAPTION_LIMIT - 1)}…` : caption } : {}),
        });
      } catch (err) {
        throw toSendError(err, chatId);
      }
    },
  };
}

/** Telegram accepts only [A-Za-z0-9_-]{1,256} as secret_token; other secrets are hashed into that form. */
export function telegramSecret(secret: string): string {
  return /^[A-Za-z0-9_-]{1,256}$/.test(secret) ? secret : createHash("sha256").update(secret).digest("hex");
}
