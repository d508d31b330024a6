/** Bench support: a deterministic synthetic corpus of plans built from the sample plans (new places, years, mixed sections). */
import type { Section } from "../src/core/types.js";
import type { ChunkSource } from "../src/search/chunks.js";
import { loadSamplePlans } from "../test/search/samplePlans.js";
import { rng } from "./corpus.js";

export { rng };

const PLACES = ["Vũ Thư", "Hưng Yên", "Quảng Ngãi", "Triệu Sơn", "Vạn Ninh", "Thái Bình", "Thanh Hóa", "Khánh Hòa"];
const SYLLABLES = [
  "An", "Bình", "Cẩm", "Diễn", "Đông", "Gia", "Hà", "Hải", "Hòa", "Hưng", "Kim", "Lạc", "Long", "Minh", "Nam", "Ninh",
  "Phú", "Quảng", "Sơn", "Tân", "Thạch", "Thanh", "Thọ", "Tiên", "Trà", "Trung", "Vân", "Vĩnh", "Xuân", "Yên",
];

/**
 * `count` synthetic plans: each takes the parts of two sample plans, renames the
 * places, shifts the year and drops a few items, so vocabulary and section
 * shapes stay realistic while every plan's text differs.
 */
export function syntheticPlans(count: number, seed = 42): ChunkSource[] {
  const samples = loadSamplePlans();
  const random = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const plans: ChunkSource[] = [];
  for (let i = 0; i < count; i++) {
    const place = `${pick(SYLLABLES)} ${pick(SYLLABLES)}`;
    const year = 2019 + Math.floor(random() * 8);
    const a = samples[i % samples.length]!;
    const b = samples[(i + 1 + Math.floor(random() * (samples.length - 1))) % samples.length]!;
    const rename = (s: string) =>
      PLACES.reduce((t, p) => t.split(p).join(place), s).replace(/năm 20\d\d/g, `năm ${year}`);
    const sections: Section[] = [];
    for (const [src, prefix] of [[a, ""], [b, "B"]] as const) {
      for (const s of src.sections) {
        if (s.kind === "item" && random() < 0.1) continue;
        sections.push({
          ...s,
          id: prefix && s.id !== "head" && s.id !== "end" ? `${prefix}${s.id}` : s.id,
          parent: s.parent && prefix ? `${prefix}${s.parent}` : s.parent,
          order: sections.length,
          heading: rename(s.heading),
          text: rename(s.text),
        });
      }
    }
    plans.push({
      id: `synthetic-${String(i).padStart(4, "0")}`,
      meta: { ...a.meta, title: rename(a.meta.title), number: `${i + 1}/KH-UBND`, year },
      sections,
    });
  }
  return plans;
}
