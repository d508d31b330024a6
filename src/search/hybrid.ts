/** Hybrid search over plan chunks: BM25 and vector retrieval run separately and are fused by reciprocal rank. */
import { join } from "node:path";
import { requestVacuum, type Db } from "../store/db.js";
import { matchForm } from "../text/abbreviations.js";
import { buildChunks, type Chunk, type ChunkSource } from "./chunks.js";
import { createChunkStore, planHash, type ChunkStore, type ChunkTextSource, type StoredPlan } from "./chunkStore.js";
import { isLocalEmbedder, type SearchEmbedder } from "./embedder.js";
import { createEmbeddingCache, type EmbeddingCache } from "./embeddingCache.js";
import { createLexicalIndex, type LexicalIndexOptions } from "./lexicalIndex.js";
import { noopLogger, type SearchLogger } from "./logger.js";
import { queryTerms } from "./terms.js";
import { createVectorIndex, type VectorIndexOptions, type VectorPlan, type VectorSource, type VectorStats } from "./vectorIndex.js";

/** Plans chunked and written per database transaction during `indexPlans`. */
const WRITE_BATCH_PLANS = 50;

/** A search result: the chunk, its fused score and its rank in each retriever (1-based, null when absent). */
export interface Hit {
  chunk: Chunk;
  score: number;
  lexicalRank: number | null;
  vectorRank: number | null;
}

/** Restrictions and size of a search. */
export interface SearchOptions {
  /** Only these plans. */
  planIds?: string[];
  /** Only chunks naming one of these agencies; keys as made by the index's `agencyKey` (default `matchForm`). */
  agencyKeys?: string[];
  /** Only chunks whose agencies (as written) this accepts, e.g. a group-aware matcher. */
  agencyFilter?: (agencies: string[]) => boolean;
  /** Results wanted (default 8). */
  k?: number;
  /** Candidates taken from each retriever before fusion (default max(50, 5k)). */
  depth?: number;
}

/** What `indexPlans` did. */
export interface IndexReport {
  /** Plans written (new or changed). */
  indexed: string[];
  /** Plans whose chunks were already stored unchanged. */
  unchanged: string[];
  chunks: number;
  /** False when the vector step failed (search stays lexical for those plans until the next sync). */
  vectorsUpdated: boolean;
}

/** Sizes and state of the search index. */
export interface SearchStats {
  plans: number;
  chunks: number;
  embedderId: string;
  cachedEmbeddings: number;
  lexicalRows: number;
  vectors: VectorStats;
  /** Plans in the database the vector index does not hold yet (embedder failed). */
  vectorPending: number;
}

/** The search engine of a store. */
export interface SearchIndex {
  /** Chunk, store and index plans (new or replaced); unchanged plans cost a hash comparison. */
  indexPlans(plans: ChunkSource[]): Promise<IndexReport>;
  removePlan(id: string): Promise<void>;
  removePlans(ids: string[]): Promise<void>;
  search(query: string, options?: SearchOptions): Promise<Hit[]>;
  /** Open (or rebuild) the indexes; called by every other method, cheap once done. */
  ensureReady(): Promise<void>;
  /** Ids of the plans whose chunks are stored (empty after a chunk layout change, until re-indexed). */
  indexedPlans(): Set<string>;
  stats(): SearchStats;
}

/** Options of {@link createSearchIndex}. */
export interface SearchIndexOptions {
  db: Db;
  /** Store folder; the vector index lives in `<storeDir>/vectors`. */
  storeDir: string;
  embedder: SearchEmbedder;
  logger?: SearchLogger;
  /** Agency name → key for `agencyKeys` filters (default `matchForm`). */
  agencyKey?: (name: string) => string;
  /** Reciprocal rank fusion constant (default 60). */
  rrfK?: number;
  /** Weight of each retriever in the fusion (default lexical 1, vector 1; vector 0.3 with the local embedder). */
  weights?: { lexical: number; vector: number };
  lexical?: LexicalIndexOptions;
  /**
   * The plans' stored sections: given it, chunk rows keep no copy of the
   * section text (it is rebuilt from here when read). Without it, chunks are
   * stored whole.
   */
  texts?: ChunkTextSource;
  vector?: Pick<VectorIndexOptions, "compactRatio" | "efSearch" | "bruteForceMax" | "batchSize">;
}

/**
 * The search index of a store: chunks in SQLite (`search_chunks`), BM25 rows
 * in the same database (FTS5), vectors in an HNSWLib index under
 * `<storeDir>/vectors`, embeddings cached by text hash. Both retrievers run on
 * every query and are fused with reciprocal rank fusion; if the embedder fails
 * (server down), search continues on BM25 alone and logs a warning.
 *
 * @example
 * const index = createSearchIndex({ db, storeDir, embedder: createEmbedder(config), logger });
 * await index.indexPlans([{ id: "vu-thu-2024", meta, sections }]);
 * const hits = await index.search("Kinh phí lấy từ nguồn nào?", { planIds: ["vu-thu-2024"], k: 3 });
 * hits[0].chunk.sectionId; // "IV"
 */
