/** Lexical index: BM25 (minisearch) over folded syllables and syllable bigrams, agency abbreviations expanded. */
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import MiniSearch, { type Options, type SearchOptions } from "minisearch";
import type { Chunk } from "./chunks.js";
import { noopLogger, type SearchLogger } from "./logger.js";
import { queryTerms, searchTerms } from "./terms.js";

/** One plan's chunks and content hash, as the lexical index takes them. */
export interface LexicalPlan {
  planId: string;
  hash: string;
  chunks: Chunk[];
}

/** The database as the lexical index is kept in step with it. */
export interface LexicalSource {
  planHashes(): Map<string, string>;
  plans(planIds?: string[]): LexicalPlan[];
}

/** A matching chunk with its BM25 score (higher is better). */
export interface LexicalHit {
  id: string;
  planId: string;
  score: number;
}

/** Restrictions of a lexical search. */
export interface LexicalSearchOptions {
  k: number;
  planIds?: ReadonlySet<string>;
  allow?: (chunkId: string) => boolean;
}

/** Options of {@link createLexicalIndex}. */
export interface LexicalIndexOptions {
  /** Folder of the persisted index (`<storeDir>/lexical`); omit to keep it in memory only. */
  dir?: string;
  logger?: SearchLogger;
  /** Field weights (default: heading path 2, content 1, plan title 0.5). */
  boost?: Partial<Record<LexicalField, number>>;
  /** BM25+ parameters (minisearch defaults k 1.2, b 0.7, d 0.5). */
  bm25?: { k: number; b: number; d: number };
}

/** How {@link LexicalIndex.open} got its index. */
export interface LexicalOpenResult {
  status: "loaded" | "rebuilt" | "empty";
  reason?: string;
  synced: number;
}

/** Fields indexed per chunk. */
export type LexicalField = "title" | "path" | "content";

/**
 * BM25 search over chunks, diacritic-insensitive, with the same tokenizer on
 * both sides (folded syllables + bigrams, abbreviations expanded), plan and
 * chunk filters, persisted as minisearch JSON with a manifest.
 */
export interface LexicalIndex {
  /** Load the saved index or rebuild it from `source`; then match `source` exactly. */
  open(source: LexicalSource): Promise<LexicalOpenResult>;
  upsertPlans(plans: LexicalPlan[]): void;
  removePlans(planIds: string[]): void;
  search(query: string, options: LexicalSearchOptions): LexicalHit[];
  save(version: number): Promise<void>;
  planHashes(): Map<string, string>;
  stats(): { plans: number; chunks: number; terms: number };
}

interface LexicalDoc {
  id: string;
  planId: string;
  title: string;
  path: string;
  content: string;
}

interface Manifest {
  format: number;
  version: number;
  /** planId → [plan hash, chunk ids]. */
  plans: Record<string, [string, string[]]>;
  bytes: number;
}

const FORMAT = 1;
const INDEX_FILE = "minisearch.json";
const MANIFEST = "manifest.json";
const DEFAULT_BOOST: Record<LexicalField, number> = { title: 0.5, path: 2, content: 1 };

/** Document of a chunk for the lexical index. */
function toDoc(c: Chunk): LexicalDoc {
  return { id: c.id, planId: c.planId, title: c.planTitle, path: c.headingPath.join(" . "), content: c.content };
}

/**
 * Create the lexical index; call `open` before use.
 *
 * @example
 * const lexical = createLexicalIndex({ dir: join(storeDir, "lexical") });
 * await lexical.open(source);
 * lexical.search("Sở TT&TT", { k: 10 });
 */
