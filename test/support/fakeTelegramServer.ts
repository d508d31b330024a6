/**
 * A loopback HTTP server speaking the Telegram Bot API (/bot<token>/<method>),
 * so the real grammY client runs in tests: long-polled updates fed by
 * `pushUpdate`, recorded calls and sent messages, file downloads, multipart
 * uploads, injected failures and an optional Telegram-like rate limiter (429
 * with retry_after). Built to stay fast with many thousands of chats.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** Telegram-like flood limits; a request over a limit gets 429 with parameters.retry_after. */
export interface FakeTelegramRateLimit {
  /** At most `max` messages to one chat per fixed window of `windowMs`. */
  perChat?: { max: number; windowMs: number };
  /** At most this many messages per second to all chats together. */
  globalPerSecond?: number;
  /** retry_after to answer (seconds); default: seconds until the window frees, at least 1. */
  retryAfterSec?: number;
  /** Methods that count as messages; default sendMessage, sendDocument, sendPhoto, copyMessage, forwardMessage. */
  methods?: string[];
}

export interface FakeTelegramOptions {
  /** Token the fake accepts; others get 401. */
  token?: string;
  /** The bot's identity (getMe). */
  bot?: { id: number; username: string; first_name: string };
  rateLimit?: FakeTelegramRateLimit;
  /** Longest time getUpdates holds a request, whatever timeout the client asks (ms). */
  maxPollMs?: number;
  /** Keep every call in `calls` (default true; switch off for very large load tests). */
  recordCalls?: boolean;
  /** Clock for the rate limiter (ms); default Date.now. */
  now?: () => number;
  /** Artificial delay before answering send* methods (ms), to simulate a slow API. */
  sendDelayMs?: number;
}

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** HTTP status the fake answered. */
  status: number;
  at: number;
}

export interface SentMessage {
  method: "sendMessage" | "sendDocument";
  chatId: string;
  messageId: number;
  /** Message text, or the document's caption. */
  text: string;
  parseMode?: string;
  replyMarkup?: { inline_keyboard?: { text: string; callback_data?: string }[][] };
  replyTo?: number;
  document?: { fileName: string; content: Buffer };
}

export interface FakeDocument {
  file_id: string;
  file_unique_id: string;
  file_name: string;
  mime_type: string;
  file_size: number;
}

export interface UserMessageSpec {
  chatId: number | string;
  chatType?: "private" | "group" | "supergroup";
  userId?: number;
  firstName?: string;
  text?: string;
  /** Prefix the text with "@<bot username> " (a mention entity). */
  mention?: boolean;
  /** Make the message a reply to one of the bot's messages. */
  replyToBot?: boolean;
  /** Attach a document (text becomes its caption). */
  document?: FakeDocument;
  /** Make the message a reply to a message carrying this document. */
  replyToDocument?: FakeDocument;
  /** Attach this file as a photo (Telegram's PhotoSize list; text becomes its caption). */
  photo?: FakeDocument;
}

export interface FailureSpec {
  error_code: number;
  description?: string;
  retry_after?: number;
}

