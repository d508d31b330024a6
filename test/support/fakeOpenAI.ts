/** Test support: a loopback OpenAI-compatible server (embeddings and chat completions) that records what it receives. */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** A request as the server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body (null when empty or not JSON). */
  body: any;
}

/**
 * What a scripted handler returns: a reply text (chat) or `"ok"` (embeddings:
 * answer normally), an explicit HTTP status and JSON body, or `"timeout"` to
 * never answer (the client's timeout fires).
 */
export type ScriptedReply = string | { status: number; body?: unknown; headers?: Record<string, string> } | "timeout";

/** Options of {@link startFakeOpenAI}. */
export interface FakeOpenAIOptions {
  /** Length of embeddings when the request names no `dimensions` (default 64). */
  dimensions?: number;
}

/** A running fake server. */
export interface FakeOpenAI {
  /** "http://127.0.0.1:PORT/v1": pass as `OPENAI_BASE_URL` / `configuration.baseURL`. */
  baseURL: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Script chat completions: `fn(body)` returns the reply text, a status/body, or "timeout". */
  setChatReply(fn: (body: any) => ScriptedReply): void;
  /** Script embeddings: return "ok" for normal vectors, a status/body, or "timeout". */
  setEmbeddingReply(fn: (body: any) => ScriptedReply): void;
  /** The vector the server returns for a text (same function as the endpoint). */
  embeddingOf(text: string, dimensions?: number): Float32Array;
  close(): Promise<void>;
}

/**
 * Deterministic embedding of a text: hashed bag of lower-cased words plus a
 * hash of the whole text, L2-normalized, so texts sharing words are closer.
 */
export function fakeEmbedding(text: string, dimensions: number): Float32Array {
  const vec = new Float32Array(dimensions);
  const words = text.normalize("NFC").toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const w of [...words, `#${text}`]) {
    const h = createHash("sha256").update(w).digest();
    const bucket = h.readUInt32LE(0) % dimensions;
    vec[bucket]! += h[4]! & 1 ? 1 : -1;
  }
  let norm = 0;
  for (const v of vec) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < vec.length; i++) vec[i]! /= norm;
  return vec;
}

/** Base64 of little-endian Float32 values, as OpenAI sends with `encoding_format: "base64"`. */
export function toBase64Float32(vec: Float32Array): string {
  const buf = Buffer.alloc(vec.length * 4);
  vec.forEach((v, i) => buf.writeFloatLE(v, i * 4));
  return buf.toString("base64");
}

/**
 * Start the fake server on 127.0.0.1 (random port).
 *
 * - `POST /v1/embeddings`: vectors from {@link fakeEmbedding}; base64 when
 *   `encoding_format` is "base64", float arrays otherwise.
 * - `POST /v1/chat/completions`: the scripted reply (default "OK"), as a
 *   completion or, with `stream: true`, as server-sent events.
 * - `GET /v1/models`: one model per endpoint.
 *
 * @example
 * const fake = await startFakeOpenAI();
 * fake.setChatReply((body) => (body.messages.length > 2 ? "timeout" : "Xin chào"));
 * // ... new ChatOpenAI({ apiKey: "test", configuration: { baseURL: fake.baseURL } })
 * await fake.close();
 */
export async function startFakeOpenAI(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
  const defaultDims = options.dimensions ?? 64;
  const requests: RecordedRequest[] = [];
  let chatReply: (body: any) => ScriptedReply = () => "OK";
  let embeddingReply: (body: any) => ScriptedReply = () => "ok";
  const sockets = new Set<Socket>();

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const sendScripted = (res: ServerResponse, reply: Exclude<ScriptedReply, string>) =>
    sendJson(res, reply.status, reply.body ?? { error: { message: `status ${reply.status}`, type: "fake_error" } }, reply.headers);

  const handleEmbeddings = (body: any, res: ServerResponse) => {
    const reply = embeddingReply(body);
    if (reply === "timeout") return; // never answer
    if (typeof reply === "object") return sendScripted(res, reply);
    const inputs: string[] = Array.isArray(body?.input) ? body.input : [String(body?.input ?? "")];
    const dims = Number(body?.dimensions) || defaultDims;
    const base64 = body?.encoding_format === "base64";
    sendJson(res, 200, {
      object: "list",
      model: body?.model ?? "fake-embedding",
      data: inputs.map((text, index) => {
        const vec = fakeEmbedding(String(text), dims);
        return { object: "embedding", index, embedding: base64 ? toBase64Float32(vec) : Array.from(vec) };
      }),
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  };

  const handleChat = (body: any, res: ServerResponse) => {
    const reply = chatReply(body);
    if (reply === "timeout") return;
    if (typeof reply === "object") return sendScripted(res, reply);
    const id = `chatcmpl-fake-${requests.length}`;
    const created = 1_700_000_000;
    const model = body?.model ?? "fake-chat";
    if (body?.stream) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const chunk = (delta: object, finish: string | null) =>
        `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
      res.write(chunk({ role: "assistant", content: reply }, null));
      res.write(chunk({}, "stop"));
      res.end("data: [DONE]\n\n");
      return;
    }
    sendJson(res, 200, {
      id,
      object: "chat.completion",
      created,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: reply }, finish_reason: "stop", logprobs: null }],
      usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
    });
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      let body: any = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = null;
      }
      const path = (req.url ?? "/").split("?")[0]!;
      requests.push({ method: req.method ?? "GET", path, headers: req.headers, body });
      if (req.method === "POST" && path.endsWith("/embeddings")) return handleEmbeddings(body, res);
      if (req.method === "POST" && path.endsWith("/chat/completions")) return handleChat(body, res);
      if (req.method === "GET" && path.endsWith("/models")) {
        return sendJson(res, 200, { object: "list", data: [{ id: "fake-chat", object: "model" }, { id: "fake-embedding", object: "model" }] });
      }
      sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: "invalid_request_error" } });
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    setChatReply: (fn) => {
      chatReply = fn;
    },
    setEmbeddingReply: (fn) => {
      embeddingReply = fn;
    },
    embeddingOf: (text, dimensions = defaultDims) => fakeEmbedding(text, dimensions),
    close: () =>
      new Promise<void>((resolve) => {
        // Hanging requests ("timeout") keep sockets open: destroy them so close returns.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
