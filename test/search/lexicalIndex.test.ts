/** Tests of the tokenizer and the FTS5 BM25 index: folding, abbreviations, filters, staying in step. */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { openDatabase, type Db } from "../../src/store/db.js";
import type { PlanMeta, Section } from "../../src/core/types.js";
import { buildChunks, type ChunkSource } from "../../src/search/chunks.js";
import { createChunkStore, planHash, type ChunkStore } from "../../src/search/chunkStore.js";
import { createLexicalIndex, type LexicalIndex } from "../../src/search/lexicalIndex.js";
import { queryTerms, searchTerms } from "../../src/search/terms.js";
import { tempStore } from "./helpers.js";
import { loadSamplePlans } from "./samplePlans.js";

const meta: PlanMeta = { title: "Kế hoạch thử", number: null, issuer: null, place: null, issuedDate: null, year: 2024, signer: null, kind: "plan" };
const section = (id: string, order: number, heading: string, text: string): Section => ({
  id, parent: null, order, kind: "item", heading, text,
});

let store: ReturnType<typeof tempStore>;
let db: Db;
let lexical: LexicalIndex;
let chunks: ChunkStore;
beforeEach(() => {
  store = tempStore();
  db = openDatabase(store.dir);
  lexical = createLexicalIndex(db);
  chunks = createChunkStore(db, lexical.hooks);
  lexical.ensure(() => chunks.rows(), chunks.count());
});
afterEach(() => {
  db.close();
  store.cleanup();
});

async function put(...plans: ChunkSource[]) {
  const stored = await Promise.all(plans.map(async (p) => {
    const c = await buildChunks(p);
    return { planId: p.id, hash: planHash(c), chunks: c };
  }));
  chunks.write(stored, []);
}
const sections = (query: string, planIds?: string[]) =>
  lexical.search(query, { k: 5, planIds: planIds ? new Set(planIds) : undefined }).map((h) => chunks.getChunks([h.id])[0]!.sectionId);

describe("terms", () => {
  test.each([
    ["Công an huyện", ["cong", "an", "cong_an", "huyen", "an_huyen"]],
    ["Sở TT&TT", ["so", "thong", "so_thong", "tin", "thong_tin", "va", "tin_va", "truyen", "va_truyen", "thong", "truyen_thong"]],
    ["Uỷ ban, hoá", ["uy", "ban", "uy_ban", "hoa"]],
    ["Kinh tế - Hạ tầng", ["kinh", "te", "kinh_te", "ha", "te_ha", "tang", "ha_tang"]],
  ])("searchTerms(%s)", (text, want) => {
    expect(searchTerms(text)).toEqual(want);
  });

  test("queries drop question-only syllables", () => {
    expect(queryTerms("Công an huyện phải làm gì?")).toEqual(["cong", "an", "cong_an", "huyen", "an_huyen", "phai", "huyen_phai", "lam", "phai_lam"]);
    expect(queryTerms("Ai tổ chức?")).toEqual(["to", "chuc", "to_chuc"]);
  });
});

