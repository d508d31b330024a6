/**
 * A loopback HTTP server speaking the Zalo Bot Platform API
 * (POST /bot<token>/<method>, {ok, result} envelopes): getUpdates hands out ONE
 * update per call or answers 408 after a short idle wait; sent messages and
 * every call are recorded.
 */
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeZaloOptions {
  token?: string;
  bot?: { id: string; account_name: string; display_name: string };
  /** Longest time getUpdates waits for an update before answering 408 (ms); default 500. */
  idleWaitMs?: number;
  /** Keep every call in `calls` (default true). */
  recordCalls?: boolean;
  now?: () => number;
}

export interface ZaloRecordedCall {
  method: string;
  params: Record<string, unknown>;
  status: number;
  at: number;
}

export interface ZaloSentMessage {
  chatId: string;
  messageId: string;
  text: string;
}

export interface ZaloUserMessageSpec {
  chatId: string;
  chatType?: "PRIVATE" | "GROUP";
  userId?: string;
  displayName?: string;
  text: string;
  /** Prefix "@<bot display name> ". */
  mention?: boolean;
  /** Reuse a message id (to simulate a duplicate delivery). */
  messageId?: string;
  eventName?: string;
  /** A picture (from addPhoto): the update is a "message.image.received" with `text` as its caption. */
  photo?: string;
}

