/** Tests of hybrid search over the sample plans: ranking, filters, sync with the database, fallbacks. */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openDatabase, type Db } from "../../src/store/db.js";
import { matchForm } from "../../src/text/abbreviations.js";
import type { ChunkSource } from "../../src/search/chunks.js";
import { createEmbedder, LocalHashEmbedder, type SearchEmbedder } from "../../src/search/embedder.js";
import { createSearchIndex, type SearchIndex, type SearchIndexOptions } from "../../src/search/hybrid.js";
import { startFakeOpenAI } from "../support/fakeOpenAI.js";
import { CountingEmbedder, tempStore } from "./helpers.js";
import { loadSamplePlans } from "./samplePlans.js";
import { INDEX_FILE } from "../../src/search/vectorIndex.js";

const samples = loadSamplePlans();
const sample = (id: string) => samples.find((p) => p.id === id)!;

const warnings: string[] = [];
const logger = { warn: (_o: object, m?: string) => warnings.push(m ?? ""), info: () => {}, debug: () => {} };

let store: ReturnType<typeof tempStore>;
const dbs: Db[] = [];
beforeEach(() => {
  store = tempStore();
  warnings.length = 0;
});
afterEach(() => {
  dbs.splice(0).forEach((db) => db.close());
  store.cleanup();
});

function open(embedder: SearchEmbedder, extra: Partial<SearchIndexOptions> = {}): SearchIndex {
  const db = openDatabase(store.dir);
  dbs.push(db);
  return createSearchIndex({ db, storeDir: store.dir, embedder, logger, ...extra });
}
const cited = async (index: SearchIndex, q: string, planIds?: string[], k = 5) =>
  (await index.search(q, { planIds, k })).map((h) => `${h.chunk.planId}:${h.chunk.sectionId}`);

describe("hybrid search over the five sample plans (local embedder)", () => {
  let index: SearchIndex;
  beforeEach(async () => {
    index = open(new LocalHashEmbedder());
    await index.indexPlans(samples);
  });

  test("the funding question on vu-thu-2024 ranks KINH PHÍ first", async () => {
    const hits = await index.search("Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", { planIds: ["vu-thu-2024"], k: 3 });
    expect(hits[0]!.chunk.sectionId).toBe("IV");
    expect(hits[0]!.chunk.header).toContain("Mục IV: KINH PHÍ");
    expect(hits[0]!.lexicalRank).toBe(1);
    expect(hits[0]!.vectorRank).not.toBeNull();
  });

  test.each(["cong an huyen", "Công an huyện", "CA huyện"])("%s finds the Công an huyện item", async (q) => {
    expect((await cited(index, q, ["vu-thu-2024"], 3))[0]).toBe("vu-thu-2024:V.7");
  });

  test.each([
    ["vu-thu-2024", "Công an huyện phải làm gì?", ["V.7"]],
    ["van-ninh-2019", "Khi nào phải gửi báo cáo kết quả?", ["end"]],
    ["hung-yen-2022", "Hạn nộp báo cáo kết quả hoạt động thông tin đối ngoại là khi nào?", ["end"]],
    ["quang-ngai-2024", "Ai tổ chức họp báo định kỳ hàng quý?", ["II.1"]],
    ["quang-ngai-2024", "Hội nghị tập huấn về công tác thông tin đối ngoại tổ chức vào thời gian nào?", ["II.2"]],
    ["hung-yen-2022", "Sở Tài chính có trách nhiệm gì?", ["IV.7"]],
    ["trieu-son-2022", "Đơn vị nào chịu trách nhiệm quản lý và cung cấp thông tin?", ["II.3"]],
    ["hung-yen-2022", "Tỉnh tham gia hội chợ du lịch quốc tế nào năm 2022?", ["IV.3"]],
  ])("%s: %s → %s first", async (planId, q, want) => {
    const [first] = await cited(index, q, [planId], 1);
    expect(want.map((s) => `${planId}:${s}`)).toContain(first);
  });

  test.each([
    ["Bộ đội biên phòng tỉnh Quảng Ngãi có nhiệm vụ gì?", "quang-ngai-2024", ["IV.10", "II.12"]],
    ["Kế hoạch nào giao quảng bá sản phẩm OCOP?", "vu-thu-2024", ["II.3", "II.5", "V.4"]],
    ["Ban Chỉ huy Quân sự huyện Vạn Ninh có nhiệm vụ gì?", "van-ninh-2019", ["III.6"]],
  ])("across all plans: %s", async (q, planId, want) => {
    const [first] = await cited(index, q, undefined, 1);
    expect(want.map((s) => `${planId}:${s}`)).toContain(first);
  });

  test("filters by agency key and by a predicate over agencies", async () => {
    const vuThu = sample("vu-thu-2024");
    const agenciesBySection = new Map([
      ["V.7", ["Công an huyện"]],
      ["V.1", ["Phòng Văn hóa và Thông tin", "Công an huyện"]],
      ["II.2", ["Phòng Văn hóa và Thông tin huyện"]],
    ]);
    await index.indexPlans([{ ...vuThu, agenciesBySection }]);
    const police = await index.search("phối hợp quản lý phóng viên", { agencyKeys: [matchForm("CA huyện")], k: 10 });
    expect(police.map((h) => h.chunk.sectionId).sort()).toEqual(["V.1", "V.7"]);
    expect(police[0]!.chunk.agencies).toContain("Công an huyện");
    const culture = await index.search("du lịch", {
      agencyFilter: (names) => names.some((n) => matchForm(n).startsWith("phong van hoa thong tin")),
      k: 10,
    });
    expect(culture.map((h) => h.chunk.sectionId).sort()).toEqual(["II.2", "V.1"]);
  });

  test("plan filter keeps other plans out; unknown plans give nothing", async () => {
    const hits = await index.search("thông tin đối ngoại", { planIds: ["trieu-son-2022", "van-ninh-2019"], k: 20 });
    expect(hits.length).toBe(20);
    expect(new Set(hits.map((h) => h.chunk.planId))).toEqual(new Set(["trieu-son-2022", "van-ninh-2019"]));
    expect(await index.search("thông tin", { planIds: ["khong-co"] })).toEqual([]);
  });

  test("a question with no content words finds nothing rather than noise", async () => {
    expect(await index.search("gì vậy?")).toEqual([]);
    expect(await index.search("  ")).toEqual([]);
  });

  test("hits carry both ranks and fused scores in order", async () => {
    const hits = await index.search("Đài Truyền thanh - Truyền hình huyện", { planIds: ["vu-thu-2024"], k: 8 });
    expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    expect(hits.some((h) => h.lexicalRank !== null && h.vectorRank !== null)).toBe(true);
    expect(hits[0]!.chunk.sectionId).toBe("V.8");
  });
});