export interface FakeTelegram {
  /** Pass as `client.apiRoot` / TELEGRAM_API_ROOT. */
  readonly apiRoot: string;
  readonly port: number;
  readonly token: string;
  readonly bot: { id: number; username: string; first_name: string };
  /** Every call, in order (when recordCalls). */
  readonly calls: RecordedCall[];
  /** Messages and documents the bot sent, per chat id. */
  readonly sent: Map<string, SentMessage[]>;
  /** Total messages and documents sent (cheap to read in a waitFor predicate). */
  readonly sentCount: number;
  /** Answers with status 429 so far. */
  readonly rateLimitedCount: number;
  /** Commands registered with setMyCommands (last call). */
  readonly commands: { command: string; description: string }[];
  /** The webhook as last set (url, secret_token), or null. */
  readonly webhook: { url: string; secret_token?: string } | null;
  sentTo(chatId: number | string): SentMessage[];
  callsOf(method: string): RecordedCall[];
  /** Queue an update for getUpdates; returns its update_id. */
  pushUpdate(update: Record<string, unknown>): number;
  /** Build and queue a user message with the entities Telegram would add; returns the update_id. */
  pushMessage(spec: UserMessageSpec): number;
  /** Queue a button press on a bot message; returns the update_id. */
  pushCallback(spec: { chatId: number | string; userId?: number; data: string; chatType?: "private" | "group" | "supergroup" }): number;
  /** Build (without queueing) the update pushMessage would queue. */
  buildMessage(spec: UserMessageSpec): Record<string, unknown>;
  /** Store a file that getFile and the /file/ route serve. */
  addFile(content: Buffer | string, fileName: string, mimeType?: string): FakeDocument;
  /** Answer the next `times` calls of `method` with this error. */
  failNext(method: string, failure: FailureSpec, times?: number): void;
  /** Resolves with the predicate's first truthy value, re-checked after every call; rejects after timeoutMs. */
  waitFor<T>(predicate: () => T | false | null | undefined, timeoutMs?: number): Promise<T>;
  /** Updates queued and not yet confirmed by a later getUpdates offset. */
  readonly pendingUpdates: number;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = "123456:TEST-fake-telegram-token";
const DEFAULT_BOT = { id: 777000, username: "TroLyKeHoachBot", first_name: "Trợ lý Kế hoạch" };
const MESSAGE_METHODS = ["sendMessage", "sendDocument", "sendPhoto", "copyMessage", "forwardMessage"];

interface PollWaiter {
  offset: number;
  limit: number;
  respond: (updates: Record<string, unknown>[]) => void;
}

/**
 * Start the fake on a random loopback port.
 * @example
 * const tg = await startFakeTelegram();
 * const bot = new Bot(tg.token, { client: { apiRoot: tg.apiRoot } });
 */
export async function startFakeTelegram(opts: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = opts.token ?? DEFAULT_TOKEN;
  const bot = opts.bot ?? DEFAULT_BOT;
  const now = opts.now ?? Date.now;
  const record = opts.recordCalls ?? true;
  const limits = opts.rateLimit;
  const limitedMethods = new Set(limits?.methods ?? MESSAGE_METHODS);

  const calls: RecordedCall[] = [];
  const sent = new Map<string, SentMessage[]>();
  let commands: { command: string; description: string }[] = [];
  let webhook: { url: string; secret_token?: string } | null = null;
  let updates: Record<string, unknown>[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1000;
  let nextFileId = 1;
  const files = new Map<string, { doc: FakeDocument; path: string; content: Buffer }>();
  const filesByPath = new Map<string, Buffer>();
  const failures = new Map<string, { failure: FailureSpec; times: number }>();
  const pollers = new Set<PollWaiter>();
  const waiters = new Set<() => void>();
  const chatWindows = new Map<string, { start: number; count: number }>();
  let globalWindow = { start: 0, count: 0 };
  let sentCount = 0;
  let rateLimitedCount = 0;

  const notify = (): void => {
    for (const check of [...waiters]) check();
  };

  const recordCall = (method: string, params: Record<string, unknown>, status: number): void => {
    if (record) calls.push({ method, params, status, at: now() });
    notify();
  };

  const deliverPending = (): void => {
    for (const poller of [...pollers]) {
      const ready = updates.filter((u) => (u.update_id as number) >= poller.offset).slice(0, poller.limit);
      if (ready.length > 0) {
        pollers.delete(poller);
        poller.respond(ready);
      }
    }
  };

  const pushUpdate = (update: Record<string, unknown>): number => {
    const id = typeof update.update_id === "number" ? update.update_id : nextUpdateId;
    nextUpdateId = Math.max(nextUpdateId, id + 1);
    updates.push({ ...update, update_id: id });
    deliverPending();
    notify();
    return id;
  };

  const chatOf = (chatId: number | string, type: string): Record<string, unknown> => {
    const id = Number(chatId);
    return type === "private" ? { id, type, first_name: "Người dùng" } : { id, type, title: `Nhóm ${chatId}` };
  };

  const buildMessage = (spec: UserMessageSpec): Record<string, unknown> => {
    const chatType = spec.chatType ?? (Number(spec.chatId) < 0 ? "supergroup" : "private");
    const userId = spec.userId ?? 4242;
    let text = spec.text ?? "";
    if (spec.mention) text = `@${bot.username} ${text}`;
    const entities: Record<string, unknown>[] = [];
    const command = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
    if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
    for (const m of text.matchAll(/@[A-Za-z0-9_]{5,32}/g)) {
      if (command && m.index === command[0].indexOf("@")) continue;
      entities.push({ type: "mention", offset: m.index, length: m[0].length });
    }
    const from = { id: userId, is_bot: false, first_name: spec.firstName ?? "Cán bộ" };
    const message: Record<string, unknown> = {
      message_id: ++nextMessageId,
      date: Math.floor(now() / 1000),
      chat: chatOf(spec.chatId, chatType),
      from,
    };
    if (spec.document || spec.photo) {
      if (spec.document) message.document = spec.document;
      if (spec.photo) {
        const { file_id, file_unique_id, file_size } = spec.photo;
        message.photo = [
          { file_id: `${file_id}-small`, file_unique_id: `${file_unique_id}-small`, width: 90, height: 60, file_size: 1000 },
          { file_id, file_unique_id, width: 1280, height: 960, file_size },
        ];
      }
      if (text) {
        message.caption = text;
        if (entities.length > 0) message.caption_entities = entities;
      }
    } else {
      message.text = text;
      if (entities.length > 0) message.entities = entities;
    }
    if (spec.replyToBot) {
      message.reply_to_message = {
        message_id: ++nextMessageId,
        date: Math.floor(now() / 1000),
        chat: chatOf(spec.chatId, chatType),
        from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
        text: "…",
      };
    } else if (spec.replyToDocument) {
      message.reply_to_message = {
        message_id: ++nextMessageId,
        date: Math.floor(now() / 1000),
        chat: chatOf(spec.chatId, chatType),
        from,
        document: spec.replyToDocument,
      };
    }
    return { message };
  };

  /** A 429 answer when a limit is exceeded, else null (and the message is counted). */
  const rateLimited = (method: string, chatId: string | undefined): FailureSpec | null => {
    if (!limits || !limitedMethods.has(method) || chatId === undefined) return null;
    const t = now();
    if (limits.globalPerSecond !== undefined) {
      if (t - globalWindow.start >= 1000) globalWindow = { start: t, count: 0 };
      if (globalWindow.count >= limits.globalPerSecond) {
        const wait = Math.max(1, Math.ceil((globalWindow.start + 1000 - t) / 1000));
        return tooMany(limits.retryAfterSec ?? wait);
      }
    }
    if (limits.perChat) {
      let w = chatWindows.get(chatId);
      if (!w || t - w.start >= limits.perChat.windowMs) {
        w = { start: t, count: 0 };
        chatWindows.set(chatId, w);
      }
      if (w.count >= limits.perChat.max) {
        const wait = Math.max(1, Math.ceil((w.start + limits.perChat.windowMs - t) / 1000));
        return tooMany(limits.retryAfterSec ?? wait);
      }
      w.count += 1;
    }
    if (limits.globalPerSecond !== undefined) globalWindow.count += 1;
    return null;
  };

  const storeSent = (m: SentMessage): void => {
    sentCount += 1;
    const list = sent.get(m.chatId);
    if (list) list.push(m);
    else sent.set(m.chatId, [m]);
  };

  const parseJsonField = (v: unknown): unknown => {
    if (typeof v !== "string") return v;
    try {
      return JSON.parse(v);
    } catch {
      return v;
    }
  };

  const handleMethod = async (method: string, params: Record<string, unknown>, res: ServerResponse): Promise<void> => {
    const reply = (status: number, body: unknown): void => {
      recordCall(method, params, status);
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
    };
    const ok = (result: unknown): void => reply(200, { ok: true, result });
    const fail = (f: FailureSpec): void =>
      reply(f.error_code, {
        ok: false,
        error_code: f.error_code,
        description: f.description ?? `Error ${f.error_code}`,
        ...(f.retry_after !== undefined ? { parameters: { retry_after: f.retry_after } } : {}),
      });

    const injected = failures.get(method);
    if (injected && injected.times > 0) {
      injected.times -= 1;
      if (injected.times === 0) failures.delete(method);
      return fail(injected.failure);
    }
    const chatId = params.chat_id === undefined ? undefined : String(params.chat_id);
    const limited = rateLimited(method, chatId);
    if (limited) {
      rateLimitedCount += 1;
      return fail(limited);
    }
    if (opts.sendDelayMs && method.startsWith("send")) await new Promise((r) => setTimeout(r, opts.sendDelayMs));

    switch (method) {
      case "getMe":
        return ok({ ...bot, is_bot: true, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case "getUpdates": {
        const offset = Number(params.offset ?? 0);
        const limit = Number(params.limit ?? 100);
        if (offset > 0) updates = updates.filter((u) => (u.update_id as number) >= offset);
        const ready = updates.filter((u) => (u.update_id as number) >= offset).slice(0, limit);
        const timeoutMs = Math.min(Number(params.timeout ?? 0) * 1000, opts.maxPollMs ?? Infinity);
        if (ready.length > 0 || timeoutMs <= 0) return ok(ready);
        // Long poll: answer when an update arrives, the timeout passes, or the client goes away.
        await new Promise<void>((resolve) => {
          const poller: PollWaiter = {
            offset,
            limit,
            respond: (list) => {
              clearTimeout(timer);
              ok(list);
              resolve();
            },
          };
          const timer = setTimeout(() => {
            pollers.delete(poller);
            ok([]);
            resolve();
          }, timeoutMs);
          res.once("close", () => {
            if (pollers.delete(poller)) {
              clearTimeout(timer);
              resolve();
            }
          });
          pollers.add(poller);
        });
        return;
      }
      case "sendMessage": {
        if (chatId === undefined || typeof params.text !== "string" || params.text === "") {
          return fail({ error_code: 400, description: "Bad Request: message text is empty" });
        }
        if (params.text.length > 4096) return fail({ error_code: 400, description: "Bad Request: message is too long" });
        if (params.parse_mode === "HTML" && !isValidTelegramHtml(params.text)) {
          return fail({ error_code: 400, description: "Bad Request: can't parse entities" });
        }
        const replyParams = parseJsonField(params.reply_parameters) as { message_id?: number } | undefined;
        const markup = parseJsonField(params.reply_markup) as SentMessage["replyMarkup"];
        const m: SentMessage = {
          method: "sendMessage",
          chatId,
          messageId: ++nextMessageId,
          text: params.text,
          ...(typeof params.parse_mode === "string" ? { parseMode: params.parse_mode } : {}),
          ...(markup ? { replyMarkup: markup } : {}),
          ...(replyParams?.message_id !== undefined ? { replyTo: replyParams.message_id } : {}),
        };
        storeSent(m);
        return ok({
          message_id: m.messageId,
          date: Math.floor(now() / 1000),
          chat: chatOf(chatId, Number(chatId) < 0 ? "supergroup" : "private"),
          from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
          text: params.text,
        });
      }
      case "sendDocument": {
        if (chatId === undefined) return fail({ error_code: 400, description: "Bad Request: chat_id is empty" });
        const doc = params.document as { fileName: string; content: Buffer } | undefined;
        if (!doc || typeof doc !== "object") return fail({ error_code: 400, description: "Bad Request: there is no document in the request" });
        const m: SentMessage = {
          method: "sendDocument",
          chatId,
          messageId: ++nextMessageId,
          text: typeof params.caption === "string" ? params.caption : "",
          document: doc,
        };
        storeSent(m);
        return ok({
          message_id: m.messageId,
          date: Math.floor(now() / 1000),
          chat: chatOf(chatId, Number(chatId) < 0 ? "supergroup" : "private"),
          document: { file_id: `sent-${m.messageId}`, file_unique_id: `u-${m.messageId}`, file_name: doc.fileName },
        });
      }
      case "getFile": {
        const entry = files.get(String(params.file_id));
        if (!entry) return fail({ error_code: 400, description: "Bad Request: invalid file_id" });
        return ok({ file_id: entry.doc.file_id, file_unique_id: entry.doc.file_unique_id, file_size: entry.doc.file_size, file_path: entry.path });
      }
      case "setMyCommands":
        commands = (parseJsonField(params.commands) as { command: string; description: string }[]) ?? [];
        return ok(true);
      case "setWebhook":
        webhook = { url: String(params.url), ...(params.secret_token ? { secret_token: String(params.secret_token) } : {}) };
        return ok(true);
      case "deleteWebhook":
        webhook = null;
        return ok(true);
      case "getWebhookInfo":
        return ok({ url: webhook?.url ?? "", has_custom_certificate: false, pending_update_count: updates.length });
      case "sendChatAction":
      case "answerCallbackQuery":
        return ok(true);
      case "editMessageReplyMarkup":
      case "editMessageText":
        return ok(true);
      default:
        return fail({ error_code: 404, description: "Not Found: method not found" });
    }
  };

  const readParams = async (req: IncomingMessage, url: URL): Promise<Record<string, unknown>> => {
    const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    if (body.length === 0) return params;
    const type = req.headers["content-type"] ?? "";
    if (type.includes("application/json")) return { ...params, ...(JSON.parse(body.toString("utf8")) as Record<string, unknown>) };
    if (type.includes("multipart/form-data")) {
      const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(type);
      if (!boundary) throw new Error("multipart without boundary");
      const uploads = new Map<string, { fileName: string; content: Buffer }>();
      for (const part of parseMultipart(body, boundary[1] ?? boundary[2]!)) {
        if (part.fileName !== undefined) uploads.set(part.name, { fileName: part.fileName, content: part.data });
        else params[part.name] = part.data.toString("utf8");
      }
      // grammY sends files as "attach://<name>" pointing at another part.
      for (const [key, value] of Object.entries(params)) {
        if (typeof value === "string" && value.startsWith("attach://")) {
          const file = uploads.get(value.slice("attach://".length));
          if (file) params[key] = file;
        }
      }
      for (const [key, file] of uploads) if (!(key in params)) params[key] = file;
      return params;
    }
    if (type.includes("application/x-www-form-urlencoded")) {
      return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString("utf8"))) };
    }
    return params;
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
      if (fileMatch) {
        const content = fileMatch[1] === token ? filesByPath.get(decodeURIComponent(fileMatch[2]!)) : undefined;
        if (!content) {
          res.writeHead(404).end();
          return;
        }
        res.writeHead(200, { "Content-Type": "application/octet-stream", "Content-Length": content.length }).end(content);
        return;
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
      if (!match) {
        res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
        return;
      }
      if (match[1] !== token) {
        res
          .writeHead(401, { "Content-Type": "application/json" })
          .end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
        return;
      }
      let params: Record<string, unknown>;
      try {
        params = await readParams(req, url);
      } catch {
        res.writeHead(400).end(JSON.stringify({ ok: false, error_code: 400, description: "Bad Request: can't parse body" }));
        return;
      }
      await handleMethod(match[2]!, params, res);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: String(err) }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiRoot: `http://127.0.0.1:${port}`,
    port,
    token,
    bot,
    calls,
    sent,
    get commands() {
      return commands;
    },
    get webhook() {
      return webhook;
    },
    get pendingUpdates() {
      return updates.length;
    },
    get sentCount() {
      return sentCount;
    },
    get rateLimitedCount() {
      return rateLimitedCount;
    },
    sentTo: (chatId) => sent.get(String(chatId)) ?? [],
    callsOf: (method) => calls.filter((c) => c.method === method),
    pushUpdate,
    buildMessage,
    pushMessage: (spec) => pushUpdate(buildMessage(spec)),
    pushCallback(spec) {
      const chatType = spec.chatType ?? (Number(spec.chatId) < 0 ? "supergroup" : "private");
      const userId = spec.userId ?? 4242;
      return pushUpdate({
        callback_query: {
          id: `cb-${nextUpdateId}`,
          from: { id: userId, is_bot: false, first_name: "Cán bộ" },
          chat_instance: `ci-${spec.chatId}`,
          data: spec.data,
          message: {
            message_id: ++nextMessageId,
            date: Math.floor(now() / 1000),
            chat: chatOf(spec.chatId, chatType),
            from: { id: bot.id, is_bot: true, first_name: bot.first_name, username: bot.username },
            text: "…",
          },
        },
      });
    },
    addFile(content, fileName, mimeType = "application/octet-stream") {
      const buf = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      const n = nextFileId++;
      const doc: FakeDocument = {
        file_id: `file-${n}`,
        file_unique_id: `uniq-${n}`,
        file_name: fileName,
        mime_type: mimeType,
        file_size: buf.length,
      };
      const ext = /\.[^.]+$/.exec(fileName)?.[0] ?? "";
      const path = `documents/file_${n}${ext}`;
      files.set(doc.file_id, { doc, path, content: buf });
      filesByPath.set(path, buf);
      return doc;
    },
    failNext(method, failure, times = 1) {
      failures.set(method, { failure, times });
    },
    waitFor<T>(predicate: () => T | false | null | undefined, timeoutMs = 5000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = (): void => {
          let value: T | false | null | undefined;
          try {
            value = predicate();
          } catch (err) {
            done();
            reject(err as Error);
            return;
          }
          if (value) {
            done();
            resolve(value);
          }
        };
        const timer = setTimeout(() => {
          done();
          const recent = calls.slice(-8).map((c) => `${c.method}:${c.status}`);
          reject(new Error(`fake Telegram: condition not met within ${timeoutMs} ms (last calls: ${recent.join(", ")})`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      for (const poller of [...pollers]) {
        pollers.delete(poller);
        poller.respond([]);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * A tolerant multipart/form-data reader: grammY writes "content-disposition:form-data;name=x"
 * without spaces and with unquoted file names, which undici's strict parser rejects.
 */
function parseMultipart(body: Buffer, boundary: string): { name: string; fileName?: string; data: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { name: string; fileName?: string; data: Buffer }[] = [];
  let pos = body.indexOf(delimiter);
  while (pos !== -1) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next === -1) break;
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const name = /;\s*name="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    const fileName = /;\s*filename="?([^";\r\n]*)"?/i.exec(headers)?.[1];
    if (name !== undefined) {
      parts.push({ name, ...(fileName !== undefined ? { fileName } : {}), data: Buffer.from(part.subarray(headerEnd + 4)) });
    }
    pos = next;
  }
  return parts;
}

function tooMany(retryAfter: number): FailureSpec {
  return { error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, retry_after: retryAfter };
}

/** Telegram rejects HTML with unknown tags or bare "<" / "&": a cheap check of the same. */
export function isValidTelegramHtml(html: string): boolean {
  const allowed = /^<\/?(b|strong|i|em|u|ins|s|strike|del|span|tg-spoiler|a|code|pre|blockquote|tg-emoji)(\s[^<>]*)?>/;
  for (let i = 0; i < html.length; i++) {
    const ch = html[i];
    if (ch === "<") {
      const m = allowed.exec(html.slice(i));
      if (!m) return false;
      i += m[0].length - 1;
    } else if (ch === "&") {
      if (!/^&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);/.test(html.slice(i, i + 10))) return false;
    } else if (ch === ">") {
      return false;
    }
  }
  return true;
}
