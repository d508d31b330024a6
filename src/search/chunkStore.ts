/**
 * Chunks in SQLite (`search_chunks`, `search_plans`): the source the vector and
 * lexical indexes are rebuilt from. Given a {@link ChunkTextSource} (the plan
 * store), a chunk row holds no text of its own: its header and content are
 * rebuilt from the plan's sections when read; only the parts of split sections
 * keep their content (with overlap, they are not a slice of the section).
 */
import type { Db } from "../store/db.js";
import type { PlanMeta, Section, SectionKind } from "../core/types.js";
import { chunkId, sectionBodies, sha256, type Chunk, type SectionBody } from "./chunks.js";

/** The chunks of one plan with the content keys the indexes compare. */
export interface StoredPlan {
  planId: string;
  /** sha256 over the plan's chunks (ids, texts, metadata): equal hash, nothing to re-index. */
  hash: string;
  chunks: Chunk[];
}

/** A chunk's text key (sha256 of `chunk.text`), the embedding cache key. */
export type ChunkWithHash = Chunk & { hash: string };

/** A chunk and its row id in `search_chunks` (also the lexical index row id). */
export interface ChunkRowRef {
  rid: number;
  chunk: Chunk;
}

/** Where stored chunks get their text back: a plan's metadata and sections as stored. */
export interface ChunkTextSource {
  plan(planId: string): { meta: PlanMeta; sections: Section[] } | null;
}

/** Tables kept in the same transaction as the chunks (the lexical index). */
export interface ChunkWriteHooks {
  /** Rows of deleted chunks (called before they are deleted). */
  deleted(rids: number[]): void;
  /** Rows of inserted chunks. */
  inserted(rows: ChunkRowRef[]): void;
}

/** Chunk persistence; see {@link createChunkStore}. */
export interface ChunkStore {
  /** planId → plan hash, for every stored plan. */
  planHashes(): Map<string, string>;
  /** Bumped by every write; indexes record the version they reflect. */
  version(): number;
  /** Replace the chunks of `plans` and delete `removeIds`, in one transaction; returns the new version. */
  write(plans: StoredPlan[], removeIds: string[]): number;
  /** Chunks of these plans (all plans when omitted), in plan then section order. */
  chunksOf(planIds?: string[]): ChunkWithHash[];
  /** Chunks by id, in the order asked (unknown ids skipped). */
  getChunks(ids: string[]): ChunkWithHash[];
  planIds(): string[];
  /** Number of stored chunks. */
  count(): number;
  /** Every chunk with its row id, in row order (for rebuilding the lexical index). */
  rows(): IterableIterator<ChunkRowRef>;
  /** Agencies of every chunk that names any (chunk id → agencies). */
  agencies(): Map<string, string[]>;
  /** Text hashes of all stored chunks. */
  hashes(): Set<string>;
}

interface ChunkRow {
  rid?: number;
  plan_id: string;
  section_id: string;
  ord: number;
  part: number;
  parts: number;
  kind: string;
  plan_title: string | null;
  plan_number: string | null;
  heading_path: string | null;
  header: string | null;
  content: string | null;
  agencies: string;
  deadlines: string;
  /** sha256 of the chunk's text, 32 bytes. */
  hash: Buffer;
}

/** Layout of `search_chunks`; bump when its columns change. 4: no id column (made of plan, order and part), binary hash. */
const CHUNKS_SCHEMA = "4";

/** The plan, order and part of a chunk id; null when it is not one. */
function parseChunkId(id: string): { planId: string; order: number; part: number } | null {
  const b = id.lastIndexOf("#");
  const a = b > 0 ? id.lastIndexOf("#", b - 1) : -1;
  if (a <= 0) return null;
  const order = Number(id.slice(a + 1, b));
  const part = Number(id.slice(b + 1));
  return Number.isInteger(order) && Number.isInteger(part) ? { planId: id.slice(0, a), order, part } : null;
}

/** Content key of a plan's chunk list: changes when any text or metadata does. */
export function planHash(chunks: Chunk[]): string {
  return sha256(
    JSON.stringify(chunks.map((c) => [c.id, c.sectionId, c.kind, c.text, c.planNumber, c.headingPath, c.agencies, c.deadlines])),
  );
}

/**
 * The chunk store over a database handle (creates its tables if needed).
 *
 * @example
 * const store = createChunkStore(db);
 * store.write([{ planId, hash: planHash(chunks), chunks }], []);
 */