describe("keeping indexes in step with the database", () => {
  test("re-indexing unchanged plans embeds nothing; a changed plan embeds only its new text", async () => {
    const embedder = new CountingEmbedder(new LocalHashEmbedder());
    const index = open(embedder);
    const first = await index.indexPlans(samples);
    expect(first.indexed).toHaveLength(5);
    const texts = embedder.texts;
    expect(texts).toBe(index.stats().chunks);

    const again = await index.indexPlans(samples);
    expect(again).toMatchObject({ indexed: [], unchanged: samples.map((p) => p.id), vectorsUpdated: true });
    expect(embedder.texts).toBe(texts);

    const reopened = open(embedder);
    await reopened.indexPlans(samples);
    expect(embedder.texts).toBe(texts);

    const vuThu = sample("vu-thu-2024");
    const edited = { ...vuThu, sections: vuThu.sections.map((s) => (s.id === "IV" ? { ...s, text: "Kinh phí do ngân sách huyện bảo đảm." } : s)) };
    expect((await reopened.indexPlans([edited])).indexed).toEqual(["vu-thu-2024"]);
    expect(embedder.texts).toBe(texts + 1);
  });

  test("switching embedder rebuilds the vectors with the new one", async () => {
    const first = new CountingEmbedder(new LocalHashEmbedder());
    await open(first).indexPlans(samples);
    const second = new CountingEmbedder(new LocalHashEmbedder({ dimensions: 256 }));
    const index = open(second);
    await index.ensureReady();
    expect(second.texts).toBe(index.stats().chunks);
    expect(index.stats().vectors).toMatchObject({ embedderId: "local-hash-v1-256", dimensions: 256, vectors: index.stats().chunks });
    expect(warnings.some((w) => /rebuilding/.test(w))).toBe(true);
    expect((await cited(index, "cong an huyen", ["vu-thu-2024"], 1))[0]).toBe("vu-thu-2024:V.7");
  });

  test("replaced and removed plans leave no stale hits, also after reopening", async () => {
    const index = open(new LocalHashEmbedder());
    await index.indexPlans(samples);
    const vuThu = sample("vu-thu-2024");
    const replaced: ChunkSource = {
      ...vuThu,
      sections: vuThu.sections.map((s) => ({ ...s, text: s.text.replace(/Công an huyện/g, "Cảnh sát cơ động") })),
    };
    await index.indexPlans([replaced]);
    await index.removePlan("van-ninh-2019");

    const check = async (ix: SearchIndex) => {
      const hits = await ix.search("Công an huyện", { k: 50 });
      expect(hits.some((h) => h.chunk.planId === "van-ninh-2019")).toBe(false);
      const inVuThu = hits.filter((h) => h.chunk.planId === "vu-thu-2024");
      expect(inVuThu.every((h) => !h.chunk.content.includes("Công an huyện") || h.chunk.sectionId === "V.7")).toBe(true);
      expect((await ix.search("Ban Chỉ huy Quân sự huyện Vạn Ninh", { k: 50 })).some((h) => h.chunk.planId === "van-ninh-2019")).toBe(false);
      const ids = (await ix.search("thông tin đối ngoại", { k: 500, depth: 500 })).map((h) => h.chunk.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ix.stats()).toMatchObject({ plans: 4, vectorPending: 0 });
      expect(ix.stats().vectors.vectors).toBe(ix.stats().chunks);
      expect(ix.stats().lexicalRows).toBe(ix.stats().chunks);
    };
    await check(index);
    const reopened = open(new LocalHashEmbedder());
    await check(reopened);
    expect(warnings).toEqual([]);
  });

  test("a corrupted vector index is rebuilt from the database, hits still returned", async () => {
    // A remote-like embedder (its vectors are cached; the local one's are recomputed instead).
    const embedder = new CountingEmbedder(new LocalHashEmbedder(), "remote-like-512");
    await open(embedder).indexPlans(samples);
    const file = join(store.dir, "vectors", INDEX_FILE);
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 100));
    const texts = embedder.texts;

    const index = open(embedder);
    const hits = await index.search("Kinh phí thực hiện kế hoạch lấy từ nguồn nào?", { planIds: ["vu-thu-2024"], k: 3 });
    expect(hits[0]!.chunk.sectionId).toBe("IV");
    expect(hits[0]!.vectorRank).not.toBeNull();
    expect(warnings.some((w) => /vector index unusable; rebuilding/.test(w))).toBe(true);
    expect(embedder.texts).toBe(texts); // from the embedding cache
    expect(index.stats().vectors.vectors).toBe(index.stats().chunks);
  });

  test("an index opened by another process sees plans written since", async () => {
    const reader = open(new LocalHashEmbedder());
    await reader.ensureReady();
    expect(await reader.search("Công an huyện")).toEqual([]);
    const writer = open(new LocalHashEmbedder());
    await writer.indexPlans([sample("vu-thu-2024")]);
    const hits = await reader.search("Công an huyện", { k: 3 });
    expect(hits[0]!.chunk.sectionId).toBe("V.7");
    expect(hits[0]!.vectorRank).not.toBeNull();
  });
});

