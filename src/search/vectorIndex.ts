/**
 * Vector index: an HNSW graph (hnswlib-node) over the distinct chunk texts,
 * persisted as a cache beside the database and kept in step with it. Each text
 * (by content hash) is one point, however many chunks share it, so a vector is
 * held once; the index folder maps points back to chunk ids. The graph file and
 * the manifest are kept gzip-compressed (hashed local vectors are mostly zeros:
 * a third of the size); the folder is a cache, rebuilt from the database when
 * missing or damaged.
 */
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, createWriteStream, existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants as zlibConstants, createGunzip, createGzip, gunzipSync, gzipSync } from "node:zlib";
import type { HierarchicalNSW } from "hnswlib-node";
import type { SearchEmbedder } from "./embedder.js";
import type { EmbeddingCache } from "./embeddingCache.js";
import { noopLogger, type SearchLogger } from "./logger.js";

/** A chunk as the vector index sees it. */
export interface VectorEntry {
  /** Chunk id. */
  id: string;
  planId: string;
  /** sha256 of `text`: the embedding cache key and the point's identity. */
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
  plans(planIds?: string[]): Iterable<VectorPlan> | AsyncIterable<VectorPlan>;
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
  /** Filtered searches over at most this many points are exact, without the graph (default 2000). */
  bruteForceMax?: number;
  /** Entries embedded and added per step (default 2000): bounds memory on bulk ingest. */
  batchSize?: number;
}

/** Statistics of the vector index. */
export interface VectorStats {
  embedderId: string;
  dimensions: number | null;
  plans: number;
  /** Chunks the index answers for. */
  vectors: number;
  /** Distinct texts, one point each. */
  points: number;
  /** Points marked deleted, still in the graph until the next compaction. */
  deleted: number;
  compactions: number;
}

/**
 * The vector index of a store: add, replace and remove plans in batches, search
 * with plan and chunk filters, save and reload. A point no chunk uses any more
 * is marked deleted in the graph, so a replaced or removed plan leaves no stale
 * hit; the graph is rebuilt once deleted points exceed `compactRatio`.
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
  /** Add or replace plans (embedding only texts neither in the graph nor in the cache). */
  upsertPlans(plans: Iterable<VectorPlan> | AsyncIterable<VectorPlan>): Promise<void>;
  /** Remove plans (their points are marked deleted, then compacted away in time). */
  removePlans(planIds: string[]): Promise<void>;
  /** Nearest chunks to a query vector. */
  search(vector: number[], options: VectorSearchOptions): Promise<VectorHit[]>;
  /** Write graph and manifest atomically (a new folder renamed over the old one). */
  save(version: number): Promise<void>;
  /** planId → hash of the plans the index holds. */
  planHashes(): Map<string, string>;
  stats(): VectorStats;
}

/** The manifest (points, chunk ids per plan), gzip-compressed JSON (format 3). */
export const MANIFEST = "manifest.json.gz";
/** The manifest of format 2, plain JSON. */
const RAW_MANIFEST = "manifest.json";
/** The hnswlib graph file, gzip-compressed (format 3). */
export const INDEX_FILE = "hnswlib.index.gz";
/** The graph file of format 2, uncompressed: still read, then saved again as format 3. */
const RAW_INDEX_FILE = "hnswlib.index";
const FORMAT = 3;
/** Graph parameters (hnswlib's defaults, as LangChain used them). */
const M = 16;
const EF_CONSTRUCTION = 200;

/** What the index holds of one plan: its hash, chunk ids and the point of each. */
interface PlanPoints {
  hash: string;
  ids: string[];
  labels: number[];
}

interface Manifest {
  format: number;
  embedderId: string;
  dimensions: number | null;
  /** Chunk database version the index reflects. */
  version: number;
  plans: Record<string, PlanPoints>;
  /** Text hash of each point label ("" for deleted points). */
  points: string[];
  live: number;
  total: number;
  indexBytes: number;
  indexSha256: string | null;
  savedAt: string;
}

