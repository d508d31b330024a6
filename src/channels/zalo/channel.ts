/**
 * The Zalo channel over the Bot Platform API: a long-polling loop that stops
 * cleanly, or a webhook route with a constant-time secret check; plain text
 * split at 2,000 characters, duplicate deliveries ignored, inbound chats
 * recorded (Zalo bots may only write to chats that wrote first).
 */
import { createInflight } from "../inflight.js";
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingMessage as HttpRequest, ServerResponse } from "node:http";
import type { Logger } from "pino";
import { z } from "zod";
import type { Channel, IncomingMessage, OutgoingMessage } from "../../core/channel.js";
import { AppError, ChannelSendError } from "../../core/errors.js";
import type { ChatSettingsStore } from "../../store/chatSettings.js";
import type { Behaviour, HandleHooks, Reply } from "../../bot/behaviour.js";
import { fold } from "../../bot/commands.js";
import { messages } from "../../bot/messages.js";
import { createRedactor, safeError } from "../redact.js";
import { downloadLimited } from "../download.js";
import { splitText } from "../split.js";
import { createWebhookServer, readBody, type WebhookServer } from "../webhookServer.js";
import {
  createZaloClient,
  ZaloApiError,
  zaloUpdateSchema,
  type ZaloBotInfo,
  type ZaloClient,
  type ZaloUpdate,
} from "./client.js";

/** Zalo's limit for one text message. */
export const ZALO_TEXT_LIMIT = 2000;

const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;

export interface ZaloWebhookOptions {
  /** Public HTTPS URL Zalo posts to, e.g. "https://bot.example.gov.vn/zalo". */
  url: string;
  /** Compared with X-Bot-Api-Secret-Token; a random one is made when absent. */
  secret?: string;
  server?: WebhookServer;
  port?: number;
  /** Route on the server; default: the path of `url`. */
  path?: string;
}

export interface ZaloChannelOptions {
  token: string;
  apiBase?: string;
  fetch?: typeof fetch;
  /** A ready client (or an SDK adapter) instead of token/apiBase/fetch. */
  client?: ZaloClient;
  behaviour: Behaviour;
  settings: ChatSettingsStore;
  logger: Logger;
  webhook?: ZaloWebhookOptions;
  /** getUpdates timeout in seconds (default 30). */
  pollTimeoutSec?: number;
  /** Largest photo /nap downloads (MAX_FILE_MB); default 20 MB. */
  maxFileBytes?: number;
}

export interface ZaloChannel extends Channel {
  readonly platform: "zalo";
  readonly client: ZaloClient;
  start(): Promise<void>;
  /** Stops polling, waits for answers in progress. */
  stop(): Promise<void>;
  /** The node:http handler for webhook deliveries (mounted by `start` in webhook mode). */
  handleWebhook(req: HttpRequest, res: ServerResponse): Promise<void>;
}

const TYPING_REPEAT_MS = 5000;
const SEEN_LIMIT = 10_000;

const webhookBodySchema = z.union([
  z.object({ ok: z.boolean(), result: zaloUpdateSchema }).transform((v) => v.result),
  zaloUpdateSchema,
]);

/**
 * @example
 * const zalo = createZaloChannel({ token, behaviour, settings, logger });
 * await zalo.start();
 */
