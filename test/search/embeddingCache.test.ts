/** Tests of the SQLite embedding cache: nothing embedded twice, per-embedder keys, Float32 BLOBs. */
import { afterEach, expect, test } from "vitest";
import { openDatabase } from "../../src/store/db.js";
import { sha256 } from "../../src/search/chunks.js";
import { LocalHashEmbedder } from "../../src/search/embedder.js";
import { createEmbeddingCache, fromBlob, toBlob } from "../../src/search/embeddingCache.js";
import { CountingEmbedder, tempStore } from "./helpers.js";

const stores: Array<() => void> = [];
afterEach(() => stores.splice(0).forEach((cleanup) => cleanup()));
const items = (texts: string[]) => texts.map((text) => ({ hash: sha256(text), text }));

test("unchanged texts are embedded once, across database handles", async () => {
  const { dir, cleanup } = tempStore();
  stores.push(cleanup);
  const embedder = new CountingEmbedder(new LocalHashEmbedder());
  const db = openDatabase(dir);
  const first = await createEmbeddingCache(db).embed(embedder, items(["một", "hai", "một"]));
  expect(embedder.calls).toBe(1);
  expect(embedder.texts).toBe(2); // duplicates embedded once
  expect(first[0]).toEqual(first[2]);
  db.close();

  const again = openDatabase(dir);
  const cache = createEmbeddingCache(again);
  const second = await cache.embed(embedder, items(["hai", "một"]));
  expect(embedder.calls).toBe(1);
  expect(second[0]).toEqual(first[1]);
  expect(cache.count(embedder.id)).toBe(2);

  await cache.embed(embedder, items(["một", "ba"]));
  expect(embedder.calls).toBe(2);
  expect(embedder.texts).toBe(3); // only "ba"
  again.close();
});

test("vectors are kept per embedder id", async () => {
  const { dir, cleanup } = tempStore();
  stores.push(cleanup);
  const db = openDatabase(dir);
  const cache = createEmbeddingCache(db);
  const a = new CountingEmbedder(new LocalHashEmbedder(), "embedder-a");
  const b = new CountingEmbedder(new LocalHashEmbedder({ dimensions: 64 }), "embedder-b");
  await cache.embed(a, items(["một"]));
  const [vb] = await cache.embed(b, items(["một"]));
  expect(b.calls).toBe(1);
  expect(vb).toHaveLength(64);
  expect(cache.count("embedder-a")).toBe(1);
  expect(cache.count()).toBe(2);
  expect(cache.prune("embedder-a", () => false)).toBe(1);
  expect(cache.count()).toBe(1);
  db.close();
});

test("embedder batches are stored as they complete", async () => {
  const { dir, cleanup } = tempStore();
  stores.push(cleanup);
  const db = openDatabase(dir);
  const cache = createEmbeddingCache(db, { batchSize: 2 });
  const inner = new LocalHashEmbedder();
  let calls = 0;
  const failing = Object.assign(new CountingEmbedder(inner), {
    async embedDocuments(texts: string[]) {
      if (++calls === 2) throw new Error("server down");
      return inner.embedDocuments(texts);
    },
  });
  await expect(cache.embed(failing, items(["a", "b", "c", "d"]))).rejects.toThrow("server down");
  expect(cache.count(failing.id)).toBe(2);
  db.close();
});

test("BLOBs are little-endian Float32", () => {
  const vec = Float32Array.from([1.5, -2, 0.25]);
  const blob = toBlob(vec);
  expect(blob.readFloatLE(4)).toBe(-2);
  expect(Array.from(fromBlob(blob))).toEqual([1.5, -2, 0.25]);
});