describe("lexical index", () => {
  test("is diacritic-insensitive and finds agencies through abbreviations, both ways", async () => {
    await put({
      id: "thu",
      meta,
      sections: [
        section("1", 0, "Sở Thông tin và Truyền thông", "Hướng dẫn các cơ quan báo chí."),
        section("2", 1, "Công an huyện", "Quản lý đoàn phóng viên nước ngoài."),
        section("3", 2, "Phòng Văn hóa và Thông tin", "Gửi báo cáo về Sở TT&TT và UBND huyện."),
        section("4", 3, "Kinh phí", "Ngân sách nhà nước."),
      ],
    });
    expect(sections("cong an huyen")[0]).toBe("2");
    expect(sections("CÔNG AN HUYỆN")[0]).toBe("2");
    expect(sections("CA huyện")[0]).toBe("2");
    expect(sections("Sở TT&TT").slice(0, 2).sort()).toEqual(["1", "3"]);
    expect(sections("so thong tin va truyen thong").slice(0, 2).sort()).toEqual(["1", "3"]);
    expect(sections("Ủy ban nhân dân huyện")[0]).toBe("3");
    expect(sections("kinh phi")[0]).toBe("4");
  });

  test("sample plan: the Sở TT&TT query finds the section naming Sở Thông tin và Truyền thông", async () => {
    await put(...loadSamplePlans());
    const hits = lexical.search("Sở TT&TT", { k: 10, planIds: new Set(["vu-thu-2024"]) });
    const found = chunks.getChunks(hits.map((h) => h.id));
    expect(found.some((c) => c.sectionId === "V.1" && c.content.includes("Sở Thông tin và Truyền thông"))).toBe(true);
  });

  test("filters by plan and by chunk", async () => {
    await put(...loadSamplePlans());
    const all = lexical.search("Công an", { k: 50 });
    expect(new Set(all.map((h) => h.planId)).size).toBeGreaterThan(1);
    const one = lexical.search("Công an", { k: 50, planIds: new Set(["vu-thu-2024"]) });
    expect(one.length).toBeGreaterThan(0);
    expect(one.every((h) => h.planId === "vu-thu-2024")).toBe(true);
    const two = lexical.search("Công an", { k: 50, planIds: new Set(["vu-thu-2024", "van-ninh-2019"]) });
    expect(new Set(two.map((h) => h.planId))).toEqual(new Set(["vu-thu-2024", "van-ninh-2019"]));
    const only = one[1]!.id;
    expect(lexical.search("Công an", { k: 5, allow: (id) => id === only }).map((h) => h.id)).toEqual([only]);
    expect(lexical.search("Công an", { k: 5, planIds: new Set() })).toEqual([]);
  });

  test("replaced and removed plans leave no rows behind", async () => {
    await put(...loadSamplePlans());
    const before = lexical.stats().rows;
    const vuThu = loadSamplePlans().find((p) => p.id === "vu-thu-2024")!;
    await put({ ...vuThu, sections: vuThu.sections.map((s) => ({ ...s, text: s.text.replace(/Công an huyện/g, "Cảnh sát cơ động") })) });
    expect(lexical.stats().rows).toBe(before);
    const inVuThu = (q: string) => lexical.search(q, { k: 50, planIds: new Set(["vu-thu-2024"]) });
    expect(inVuThu("cảnh sát cơ động").length).toBeGreaterThan(0);
    // Only the heading of V.7 still says "Công an huyện": no row of the old text is left.
    const rows = db
      .prepare("SELECT c.section_id AS s FROM search_fts JOIN search_chunks c ON c.rid = search_fts.rowid WHERE search_fts MATCH 'an_huyen' AND c.plan_id = 'vu-thu-2024'")
      .all() as Array<{ s: string }>;
    expect(rows.map((r) => r.s)).toEqual(["V.7"]);
    chunks.write([], ["vu-thu-2024"]);
    expect(lexical.search("Vũ Thư", { k: 50 }).filter((h) => h.planId === "vu-thu-2024")).toEqual([]);
    expect(lexical.stats().rows).toBe(chunks.count());
  });

  test("very common query terms are dropped, rare ones kept", async () => {
    await put(...loadSamplePlans());
    const { terms, dropped } = lexical.explain("thông tin đối ngoại của Công an huyện");
    expect(dropped).toContain("thong_tin");
    expect(terms).toContain("cong_an");
  });

  test("terms are taken rarest first within the posting budget; searches within a few plans have their own", async () => {
    // Twelve chunks naming "kinh phí", four naming "ngân sách", one naming "xã hội hóa".
    const texts = [
      ...Array.from({ length: 12 }, (_, i) => section(`I.${i + 1}`, i, `Mục ${i + 1}`, "Kinh phí thực hiện do đơn vị bố trí.")),
      ...Array.from({ length: 4 }, (_, i) => section(`II.${i + 1}`, 20 + i, `Nguồn ${i + 1}`, "Nguồn ngân sách tỉnh.")),
      section("III", 30, "Nguồn khác", "Huy động xã hội hóa."),
    ];
    await put({ id: "p1", meta, sections: texts });
    const question = "Kinh phí từ ngân sách hay xã hội hóa?";
    const all = lexical.explain(question);
    const df = (t: string) => (db.prepare("SELECT doc FROM search_fts_vocab WHERE term = ?").get(t) as { doc: number } | undefined)?.doc ?? 0;
    expect(all.terms.map(df)).toEqual([...all.terms.map(df)].sort((a, b) => a - b));
    // A budget of 6 postings: the rarest terms that fit (the rarest two always).
    const tight = createLexicalIndex(db, { maxPostings: 6, maxDocFrequency: 1 });
    const kept = tight.explain(question);
    expect(kept.terms).toContain("xa_hoi");
    expect(kept.terms).not.toContain("kinh_phi");
    expect(kept.dropped).toContain("kinh_phi");
    // Within a few plans the scoped budget applies instead.
    const scoped = createLexicalIndex(db, { maxPostings: 6, maxScopedPostings: 1000, maxDocFrequency: 1 });
    expect(scoped.explain(question, true).terms).toContain("kinh_phi");
    expect(scoped.search(question, { k: 3, planIds: new Set(["p1"]) })[0]?.id).toBe("p1#30#0");
  });

  test("a new tokenizer signature or missing rows rebuild the rows from the chunks", async () => {
    await put(...loadSamplePlans());
    expect(lexical.ensure(() => chunks.rows(), chunks.count())).toEqual({ rebuilt: false });
    db.prepare("UPDATE search_state SET value = 'old' WHERE key = 'lexical_signature'").run();
    const again = createLexicalIndex(db);
    expect(again.ensure(() => chunks.rows(), chunks.count())).toMatchObject({ rebuilt: true, reason: "tokenizer changed" });
    expect(again.stats().rows).toBe(chunks.count());
    expect(again.search("cong an huyen", { k: 3, planIds: new Set(["vu-thu-2024"]) }).length).toBe(3);
    db.prepare("DELETE FROM search_fts WHERE rowid = (SELECT MIN(rid) FROM search_chunks)").run();
    expect(createLexicalIndex(db).ensure(() => chunks.rows(), chunks.count()).rebuilt).toBe(true);
  });
});

test("large writes merge the index segments once", async () => {
  const store2 = tempStore();
  const db2 = openDatabase(store2.dir);
  try {
    const lex = createLexicalIndex(db2);
    const chunks2 = createChunkStore(db2, lex.hooks);
    lex.ensure(() => chunks2.rows(), chunks2.count());
    const base = loadSamplePlans();
    const many = await Promise.all(
      Array.from({ length: 80 }, (_, i) => base[i % base.length]!).map(async (p, i) => {
        const c = await buildChunks({ ...p, id: `${p.id}-${i}` });
        return { planId: `${p.id}-${i}`, hash: planHash(c), chunks: c };
      }),
    );
    chunks2.write(many, []);
    expect(chunks2.count()).toBeGreaterThan(2000);
    expect(lex.maintain()).toBe(true);
    expect(lex.maintain()).toBe(false);
    expect(lex.search("cong an huyen", { k: 3 }).length).toBe(3);
  } finally {
    db2.close();
    store2.cleanup();
  }
});
