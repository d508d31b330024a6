/** Lexical index: BM25 (SQLite FTS5) over folded syllables and syllable bigrams, written in the chunks' own transactions. */
import type { Db } from "../store/db.js";
import { sha256 } from "./chunks.js";
import type { ChunkRowRef, ChunkWriteHooks } from "./chunkStore.js";
import { noopLogger, type SearchLogger } from "./logger.js";
import { queryTerms, searchTerms } from "./terms.js";

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
  /** Keep only chunks this accepts (by chunk id). */
  allow?: (chunkId: string) => boolean;
}

/** Field weights of the BM25 score. */
export interface LexicalWeights {
  /** Plan title and number (default 0.5). */
  title: number;
  /** Heading path, outermost first, ending with the section's own heading (default 2). */
  path: number;
  /** The chunk's own heading and text (default 1). */
  content: number;
}

/** Options of {@link createLexicalIndex}. */
export interface LexicalIndexOptions {
  logger?: SearchLogger;
  weights?: Partial<LexicalWeights>;
  /**
   * Query terms found in more than this share of all chunks are dropped when
   * rarer ones remain (default 0.25): their BM25 weight is near zero and their
   * posting lists are what makes a query slow on a large corpus.
   */
  maxDocFrequency?: number;
  /**
   * Posting budget of a query over all plans (or more than
   * {@link SCOPED_PLANS_MAX}): terms are taken rarest first until their document
   * counts add up to this (default 10 000). FTS5 scores every row a kept term
   * matches (about half a microsecond each), so this bounds a question's cost
   * whatever the store's size. It never binds on stores under about 2 000
   * chunks (terms in more than `maxDocFrequency` of the chunks are dropped
   * first); on large ones the terms it drops are those common enough to add
   * little to the ranking.
   */
  maxPostings?: number;
  /**
   * Posting budget of a query within a few plans, where the index only visits
   * the rows of those plans (default 1.5 × chunks, at least 20 000 and at most
   * 60 000).
   */
  maxScopedPostings?: number;
}

/**
 * BM25 search over chunks: diacritic-insensitive (folded syllables), syllable
 * bigrams as terms, agency abbreviations expanded at index and query time, plan
 * and chunk filters. Its rows live in the chunk database and are written in the
 * same transaction as the chunks (pass {@link LexicalIndex.hooks} to the chunk
 * store), so it cannot drift from them.
 */
export interface LexicalIndex {
  /** Write hooks for `createChunkStore(db, hooks)`. */
  readonly hooks: ChunkWriteHooks;
  /**
   * Rebuild the rows from the chunks when the index is new, was built by another
   * tokenizer version, or misses rows. Returns whether it rebuilt.
   */
  ensure(rows: () => Iterable<ChunkRowRef>, chunkCount: number): { rebuilt: boolean; reason?: string };
  search(query: string, options: LexicalSearchOptions): LexicalHit[];
  /** The query terms that would be searched (after dropping very common ones), for explanations and tests; `scoped`: within a few plans. */
  explain(query: string, scoped?: boolean): { terms: string[]; dropped: string[] };
  /** Forget cached counts after another connection wrote to the database. */
  invalidate(): void;
  /** Merge the index segments after large writes (FTS5 "optimize"); returns whether it ran. */
  maintain(): boolean;
  stats(): { rows: number };
}

const TABLE = "search_fts";
/** Default posting budget of a query over all plans (see `maxPostings`). */
const MAX_POSTINGS = 10_000;
/** Searches within at most this many plans are scoped (see `maxScopedPostings`). */
export const SCOPED_PLANS_MAX = 64;
// Bump when the row layout changes; tokenizer changes are caught by the probe below.
const FORMAT = "fts5-v2";
const PROBE = "Sở TT&TT, UBND huyện Vũ Thư: Văn phòng HĐND - UBND; Công an huyện (CA huyện) hoá/hóa Đ 2024";

/** Signature of the tokenizer: changes whenever the terms of the probe text change. */
export function lexicalSignature(): string {
  return sha256(`${FORMAT}\n${searchTerms(PROBE).join(" ")}`).slice(0, 16);
}

/** The token standing for a plan in the index's `plan` column. */
export function planToken(planId: string): string {
  return `p${sha256(planId).slice(0, 16)}`;
}