export function createChunkStore(db: Db, hooks?: ChunkWriteHooks, texts?: ChunkTextSource): ChunkStore {
  // Chunks are derived data: a store written with another layout is dropped and re-indexed by the caller.
  db.exec("CREATE TABLE IF NOT EXISTS search_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const schema = db.prepare<[], { value: string }>("SELECT value FROM search_state WHERE key = 'chunks_schema'").get()?.value;
  if (schema !== CHUNKS_SCHEMA) {
    db.exec("DROP TABLE IF EXISTS search_chunks; DROP TABLE IF EXISTS search_plans; DELETE FROM search_state WHERE key = 'lexical_signature';");
    db.prepare("INSERT OR REPLACE INTO search_state (key, value) VALUES ('chunks_schema', ?)").run(CHUNKS_SCHEMA);
  }
  db.exec(`
    CREATE TABLE IF NOT EXISTS search_plans (
      plan_id TEXT PRIMARY KEY,
      hash TEXT NOT NULL,
      chunks INTEGER NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE TABLE IF NOT EXISTS search_chunks (
      rid INTEGER PRIMARY KEY,
      plan_id TEXT NOT NULL,
      section_id TEXT NOT NULL,
      ord INTEGER NOT NULL,
      part INTEGER NOT NULL,
      parts INTEGER NOT NULL,
      kind TEXT NOT NULL,
      plan_title TEXT,
      plan_number TEXT,
      heading_path TEXT,
      header TEXT,
      content TEXT,
      agencies TEXT NOT NULL,
      deadlines TEXT NOT NULL,
      hash BLOB NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS search_chunks_plan ON search_chunks (plan_id, ord, part);
    INSERT OR IGNORE INTO search_state (key, value) VALUES ('version', '0');
  `);

  const selectVersion = db.prepare<[], { value: string }>("SELECT value FROM search_state WHERE key = 'version'");
  const bumpVersion = db.prepare("UPDATE search_state SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'version'");
  const deleteChunks = db.prepare<[string]>("DELETE FROM search_chunks WHERE plan_id = ?");
  const deletePlan = db.prepare<[string]>("DELETE FROM search_plans WHERE plan_id = ?");
  const upsertPlan = db.prepare<[string, string, number, string]>(
    "INSERT OR REPLACE INTO search_plans (plan_id, hash, chunks, updated_at) VALUES (?, ?, ?, ?)",
  );
  const selectRids = db.prepare<[string], { rid: number }>("SELECT rid FROM search_chunks WHERE plan_id = ?");
  const insertChunk = db.prepare<ChunkRow>(
    `INSERT INTO search_chunks
       (plan_id, section_id, ord, part, parts, kind, plan_title, plan_number, heading_path, header, content, agencies, deadlines, hash)
     VALUES (@plan_id, @section_id, @ord, @part, @parts, @kind, @plan_title, @plan_number, @heading_path, @header, @content, @agencies, @deadlines, @hash)`,
  );
  const selectByPlan = db.prepare<[string], ChunkRow>("SELECT * FROM search_chunks WHERE plan_id = ? ORDER BY ord, part");
  const selectAll = db.prepare<[], ChunkRow>("SELECT * FROM search_chunks ORDER BY plan_id, ord, part");
  const selectById = db.prepare<[string, number, number], ChunkRow>("SELECT * FROM search_chunks WHERE plan_id = ? AND ord = ? AND part = ?");

  const version = () => Number(selectVersion.get()?.value ?? 0);
  const fromRows = (rows: ChunkRow[]) => rebuildChunks(rows, texts);

  const write = db.transaction((plans: StoredPlan[], removeIds: string[]): number => {
    const now = new Date().toISOString();
    const drop = (planId: string) => {
      if (hooks) hooks.deleted(selectRids.all(planId).map((r) => r.rid));
      deleteChunks.run(planId);
    };
    for (const id of removeIds) {
      drop(id);
      deletePlan.run(id);
    }
    for (const plan of plans) {
      drop(plan.planId);
      const inserted: ChunkRowRef[] = [];
      for (const c of plan.chunks) {
        const rid = Number(insertChunk.run(toRow(c, texts !== undefined)).lastInsertRowid);
        inserted.push({ rid, chunk: c });
      }
      if (hooks) hooks.inserted(inserted);
      upsertPlan.run(plan.planId, plan.hash, plan.chunks.length, now);
    }
    bumpVersion.run();
    return version();
  });

  return {
    planHashes() {
      const rows = db.prepare<[], { plan_id: string; hash: string }>("SELECT plan_id, hash FROM search_plans").all();
      return new Map(rows.map((r) => [r.plan_id, r.hash]));
    },
    version,
    write: (plans, removeIds) => write(plans, removeIds),
    chunksOf(planIds) {
      if (!planIds) return fromRows(selectAll.all());
      return planIds.flatMap((id) => fromRows(selectByPlan.all(id)));
    },
    getChunks(ids) {
      const rows: ChunkRow[] = [];
      for (const id of ids) {
        const key = parseChunkId(id);
        const row = key ? selectById.get(key.planId, key.order, key.part) : undefined;
        if (row) rows.push(row);
      }
      return fromRows(rows);
    },
    planIds() {
      return db.prepare<[], { plan_id: string }>("SELECT plan_id FROM search_plans ORDER BY plan_id").all().map((r) => r.plan_id);
    },
    count() {
      return db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM search_chunks").get()?.n ?? 0;
    },
    *rows() {
      // Read plan by plan (texts are rebuilt per plan), in row order within each.
      const plans = db.prepare<[], { plan_id: string }>("SELECT DISTINCT plan_id FROM search_chunks ORDER BY plan_id").all();
      const byPlan = db.prepare<[string], ChunkRow>("SELECT * FROM search_chunks WHERE plan_id = ? ORDER BY rid");
      for (const { plan_id } of plans) {
        const rows = byPlan.all(plan_id);
        const chunks = fromRows(rows);
        for (let i = 0; i < rows.length; i++) yield { rid: rows[i]!.rid!, chunk: chunks[i]! };
      }
    },
    hashes() {
      return new Set(db.prepare<[], { hash: Buffer }>("SELECT hash FROM search_chunks").all().map((r) => r.hash.toString("hex")));
    },
    agencies() {
      const rows = db
        .prepare<[], { plan_id: string; ord: number; part: number; agencies: string }>("SELECT plan_id, ord, part, agencies FROM search_chunks WHERE agencies <> '[]'")
        .all();
      return new Map(rows.map((r) => [chunkId(r.plan_id, r.ord, r.part), JSON.parse(r.agencies) as string[]]));
    },
  };
}

/** A chunk as stored: with a text source, only what its sections cannot give back. */
function toRow(c: Chunk, derived: boolean): ChunkRow {
  return {
    plan_id: c.planId,
    section_id: c.sectionId,
    ord: c.order,
    part: c.part,
    parts: c.parts,
    kind: c.kind,
    plan_title: derived ? null : c.planTitle,
    plan_number: derived ? null : c.planNumber,
    heading_path: derived ? null : JSON.stringify(c.headingPath),
    header: derived ? null : c.header,
    content: derived && c.parts === 1 ? null : c.content,
    agencies: JSON.stringify(c.agencies),
    deadlines: JSON.stringify(c.deadlines),
    hash: Buffer.from(sha256(c.text), "hex"),
  };
}

/**
 * Section bodies by order, per sections list: the plan store hands out the same
 * list while the plan is unchanged and cached, so a plan read again (the next
 * question on it) costs no new bodies.
 */
const bodiesBySections = new WeakMap<Section[], { meta: PlanMeta; byOrder: Map<number, SectionBody> }>();

/** Stored rows → chunks, rebuilding header and content from each plan's sections where the row has none. */
function rebuildChunks(rows: ChunkRow[], texts: ChunkTextSource | undefined): ChunkWithHash[] {
  const bodies = new Map<string, { meta: PlanMeta; byOrder: Map<number, SectionBody> } | null>();
  const planOf = (planId: string) => {
    if (!bodies.has(planId)) {
      const plan = texts?.plan(planId) ?? null;
      let known = plan ? bodiesBySections.get(plan.sections) : undefined;
      // The same list with other metadata (a plan retitled in place) is made again.
      if (plan && (!known || known.meta.title !== plan.meta.title || known.meta.number !== plan.meta.number)) {
        known = { meta: plan.meta, byOrder: new Map(sectionBodies(plan).map((b) => [b.section.order, b])) };
        bodiesBySections.set(plan.sections, known);
      }
      bodies.set(planId, known ?? null);
    }
    return bodies.get(planId)!;
  };
  return rows.map((r) => {
    if (r.header !== null) return fromRow(r, r.header, r.content ?? "", r.plan_title ?? "", r.plan_number, JSON.parse(r.heading_path ?? "[]") as string[]);
    const plan = planOf(r.plan_id);
    const body = plan?.byOrder.get(r.ord);
    return fromRow(r, body?.header ?? "", r.content ?? body?.body ?? "", plan?.meta.title ?? "", plan?.meta.number ?? null, body?.headingPath ?? []);
  });
}

function fromRow(r: ChunkRow, header: string, content: string, planTitle: string, planNumber: string | null, headingPath: string[]): ChunkWithHash {
  return {
    id: chunkId(r.plan_id, r.ord, r.part),
    planId: r.plan_id,
    sectionId: r.section_id,
    order: r.ord,
    part: r.part,
    parts: r.parts,
    kind: r.kind as SectionKind,
    planTitle,
    planNumber,
    headingPath,
    header,
    content,
    text: `${header}\n${content}`,
    agencies: JSON.parse(r.agencies) as string[],
    deadlines: JSON.parse(r.deadlines) as string[],
    hash: r.hash.toString("hex"),
  };
}
