/** Tests of the loopback OpenAI-compatible server the LLM and embedding tests rely on. */
import { afterAll, beforeAll, expect, test } from "vitest";
import { ChatOpenAI } from "@langchain/openai";
import { fakeEmbedding, startFakeOpenAI, toBase64Float32, type FakeOpenAI } from "../support/fakeOpenAI.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake.close();
});

const chat = (opts: { timeout?: number } = {}) =>
  new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-test", maxRetries: 0, configuration: { baseURL: fake.baseURL }, ...opts });

test("embeddings: float arrays unless base64 is asked", async () => {
  const post = (body: object) =>
    fetch(`${fake.baseURL}/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<{ data: Array<{ embedding: number[] | string }> }>,
    );
  const plain = await post({ model: "m", input: ["a b"], dimensions: 8 });
  expect(plain.data[0]!.embedding).toHaveLength(8);
  const b64 = await post({ model: "m", input: "a b", dimensions: 8, encoding_format: "base64" });
  expect(b64.data[0]!.embedding).toBe(toBase64Float32(fakeEmbedding("a b", 8)));
  const decoded = Buffer.from(b64.data[0]!.embedding as string, "base64");
  expect(decoded.readFloatLE(0)).toBeCloseTo((plain.data[0]!.embedding as number[])[0]!, 6);
});

test("chat: scripted replies reach ChatOpenAI and requests are recorded", async () => {
  fake.setChatReply((body) => `Có ${body.messages.length} tin nhắn`);
  const start = fake.requests.length;
  const reply = await chat().invoke([
    ["system", "Bạn là trợ lý."],
    ["human", "Xin chào"],
  ]);
  expect(reply.content).toBe("Có 2 tin nhắn");
  const sent = fake.requests.slice(start);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.path).toBe("/v1/chat/completions");
  expect(sent[0]!.body.model).toBe("gpt-4o-mini");
  expect(sent[0]!.body.messages[1]).toEqual({ role: "user", content: "Xin chào" });
});

test("chat: streaming replies", async () => {
  fake.setChatReply(() => "Trả lời từng phần");
  let text = "";
  for await (const chunk of await chat().stream("Hỏi")) text += String(chunk.content);
  expect(text).toBe("Trả lời từng phần");
});

test.each([429, 500])("chat: status %i is an error the caller can catch", async (status) => {
  fake.setChatReply(() => ({ status, body: { error: { message: `fake ${status}`, type: "fake" } } }));
  await expect(chat().invoke("Hỏi")).rejects.toThrow();
});

test("chat: a hanging server trips the client timeout", async () => {
  fake.setChatReply(() => "timeout");
  await expect(chat({ timeout: 200 }).invoke("Hỏi")).rejects.toThrow();
});