export function createSearchIndex(options: SearchIndexOptions): SearchIndex {
  const { db, embedder } = options;
  const logger = options.logger ?? noopLogger;
  const agencyKey = options.agencyKey ?? matchForm;
  const rrfK = options.rrfK ?? 60;
  // The local embedder only re-measures lexical overlap, less sharply than BM25: let it break ties, not lead.
  const weights = options.weights ?? (isLocalEmbedder(embedder) ? { lexical: 1, vector: 0.3 } : { lexical: 1, vector: 1 });

  const cache: EmbeddingCache = createEmbeddingCache(db, { persist: (id) => !id.startsWith("local-hash-") });
  if (isLocalEmbedder(embedder) && cache.count(embedder.id) > 0) {
    // Stores written before the local embedder's vectors stopped being cached: drop them, once.
    db.prepare("DELETE FROM search_embeddings WHERE embedder = ?").run(embedder.id);
    requestVacuum(db);
  }
  const lexical = createLexicalIndex(db, { logger, ...options.lexical });
  const chunks: ChunkStore = createChunkStore(db, lexical.hooks, options.texts);
  const vectors = createVectorIndex({ dir: join(options.storeDir, "vectors"), embedder, cache, logger, ...options.vector });

  /** chunk id → agencies as written and their keys (only chunks naming any). */
  let agencies = new Map<string, { names: string[]; keys: Set<string> }>();
  let syncedVersion = -1;
  let vectorPending = false;
  let ready: Promise<void> | null = null;

  const source: VectorSource = {
    planHashes: () => chunks.planHashes(),
    *plans(planIds) {
      const hashes = chunks.planHashes();
      for (const planId of planIds ?? [...hashes.keys()]) {
        const hash = hashes.get(planId);
        if (hash === undefined) continue;
        const entries = chunks.chunksOf([planId]).map((c) => ({ id: c.id, planId, hash: c.hash, text: c.text }));
        yield { planId, hash, entries } satisfies VectorPlan;
      }
    },
  };

  // Read on the first agency-filtered search, not at open: most questions never need it.
  let agenciesLoaded = false;
  const keyOf = new Map<string, string>();
  const agencyKeyOf = (name: string): string => {
    let key = keyOf.get(name);
    if (key === undefined) keyOf.set(name, (key = agencyKey(name)));
    return key;
  };
  const loadAgencies = () => {
    agenciesLoaded = false;
    agencies = new Map();
  };
  const agencyMap = () => {
    if (!agenciesLoaded) {
      agencies = new Map([...chunks.agencies()].map(([id, names]) => [id, { names, keys: new Set(names.map(agencyKeyOf)) }]));
      agenciesLoaded = true;
    }
    return agencies;
  };

  // Writes and syncs run one at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  };

  /** Bring the vector index to the database's state; failures are logged, not thrown. */
  const syncVectors = async (version: number) => {
    try {
      const changed = await vectors.sync(source);
      if (changed > 0) await vectors.save(version);
      vectorPending = false;
    } catch (err) {
      vectorPending = true;
      logger.warn({ err: (err as Error).message, embedder: embedder.id }, "vector index not updated; search stays lexical for the missing plans");
    }
    syncedVersion = version;
  };

  const open = async () => {
    const lex = lexical.ensure(() => chunks.rows(), chunks.count());
    if (lex.rebuilt) logger.debug({ reason: lex.reason }, "lexical index ready");
    const version = chunks.version();
    try {
      const result = await vectors.open(source);
      if (result.status !== "loaded" || result.synced > 0) await vectors.save(version);
      vectorPending = false;
    } catch (err) {
      vectorPending = true;
      logger.warn({ err: (err as Error).message, embedder: embedder.id }, "vector index unavailable; search is lexical only");
    }
    syncedVersion = version;
    loadAgencies();
  };

  /** Open once; a failed open is retried by the next call. */
  const opened = (): Promise<void> =>
    (ready ??= exclusive(open).catch((err: unknown) => {
      ready = null;
      throw err;
    }));

  // Searches never retry a failed embedder (each would wait for its timeout); this and writes do.
  const ensureReady = async (): Promise<void> => {
    await opened();
    if (vectorPending) await exclusive(() => syncVectors(chunks.version()));
  };

  /** Another process (or a failed step) changed the database since the last sync. */
  const catchUp = async () => {
    const version = chunks.version();
    if (version === syncedVersion) return;
    lexical.invalidate();
    await exclusive(async () => {
      if (chunks.version() === syncedVersion) return;
      await syncVectors(chunks.version());
      loadAgencies();
    });
  };

  const chunkFilter = (opts: SearchOptions): ((id: string) => boolean) | undefined => {
    const keys = opts.agencyKeys && opts.agencyKeys.length > 0 ? new Set(opts.agencyKeys) : null;
    const accept = opts.agencyFilter;
    if (!keys && !accept) return undefined;
    const byChunk = agencyMap();
    return (id) => {
      const a = byChunk.get(id);
      if (!a) return false;
      if (keys && ![...a.keys].some((key) => keys.has(key))) return false;
      return !accept || accept(a.names);
    };
  };

  /** Drop cached vectors of texts no chunk has any more (this embedder's only: others stay for a switch back). */
  const pruneCache = () => {
    const live = chunks.hashes();
    const pruned = cache.prune(embedder.id, (h) => live.has(h));
    if (pruned > 0) logger.debug({ pruned }, "embedding cache pruned");
  };

  const removePlans = (ids: string[]): Promise<void> =>
    opened().then(() =>
      exclusive(async () => {
        const present = new Set(chunks.planIds());
        const gone = ids.filter((id) => present.has(id));
        if (gone.length === 0) return;
        const version = chunks.write([], gone);
        lexical.maintain();
        await syncVectors(version);
        loadAgencies();
        pruneCache();
      }),
    );

  return {
    ensureReady,

    indexPlans(plans) {
      return opened().then(() =>
        exclusive(async () => {
          const stored = chunks.planHashes();
          const indexed: string[] = [];
          const unchanged: string[] = [];
          let total = 0;
          // Chunk and write a batch of plans per transaction, so a bulk ingest never holds all chunks at once.
          for (let start = 0; start < plans.length; start += WRITE_BATCH_PLANS) {
            const changed: StoredPlan[] = [];
            for (const plan of plans.slice(start, start + WRITE_BATCH_PLANS)) {
              const planChunks = await buildChunks(plan);
              total += planChunks.length;
              const hash = planHash(planChunks);
              if (stored.get(plan.id) === hash) unchanged.push(plan.id);
              else changed.push({ planId: plan.id, hash, chunks: planChunks });
            }
            if (changed.length > 0) {
              chunks.write(changed, []);
              indexed.push(...changed.map((p) => p.planId));
            }
          }
          if (indexed.length > 0) {
            lexical.maintain();
            loadAgencies();
          }
          const replaced = indexed.some((id) => stored.has(id));
          // Vectors follow the database (also catching up plans a failed embedder left behind).
          const vectorHashes = vectors.planHashes();
          const behind = [...chunks.planHashes()].some(([id, h]) => vectorHashes.get(id) !== h);
          if (behind) await syncVectors(chunks.version());
          else syncedVersion = chunks.version();
          if (replaced) pruneCache();
          return { indexed, unchanged, chunks: total, vectorsUpdated: !vectorPending };
        }),
      );
    },

    removePlan: (id) => removePlans([id]),
    indexedPlans: () => new Set(chunks.planIds()),
    removePlans,

    async search(query, opts = {}) {
      await opened();
      await catchUp();
      // Nothing but question words: no hit is better than the nearest noise.
      if (queryTerms(query).length === 0) return [];
      const k = opts.k ?? 8;
      const depth = opts.depth ?? Math.max(50, k * 5);
      const planIds = opts.planIds ? new Set(opts.planIds) : undefined;
      const allow = chunkFilter(opts);

      const lexHits = lexical.search(query, { k: depth, planIds, allow });
      let vecHits: Array<{ id: string }> = [];
      if (vectors.stats().vectors > 0) {
        try {
          const vector = await embedder.embedQuery(query);
          vecHits = await vectors.search(Array.from(vector), { k: depth, planIds, allow });
        } catch (err) {
          logger.warn({ err: (err as Error).message, embedder: embedder.id }, "query embedding failed; lexical results only");
        }
      }

      const fused = new Map<string, { score: number; lexicalRank: number | null; vectorRank: number | null }>();
      const entry = (id: string) => {
        let e = fused.get(id);
        if (!e) fused.set(id, (e = { score: 0, lexicalRank: null, vectorRank: null }));
        return e;
      };
      lexHits.forEach((h, i) => {
        const e = entry(h.id);
        e.lexicalRank = i + 1;
        e.score += weights.lexical / (rrfK + i + 1);
      });
      vecHits.forEach((h, i) => {
        const e = entry(h.id);
        e.vectorRank = i + 1;
        e.score += weights.vector / (rrfK + i + 1);
      });
      const top = [...fused.entries()]
        .sort((a, b) => b[1].score - a[1].score || (a[1].lexicalRank ?? Infinity) - (b[1].lexicalRank ?? Infinity))
        .slice(0, k);
      const byId = new Map(chunks.getChunks(top.map(([id]) => id)).map((c) => [c.id, c]));
      return top.flatMap(([id, e]) => {
        const chunk = byId.get(id);
        if (!chunk) return [];
        const { hash: _hash, ...plain } = chunk;
        return [{ chunk: plain, ...e }];
      });
    },

    stats() {
      const held = vectors.planHashes();
      return {
        plans: chunks.planIds().length,
        chunks: chunks.count(),
        embedderId: embedder.id,
        cachedEmbeddings: cache.count(embedder.id),
        lexicalRows: lexical.stats().rows,
        vectors: vectors.stats(),
        vectorPending: [...chunks.planHashes()].filter(([id, h]) => held.get(id) !== h).length,
      };
    },
  };
}
