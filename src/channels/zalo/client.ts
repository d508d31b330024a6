/**
 * A small typed client for the Zalo Bot Platform API (POST {base}/bot{TOKEN}/{method}
 * with JSON, answers {ok, result} or {ok:false, error_code, description}),
 * validated with zod. No maintained Node SDK exists; this module is the seam to
 * swap one in later. The token never appears in errors.
 */
import { z } from "zod";
import { createRedactor } from "../redact.js";

export const DEFAULT_ZALO_API_BASE = "https://bot-api.zaloplatforms.com";

/** The API answered ok:false (or an HTTP error with a body): `code` is its error_code. */
export class ZaloApiError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly description: string,
  ) {
    super(`Zalo ${method} failed (${code}: ${description})`);
    this.name = "ZaloApiError";
  }
}

/** The request did not get an answer: connection refused, timeout, unreadable body. */
export class ZaloNetworkError extends Error {
  constructor(
    readonly method: string,
    readonly reason: string,
  ) {
    super(`Zalo ${method} request failed: ${reason}`);
    this.name = "ZaloNetworkError";
  }
}

const id = z.union([z.string(), z.number()]).transform(String);

export const zaloUserSchema = z
  .object({
    id,
    display_name: z.string().optional(),
    first_name: z.string().optional(),
    name: z.string().optional(),
    is_bot: z.boolean().optional(),
  })
  .passthrough();

export const zaloMessageSchema = z
  .object({
    message_id: id,
    from: zaloUserSchema,
    chat: z.object({ id, chat_type: z.string().optional() }).passthrough(),
    date: z.number().optional(),
    text: z.string().optional(),
    caption: z.string().optional(),
    /** URL of the picture of a "message.image.received" event. */
    photo: z.string().optional(),
  })
  .passthrough();

export const zaloUpdateSchema = z
  .object({
    event_name: z.string().optional(),
    message: zaloMessageSchema.optional(),
  })
  .passthrough();

export const zaloBotInfoSchema = z
  .object({
    id,
    account_name: z.string().optional(),
    display_name: z.string().optional(),
    name: z.string().optional(),
    account_type: z.string().optional(),
    can_join_groups: z.boolean().optional(),
  })
  .passthrough();

const webhookInfoSchema = z.object({ url: z.string().optional(), updated_at: z.number().optional() }).passthrough();
const sentSchema = z.object({ message_id: id.optional(), date: z.number().optional() }).passthrough();

const envelopeSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown().optional() }).passthrough(),
  z.object({ ok: z.literal(false), error_code: z.number(), description: z.string().optional() }).passthrough(),
]);

export type ZaloUser = z.infer<typeof zaloUserSchema>;
export type ZaloMessage = z.infer<typeof zaloMessageSchema>;
export type ZaloUpdate = z.infer<typeof zaloUpdateSchema>;
export type ZaloBotInfo = z.infer<typeof zaloBotInfoSchema>;
export type ZaloWebhookInfo = z.infer<typeof webhookInfoSchema>;
export type ZaloSent = z.infer<typeof sentSchema>;

export interface ZaloClient {
  getMe(): Promise<ZaloBotInfo>;
  /**
   * Long poll for updates. The API returns one update at a time and answers 408
   * when nothing arrived within `timeout` seconds: that is an empty array here.
   */
  getUpdates(params?: { timeout?: number }, signal?: AbortSignal): Promise<ZaloUpdate[]>;
  setWebhook(params: { url: string; secret_token: string }): Promise<ZaloWebhookInfo>;
  deleteWebhook(): Promise<ZaloWebhookInfo>;
  getWebhookInfo(): Promise<ZaloWebhookInfo>;
  sendMessage(params: { chat_id: string; text: string }): Promise<ZaloSent>;
  sendChatAction(params: { chat_id: string; action: "typing" | "upload_photo" }): Promise<void>;
}

export interface ZaloClientOptions {
  token: string;
  /** ZALO_API_BASE; default https://bot-api.zaloplatforms.com. */
  apiBase?: string;
  /** fetch implementation (tests, proxies); default the global fetch. */
  fetch?: typeof fetch;
  /** Timeout of calls other than getUpdates (ms); default 15 s. */
  timeoutMs?: number;
}

/**
 * @example
 * const zalo = createZaloClient({ token: process.env.ZALO_BOT_TOKEN! });
 * await zalo.sendMessage({ chat_id: "abc", text: "Xin chào" });
 */
export function createZaloClient(opts: ZaloClientOptions): ZaloClient {
  const base = (opts.apiBase ?? DEFAULT_ZALO_API_BASE).replace(/\/+$/, "");
  const doFetch = opts.fetch ?? fetch;
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const redact = createRedactor([opts.token]);

  async function call<T>(
    method: string,
    body: Record<string, unknown>,
    schema: z.ZodType<T, z.ZodTypeDef, unknown>,
    options: { signal?: AbortSignal; timeoutMs?: number } = {},
  ): Promise<T> {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let res: Response;
    try {
      res = await doFetch(`${base}/bot${opts.token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
        signal,
      });
    } catch (err) {
      const reason = timeout.aborted ? "timed out" : options.signal?.aborted ? "aborted" : describe(err);
      throw new ZaloNetworkError(method, redact(reason));
    }
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      if (res.status >= 400) throw new ZaloApiError(method, res.status, res.statusText || "HTTP error");
      throw new ZaloNetworkError(method, redact(`unreadable response (HTTP ${res.status}): ${describe(err)}`));
    }
    const envelope = envelopeSchema.safeParse(json);
    if (!envelope.success) {
      if (res.status >= 400) throw new ZaloApiError(method, res.status, res.statusText || "HTTP error");
      throw new ZaloNetworkError(method, `unexpected response shape (HTTP ${res.status})`);
    }
    const env = envelope.data;
    if (env.ok === false) throw new ZaloApiError(method, env.error_code, redact(env.description ?? ""));
    const result = schema.safeParse(env.result);
    if (!result.success) {
      throw new ZaloNetworkError(method, `unexpected result: ${result.error.issues[0]?.message ?? "invalid"}`);
    }
    return result.data;
  }

  const updatesSchema = z
    .union([z.array(zaloUpdateSchema), zaloUpdateSchema, z.null(), z.undefined()])
    .transform((v): ZaloUpdate[] => (v == null ? [] : Array.isArray(v) ? v : [v]));

  return {
    getMe: () => call("getMe", {}, zaloBotInfoSchema),
    async getUpdates(params = {}, signal) {
      const timeout = params.timeout ?? 30;
      try {
        return await call("getUpdates", { timeout: String(timeout) }, updatesSchema, {
          ...(signal ? { signal } : {}),
          timeoutMs: (timeout + 15) * 1000,
        });
      } catch (err) {
        if (err instanceof ZaloApiError && err.code === 408) return [];
        throw err;
      }
    },
    setWebhook: (params) => call("setWebhook", params, webhookInfoSchema),
    deleteWebhook: () => call("deleteWebhook", {}, webhookInfoSchema.catch({})),
    getWebhookInfo: () => call("getWebhookInfo", {}, webhookInfoSchema),
    sendMessage: (params) => call("sendMessage", params, sentSchema.catch({})),
    async sendChatAction(params) {
      await call("sendChatAction", params, z.unknown());
    },
  };
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}
