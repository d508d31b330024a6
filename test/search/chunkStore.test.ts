/** The chunk store without its own copy of the text: chunks read back equal the chunks written, rebuilt from the sections. */
import { afterEach, beforeEach, expect, test } from "vitest";
import { openDatabase, type Db } from "../../src/store/db.js";
import { buildChunks, sha256 } from "../../src/search/chunks.js";
import { createChunkStore, planHash, type ChunkTextSource } from "../../src/search/chunkStore.js";
import { tempStore } from "./helpers.js";
import { loadSamplePlans } from "./samplePlans.js";

const samples = loadSamplePlans();
const texts: ChunkTextSource = {
  plan: (id) => {
    const p = samples.find((s) => s.id === id);
    return p ? { meta: p.meta, sections: p.sections } : null;
  },
};

let store: ReturnType<typeof tempStore>;
let db: Db;
beforeEach(() => {
  store = tempStore();
  db = openDatabase(store.dir);
});
afterEach(() => {
  db.close();
  store.cleanup();
});

test("rows keep no section text; every chunk (whole or split) reads back exactly as built", async () => {
  const chunks = createChunkStore(db, undefined, texts);
  const built = await Promise.all(samples.map((p) => buildChunks(p)));
  chunks.write(
    samples.map((p, i) => ({ planId: p.id, hash: planHash(built[i]!), chunks: built[i]! })),
    [],
  );
  const all = built.flat();
  expect(all.some((c) => c.parts > 1)).toBe(true);
  const stored = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM search_chunks WHERE content IS NOT NULL OR header IS NOT NULL").get()!.n;
  expect(stored).toBe(all.filter((c) => c.parts > 1).length);

  const back = chunks.chunksOf();
  const byId = new Map(back.map((c) => [c.id, c]));
  for (const c of all) expect(byId.get(c.id)).toEqual({ ...c, hash: sha256(c.text) });
  const some = [all[3]!.id, all.find((c) => c.parts > 1)!.id];
  expect(chunks.getChunks(some).map((c) => c.text)).toEqual(some.map((id) => all.find((c) => c.id === id)!.text));
  expect([...chunks.rows()].map((r) => r.chunk.text).sort()).toEqual(all.map((c) => c.text).sort());
});