type Hnswlib = typeof import("hnswlib-node");
let hnswlib: Promise<Hnswlib> | null = null;
/** The native module, loaded on first use so commands that never search skip it (CommonJS: its exports may sit on `default`). */
const loadHnswlib = () =>
  (hnswlib ??= import("hnswlib-node").then((m) => (typeof m.HierarchicalNSW === "function" ? m : (m as unknown as { default: Hnswlib }).default)));

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

  let graph: HierarchicalNSW | null = null;
  let dimensions: number | null = null;
  let plans = new Map<string, PlanPoints>();
  /** Text hash of each label; "" once deleted. */
  let pointHash: string[] = [];
  let labelOf = new Map<string, number>();
  /** Chunks using each live label. */
  let users = new Map<number, Array<{ id: string; planId: string }>>();
  let compactions = 0;
  // Recently used vectors by label, for exact search over small filtered sets.
  const memo = new Map<number, Float32Array>();
  // 4,000 vectors of 512 dimensions: 8 MB, the points of about 90 plans of 40-50 chunks.
  const MEMO_MAX = 4_000;

  const reset = () => {
    graph = null;
    dimensions = null;
    plans = new Map();
    pointHash = [];
    labelOf = new Map();
    users = new Map();
    memo.clear();
  };

  const livePoints = () => users.size;
  const liveChunks = () => {
    let n = 0;
    for (const p of plans.values()) n += p.ids.length;
    return n;
  };

  /** Link a plan's chunks to their labels. */
  const attach = (planId: string, points: PlanPoints) => {
    plans.set(planId, points);
    points.ids.forEach((id, i) => {
      const label = points.labels[i]!;
      const list = users.get(label);
      if (list) list.push({ id, planId });
      else users.set(label, [{ id, planId }]);
    });
  };

  /** Unlink a plan; returns the labels it used (see `deleteUnused`). */
  const unlinkPlan = (planId: string): number[] => {
    const points = plans.get(planId);
    if (!points) return [];
    plans.delete(planId);
    const labels = [...new Set(points.labels)];
    for (const label of labels) {
      const left = (users.get(label) ?? []).filter((u) => u.planId !== planId);
      if (left.length > 0) users.set(label, left);
      else users.delete(label);
    }
    return labels;
  };

  /** Mark deleted the points among `labels` that no chunk uses. */
  const deleteUnused = (labels: number[]) => {
    for (const label of labels) {
      if (users.has(label) || !pointHash[label]) continue;
      labelOf.delete(pointHash[label]!);
      pointHash[label] = "";
      memo.delete(label);
      graph?.markDelete(label);
    }
  };

  const dropPlan = (planId: string) => deleteUnused(unlinkPlan(planId));

  /** Add points for new texts; returns nothing, records their labels. */
  const addPoints = async (hashes: string[], vectors: Float32Array[]) => {
    if (hashes.length === 0) return;
    const dims = vectors[0]!.length;
    if (dimensions !== null && dims !== dimensions) {
      throw new Error(`embedder ${embedder.id} returned ${dims} dimensions, index has ${dimensions}`);
    }
    dimensions = dims;
    const { HierarchicalNSW } = await loadHnswlib();
    if (!graph) {
      graph = new HierarchicalNSW("cosine", dims);
      graph.initIndex({ maxElements: Math.max(hashes.length, 1024), m: M, efConstruction: EF_CONSTRUCTION });
    }
    const needed = pointHash.length + hashes.length;
    if (needed > graph.getMaxElements()) graph.resizeIndex(Math.max(needed, Math.ceil(graph.getMaxElements() * 1.5)));
    hashes.forEach((hash, i) => {
      const label = pointHash.length;
      graph!.addPoint(Array.from(vectors[i]!), label);
      pointHash.push(hash);
      labelOf.set(hash, label);
    });
  };

  /** Group plans into steps of about `batchSize` entries, never splitting a plan. */
  async function* batches(list: Iterable<VectorPlan> | AsyncIterable<VectorPlan>): AsyncGenerator<VectorPlan[]> {
    let batch: VectorPlan[] = [];
    let size = 0;
    for await (const plan of list) {
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

  const upsertPlans = async (list: Iterable<VectorPlan> | AsyncIterable<VectorPlan>) => {
    for await (const batch of batches(list)) {
      // Texts the graph does not hold yet, each once.
      const fresh = new Map<string, string>();
      for (const plan of batch) for (const e of plan.entries) if (!labelOf.has(e.hash) && !fresh.has(e.hash)) fresh.set(e.hash, e.text);
      // Embed first: if the embedder fails, the index still holds the previous versions.
      const items = [...fresh].map(([hash, text]) => ({ hash, text }));
      const vectors = await cache.embed(embedder, items);
      await addPoints(items.map((i) => i.hash), vectors);
      // The new versions are linked before the old points go, so texts they share are kept.
      const released: number[] = [];
      for (const plan of batch) {
        released.push(...unlinkPlan(plan.planId));
        attach(plan.planId, { hash: plan.hash, ids: plan.entries.map((e) => e.id), labels: plan.entries.map((e) => labelOf.get(e.hash)!) });
      }
      deleteUnused(released);
    }
    await compactIfNeeded();
  };

  const removePlans = async (planIds: string[]) => {
    for (const id of planIds) dropPlan(id);
    await compactIfNeeded();
  };

  /** Rebuild the graph from live points when too many are deleted. */
  const compactIfNeeded = async () => {
    const total = pointHash.length;
    const live = livePoints();
    if (total === 0 || (total - live) / total < compactRatio) return;
    const started = Date.now();
    const old = graph;
    const oldHash = pointHash;
    const oldPlans = plans;
    const liveLabels = [...users.keys()].sort((a, b) => a - b);
    graph = null;
    pointHash = [];
    labelOf = new Map();
    users = new Map();
    plans = new Map();
    memo.clear();
    for (let start = 0; start < liveLabels.length; start += batchSize) {
      const slice = liveLabels.slice(start, start + batchSize);
      const hashes = slice.map((l) => oldHash[l]!);
      const cached = cache.get(embedder.id, hashes);
      // The graph holds every live vector too (normalized), should the cache not have it.
      await addPoints(hashes, slice.map((l, i) => cached.get(hashes[i]!) ?? Float32Array.from(old!.getPoint(l))));
    }
    for (const [planId, p] of oldPlans) attach(planId, { ...p, labels: p.labels.map((l) => labelOf.get(oldHash[l]!)!) });
    compactions++;
    logger.info({ live, deleted: total - live, ms: Date.now() - started }, "vector index compacted");
  };

  const sync = async (source: VectorSource, warn: boolean): Promise<number> => {
    const expected = source.planHashes();
    const stale = [...plans.keys()].filter((id) => expected.get(id) !== plans.get(id)?.hash);
    const missing = [...expected.keys()].filter((id) => plans.get(id)?.hash !== expected.get(id));
    if (stale.length + missing.length === 0) return 0;
    if (warn) logger.warn({ dir, stale: stale.length, missing: missing.length }, "vector index out of step with the database; re-syncing");
    // Plans gone from the database are dropped; changed ones are replaced in place (keeping shared texts).
    for (const id of stale) if (!expected.has(id)) dropPlan(id);
    await upsertPlans(source.plans(missing));
    return new Set([...stale, ...missing]).size;
  };

  const rebuild = async (source: VectorSource) => {
    reset();
    await upsertPlans(source.plans());
  };

  /** Load a saved index; returns the manifest's format and version (an older format is saved again). */
  const load = async (from: string): Promise<{ format: number; version: number }> => {
    const manifest = JSON.parse(
      existsSync(join(from, MANIFEST)) ? gunzipSync(await readFile(join(from, MANIFEST))).toString("utf8") : await readFile(join(from, RAW_MANIFEST), "utf8"),
    ) as Manifest;
    if (manifest.format !== FORMAT && manifest.format !== 2) throw new Error(`manifest format ${manifest.format}, expected ${FORMAT}`);
    if (manifest.embedderId !== embedder.id) {
      throw new Error(`saved for embedder ${manifest.embedderId}, now ${embedder.id}`);
    }
    reset();
    let loaded: HierarchicalNSW | null = null;
    if (manifest.total > 0) {
      const compressed = manifest.format === FORMAT;
      const indexPath = join(from, compressed ? INDEX_FILE : RAW_INDEX_FILE);
      const size = (await stat(indexPath)).size;
      if (size !== manifest.indexBytes) throw new Error(`index file has ${size} bytes, manifest says ${manifest.indexBytes}`);
      // hnswlib trusts the file's links: a flipped byte could crash the process, so check first.
      if ((await fileSha256(indexPath)) !== manifest.indexSha256) throw new Error("index file checksum mismatch");
      const { HierarchicalNSW } = await loadHnswlib();
      loaded = new HierarchicalNSW("cosine", manifest.dimensions ?? 1);
      if (compressed) {
        // hnswlib reads a file: the graph is unpacked into a scratch folder (removed by this or the next open).
        const scratch = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
        await mkdir(scratch, { recursive: true });
        try {
          await pipeline(createReadStream(indexPath), createGunzip(), createWriteStream(join(scratch, RAW_INDEX_FILE)));
          await loaded.readIndex(join(scratch, RAW_INDEX_FILE));
        } finally {
          await rm(scratch, { recursive: true, force: true });
        }
      } else {
        await loaded.readIndex(indexPath);
      }
      if (loaded.getCurrentCount() !== manifest.total) throw new Error(`index has ${loaded.getCurrentCount()} points, manifest says ${manifest.total}`);
      if (loaded.getNumDimensions() !== manifest.dimensions) throw new Error("dimension mismatch");
    }
    if (manifest.points.length !== manifest.total) throw new Error(`manifest lists ${manifest.points.length} points for ${manifest.total}`);
    graph = loaded;
    dimensions = manifest.dimensions;
    pointHash = manifest.points;
    pointHash.forEach((hash, label) => {
      if (hash) labelOf.set(hash, label);
    });
    for (const [planId, p] of Object.entries(manifest.plans)) {
      if (p.ids.length !== p.labels.length || p.labels.some((l) => !pointHash[l])) {
        reset();
        throw new Error(`points of plan ${planId} do not match the manifest`);
      }
      attach(planId, p);
    }
    if (livePoints() !== manifest.live) {
      reset();
      throw new Error(`index has ${livePoints()} live points, manifest says ${manifest.live}`);
    }
    return { format: manifest.format, version: manifest.version };
  };

  /** The stored vector of a label: memo, embedding cache, else the graph's own (normalized) copy. */
  const vectorOf = (labels: number[]): Map<number, Float32Array> => {
    const missing = labels.filter((l) => !memo.has(l));
    if (missing.length > 0) {
      const found = cache.get(embedder.id, missing.map((l) => pointHash[l]!));
      for (const label of missing) {
        const vec = found.get(pointHash[label]!) ?? Float32Array.from(graph!.getPoint(label));
        if (memo.size >= MEMO_MAX) memo.delete(memo.keys().next().value!);
        memo.set(label, vec);
      }
    }
    return new Map(labels.map((l) => [l, memo.get(l)!]));
  };

  /** Exact cosine distances of a query to these labels. */
  const exactDistances = (query: number[], labels: number[]): Map<number, number> => {
    const vectors = vectorOf(labels);
    let qNorm = 0;
    for (const x of query) qNorm += x * x;
    qNorm = Math.sqrt(qNorm) || 1;
    const out = new Map<number, number>();
    for (const label of labels) {
      const v = vectors.get(label)!;
      let dot = 0;
      let norm = 0;
      for (let i = 0; i < v.length; i++) {
        dot += v[i]! * query[i]!;
        norm += v[i]! * v[i]!;
      }
      out.set(label, 1 - dot / (qNorm * (Math.sqrt(norm) || 1)));
    }
    return out;
  };

  const api: VectorIndex = {
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
      const candidates = [dir, `${dir}.old`].filter((d) => existsSync(join(d, MANIFEST)) || existsSync(join(d, RAW_MANIFEST)));
      if (candidates.length === 0) {
        reason = existsSync(dir) ? "manifest missing" : "no saved index";
      }
      let loaded = false;
      for (const from of candidates) {
        try {
          const saved = await load(from);
          loaded = true;
          // Written by an older format: saved again in this one, once.
          if (saved.format !== FORMAT) await api.save(saved.version);
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
      if (!graph || livePoints() === 0 || k <= 0) return [];
      if (dimensions !== null && vector.length !== dimensions) {
        throw new Error(`query vector has ${vector.length} dimensions, index has ${dimensions}`);
      }
      const accept = (u: { id: string; planId: string }) => (!planIds || planIds.has(u.planId)) && (!allow || allow(u.id));
      /** Chunks of ranked labels, in rank order, up to k. */
      const expand = (ranked: Array<{ label: number; distance: number }>): VectorHit[] => {
        const out: VectorHit[] = [];
        for (const { label, distance } of ranked) {
          for (const u of users.get(label) ?? []) {
            if (!accept(u)) continue;
            out.push({ id: u.id, planId: u.planId, distance });
            if (out.length >= k) return out;
          }
        }
        return out;
      };
      let allowed: Set<number> | null = null;
      if (planIds || allow) {
        allowed = new Set();
        if (planIds) {
          for (const id of planIds) {
            const p = plans.get(id);
            if (!p) continue;
            p.ids.forEach((chunkId, i) => {
              if (!allow || allow(chunkId)) allowed!.add(p.labels[i]!);
            });
          }
        } else {
          for (const [label, list] of users) if (list.some(accept)) allowed.add(label);
        }
        if (allowed.size === 0) return [];
        // hnswlib's filtered search walks most of the graph when few points pass: exact is faster.
        if (allowed.size <= bruteForceMax) {
          const distances = exactDistances(vector, [...allowed]);
          const ranked = [...distances].map(([label, distance]) => ({ label, distance }));
          ranked.sort((a, b) => a.distance - b.distance || a.label - b.label);
          return expand(ranked);
        }
      }
      const wanted = Math.min(k, allowed ? allowed.size : livePoints());
      graph.setEf(Math.max(efSearch, wanted));
      const result = allowed ? graph.searchKnn(vector, wanted, (label) => allowed!.has(label)) : graph.searchKnn(vector, wanted);
      const ranked = result.neighbors.map((label, i) => ({ label, distance: result.distances[i]! }));
      ranked.sort((a, b) => a.distance - b.distance || a.label - b.label);
      return expand(ranked);
    },

    async save(version) {
      const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      let indexBytes = 0;
      let indexSha256: string | null = null;
      const total = graph ? pointHash.length : 0;
      if (graph && total > 0) {
        // Written by hnswlib, then compressed (level 1: fast; the zeros are most of the gain) and hashed in one pass.
        await graph.writeIndex(join(tmp, RAW_INDEX_FILE));
        const hash = createHash("sha256");
        const tap = new PassThrough();
        tap.on("data", (chunk: Buffer) => hash.update(chunk));
        await pipeline(
          createReadStream(join(tmp, RAW_INDEX_FILE)),
          createGzip({ level: zlibConstants.Z_BEST_SPEED }),
          tap,
          createWriteStream(join(tmp, INDEX_FILE)),
        );
        await rm(join(tmp, RAW_INDEX_FILE));
        indexBytes = (await stat(join(tmp, INDEX_FILE))).size;
        indexSha256 = hash.digest("hex");
      }
      const manifest: Manifest = {
        format: FORMAT,
        embedderId: embedder.id,
        dimensions,
        version,
        plans: Object.fromEntries(plans),
        points: total > 0 ? pointHash : [],
        live: total > 0 ? livePoints() : 0,
        total,
        indexBytes,
        indexSha256,
        savedAt: new Date().toISOString(),
      };
      await writeFile(join(tmp, MANIFEST), gzipSync(JSON.stringify(manifest), { level: zlibConstants.Z_BEST_SPEED }));
      const old = `${dir}.old`;
      await rm(old, { recursive: true, force: true });
      if (existsSync(dir)) await rename(dir, old);
      await rename(tmp, dir);
      await rm(old, { recursive: true, force: true });
    },

    planHashes: () => new Map([...plans].map(([id, p]) => [id, p.hash])),

    stats() {
      return {
        embedderId: embedder.id,
        dimensions,
        plans: plans.size,
        vectors: liveChunks(),
        points: livePoints(),
        deleted: pointHash.length - livePoints(),
        compactions,
      };
    },
  };
  return api;
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
