/** Vector index: LangChain HNSWLib over hnswlib-node, persisted with a manifest and kept in step with the chunk database. */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import { Document } from "@langchain/core/documents";
import type { SearchEmbedder } from "./embedder.js";
import type { EmbeddingCache } from "./embeddingCache.js";
import { noopLogger, type SearchLogger } from "./logger.js";

/** A chunk as the vector index sees it. */
export interface VectorEntry {
  /** Chunk id. */
  id: string;
  planId: string;
  /** sha256 of `text`: the embedding cache key. */
  hash: string;
  text: string;
}

/** One plan's entries and its content hash. */
export interface VectorPlan {
  planId: string;
  hash: string;
  entries: VectorEntry[];
}

/** The database as the vector index is kept in step with it. */
export interface VectorSource {
  /** planId → plan hash of every plan in the database. */
  planHashes(): Map<string, string>;
  /** Entries of these plans (all when omitted), read lazily plan by plan. */
  plans(planIds?: string[]): Iterable<VectorPlan>;
}

/** A nearest chunk: cosine distance (0 = same direction, lower is closer). */
export interface VectorHit {
  id: string;
  planId: string;
  distance: number;
}

/** Restrictions of a vector search. */
export interface VectorSearchOptions {
  k: number;
  planIds?: ReadonlySet<string>;
  /** Keep only chunks this accepts (by chunk id). */
  allow?: (chunkId: string) => boolean;
}

/** How {@link VectorIndex.open} got its index. */
export interface VectorOpenResult {
  status: "loaded" | "rebuilt" | "empty";
  /** Why the saved index was not used (rebuilt only). */
  reason?: string;
  /** Plans added or removed to match the database after loading. */
  synced: number;
}

/** Options of {@link createVectorIndex}. */
export interface VectorIndexOptions {
  /** Folder of the persisted index (`<storeDir>/vectors`). */
  dir: string;
  embedder: SearchEmbedder;
  cache: EmbeddingCache;
  logger?: SearchLogger;
  /** Rebuild the graph when this share of its points are deleted (default 0.3). */
  compactRatio?: number;
  /** hnswlib `ef` at query time (default 200; raised to k when k is larger). */
  efSearch?: number;
  /** Filtered searches over at most this many chunks are exact, without the graph (default 2000). */
  bruteForceMax?: number;
  /** Entries embedded and added per step (default 2000): bounds memory on bulk ingest. */
  batchSize?: number;
}

/** Statistics of the vector index. */
export interface VectorStats {
  embedderId: string;
  dimensions: number | null;
  plans: number;
  vectors: number;
  /** Marked deleted, still in the graph until the next compaction. */
  deleted: number;
  compactions: number;
}

/**
 * The vector index of a store: add, replace and remove plans in batches, search
 * with plan and chunk filters, save and reload. Every change of a plan marks
 * its old points deleted in the graph and drops them from the docstore, so a
 * replaced or removed plan leaves no stale hit; the graph is rebuilt from the
 * embedding cache once deleted points exceed `compactRatio`.
 */
export interface VectorIndex {
  /**
   * Load the saved index, or rebuild it from `source` (and the embedding cache)
   * when it is missing, unreadable, for another embedder or inconsistent; then
   * add or remove plans so it matches `source` exactly. Never silently empty.
   */
  open(source: VectorSource): Promise<VectorOpenResult>;
  /** Add, replace or remove plans so the index matches `source`; returns how many plans changed. */
  sync(source: VectorSource): Promise<number>;
  /** Add or replace plans (embedding only texts not in the cache). */
  upsertPlans(plans: Iterable<VectorPlan>): Promise<void>;
  /** Remove plans (their points are marked deleted, then compacted away in time). */
  removePlans(planIds: string[]): Promise<void>;
  /** Nearest chunks to a query vector. */
  search(vector: number[], options: VectorSearchOptions): Promise<VectorHit[]>;
  /** Write index, docstore and manifest atomically (a new folder renamed over the old one). */
  save(version: number): Promise<void>;
  /** planId → hash of the plans the index holds. */
  planHashes(): Map<string, string>;
  stats(): VectorStats;
}

const MANIFEST = "manifest.json";
const INDEX_FILE = "hnswlib.index";
const FORMAT = 1;

interface Manifest {
  format: number;
  embedderId: string;
  dimensions: number | null;
  /** Chunk database version the index reflects. */
  version: number;
  plans: Record<string, string>;
  /** Live points (docstore size) and all points (including deleted). */
  live: number;
  total: number;
  indexBytes: number;
  indexSha256: string | null;
  savedAt: string;
}

interface DocMeta {
  id: string;
  planId: string;
  hash: string;
}