export interface FakeZalo {
  /** Pass as ZALO_API_BASE. */
  readonly apiBase: string;
  readonly port: number;
  readonly token: string;
  readonly bot: { id: string; account_name: string; display_name: string };
  readonly calls: ZaloRecordedCall[];
  readonly sent: Map<string, ZaloSentMessage[]>;
  readonly webhook: { url: string; secret_token: string } | null;
  /** Updates not yet handed out by getUpdates. */
  readonly pendingUpdates: number;
  sentTo(chatId: string): ZaloSentMessage[];
  callsOf(method: string): ZaloRecordedCall[];
  pushUpdate(update: Record<string, unknown>): void;
  /** Serve a picture as Zalo's CDN would; returns its URL for `ZaloUserMessageSpec.photo`. */
  addPhoto(data: Buffer): string;
  /** How many times each served picture was downloaded. */
  readonly photoDownloads: number;
  /** Build the update a user message produces (without queueing it). */
  buildMessage(spec: ZaloUserMessageSpec): Record<string, unknown>;
  /** Queue a user message; returns its message_id. */
  pushMessage(spec: ZaloUserMessageSpec): string;
  failNext(method: string, failure: { error_code: number; description?: string }, times?: number): void;
  waitFor<T>(predicate: () => T | false | null | undefined, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const DEFAULT_TOKEN = "1459232241454765289:fake-zalo-secret-token";
const DEFAULT_BOT = { id: "1459232241454765289", account_name: "bot.TroLyKeHoach", display_name: "Trợ lý Kế hoạch" };

/**
 * @example
 * const zalo = await startFakeZalo();
 * const client = createZaloClient({ token: zalo.token, apiBase: zalo.apiBase });
 */
export async function startFakeZalo(opts: FakeZaloOptions = {}): Promise<FakeZalo> {
  const token = opts.token ?? DEFAULT_TOKEN;
  const bot = opts.bot ?? DEFAULT_BOT;
  const now = opts.now ?? Date.now;
  const idleWaitMs = opts.idleWaitMs ?? 500;
  const record = opts.recordCalls ?? true;
  const calls: ZaloRecordedCall[] = [];
  const sent = new Map<string, ZaloSentMessage[]>();
  const queue: Record<string, unknown>[] = [];
  const pollers = new Set<(u: Record<string, unknown> | null) => void>();
  const waiters = new Set<() => void>();
  const failures = new Map<string, { failure: { error_code: number; description?: string }; times: number }>();
  let webhook: { url: string; secret_token: string } | null = null;
  let nextId = 1;

  const notify = (): void => {
    for (const check of [...waiters]) check();
  };

  const pushUpdate = (update: Record<string, unknown>): void => {
    const poller = pollers.values().next().value;
    if (poller) {
      pollers.delete(poller);
      poller(update);
    } else {
      queue.push(update);
    }
    notify();
  };

  const photos = new Map<string, Buffer>();
  let photoDownloads = 0;

  const buildMessage = (spec: ZaloUserMessageSpec): Record<string, unknown> => {
    const userId = spec.userId ?? "u-4242";
    const text = spec.mention ? `@${bot.display_name} ${spec.text}` : spec.text;
    return {
      event_name: spec.eventName ?? (spec.photo ? "message.image.received" : "message.text.received"),
      message: {
        message_id: spec.messageId ?? `m${(nextId++).toString(16).padStart(8, "0")}`,
        from: { id: userId, display_name: spec.displayName ?? "Cán bộ", is_bot: false },
        chat: { id: spec.chatId, chat_type: spec.chatType ?? "PRIVATE" },
        date: now(),
        ...(spec.photo ? { photo: spec.photo, caption: text } : { text }),
      },
    };
  };

  const handle = async (method: string, params: Record<string, unknown>, res: ServerResponse): Promise<void> => {
    const reply = (status: number, body: unknown): void => {
      if (record) calls.push({ method, params, status, at: now() });
      res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
      notify();
    };
    const ok = (result?: unknown): void => reply(200, result === undefined ? { ok: true } : { ok: true, result });
    const fail = (error_code: number, description: string): void => reply(200, { ok: false, error_code, description });

    const injected = failures.get(method);
    if (injected && injected.times > 0) {
      injected.times -= 1;
      if (injected.times === 0) failures.delete(method);
      return fail(injected.failure.error_code, injected.failure.description ?? `Error ${injected.failure.error_code}`);
    }

    switch (method) {
      case "getMe":
        return ok({ ...bot, account_type: "BASIC", can_join_groups: true });
      case "getUpdates": {
        if (webhook) return fail(400, "Webhook is set; use deleteWebhook before getUpdates");
        const ready = queue.shift();
        if (ready) return ok(ready);
        const waitMs = Math.min(Number(params.timeout ?? 30) * 1000, idleWaitMs);
        const update = await new Promise<Record<string, unknown> | null>((resolve) => {
          const poller = (u: Record<string, unknown> | null): void => {
            clearTimeout(timer);
            resolve(u);
          };
          const timer = setTimeout(() => {
            pollers.delete(poller);
            resolve(null);
          }, waitMs);
          res.once("close", () => {
            if (pollers.delete(poller)) {
              clearTimeout(timer);
              resolve(null);
            }
          });
          pollers.add(poller);
        });
        if (res.destroyed) {
          // The client went away: keep the update for the next poll.
          if (update) queue.unshift(update);
          return;
        }
        return update ? ok(update) : fail(408, "Request timeout");
      }
      case "sendMessage": {
        const chatId = typeof params.chat_id === "string" ? params.chat_id : undefined;
        const text = typeof params.text === "string" ? params.text : "";
        if (!chatId) return fail(400, "chat_id is required");
        if (text.length < 1 || text.length > 2000) return fail(400, "text must be 1 to 2000 characters");
        const m = { chatId, messageId: `s${(nextId++).toString(16).padStart(8, "0")}`, text };
        const list = sent.get(chatId);
        if (list) list.push(m);
        else sent.set(chatId, [m]);
        return ok({ message_id: m.messageId, date: now() });
      }
      case "sendChatAction":
        return ok();
      case "setWebhook": {
        const secret = String(params.secret_token ?? "");
        if (secret.length < 8 || secret.length > 256) return fail(400, "secret_token must be 8 to 256 characters");
        webhook = { url: String(params.url), secret_token: secret };
        return ok({ url: webhook.url, updated_at: now() });
      }
      case "deleteWebhook":
        webhook = null;
        return ok({ url: "", updated_at: now() });
      case "getWebhookInfo":
        return ok({ url: webhook?.url ?? "", updated_at: now() });
      default:
        return reply(404, { ok: false, error_code: 404, description: "Method not found" });
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      const photo = req.method === "GET" ? photos.get((req.url ?? "/").split("?")[0]!) : undefined;
      if (photo) {
        photoDownloads += 1;
        res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": photo.length }).end(photo);
        return;
      }
      const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec((req.url ?? "/").split("?")[0]!);
      if (!match || req.method !== "POST") {
        res.writeHead(404, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 404, description: "Not Found" }));
        return;
      }
      if (match[1] !== token) {
        res.writeHead(401, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: false, error_code: 401, description: "Unauthorized" }));
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const raw = Buffer.concat(chunks).toString("utf8");
      let params: Record<string, unknown> = {};
      try {
        params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        res.writeHead(400).end(JSON.stringify({ ok: false, error_code: 400, description: "Invalid JSON" }));
        return;
      }
      await handle(match[2]!, params, res);
    })().catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(JSON.stringify({ ok: false, error_code: 500, description: String(err) }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    apiBase: `http://127.0.0.1:${port}`,
    port,
    token,
    bot,
    calls,
    sent,
    get webhook() {
      return webhook;
    },
    get pendingUpdates() {
      return queue.length;
    },
    sentTo: (chatId) => sent.get(chatId) ?? [],
    callsOf: (method) => calls.filter((c) => c.method === method),
    pushUpdate,
    addPhoto(data) {
      const path = `/photos/${(nextId++).toString(16).padStart(8, "0")}.jpg`;
      photos.set(path, data);
      return `http://127.0.0.1:${port}${path}`;
    },
    get photoDownloads() {
      return photoDownloads;
    },
    buildMessage,
    pushMessage(spec) {
      const update = buildMessage(spec);
      pushUpdate(update);
      return (update.message as { message_id: string }).message_id;
    },
    failNext(method, failure, times = 1) {
      failures.set(method, { failure, times });
    },
    waitFor<T>(predicate: () => T | false | null | undefined, timeoutMs = 5000): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = (): void => {
          const value = predicate();
          if (value) {
            done();
            resolve(value);
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`fake Zalo: condition not met within ${timeoutMs} ms`));
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
        poller(null);
      }
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