export function createLexicalIndex(options: LexicalIndexOptions = {}): LexicalIndex {
  const logger = options.logger ?? noopLogger;
  const boost = { ...DEFAULT_BOOST, ...options.boost };
  const bm25 = options.bm25 ?? { k: 1.2, b: 0.7, d: 0.5 };
  const miniOptions: Options<LexicalDoc> = {
    fields: ["title", "path", "content"],
    storeFields: ["planId"],
    tokenize: (text) => searchTerms(text),
    processTerm: (term) => term,
    autoVacuum: false,
    searchOptions: { tokenize: (text) => queryTerms(text), processTerm: (term) => term, boost, bm25 },
  };

  let mini = new MiniSearch<LexicalDoc>(miniOptions);
  let plans = new Map<string, [string, string[]]>();

  const dropPlan = (planId: string) => {
    const entry = plans.get(planId);
    if (entry) mini.discardAll(entry[1]);
    plans.delete(planId);
  };

  const upsertPlans = (list: LexicalPlan[]) => {
    for (const plan of list) {
      dropPlan(plan.planId);
      mini.addAll(plan.chunks.map(toDoc));
      plans.set(plan.planId, [plan.hash, plan.chunks.map((c) => c.id)]);
    }
  };

  const vacuumIfNeeded = async () => {
    // Discarded documents stay in posting lists until vacuumed; search skips them meanwhile.
    if (mini.dirtCount > 1000 && mini.dirtFactor > 0.2) await mini.vacuum({ batchSize: 5000, batchWait: 0 });
  };

  const load = async (dir: string) => {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as Manifest;
    if (manifest.format !== FORMAT) throw new Error(`manifest format ${manifest.format}, expected ${FORMAT}`);
    const json = await readFile(join(dir, INDEX_FILE), "utf8");
    if (Buffer.byteLength(json) !== manifest.bytes) throw new Error("index file size does not match the manifest");
    const loaded = MiniSearch.loadJSON<LexicalDoc>(json, miniOptions);
    const ids = Object.values(manifest.plans).reduce((n, [, list]) => n + list.length, 0);
    if (loaded.documentCount !== ids) throw new Error(`index has ${loaded.documentCount} chunks, manifest lists ${ids}`);
    mini = loaded;
    plans = new Map(Object.entries(manifest.plans));
  };

  return {
    async open(source) {
      let reason = "no saved index";
      let loaded = false;
      if (options.dir) {
        for (const from of [options.dir, `${options.dir}.old`]) {
          if (!existsSync(join(from, MANIFEST))) continue;
          try {
            await load(from);
            loaded = true;
            break;
          } catch (err) {
            reason = (err as Error).message;
          }
        }
      }
      const expected = source.planHashes();
      if (!loaded) {
        mini = new MiniSearch<LexicalDoc>(miniOptions);
        plans = new Map();
        if (expected.size > 0 && options.dir) {
          logger.warn({ dir: options.dir, reason, plans: expected.size }, "lexical index unusable; rebuilding from the database");
        }
        upsertPlans(source.plans());
        return { status: expected.size === 0 ? "empty" : "rebuilt", reason, synced: 0 };
      }
      const stale = [...plans.keys()].filter((id) => expected.get(id) !== plans.get(id)?.[0]);
      const missing = [...expected.keys()].filter((id) => plans.get(id)?.[0] !== expected.get(id));
      if (stale.length + missing.length > 0) {
        logger.warn({ stale: stale.length, missing: missing.length }, "lexical index out of step with the database; re-syncing");
        for (const id of stale) dropPlan(id);
        upsertPlans(source.plans(missing));
        await vacuumIfNeeded();
      }
      return { status: "loaded", synced: new Set([...stale, ...missing]).size };
    },

    upsertPlans,

    removePlans(planIds) {
      for (const id of planIds) dropPlan(id);
    },

    search(query, { k, planIds, allow }) {
      if (mini.documentCount === 0 || k <= 0) return [];
      const searchOptions: SearchOptions = {};
      if (planIds || allow) {
        // A falsy document boost skips the document before it is scored.
        searchOptions.boostDocument = (id: string, _term: string, stored?: Record<string, unknown>) =>
          (!planIds || planIds.has(stored?.planId as string)) && (!allow || allow(id)) ? 1 : 0;
      }
      const results = mini.search(query, searchOptions);
      return results.slice(0, k).map((r) => ({ id: r.id as string, planId: r.planId as string, score: r.score }));
    },

    async save(version) {
      if (!options.dir) return;
      await vacuumIfNeeded();
      const dir = options.dir;
      const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      const json = JSON.stringify(mini);
      const manifest: Manifest = { format: FORMAT, version, plans: Object.fromEntries(plans), bytes: Buffer.byteLength(json) };
      await writeFile(join(tmp, INDEX_FILE), json);
      await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest));
      const old = `${dir}.old`;
      await rm(old, { recursive: true, force: true });
      if (existsSync(dir)) await rename(dir, old);
      await rename(tmp, dir);
      await rm(old, { recursive: true, force: true });
    },

    planHashes: () => new Map([...plans].map(([id, [hash]]) => [id, hash])),

    stats: () => ({ plans: plans.size, chunks: mini.documentCount, terms: mini.termCount }),
  };
}
