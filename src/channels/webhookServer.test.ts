/** Unit tests for webhookServer.ts. */
import { expect, test } from "vitest";
import { pino } from "pino";
import { createWebhookServer, readBody } from "./webhookServer.js";

test("routes POSTs, answers health, 404/405 otherwise, and waits for requests in progress on close", async () => {
  const server = createWebhookServer({ port: 0, host: "127.0.0.1", logger: pino({ level: "silent" }) });
  let release!: () => void;
  let reached!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const inHandler = new Promise<void>((r) => (reached = r));
  server.route("/slow", async (req, res) => {
    const body = await readBody(req);
    reached();
    await gate;
    res.writeHead(200).end(`got ${body.length}`);
  });
  server.route("/boom", async () => {
    throw new Error("handler failed");
  });
  const port = await server.listen();
  const base = `http://127.0.0.1:${port}`;
  expect((await fetch(`${base}/healthz`)).status).toBe(200);
  expect((await fetch(`${base}/nope`, { method: "POST" })).status).toBe(404);
  expect((await fetch(`${base}/slow`)).status).toBe(405);
  expect((await fetch(`${base}/boom`, { method: "POST" })).status).toBe(500);

  const slow = fetch(`${base}/slow`, { method: "POST", body: "abc" });
  await inHandler;
  const closing = server.close();
  release();
  const res = await slow;
  expect(await res.text()).toBe("got 3");
  await closing;
  await expect(fetch(`${base}/healthz`)).rejects.toThrow();
});
