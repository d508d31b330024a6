/** Tests of section-aware chunking: headers, splitting with overlap, annex rows, metadata. */
import { describe, expect, test } from "vitest";
import type { PlanMeta, Section } from "../../src/core/types.js";
import { buildChunks, chunkHeader, overlapTail, SPLIT_ABOVE_CHARS } from "../../src/search/chunks.js";
import { loadSamplePlans } from "./samplePlans.js";

const plans = loadSamplePlans();
const plan = (id: string) => plans.find((p) => p.id === id)!;

describe("buildChunks on a sample plan", () => {
  test("one chunk per short section, with a citation header", async () => {
    const vuThu = plan("vu-thu-2024");
    const chunks = await buildChunks(vuThu);
    expect(new Set(chunks.map((c) => c.sectionId))).toEqual(new Set(vuThu.sections.map((s) => s.id)));
    const v7 = chunks.filter((c) => c.sectionId === "V.7");
    expect(v7).toHaveLength(1);
    expect(v7[0]!.id).toBe(`vu-thu-2024#${vuThu.sections.find((s) => s.id === "V.7")!.order}#0`);
    expect(v7[0]!.header).toBe("Công tác thông tin đối ngoại huyện Vũ Thư năm 2024 — Mục V.7: TỔ CHỨC THỰC HIỆN › Công an huyện");
    expect(v7[0]!.text.split("\n")[0]).toBe(v7[0]!.header);
    expect(v7[0]!.content.startsWith("Công an huyện\n- Chủ trì, phối hợp")).toBe(true);
  });

  test("the plan number is in the header when printed", async () => {
    const chunks = await buildChunks(plan("hung-yen-2022"));
    expect(chunks[0]!.header).toMatch(/^Hoạt động thông tin đối ngoại tỉnh Hưng Yên năm 2022 \(187\/KH-UBND\) — Mục head/);
  });

  test("long sections are split inside the section, with overlap, each part keeping the header", async () => {
    const chunks = await buildChunks(plan("hung-yen-2022"));
    const split = chunks.filter((c) => c.parts > 1);
    expect(split.length).toBeGreaterThan(0);
    for (const c of split) {
      expect(c.text.startsWith(`${c.header}\n`)).toBe(true);
      expect(c.content.length).toBeLessThanOrEqual(1000 + 200);
    }
    const bySection = new Map<number, typeof split>();
    for (const c of split) bySection.set(c.order, [...(bySection.get(c.order) ?? []), c]);
    for (const parts of bySection.values()) {
      expect(parts.map((p) => p.part)).toEqual(parts.map((_, i) => i));
      for (let i = 1; i < parts.length; i++) {
        // The start of each part repeats the end of the previous one.
        const head = parts[i]!.content.slice(0, 30).replace(/^…/, "");
        expect(parts[i - 1]!.content).toContain(head);
      }
      // Nothing of the section is lost.
      const section = plan("hung-yen-2022").sections.find((s) => s.order === parts[0]!.order)!;
      const lastLine = section.text.trim().split("\n").at(-1)!;
      expect(parts.at(-1)!.content).toContain(lastLine.slice(-40));
    }
  });

  test("sections at or under the limit are not split", async () => {
    for (const c of await buildChunks(plan("vu-thu-2024"))) {
      if (c.parts === 1) expect(c.content.length).toBeLessThanOrEqual(SPLIT_ABOVE_CHARS);
    }
  });
});

describe("buildChunks on annex rows and metadata", () => {
  const meta: PlanMeta = {
    title: "Kế hoạch thử",
    number: "12/KH-UBND",
    issuer: null,
    place: null,
    issuedDate: null,
    year: 2024,
    signer: null,
    kind: "plan",
  };
  const sections: Section[] = [
    { id: "II", parent: null, order: 0, kind: "part", heading: "NHIỆM VỤ", text: "" },
    { id: "II.1", parent: "II", order: 1, kind: "item", heading: "Tuyên truyền", text: "Nội dung ngắn." },
    { id: "PL.1", parent: null, order: 2, kind: "annex", heading: "Tổ chức họp báo", text: "Chủ trì: Sở Văn hóa | Quý II/2024" },
    { id: "PL.2", parent: null, order: 3, kind: "annex", heading: "Tập huấn", text: "Chủ trì: Sở Nội vụ | Quý III/2024" },
  ];

  test("annex rows are chunks of their own, and metadata follows the section", async () => {
    const chunks = await buildChunks({
      id: "thu",
      meta,
      sections,
      agenciesBySection: new Map([["PL.1", ["Sở Văn hóa"]]]),
      deadlinesBySection: new Map([["PL.2", ["2024-09-30"]]]),
    });
    expect(chunks.map((c) => c.id)).toEqual(["thu#0#0", "thu#1#0", "thu#2#0", "thu#3#0"]);
    const [, item, pl1, pl2] = chunks;
    expect(item!.header).toBe("Kế hoạch thử (12/KH-UBND) — Mục II.1: NHIỆM VỤ › Tuyên truyền");
    expect(pl1!.header).toBe("Kế hoạch thử (12/KH-UBND) — Mục PL.1: Tổ chức họp báo");
    expect(pl1!.kind).toBe("annex");
    expect(pl1!.agencies).toEqual(["Sở Văn hóa"]);
    expect(pl2!.deadlines).toEqual(["2024-09-30"]);
    expect(pl2!.agencies).toEqual([]);
  });

  test("chunk ids are stable across runs", async () => {
    const a = await buildChunks({ id: "thu", meta, sections });
    const b = await buildChunks({ id: "thu", meta, sections: [...sections].reverse() });
    expect(b.map((c) => c.id)).toEqual(a.map((c) => c.id));
  });

  test("header without a number, Markdown stripped from headings", () => {
    expect(chunkHeader({ ...meta, number: null }, "IV", ["**KINH PHÍ**".replace(/\*\*/g, "")])).toBe("Kế hoạch thử — Mục IV: KINH PHÍ");
  });
});

test("overlapTail keeps whole sentences when they fit", () => {
  const text = "Câu thứ nhất khá dài để thử nghiệm việc cắt câu. Câu thứ hai cũng đủ dài để được giữ lại nguyên vẹn ở đây.";
  expect(overlapTail(text, 80)).toBe("Câu thứ hai cũng đủ dài để được giữ lại nguyên vẹn ở đây.");
  expect(overlapTail("một hai ba bốn năm sáu bảy tám chín mười", 20).startsWith("…")).toBe(true);
});
