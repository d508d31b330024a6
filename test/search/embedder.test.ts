/** Tests of the embedders: the local hashing embedder, and OpenAIEmbeddings against the loopback server. */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { OpenAIEmbeddings } from "@langchain/openai";
import { createEmbedder, LocalHashEmbedder, RemoteEmbedder } from "../../src/search/embedder.js";
import { startFakeOpenAI, type FakeOpenAI } from "../support/fakeOpenAI.js";
import { cosine } from "./helpers.js";

const config = { OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, EMBEDDING_MODEL: "text-embedding-3-small" };

describe("LocalHashEmbedder", () => {
  const embedder = new LocalHashEmbedder();

  test("is what createEmbedder gives without an API key, with a versioned id", () => {
    const e = createEmbedder(config);
    expect(e).toBeInstanceOf(LocalHashEmbedder);
    expect(e.id).toBe("local-hash-v1-512");
    expect(new LocalHashEmbedder({ dimensions: 256 }).id).toBe("local-hash-v1-256");
  });

  test("is deterministic, unit length, and of the configured dimension", async () => {
    const text = "Phòng Văn hóa và Thông tin chủ trì, phối hợp với các phòng, ban, ngành.";
    const [a] = await embedder.embedDocuments([text]);
    const [b] = await new LocalHashEmbedder().embedDocuments([text]);
    expect(a).toEqual(b);
    expect(a).toHaveLength(512);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
  });

  test("with and without diacritics (and NFD, old tone marks) are nearly identical", async () => {
    const [a, b, c, d] = await embedder.embedDocuments([
      "cong an huyen",
      "Công an huyện",
      "Công an huyện".normalize("NFD"),
      "CÔNG AN HUYỆN",
    ]);
    expect(cosine(a!, b!)).toBeGreaterThan(0.999);
    expect(cosine(b!, c!)).toBeGreaterThan(0.999);
    expect(cosine(b!, d!)).toBeGreaterThan(0.999);
    const [e, f] = await embedder.embedDocuments(["Phòng Văn hoá và Thông tin", "phong van hoa va thong tin"]);
    expect(cosine(e!, f!)).toBeGreaterThan(0.999);
  });

  test("agency abbreviations are expanded before hashing", async () => {
    const [a, b] = await embedder.embedDocuments(["Sở TT&TT", "Sở Thông tin và Truyền thông"]);
    expect(cosine(a!, b!)).toBeGreaterThan(0.999);
  });

  test("similar texts are closer than unrelated ones", async () => {
    const [q, near, far] = await embedder.embedDocuments([
      "Kinh phí thực hiện kế hoạch lấy từ nguồn nào?",
      "Kinh phí thực hiện hoạt động thông tin đối ngoại năm 2024 sử dụng trong dự toán ngân sách; các nguồn hợp pháp khác.",
      "Công an huyện kiểm tra, hướng dẫn công tác bảo vệ bí mật nhà nước.",
    ]);
    expect(cosine(q!, near!)).toBeGreaterThan(cosine(q!, far!) + 0.1);
  });

  test("a mistyped syllable still shares character n-grams", async () => {
    const [a, typo, other] = await embedder.embedDocuments(["Đài Truyền thanh huyện", "dai truyen thahn huyen", "Sở Tài chính tỉnh"]);
    expect(cosine(a!, typo!)).toBeGreaterThan(0.5);
    expect(cosine(a!, typo!)).toBeGreaterThan(cosine(a!, other!) + 0.3);
  });

  test("question words are ignored in queries", async () => {
    const q = await embedder.embedQuery("Công an huyện phải làm gì?");
    const [d] = await embedder.embedDocuments(["Công an huyện phải làm"]);
    expect(cosine(q, d!)).toBeGreaterThan(0.999);
  });

  test("empty text has a defined unit vector", async () => {
    const [v] = await embedder.embedDocuments([""]);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 6);
  });
});

describe("OpenAI embeddings through a loopback OpenAI-compatible server", () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI({ dimensions: 32 });
  });
  afterAll(async () => {
    await fake.close();
  });

  test("createEmbedder with a key gives OpenAIEmbeddings (created on first use) with an id naming model and server", async () => {
    const e = createEmbedder({ ...config, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL });
    expect(e).toBeInstanceOf(RemoteEmbedder);
    expect(await (e as RemoteEmbedder).embeddings()).toBeInstanceOf(OpenAIEmbeddings);
    expect(e.id).toBe(`openai:text-embedding-3-small@${fake.baseURL}`);
  });

  test("sends the model and inputs, and decodes base64 Float32 vectors", async () => {
    const e = createEmbedder({ ...config, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL, batchSize: 2 });
    const start = fake.requests.length;
    const texts = ["Công an huyện", "Sở Tài chính", "Kinh phí"];
    const vectors = await e.embedDocuments(texts);
    const sent = fake.requests.slice(start);
    expect(sent.map((r) => r.path)).toEqual(["/v1/embeddings", "/v1/embeddings"]);
    expect(sent.every((r) => r.body.model === "text-embedding-3-small")).toBe(true);
    expect(sent.every((r) => r.body.encoding_format === "base64")).toBe(true);
    expect(sent.flatMap((r) => r.body.input)).toEqual(texts);
    expect(sent[0]!.headers.authorization).toBe("Bearer sk-test");
    vectors.forEach((v, i) => {
      expect(v).toHaveLength(32);
      const want = fake.embeddingOf(texts[i]!);
      Array.from(v).forEach((x, j) => expect(x).toBeCloseTo(want[j]!, 6));
    });
    const q = await e.embedQuery("Sở Tài chính");
    expect(cosine(q, vectors[1]!)).toBeCloseTo(1, 6);
  });

  test("server errors surface as errors (no silent empty vectors)", async () => {
    fake.setEmbeddingReply(() => ({ status: 500, body: { error: { message: "boom", type: "server_error" } } }));
    try {
      const e = createEmbedder({ ...config, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL, maxRetries: 0 });
      await expect(e.embedDocuments(["x"])).rejects.toThrow();
    } finally {
      fake.setEmbeddingReply(() => "ok");
    }
  });
});
