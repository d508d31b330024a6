/**
 * The one HTTP server (node:http) that receives webhooks for every platform:
 * routes such as /telegram and /zalo, a health route, and a graceful close that
 * lets requests in progress finish.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

export interface WebhookServer {
  /** Register a POST route, e.g. "/telegram". */
  route(path: string, handler: RouteHandler): void;
  /** Start listening; resolves with the bound port (useful with port 0). */
  listen(): Promise<number>;
  /** The bound port (0 before `listen`). */
  readonly port: number;
  /** Stop accepting connections and wait (up to `graceMs`) for requests in progress. */
  close(graceMs?: number): Promise<void>;
}

export interface WebhookServerOptions {
  port: number;
  host?: string;
  logger: Logger;
  /** GET route answering {"ok":true}; default "/healthz". */
  healthPath?: string;
}

/** Reads a request body up to `maxBytes`; rejects with `statusCode` 413 beyond it. */
export async function readBody(req: IncomingMessage, maxBytes = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > maxBytes) throw Object.assign(new Error("request body too large"), { statusCode: 413 });
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/**
 * @example
 * const server = createWebhookServer({ port: 8080, logger });
 * server.route("/telegram", telegramHandler);
 * await server.listen();
 */
export function createWebhookServer(opts: WebhookServerOptions): WebhookServer {
  const routes = new Map<string, RouteHandler>();
  const healthPath = opts.healthPath ?? "/healthz";
  let active = 0;
  let idleWaiters: (() => void)[] = [];
  let server: Server | null = null;
  let boundPort = 0;

  const finished = (): void => {
    active -= 1;
    if (active === 0) {
      for (const w of idleWaiters) w();
      idleWaiters = [];
    }
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    active += 1;
    res.once("close", finished);
    const path = (req.url ?? "/").split("?")[0]!;
    try {
      if (path === healthPath && (req.method === "GET" || req.method === "HEAD")) {
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ ok: true }));
        return;
      }
      const handler = routes.get(path);
      if (!handler) {
        res.writeHead(404).end();
        return;
      }
      if (req.method !== "POST") {
        res.writeHead(405, { Allow: "POST" }).end();
        return;
      }
      await handler(req, res);
      if (!res.headersSent) res.writeHead(200).end();
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode ?? (err instanceof SyntaxError ? 400 : 500);
      opts.logger.warn({ path, status, err: { name: (err as Error).name, message: (err as Error).message } }, "webhook request failed");
      if (!res.headersSent) res.writeHead(status).end();
      else res.end();
    }
  };

  return {
    route(path, handler) {
      routes.set(path, handler);
    },
    get port() {
      return boundPort;
    },
    listen() {
      if (server) return Promise.resolve(boundPort);
      const s = createServer((req, res) => void onRequest(req, res));
      server = s;
      return new Promise((resolve, reject) => {
        s.once("error", reject);
        s.listen(opts.port, opts.host ?? "0.0.0.0", () => {
          s.off("error", reject);
          boundPort = (s.address() as AddressInfo).port;
          opts.logger.info({ port: boundPort, routes: [...routes.keys()], health: healthPath }, "webhook server listening");
          resolve(boundPort);
        });
      });
    },
    async close(graceMs = 15_000) {
      const s = server;
      if (!s) return;
      server = null;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      s.closeIdleConnections();
      if (active > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => idleWaiters.push(resolve)),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, graceMs);
          }),
        ]);
        clearTimeout(timer);
      }
      s.closeAllConnections();
      await closed;
    },
  };
}