/**
 * LangChain's in-memory docstore checks new ids against a list of all existing
 * ids (quadratic: minutes at 50 000 chunks); this one checks the map.
 */
class IndexedDocstore extends SynchronousInMemoryDocstore {
  override add(texts: Record<string, Document>): void {
    for (const key of Object.keys(texts)) {
      if (this._docs.has(key)) throw new Error(`Tried to add ids that already exist: ${key}`);
    }
    for (const [key, value] of Object.entries(texts)) this._docs.set(key, value);
  }
}

/**
 * Create the vector index of a store folder; call `open` before use.
 *
 * @example
 * const vectors = createVectorIndex({ dir: join(storeDir, "vectors"), embedder, cache });
 * await vectors.open(source);
 * const hits = await vectors.search(await embedder.embedQuery("kinh phí"), { k: 20 });
 */
export function createVectorIndex(options: VectorIndexOptions): VectorIndex {
  const { dir, embedder, cache } = options;
  const logger = options.logger ?? noopLogger;
  const compactRatio = options.compactRatio ?? 0.3;
  const efSearch = options.efSearch ?? 200;
  const bruteForceMax = options.bruteForceMax ?? 2000;
  const batchSize = options.batchSize ?? 2000;

  let store: HNSWLib | null = null;
  let dimensions: number | null = null;
  let plans = new Map<string, string>();
  let labelsByPlan = new Map<string, number[]>();
  let compactions = 0;
  // Recently used vectors by label, for exact search over small filtered sets.
  const memo = new Map<number, Float32Array>();
  const MEMO_MAX = 20_000;

  const docs = (): Map<string, Document> => (store ? store.docstore._docs : new Map());
  const metaOf = (label: number): DocMeta | undefined => docs().get(String(label))?.metadata as DocMeta | undefined;
  const totalPoints = () => (store && hasIndex(store) ? store.index.getCurrentCount() : 0);

  const reset = () => {
    store = null;
    dimensions = null;
    plans = new Map();
    labelsByPlan = new Map();
    memo.clear();
  };

  const newStore = (dims: number) =>
    new HNSWLib(embedder, { space: "cosine", numDimensions: dims, docstore: new IndexedDocstore() });

  /** Add vectors for entries already embedded; returns nothing, records labels. */
  const addPoints = async (entries: VectorEntry[], vectors: Float32Array[]) => {
    if (entries.length === 0) return;
    const dims = vectors[0]!.length;
    if (dimensions !== null && dims !== dimensions) {
      throw new Error(`embedder ${embedder.id} returned ${dims} dimensions, index has ${dimensions}`);
    }
    dimensions = dims;
    store ??= newStore(dims);
    const base = totalPoints();
    await store.addVectors(
      vectors.map((v) => Array.from(v)),
      entries.map((e) => new Document({ pageContent: "", metadata: { id: e.id, planId: e.planId, hash: e.hash } })),
    );
    entries.forEach((e, i) => {
      const list = labelsByPlan.get(e.planId);
      if (list) list.push(base + i);
      else labelsByPlan.set(e.planId, [base + i]);
    });
  };

  const dropPlan = (planId: string) => {
    const labels = labelsByPlan.get(planId);
    if (labels && store) {
      for (const label of labels) {
        store.index.markDelete(label);
        store.docstore._docs.delete(String(label));
        memo.delete(label);
      }
    }
    labelsByPlan.delete(planId);
    plans.delete(planId);
  };

  /** Group plans into steps of about `batchSize` entries, never splitting a plan. */
  function* batches(list: Iterable<VectorPlan>): Generator<VectorPlan[]> {
    let batch: VectorPlan[] = [];
    let size = 0;
    for (const plan of list) {
      batch.push(plan);
      size += plan.entries.length;
      if (size >= batchSize) {
        yield batch;
        batch = [];
        size = 0;
      }
    }
    if (batch.length > 0) yield batch;
  }

  const upsertPlans = async (list: Iterable<VectorPlan>) => {
    for (const batch of batches(list)) {
      const entries = batch.flatMap((p) => p.entries);
      // Embed first: if the embedder fails, the index still holds the previous versions.
      const vectors = await cache.embed(embedder, entries);
      for (const plan of batch) dropPlan(plan.planId);
      await addPoints(entries, vectors);
      for (const plan of batch) plans.set(plan.planId, plan.hash);
    }
    await compactIfNeeded();
  };

  const removePlans = async (planIds: string[]) => {
    for (const id of planIds) dropPlan(id);
    await compactIfNeeded();
  };

  /** Rebuild the graph from live points when too many are deleted. */
  const compactIfNeeded = async () => {
    const total = totalPoints();
    const live = docs().size;
    if (total === 0 || (total - live) / total < compactRatio) return;
    const started = Date.now();
    const entries = [...docs().entries()].map(([label, doc]) => ({ label: Number(label), meta: doc.metadata as DocMeta }));
    const old = store!;
    const oldPlans = plans;
    store = null;
    labelsByPlan = new Map();
    memo.clear();
    for (let start = 0; start < entries.length; start += batchSize) {
      const slice = entries.slice(start, start + batchSize);
      const cached = cache.get(embedder.id, slice.map((e) => e.meta.hash));
      // The graph holds every live vector too (normalized), should the cache have lost one.
      const vectors = slice.map((e) => cached.get(e.meta.hash) ?? Float32Array.from(old.index.getPoint(e.label)));
      await addPoints(slice.map((e) => ({ id: e.meta.id, planId: e.meta.planId, hash: e.meta.hash, text: "" })), vectors);
    }
    plans = oldPlans;
    compactions++;
    logger.info({ live, deleted: total - live, ms: Date.now() - started }, "vector index compacted");
  };

  const sync = async (source: VectorSource, warn: boolean): Promise<number> => {
    const expected = source.planHashes();
    const stale = [...plans.keys()].filter((id) => expected.get(id) !== plans.get(id));
    const missing = [...expected.keys()].filter((id) => plans.get(id) !== expected.get(id));
    if (stale.length + missing.length === 0) return 0;
    if (warn) logger.warn({ dir, stale: stale.length, missing: missing.length }, "vector index out of step with the database; re-syncing");
    for (const id of stale) dropPlan(id);
    await upsertPlans(source.plans(missing));
    return new Set([...stale, ...missing]).size;
  };

  const rebuild = async (source: VectorSource) => {
    reset();
    await upsertPlans(source.plans());
  };

  const load = async (from: string): Promise<void> => {
    const manifest = JSON.parse(await readFile(join(from, MANIFEST), "utf8")) as Manifest;
    if (manifest.format !== FORMAT) throw new Error(`manifest format ${manifest.format}, expected ${FORMAT}`);
    if (manifest.embedderId !== embedder.id) {
      throw new Error(`saved for embedder ${manifest.embedderId}, now ${embedder.id}`);
    }
    reset();
    if (manifest.live === 0) {
      // Nothing indexed yet (or only plans without chunks): no graph file to read.
      plans = new Map(Object.entries(manifest.plans));
      return;
    }
    const indexPath = join(from, INDEX_FILE);
    const size = (await stat(indexPath)).size;
    if (size !== manifest.indexBytes) throw new Error(`index file has ${size} bytes, manifest says ${manifest.indexBytes}`);
    // hnswlib trusts the file's links: a flipped byte could crash the process, so check first.
    if ((await fileSha256(indexPath)) !== manifest.indexSha256) throw new Error("index file checksum mismatch");
    const loaded = await HNSWLib.load(from, embedder);
    const total = loaded.index.getCurrentCount();
    const live = loaded.docstore._docs.size;
    if (total !== manifest.total || live !== manifest.live) {
      throw new Error(`index has ${live}/${total} points, manifest says ${manifest.live}/${manifest.total}`);
    }
    if (loaded.index.getNumDimensions() !== manifest.dimensions) throw new Error("dimension mismatch");
    const byPlan = new Map<string, number[]>();
    for (const [label, doc] of loaded.docstore._docs) {
      const meta = doc.metadata as DocMeta;
      const n = Number(label);
      if (!Number.isInteger(n) || n >= total || !(meta.planId in manifest.plans)) {
        throw new Error(`docstore entry ${label} does not match the manifest`);
      }
      const list = byPlan.get(meta.planId);
      if (list) list.push(n);
      else byPlan.set(meta.planId, [n]);
    }
    loaded.docstore = new IndexedDocstore(loaded.docstore._docs);
    store = loaded;
    dimensions = manifest.dimensions;
    plans = new Map(Object.entries(manifest.plans));
    labelsByPlan = byPlan;
  };

  const exactSearch = (query: number[], labels: number[], k: number): VectorHit[] => {
    const missing = labels.filter((l) => !memo.has(l));
    if (missing.length > 0) {
      const hashes = missing.map((l) => metaOf(l)!.hash);
      const found = cache.get(embedder.id, hashes);
      missing.forEach((label, i) => {
        const vec = found.get(hashes[i]!) ?? Float32Array.from(store!.index.getPoint(label));
        if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
        memo.set(label, vec);
      });
    }
    let qNorm = 0;
    for (const x of query) qNorm += x * x;
    qNorm = Math.sqrt(qNorm) || 1;
    const scored = labels.map((label) => {
      const v = memo.get(label)!;
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < v.length; i++) {
        dot += v[i]! * query[i]!;
        norm += v[i]! * v[i]!;
      }
      return { label, distance: 1 - dot / (qNorm * (Math.sqrt(norm) || 1)) };
    });
    scored.sort((a, b) => a.distance - b.distance);
    return scored.slice(0, k).map(({ label, distance }) => {
      const meta = metaOf(label)!;
      return { id: meta.id, planId: meta.planId, distance };
    });
  };

  return {
    async open(source) {
      // Folders left by a save that never finished (not those of a process still saving).
      const parent = dirname(dir);
      const prefix = `${basename(dir)}.tmp-`;
      if (existsSync(parent)) {
        for (const name of await readdir(parent)) {
          if (!name.startsWith(prefix)) continue;
          const pid = Number(name.slice(prefix.length).split("-")[0]);
          if (pid !== process.pid && isAlive(pid)) continue;
          await rm(join(parent, name), { recursive: true, force: true });
        }
      }
      let status: VectorOpenResult["status"] = "loaded";
      let reason: string | undefined;
      const candidates = [dir, `${dir}.old`].filter((d) => existsSync(join(d, MANIFEST)));
      if (candidates.length === 0) {
        reason = existsSync(dir) ? "manifest missing" : "no saved index";
      }
      let loaded = false;
      for (const from of candidates) {
        try {
          await load(from);
          loaded = true;
          break;
        } catch (err) {
          reason = (err as Error).message;
        }
      }
      let synced = 0;
      if (!loaded) {
        const expected = source.planHashes();
        status = expected.size === 0 ? "empty" : "rebuilt";
        if (expected.size > 0) {
          logger.warn({ dir, reason, plans: expected.size }, "vector index unusable; rebuilding from the database");
        }
        await rebuild(source);
      } else {
        synced = await sync(source, true);
      }
      return { status, reason: status === "loaded" ? undefined : reason, synced };
    },

    sync: (source) => sync(source, false),

    upsertPlans,
    removePlans,

    async search(vector, { k, planIds, allow }) {
      if (!store || docs().size === 0 || k <= 0) return [];
      if (dimensions !== null && vector.length !== dimensions) {
        throw new Error(`query vector has ${vector.length} dimensions, index has ${dimensions}`);
      }
      let allowed: number[] | null = null;
      if (planIds || allow) {
        const pool = planIds
          ? [...planIds].flatMap((id) => labelsByPlan.get(id) ?? [])
          : [...docs().keys()].map(Number);
        allowed = allow ? pool.filter((l) => allow(metaOf(l)!.id)) : pool;
        if (allowed.length === 0) return [];
        // hnswlib's filtered search walks most of the graph when few points pass: exact is faster.
        if (allowed.length <= bruteForceMax) return exactSearch(vector, allowed, k);
      }
      store.index.setEf(Math.max(efSearch, k));
      const allowedIds = allowed ? new Set(allowed.map((l) => metaOf(l)!.id)) : null;
      const pairs = await store.similaritySearchVectorWithScore(
        vector,
        Math.min(k, docs().size),
        allowedIds ? (doc: Document) => allowedIds.has((doc.metadata as DocMeta).id) : undefined,
      );
      return pairs.map(([doc, distance]) => {
        const meta = doc.metadata as DocMeta;
        return { id: meta.id, planId: meta.planId, distance };
      });
    },

    async save(version) {
      const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      let indexBytes = 0;
      let indexSha256: string | null = null;
      const live = docs().size;
      if (store && live > 0) {
        await store.save(tmp);
        indexBytes = (await stat(join(tmp, INDEX_FILE))).size;
        indexSha256 = await fileSha256(join(tmp, INDEX_FILE));
      }
      const manifest: Manifest = {
        format: FORMAT,
        embedderId: embedder.id,
        dimensions,
        version,
        plans: Object.fromEntries(plans),
        live,
        total: live > 0 ? totalPoints() : 0,
        indexBytes,
        indexSha256,
        savedAt: new Date().toISOString(),
      };
      await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest));
      const old = `${dir}.old`;
      await rm(old, { recursive: true, force: true });
      if (existsSync(dir)) await rename(dir, old);
      await rename(tmp, dir);
      await rm(old, { recursive: true, force: true });
    },

    planHashes: () => new Map(plans),

    stats() {
      const live = docs().size;
      return {
        embedderId: embedder.id,
        dimensions,
        plans: plans.size,
        vectors: live,
        deleted: totalPoints() - live,
        compactions,
      };
    },
  };
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** sha256 of a file, streamed (the index can be hundreds of megabytes). */
async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

// HNSWLib throws from `index` until its first vectors are added.
function hasIndex(store: HNSWLib): boolean {
  try {
    return store.index !== undefined;
  } catch {
    return false;
  }
}
