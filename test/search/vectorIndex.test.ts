/** Tests of the HNSWLib vector index on disk: reload, stale points, compaction, rebuild from damage. */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { openDatabase, type Db } from "../../src/store/db.js";
import { buildChunks, sha256 } from "../../src/search/chunks.js";
import { LocalHashEmbedder } from "../../src/search/embedder.js";
import { createEmbeddingCache, type EmbeddingCache } from "../../src/search/embeddingCache.js";
import { createVectorIndex, INDEX_FILE, MANIFEST, type VectorIndexOptions, type VectorPlan, type VectorSource } from "../../src/search/vectorIndex.js";
import { CountingEmbedder, tempStore } from "./helpers.js";
import { loadSamplePlans } from "./samplePlans.js";

/** The "database" the index follows: plans held in a map. */
function memorySource(initial: VectorPlan[]): VectorSource & { plansById: Map<string, VectorPlan> } {
  const plansById = new Map(initial.map((p) => [p.planId, p]));
  return {
    plansById,
    planHashes: () => new Map([...plansById].map(([id, p]) => [id, p.hash])),
    plans: (ids) => (ids ?? [...plansById.keys()]).flatMap((id) => (plansById.has(id) ? [plansById.get(id)!] : [])),
  };
}

async function samplePlan(id: string, edit: (t: string) => string = (t) => t): Promise<VectorPlan> {
  const source = loadSamplePlans().find((p) => p.id === id)!;
  const sections = source.sections.map((s) => ({ ...s, text: edit(s.text) }));
  const chunks = await buildChunks({ ...source, sections });
  const entries = chunks.map((c) => ({ id: c.id, planId: id, hash: sha256(c.text), text: c.text }));
  return { planId: id, hash: sha256(entries.map((e) => e.hash).join()), entries };
}

const sha256Bytes = (b: Buffer) => createHash("sha256").update(b).digest("hex");

const warnings: string[] = [];
const logger = { warn: (_o: object, m?: string) => warnings.push(m ?? ""), info: () => {}, debug: () => {} };

let store: ReturnType<typeof tempStore>;
let db: Db;
let cache: EmbeddingCache;
let embedder: CountingEmbedder;
beforeEach(() => {
  store = tempStore();
  db = openDatabase(store.dir);
  cache = createEmbeddingCache(db);
  embedder = new CountingEmbedder(new LocalHashEmbedder());
  warnings.length = 0;
});
afterEach(() => {
  db.close();
  store.cleanup();
});

const dir = () => join(store.dir, "vectors");
const make = (opts: Partial<VectorIndexOptions> = {}) => createVectorIndex({ dir: dir(), embedder, cache, logger, ...opts });
const nearest = async (index: ReturnType<typeof make>, text: string, opts: { planIds?: string[]; k?: number } = {}) =>
  index.search(await embedder.embedQuery(text), { k: opts.k ?? 5, planIds: opts.planIds ? new Set(opts.planIds) : undefined });