describe("with an OpenAI-compatible embeddings server", () => {
  test("indexes and searches through the server; base64 vectors end to end", async () => {
    const fake = await startFakeOpenAI({ dimensions: 48 });
    try {
      const config = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL, EMBEDDING_MODEL: "text-embedding-3-small", maxRetries: 0 };
      const index = open(createEmbedder(config));
      await index.indexPlans(samples);
      const embedCalls = fake.requests.filter((r) => r.path === "/v1/embeddings");
      expect(embedCalls.length).toBeGreaterThan(0);
      expect(embedCalls.every((r) => r.body.model === "text-embedding-3-small" && r.body.encoding_format === "base64")).toBe(true);
      const sent = embedCalls.flatMap((r) => r.body.input as string[]);
      expect(sent.some((t) => t.startsWith("Công tác thông tin đối ngoại huyện Vũ Thư năm 2024 — Mục V.7"))).toBe(true);
      expect(index.stats().vectors).toMatchObject({ dimensions: 48, vectors: index.stats().chunks });

      const hits = await index.search("Công an huyện", { planIds: ["vu-thu-2024"], k: 3 });
      expect(hits[0]!.chunk.sectionId).toBe("V.7");
      expect(hits.every((h) => h.vectorRank !== null)).toBe(true);
      expect(fake.requests.at(-1)!.body.input).toBe("Công an huyện");

      // Server down: writes still land (lexical), search falls back to BM25 and logs.
      fake.setEmbeddingReply(() => ({ status: 500 }));
      const vuThu = sample("vu-thu-2024");
      const edited = { ...vuThu, sections: vuThu.sections.map((s) => (s.id === "IV" ? { ...s, text: "Kinh phí do ngân sách huyện bảo đảm." } : s)) };
      expect((await index.indexPlans([edited])).vectorsUpdated).toBe(false);
      const before = fake.requests.length;
      const offline = await index.search("ngân sách huyện bảo đảm", { planIds: ["vu-thu-2024"], k: 3 });
      expect(fake.requests.length - before).toBe(1); // the query only: searches never retry the pending sync
      expect(offline[0]!.chunk.sectionId).toBe("IV");
      expect(offline[0]!.vectorRank).toBeNull();
      expect(warnings.some((w) => /query embedding failed/.test(w))).toBe(true);
      expect(index.stats().vectorPending).toBe(1);

      // Server back: the next ensureReady catches the vectors up.
      fake.setEmbeddingReply(() => "ok");
      await index.ensureReady();
      expect(index.stats().vectorPending).toBe(0);
      expect((await index.search("ngân sách huyện bảo đảm", { planIds: ["vu-thu-2024"], k: 1 }))[0]!.vectorRank).not.toBeNull();
    } finally {
      await fake.close();
    }
  });
});