export function createZaloChannel(opts: ZaloChannelOptions): ZaloChannel {
  const client =
    opts.client ??
    createZaloClient({
      token: opts.token,
      ...(opts.apiBase ? { apiBase: opts.apiBase } : {}),
      ...(opts.fetch ? { fetch: opts.fetch } : {}),
    });
  const secret = opts.webhook ? zaloSecret(opts.webhook.secret ?? randomBytes(24).toString("hex")) : undefined;
  const secretDigest = secret ? sha256(secret) : undefined;
  const redact = createRedactor([opts.token, opts.webhook?.secret, secret]);
  const log = opts.logger.child({ channel: "zalo" });
  const { behaviour, settings } = opts;

  let me: ZaloBotInfo | undefined;
  let mentionNames: string[] = [];
  let polling: { controller: AbortController; loop: Promise<void> } | undefined;
  let ownServer: WebhookServer | undefined;
  let started = false;
  const seen = new Set<string>();
  const chains = new Map<string, Promise<void>>();
  const inflight = createInflight();

  const toSendError = (err: unknown, chatId: string): ChannelSendError => {
    if (err instanceof ChannelSendError) return err;
    if (err instanceof ZaloApiError) return new ChannelSendError("zalo", chatId, `${err.code}: ${err.description}`);
    return new ChannelSendError("zalo", chatId, safeError(err, redact).message);
  };

  /** Buttons become "gõ /muc …" lines: Zalo bots have no inline buttons. */
  const asPlainText = (message: OutgoingMessage): string => {
    const hints = (message.buttons ?? [])
      .flat()
      .map((b) => {
        const command = behaviour.buttonCommand(b.data);
        return command ? messages.buttonHint(b.text, command) : null;
      })
      .filter((h): h is string => h !== null);
    return hints.length > 0 ? `${message.text.trim()}\n\n${hints.join("\n")}` : message.text;
  };

  const deliver = async (chatId: string, message: OutgoingMessage): Promise<void> => {
    for (const chunk of splitText(asPlainText(message), ZALO_TEXT_LIMIT)) {
      try {
        await client.sendMessage({ chat_id: chatId, text: chunk });
      } catch (err) {
        throw toSendError(err, chatId);
      }
    }
  };

  const withTyping = async (chatId: string, work: (hooks: HandleHooks) => Promise<void>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const ping = (): void => {
      client.sendChatAction({ chat_id: chatId, action: "typing" }).catch((err: unknown) => {
        log.debug({ chat: chatId, err: safeError(err, redact) }, "typing indicator failed");
      });
    };
    // Zalo's Bot API cannot edit a message: the progress line is sent once, the result follows.
    let progressSent = false;
    const progress = async (text: string): Promise<void> => {
      if (progressSent) return;
      progressSent = true;
      await client.sendMessage({ chat_id: chatId, text }).catch((err: unknown) => {
        log.debug({ chat: chatId, err: safeError(err, redact) }, "progress message failed");
      });
    };
    try {
      await work({
        typing: () => {
          if (timer) return;
          ping();
          timer = setInterval(ping, TYPING_REPEAT_MS);
        },
        progress,
      });
    } finally {
      if (timer) clearInterval(timer);
    }
  };

  /** Strip "@Bot name" when the text mentions this bot; null when it does not. */
  const stripMention = (text: string): string | null => {
    const folded = fold(text);
    for (const name of mentionNames) {
      const i = folded.indexOf(`@${name}`);
      // fold() keeps string length for NFC Vietnamese text, so indices carry over.
      if (i >= 0 && folded.length === text.length) {
        return (text.slice(0, i) + text.slice(i + name.length + 1)).replace(/^[\s,:;.!-]+/u, "").trim();
      }
      if (i >= 0) return text.replace(/@\S+/u, "").trim();
    }
    return null;
  };

  const toIncoming = (update: ZaloUpdate): IncomingMessage | null => {
    const m = update.message;
    if (!m || m.from.is_bot) return null;
    const isGroup = (m.chat.chat_type ?? "PRIVATE").toUpperCase() === "GROUP";
    const isText = !update.event_name || update.event_name === "message.text.received";
    // A photo of a page (Zalo delivers pictures, not files, to bots) is read like an uploaded .jpg when its caption asks.
    const photo = update.event_name === "message.image.received" && typeof m.photo === "string" && m.photo !== "" ? m.photo : undefined;
    if (isGroup && !isText && !photo) return null;
    const raw = (m.text ?? m.caption ?? "").normalize("NFC").trim();
    const withoutMention = isGroup ? stripMention(raw) : null;
    const userName = m.from.display_name ?? m.from.first_name ?? m.from.name;
    const fileName = `anh-chup-${m.message_id}.jpg`;
    return {
      chat: { platform: "zalo", chatId: m.chat.id },
      chatType: isGroup ? "group" : "private",
      messageId: m.message_id,
      userId: m.from.id,
      ...(userName ? { userName } : {}),
      text: isText || photo ? (withoutMention ?? raw) : "",
      addressedToBot: withoutMention !== null,
      ...(photo
        ? {
            document: {
              fileName,
              fetch: () =>
                downloadLimited(photo, { fileName, maxBytes: opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, ...(opts.fetch ? { fetch: opts.fetch } : {}) }).catch((err: unknown) => {
                  if (err instanceof AppError) throw err;
                  throw new Error(`zalo photo download failed: ${safeError(err, redact).message}`);
                }),
            },
          }
        : {}),
    };
  };

  const enqueue = (chatId: string, task: () => Promise<void>): void => {
    // One chat's messages are answered in order; different chats run concurrently.
    const next = (chains.get(chatId) ?? Promise.resolve()).then(task).catch((err: unknown) => {
      log.error({ chat: chatId, err: safeError(err, redact) }, "update handling failed");
    });
    chains.set(chatId, next);
    inflight.track(next);
    void next.finally(() => {
      if (chains.get(chatId) === next) chains.delete(chatId);
    });
  };

  const dispatch = (update: ZaloUpdate): void => {
    const m = update.message;
    if (!m) return;
    if (seen.has(m.message_id)) {
      log.debug({ messageId: m.message_id }, "duplicate delivery ignored");
      return;
    }
    seen.add(m.message_id);
    if (seen.size > SEEN_LIMIT) seen.delete(seen.values().next().value!);
    try {
      settings.recordInbound({ platform: "zalo", chatId: m.chat.id });
    } catch (err) {
      log.warn({ chat: m.chat.id, err: safeError(err, redact) }, "could not record inbound chat");
    }
    const msg = toIncoming(update);
    if (!msg) return;
    const chatId = msg.chat.chatId;
    log.debug({ chat: chatId, user: msg.userId, addressed: msg.addressedToBot }, "message");
    const reply: Reply = (out) => deliver(chatId, out);
    enqueue(chatId, () => withTyping(chatId, (hooks) => behaviour.handle(msg, reply, hooks)));
  };

  const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      signal.addEventListener(
        "abort",
        () => {
          clearTimeout(timer);
          resolve();
        },
        { once: true },
      );
    });

  const pollLoop = async (signal: AbortSignal): Promise<void> => {
    let backoffMs = 1000;
    while (!signal.aborted) {
      try {
        const updates = await client.getUpdates({ timeout: opts.pollTimeoutSec ?? 30 }, signal);
        backoffMs = 1000;
        for (const update of updates) dispatch(update);
      } catch (err) {
        if (signal.aborted) break;
        log.warn({ err: safeError(err, redact), retryInMs: backoffMs }, "getUpdates failed");
        await sleep(backoffMs, signal);
        backoffMs = Math.min(backoffMs * 2, 30_000);
      }
    }
  };

  const handleWebhook = async (req: HttpRequest, res: ServerResponse): Promise<void> => {
    const header = req.headers["x-bot-api-secret-token"];
    const given = Array.isArray(header) ? header[0] : header;
    // Hashing first gives equal lengths, so timingSafeEqual never throws or leaks the length.
    if (!secretDigest || given === undefined || !timingSafeEqual(sha256(given), secretDigest)) {
      log.warn({ ip: req.socket.remoteAddress }, "zalo webhook call with a wrong secret: rejected");
      res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: false, description: "unauthorized" }));
      return;
    }
    const body = await readBody(req);
    let json: unknown;
    try {
      json = JSON.parse(body.toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    // Answer at once; the reply goes out through sendMessage.
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ message: "Success" }));
    const parsed = webhookBodySchema.safeParse(json);
    if (parsed.success) dispatch(parsed.data);
    else log.warn({ issue: parsed.error.issues[0]?.message }, "unexpected zalo webhook payload");
  };

  const drain = (timeoutMs?: number): Promise<void> => inflight.drain(timeoutMs);

  return {
    platform: "zalo",
    client,
    handleWebhook,

    async start() {
      if (started) return;
      started = true;
      me = await client.getMe();
      mentionNames = [me.display_name, me.account_name, me.name]
        .filter((n): n is string => Boolean(n && n.trim()))
        .map((n) => fold(n.normalize("NFC").trim()))
        .sort((a, b) => b.length - a.length);
      log.info({ bot: me.account_name ?? me.display_name, mode: opts.webhook ? "webhook" : "polling" }, "zalo bot connected");
      if (opts.webhook) {
        const hook = opts.webhook;
        const path = hook.path ?? (new URL(hook.url).pathname || "/zalo");
        const server = hook.server ?? (ownServer = createWebhookServer({ port: hook.port ?? 8080, logger: log }));
        server.route(path, handleWebhook);
        if (ownServer) await ownServer.listen();
        await client.setWebhook({ url: hook.url, secret_token: secret! });
        log.info({ url: redact(hook.url), path }, "zalo webhook set");
        return;
      }
      try {
        await client.deleteWebhook();
      } catch (err) {
        log.warn({ err: safeError(err, redact) }, "deleteWebhook failed; polling anyway");
      }
      const controller = new AbortController();
      polling = { controller, loop: pollLoop(controller.signal) };
    },

    async stop() {
      if (!started) return;
      started = false;
      if (polling) {
        polling.controller.abort();
        await polling.loop;
        polling = undefined;
      }
      if (ownServer) {
        await ownServer.close();
        ownServer = undefined;
      }
      await drain();
      log.info("zalo bot stopped");
    },

    send: deliver,
  };
}

/**
 * Zalo wants a secret of 8 to 256 characters, and it travels in an HTTP header
 * (visible ASCII only); other secrets are hashed into that form.
 */
export function zaloSecret(secret: string): string {
  return /^[\x21-\x7e]{8,256}$/.test(secret) ? secret : createHash("sha256").update(secret).digest("hex");
}

function sha256(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}