describe("vector index", () => {
  test("builds, saves and reloads without embedding again", async () => {
    const source = memorySource([await samplePlan("vu-thu-2024"), await samplePlan("van-ninh-2019")]);
    const index = make();
    expect(await index.open(source)).toMatchObject({ status: "rebuilt" });
    await index.save(1);
    const calls = embedder.calls;
    const v7 = source.plansById.get("vu-thu-2024")!.entries.find((e) => e.text.includes("Mục V.7"))!;
    const before = await nearest(index, v7.text);
    expect(before[0]!.id).toBe(v7.id);
    expect(before[0]!.distance).toBeCloseTo(0, 4);

    const reloaded = make();
    expect(await reloaded.open(source)).toEqual({ status: "loaded", synced: 0 });
    expect(embedder.calls).toBe(calls);
    expect(await nearest(reloaded, v7.text)).toEqual(before);
    expect(reloaded.stats()).toMatchObject({ plans: 2, deleted: 0, embedderId: "local-hash-v1-512", dimensions: 512 });
  });

  test("replacing and removing plans leaves no stale vectors, before and after reload", async () => {
    const source = memorySource([await samplePlan("vu-thu-2024"), await samplePlan("van-ninh-2019")]);
    const index = make({ compactRatio: 0.9 });
    await index.open(source);
    const oldText = source.plansById.get("vu-thu-2024")!.entries.find((e) => e.text.includes("Mục V.7"))!.text;
    const replaced = await samplePlan("vu-thu-2024", (t) => t.replace(/Vũ Thư/g, "Đông Hưng"));
    source.plansById.set("vu-thu-2024", replaced);
    await index.upsertPlans([replaced]);
    source.plansById.delete("van-ninh-2019");
    await index.removePlans(["van-ninh-2019"]);
    expect(index.stats().deleted).toBeGreaterThan(0);

    const check = async (ix: ReturnType<typeof make>) => {
      const hits = await nearest(ix, "Vạn Ninh Ban Chỉ huy Quân sự huyện", { k: 50 });
      expect(hits.every((h) => h.planId === "vu-thu-2024")).toBe(true);
      const all = await nearest(ix, "Vũ Thư quảng bá", { k: 200 });
      expect(all).toHaveLength(replaced.entries.length);
      expect(new Set(all.map((h) => h.id))).toEqual(new Set(replaced.entries.map((e) => e.id)));
      // Same chunk ids, new texts: the old vector of V.7 is gone.
      const [closest] = await nearest(ix, oldText, { k: 1 });
      expect(closest!.distance).toBeGreaterThan(1e-3); // the old vector itself would be at ~0
    };
    await check(index);
    await index.save(2);
    const reloaded = make();
    expect(await reloaded.open(source)).toEqual({ status: "loaded", synced: 0 });
    await check(reloaded);
  });

  test("compacts the graph once enough points are deleted", async () => {
    const source = memorySource([await samplePlan("vu-thu-2024"), await samplePlan("trieu-son-2022")]);
    const index = make({ compactRatio: 0.3 });
    await index.open(source);
    const calls = embedder.calls;
    await index.removePlans(["vu-thu-2024"]);
    expect(index.stats()).toMatchObject({ deleted: 0, compactions: 1, plans: 1 });
    expect(embedder.calls).toBe(calls); // rebuilt from the embedding cache
    const hits = await nearest(index, "thông tin đối ngoại", { k: 100 });
    expect(hits.length).toBe(source.plansById.get("trieu-son-2022")!.entries.length);
  });

  test("graph file and manifest are stored compressed; an index saved uncompressed (format 2) is read and saved again compressed", async () => {
    const source = memorySource([await samplePlan("vu-thu-2024")]);
    const first = make();
    await first.open(source);
    await first.save(4);
    const packed = readFileSync(join(dir(), INDEX_FILE));
    const raw = gunzipSync(packed);
    expect(packed.length).toBeLessThan(raw.length / 2);
    // The same index as format 2 wrote it: the raw graph file, its size and checksum in the manifest.
    const manifest = JSON.parse(gunzipSync(readFileSync(join(dir(), MANIFEST))).toString("utf8"));
    rmSync(join(dir(), INDEX_FILE));
    rmSync(join(dir(), MANIFEST));
    writeFileSync(join(dir(), "hnswlib.index"), raw);
    writeFileSync(join(dir(), "manifest.json"), JSON.stringify({ ...manifest, format: 2, indexBytes: raw.length, indexSha256: sha256Bytes(raw) }));
    const calls = embedder.calls;

    const index = make();
    expect(await index.open(source)).toMatchObject({ status: "loaded", synced: 0 });
    expect(embedder.calls).toBe(calls);
    expect((await nearest(index, "Công an huyện")).length).toBe(5);
    const saved = JSON.parse(gunzipSync(readFileSync(join(dir(), MANIFEST))).toString("utf8"));
    expect(saved).toMatchObject({ format: 3, version: 4 });
    expect(existsSync(join(dir(), "hnswlib.index"))).toBe(false);
    expect(existsSync(join(dir(), "manifest.json"))).toBe(false);
    expect(gunzipSync(readFileSync(join(dir(), INDEX_FILE))).equals(raw)).toBe(true);
  });

  test("a corrupted index file is rebuilt from the source and the cache, with a warning", async () => {
    const source = memorySource([await samplePlan("vu-thu-2024")]);
    const first = make();
    await first.open(source);
    await first.save(1);
    const file = join(dir(), INDEX_FILE);
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff; // same size, one byte flipped
    writeFileSync(file, bytes);
    const calls = embedder.calls;

    const index = make();
    const result = await index.open(source);
    expect(result.status).toBe("rebuilt");
    expect(result.reason).toMatch(/checksum/);
    expect(warnings.some((w) => /rebuilding/.test(w))).toBe(true);
    expect(embedder.calls).toBe(calls);
    expect((await nearest(index, "Công an huyện")).length).toBe(5);
  });

  test.each([
    ["missing files", () => rmSync(join(dir(), INDEX_FILE))],
    ["truncated file", () => writeFileSync(join(dir(), INDEX_FILE), "garbage")],
    ["unreadable manifest", () => writeFileSync(join(dir(), MANIFEST), "{")],
    ["deleted folder", () => rmSync(dir(), { recursive: true })],
  ])("%s: rebuilt, never empty", async (_name, damage) => {
    const source = memorySource([await samplePlan("trieu-son-2022")]);
    const first = make();
    await first.open(source);
    await first.save(1);
    damage();
    const index = make();
    expect((await index.open(source)).status).toBe("rebuilt");
    expect(index.stats().vectors).toBe(source.plansById.get("trieu-son-2022")!.entries.length);
    expect(warnings.length).toBeGreaterThan(0);
  });

  test("another embedder id rebuilds with the new embedder", async () => {
    const source = memorySource([await samplePlan("trieu-son-2022")]);
    const first = make();
    await first.open(source);
    await first.save(1);
    const other = new CountingEmbedder(new LocalHashEmbedder({ dimensions: 128 }));
    const index = createVectorIndex({ dir: dir(), embedder: other, cache, logger });
    const result = await index.open(source);
    expect(result.status).toBe("rebuilt");
    expect(result.reason).toMatch(/local-hash-v1-512/);
    expect(other.texts).toBe(source.plansById.get("trieu-son-2022")!.entries.length);
    expect(index.stats().dimensions).toBe(128);
  });

  test("an index saved before the source changed is re-synced on open", async () => {
    const source = memorySource([await samplePlan("trieu-son-2022")]);
    const first = make();
    await first.open(source);
    await first.save(1);
    source.plansById.set("van-ninh-2019", await samplePlan("van-ninh-2019"));
    const index = make();
    expect(await index.open(source)).toEqual({ status: "loaded", synced: 1 });
    expect((await nearest(index, "Vạn Ninh", { planIds: ["van-ninh-2019"] })).length).toBe(5);
  });

  test("filters by plan, exactly for small sets and through the graph for large ones", async () => {
    const source = memorySource([await samplePlan("vu-thu-2024"), await samplePlan("hung-yen-2022"), await samplePlan("quang-ngai-2024")]);
    for (const bruteForceMax of [2000, 0]) {
      const index = make({ bruteForceMax });
      await index.open(source);
      const hits = await nearest(index, "Công an tỉnh Bộ đội Biên phòng", { planIds: ["vu-thu-2024"], k: 10 });
      expect(hits).toHaveLength(10);
      expect(hits.every((h) => h.planId === "vu-thu-2024")).toBe(true);
      expect(hits.map((h) => h.distance)).toEqual([...hits.map((h) => h.distance)].sort((a, b) => a - b));
      const vectors = await index.search(await embedder.embedQuery("x"), { k: 5, planIds: new Set(["nope"]) });
      expect(vectors).toEqual([]);
    }
  });
});