/**
 * The lexical index over a database handle (creates `search_fts` and its
 * vocabulary table).
 *
 * @example
 * const lexical = createLexicalIndex(db);
 * const chunks = createChunkStore(db, lexical.hooks);
 * lexical.ensure(() => chunks.rows(), chunks.count());
 * lexical.search("Sở TT&TT", { k: 10 });
 */
export function createLexicalIndex(db: Db, options: LexicalIndexOptions = {}): LexicalIndex {
  const logger = options.logger ?? noopLogger;
  const w: LexicalWeights = { title: 0.5, path: 2, content: 1, ...options.weights };
  const maxDf = options.maxDocFrequency ?? 0.25;

  const createTables = () =>
    db.exec(`
      CREATE VIRTUAL TABLE IF NOT EXISTS ${TABLE} USING fts5(
        plan, title, path, content,
        tokenize = "unicode61 remove_diacritics 0 tokenchars '_'",
        content = '', contentless_delete = 1
      );
      CREATE VIRTUAL TABLE IF NOT EXISTS ${TABLE}_vocab USING fts5vocab(${TABLE}, 'row');
      CREATE TABLE IF NOT EXISTS search_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
  createTables();

  const insert = db.prepare<[number, string, string, string, string]>(
    `INSERT INTO ${TABLE} (rowid, plan, title, path, content) VALUES (?, ?, ?, ?, ?)`,
  );
  const remove = db.prepare<[number]>(`DELETE FROM ${TABLE} WHERE rowid = ?`);
  const docFreq = db.prepare<[string], { doc: number }>(`SELECT doc FROM ${TABLE}_vocab WHERE term = ?`);
  const countRows = db.prepare<[], { n: number }>(`SELECT COUNT(*) AS n FROM ${TABLE}`);
  const getState = db.prepare<[string], { value: string }>("SELECT value FROM search_state WHERE key = ?");
  const setState = db.prepare<[string, string]>("INSERT OR REPLACE INTO search_state (key, value) VALUES (?, ?)");
  // bm25() is lower-is-better; columns: plan (never scored), title, path, content.
  // Prepared on first use: `search_chunks` is created by the chunk store, after this index.
  type Row = { id: string; plan_id: string; score: number };
  let prepared: ReturnType<typeof db.prepare<[string, number], Row>> | null = null;
  const query = () => (prepared ??= db.prepare<[string, number], Row>(`
    SELECT c.plan_id || '#' || c.ord || '#' || c.part AS id, c.plan_id AS plan_id, -t.score AS score
    FROM (
      SELECT rowid, bm25(${TABLE}, 0, ${w.title}, ${w.path}, ${w.content}) AS score
      FROM ${TABLE} WHERE ${TABLE} MATCH ? ORDER BY score LIMIT ?
    ) AS t JOIN search_chunks AS c ON c.rid = t.rowid
    ORDER BY t.score
  `));

  const addRows = (rows: ChunkRowRef[]) => {
    for (const { rid, chunk } of rows) {
      insert.run(
        rid,
        planToken(chunk.planId),
        searchTerms(`${chunk.planTitle} ${chunk.planNumber ?? ""}`).join(" "),
        searchTerms(chunk.headingPath.join(" . ")).join(" "),
        searchTerms(chunk.content).join(" "),
      );
    }
  };

  let totalRows: number | null = null;
  const rowCount = () => (totalRows ??= countRows.get()?.n ?? 0);
  let changedSinceOptimize = 0;

  // fts5vocab counts a term's documents by reading its whole posting list, which
  // costs milliseconds for common syllables: remember counts, and forget them
  // once the index has changed by a tenth since they were taken.
  const dfMemo = new Map<string, number>();
  let dfMemoRows = -1;
  const documentFrequency = (term: string): number => {
    const n = rowCount();
    if (Math.abs(n - dfMemoRows) > 0.1 * Math.max(dfMemoRows, 1) || dfMemo.size > 100_000) {
      dfMemo.clear();
      dfMemoRows = n;
    }
    let df = dfMemo.get(term);
    if (df === undefined) {
      df = docFreq.get(term)?.doc ?? 0;
      dfMemo.set(term, df);
    }
    return df;
  };

  const hooks: ChunkWriteHooks = {
    deleted(rids) {
      for (const rid of rids) remove.run(rid);
      changedSinceOptimize += rids.length;
      totalRows = null;
    },
    inserted(rows) {
      addRows(rows);
      changedSinceOptimize += rows.length;
      totalRows = null;
    },
  };

  const explain = (text: string, scoped = false) => {
    const terms = [...new Set(queryTerms(text))];
    const n = Math.max(rowCount(), 1);
    const withDf = terms.map((t) => ({ t, df: documentFrequency(t) })).filter((x) => x.df > 0);
    withDf.sort((a, b) => a.df - b.df);
    const kept: string[] = [];
    const dropped: string[] = [];
    // Over all plans, a fixed bound, so a question over 10,000 plans costs about what it costs over 500.
    const budget = scoped
      ? (options.maxScopedPostings ?? Math.max(20_000, Math.min(1.5 * n, 60_000)))
      : (options.maxPostings ?? MAX_POSTINGS);
    let postings = 0;
    // Always keep the rarest term, so a query of common words still finds something; the second
    // rarest too, unless the two are past the budget (only on large stores).
    withDf.forEach(({ t, df }, i) => {
      const keep = i === 0 || (i === 1 && postings + df <= 2 * budget) || (df / n <= maxDf && postings + df <= budget);
      (keep ? kept : dropped).push(t);
      if (keep) postings += df;
    });
    return { terms: kept, dropped };
  };

  return {
    hooks,

    ensure(rows, chunkCount) {
      const signature = lexicalSignature();
      const stored = getState.get("lexical_signature")?.value;
      let reason: string | undefined;
      if (stored !== signature) reason = stored ? "tokenizer changed" : "new index";
      else if (rowCount() !== chunkCount) reason = `index has ${rowCount()} rows for ${chunkCount} chunks`;
      if (!reason) return { rebuilt: false };
      if (chunkCount > 0) logger.warn({ reason, chunks: chunkCount }, "lexical index rebuilt from the chunks");
      const started = Date.now();
      db.transaction(() => {
        db.exec(`DROP TABLE IF EXISTS ${TABLE}_vocab; DROP TABLE IF EXISTS ${TABLE};`);
        createTables();
        let batch: ChunkRowRef[] = [];
        for (const row of rows()) {
          batch.push(row);
          if (batch.length >= 1000) {
            addRows(batch);
            batch = [];
          }
        }
        addRows(batch);
        setState.run("lexical_signature", signature);
        db.prepare(`INSERT INTO ${TABLE} (${TABLE}) VALUES ('optimize')`).run();
      })();
      totalRows = null;
      dfMemo.clear();
      logger.info({ chunks: chunkCount, ms: Date.now() - started }, "lexical index built");
      return { rebuilt: true, reason };
    },

    search(text, { k, planIds, allow }) {
      if (k <= 0) return [];
      if (planIds && planIds.size === 0) return [];
      const { terms } = explain(text, planIds !== undefined && planIds.size <= SCOPED_PLANS_MAX);
      if (terms.length === 0) return [];
      let match = terms.map((t) => `"${t}"`).join(" OR ");
      if (planIds) match = `plan : (${[...planIds].map(planToken).join(" OR ")}) AND (${match})`;
      const run = (limit: number): LexicalHit[] =>
        query().all(match, limit).map((r) => ({ id: r.id, planId: r.plan_id, score: r.score }));
      if (!allow) return run(k);
      // Chunk filters apply after ranking: over-fetch, and fetch all when too few pass.
      let hits = run(k * 10).filter((h) => allow(h.id));
      if (hits.length < k) hits = run(-1).filter((h) => allow(h.id));
      return hits.slice(0, k);
    },

    explain,

    invalidate() {
      totalRows = null;
    },

    maintain() {
      // Bulk writes leave many segments; one merged segment halves query time on large stores.
      if (changedSinceOptimize < Math.max(2000, 0.1 * rowCount())) return false;
      const started = Date.now();
      db.prepare(`INSERT INTO ${TABLE} (${TABLE}) VALUES ('optimize')`).run();
      changedSinceOptimize = 0;
      logger.debug({ rows: rowCount(), ms: Date.now() - started }, "lexical index optimized");
      return true;
    },

    stats: () => ({ rows: rowCount() }),
  };
}
