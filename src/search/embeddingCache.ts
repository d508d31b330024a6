/** Embedding cache in SQLite, keyed by (embedder id, sha256 of the text): unchanged text is never embedded twice. */
import { endianness } from "node:os";
import type { Db } from "../store/db.js";
import type { SearchEmbedder } from "./embedder.js";

/** A text to embed and its content key (sha256 hex of the text). */
export interface EmbedItem {
  hash: string;
  text: string;
}

/** Cached vectors per embedder; see {@link createEmbeddingCache}. */
export interface EmbeddingCache {
  /**
   * Vectors of `items` in order. Cached ones are read from the database; the
   * rest are embedded (each distinct hash once), stored, then returned.
   */
  embed(embedder: SearchEmbedder, items: EmbedItem[]): Promise<Float32Array[]>;
  /** Cached vectors for these hashes (missing hashes are absent from the map). */
  get(embedderId: string, hashes: Iterable<string>): Map<string, Float32Array>;
  /** Number of cached vectors (of one embedder, or all). */
  count(embedderId?: string): number;
  /** Delete vectors of `embedderId` whose hash `keep` rejects; returns how many. */
  prune(embedderId: string, keep: (hash: string) => boolean): number;
}

/** Options of {@link createEmbeddingCache}. */
export interface EmbeddingCacheOptions {
  /** Texts sent to the embedder per call (default 256); each call's vectors are stored before the next. */
  batchSize?: number;
  /**
   * Whether vectors of this embedder are kept in the database (default: all).
   * A local embedder computes a vector faster than SQLite reads one back, so
   * its vectors are not stored: the vector index is their only copy.
   */
  persist?: (embedderId: string) => boolean;
}

/**
 * The embedding cache over a database handle (creates `search_embeddings`).
 * Vectors are stored as little-endian Float32 BLOBs.
 *
 * @example
 * const cache = createEmbeddingCache(db);
 * const [v] = await cache.embed(embedder, [{ hash: sha256(text), text }]);
 */
export function createEmbeddingCache(db: Db, options: EmbeddingCacheOptions = {}): EmbeddingCache {
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_embeddings (
      embedder TEXT NOT NULL,
      hash TEXT NOT NULL,
      dim INTEGER NOT NULL,
      vector BLOB NOT NULL,
      PRIMARY KEY (embedder, hash)
    ) WITHOUT ROWID;
  `);
  const batchSize = options.batchSize ?? 256;
  const persist = options.persist ?? (() => true);
  const selectOne = db.prepare<[string, string], { vector: Buffer }>(
    "SELECT vector FROM search_embeddings WHERE embedder = ? AND hash = ?",
  );
  const insert = db.prepare<[string, string, number, Buffer]>(
    "INSERT OR REPLACE INTO search_embeddings (embedder, hash, dim, vector) VALUES (?, ?, ?, ?)",
  );
  const insertMany = db.transaction((embedderId: string, rows: Array<[string, Float32Array]>) => {
    for (const [hash, vec] of rows) insert.run(embedderId, hash, vec.length, toBlob(vec));
  });

  const get = (embedderId: string, hashes: Iterable<string>): Map<string, Float32Array> => {
    const out = new Map<string, Float32Array>();
    if (!persist(embedderId)) return out;
    for (const hash of hashes) {
      if (out.has(hash)) continue;
      const row = selectOne.get(embedderId, hash);
      if (row) out.set(hash, fromBlob(row.vector));
    }
    return out;
  };

  return {
    get,

    async embed(embedder, items) {
      const found = get(embedder.id, items.map((i) => i.hash));
      const missing = new Map<string, string>();
      for (const item of items) if (!found.has(item.hash)) missing.set(item.hash, item.text);
      const pending = [...missing];
      for (let start = 0; start < pending.length; start += batchSize) {
        const batch = pending.slice(start, start + batchSize);
        const vectors = await embedder.embedDocuments(batch.map(([, text]) => text));
        if (vectors.length !== batch.length) {
          throw new Error(`embedder ${embedder.id} returned ${vectors.length} vectors for ${batch.length} texts`);
        }
        const rows = batch.map(([hash], i): [string, Float32Array] => [hash, Float32Array.from(vectors[i]!)]);
        if (persist(embedder.id)) insertMany(embedder.id, rows);
        for (const [hash, vec] of rows) found.set(hash, vec);
      }
      return items.map((i) => found.get(i.hash)!);
    },

    count(embedderId) {
      const row = embedderId
        ? db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM search_embeddings WHERE embedder = ?").get(embedderId)
        : db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM search_embeddings").get();
      return row?.n ?? 0;
    },

    prune(embedderId, keep) {
      const hashes = db
        .prepare<[string], { hash: string }>("SELECT hash FROM search_embeddings WHERE embedder = ?")
        .all(embedderId)
        .map((r) => r.hash)
        .filter((h) => !keep(h));
      const del = db.prepare<[string, string]>("DELETE FROM search_embeddings WHERE embedder = ? AND hash = ?");
      db.transaction(() => {
        for (const h of hashes) del.run(embedderId, h);
      })();
      return hashes.length;
    },
  };
}

const LITTLE_ENDIAN = endianness() === "LE";

/** Float32 vector → little-endian BLOB. */
export function toBlob(vec: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength);
  const buf = Buffer.allocUnsafe(vec.length * 4);
  for (let i = 0; i < vec.length; i++) buf.writeFloatLE(vec[i]!, i * 4);
  return buf;
}

/** Little-endian BLOB → Float32 vector (a copy, so alignment never matters). */
export function fromBlob(buf: Buffer): Float32Array {
  if (LITTLE_ENDIAN) {
    const bytes = new Uint8Array(buf.length);
    bytes.set(buf);
    return new Float32Array(bytes.buffer);
  }
  const out = new Float32Array(buf.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}
