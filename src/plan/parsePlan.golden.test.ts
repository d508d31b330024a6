// Golden tests over the five sample plans and the synthetic fixtures of other layouts.
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import type { Section } from "../core/types.js";
import { findDuties } from "./duties.js";
import { parsePlan, type ParsedPlanWithSpans } from "./parsePlan.js";

const load = (path: string): ParsedPlanWithSpans => parsePlan(readFileSync(new URL(`../../${path}`, import.meta.url), "utf8"));
const plans = {
  vuThu: load("data/plans/vu-thu-2024.txt"),
  vanNinh: load("data/plans/van-ninh-2019.txt"),
  hungYen: load("data/plans/hung-yen-2022.txt"),
  quangNgai: load("data/plans/quang-ngai-2024.txt"),
  trieuSon: load("data/plans/trieu-son-2022.txt"),
  decision: load("test/fixtures/plans/decision-annex-2025.txt"),
  commune: load("test/fixtures/plans/ocr-decimal-commune.txt"),
};

const duties = (p: ParsedPlanWithSpans, agency: string) => {
  const excluded = new Set(p.nonDutyOrders);
  const spans = p.spans.map((s) => ({ ...s, planId: "p", excluded: excluded.has(s.order) }));
  return findDuties(agency, spans, (_id, order): Section[] => p.sections.filter((s) => s.order >= order)).map((d) => `${d.section}:${d.role}${d.via ? "~" : ""}`);
};

describe("metadata", () => {
  test.each([
    ["vuThu", { number: null, issuedDate: "2024-02", year: 2024, title: "Công tác thông tin đối ngoại huyện Vũ Thư năm 2024", issuer: "Ủy ban nhân dân huyện Vũ Thư", place: "Vũ Thư", signer: "Phạm Công Diện", kind: "plan" }],
    ["vanNinh", { number: null, issuedDate: null, year: 2019, title: "Hoạt động thông tin đối ngoại trên địa bàn huyện Vạn Ninh năm 2019", issuer: "Ủy ban nhân dân huyện Vạn Ninh", place: null, signer: "Trần Ngọc Khiêm", kind: "plan" }],
    ["hungYen", { number: "187/KH-UBND", issuedDate: "2021-12-13", year: 2022, title: "Hoạt động thông tin đối ngoại tỉnh Hưng Yên năm 2022", issuer: "Ủy ban nhân dân tỉnh Hưng Yên", place: "Hưng Yên", signer: "Nguyễn Duy Hưng", kind: "plan" }],
    ["quangNgai", { number: null, issuedDate: null, year: 2024, title: "Công tác thông tin đối ngoại và truyền thông chính sách tỉnh Quảng Ngãi năm 2024", issuer: "Ủy ban nhân dân tỉnh Quảng Ngãi", place: null, signer: "Trần Phước Hiền", kind: "plan" }],
    ["trieuSon", { number: null, issuedDate: "2022-02", year: 2022, title: "Công tác thông tin đối ngoại năm 2022", issuer: "Ủy ban nhân dân huyện Triệu Sơn", place: "Triệu Sơn", signer: "Lê Quang Trung", kind: "plan" }],
    ["decision", { number: "2150/QĐ-UBND", issuedDate: "2025-09-05", year: 2026, title: "Chuyển đổi số tỉnh Khánh Hòa năm 2026", issuer: "Ủy ban nhân dân tỉnh Khánh Hòa", place: "Khánh Hòa", signer: "Lê Văn Nam", kind: "decision" }],
    ["commune", { number: "12/KH-UBND", issuedDate: "2026-01-10", year: 2026, title: "Tuyên truyền phổ biến giáo dục pháp luật trên địa bàn xã Đông Hải năm 2026", issuer: "Ủy ban nhân dân xã Đông Hải", place: "Đông Hải", signer: null, kind: "plan" }],
  ] as const)("%s", (key, meta) => {
    expect(plans[key].meta).toEqual(meta);
  });
});

describe("duties", () => {
  test.each([
    ["vuThu", "Công an huyện", ["II.1:partner~", "II.2:partner~", "II.3:partner~", "II.4:partner~", "II.5:partner~", "II.6:partner~", "V.1:partner", "V.7:lead", "V.9:lead~"]],
    ["vuThu", "cong an huyen", ["II.1:partner~", "II.2:partner~", "II.3:partner~", "II.4:partner~", "II.5:partner~", "II.6:partner~", "V.1:partner", "V.7:lead", "V.9:lead~"]],
    ["vuThu", "Ban Tuyên giáo Huyện ủy", ["V.2:lead"]],
    ["vuThu", "UBND xã", ["II.1:partner", "II.2:partner", "II.3:partner", "II.4:partner", "II.5:partner", "II.6:partner", "V.9:lead", "end:mention"]],
    ["vanNinh", "Mặt trận Tổ quốc huyện", ["III.7:lead"]],
    ["vanNinh", "Đoàn Biên phòng Vạn Hưng", ["III.6:lead"]],
    ["hungYen", "UBND huyện", ["II.2:lead~", "IV.12:lead~"]],
    ["quangNgai", "Bộ đội Biên phòng tỉnh", ["II.8:partner~", "II.12:lead", "IV.10:lead"]],
    ["trieuSon", "Văn phòng HĐND - UBND huyện", ["II.4:lead", "IV.3:lead"]],
    ["decision", "Viễn thông Khánh Hòa", ["II.1.1:partner", "PL.I.2:lead"]],
    ["decision", "UBND xã", ["qd.3:lead~", "II.1.1:partner~", "II.1.2:partner~", "III.3:lead~", "PL.I.2:partner~"]],
    ["commune", "Công an xã", ["2.1:lead", "3.1:lead", "PL.1:lead"]],
    ["commune", "Mặt trận Tổ quốc xã", ["2.1:partner"]],
  ] as const)("%s: %s", (key, agency, want) => {
    expect(duties(plans[key], agency)).toEqual(want);
  });

  test("Công an huyện and Công an tỉnh stay different", () => {
    expect(duties(plans.hungYen, "Công an huyện")).toEqual([]);
    expect(duties(plans.vuThu, "Công an tỉnh")).toEqual([]);
  });

  test("recipients are not assignees", () => {
    // Trieu Son sends the plan to "Công an huyện" in Nơi nhận, but that is not a duty.
    expect(duties(plans.trieuSon, "Công an huyện").every((d) => !d.startsWith("end"))).toBe(true);
  });
});

describe("deadlines", () => {
  const dl = (p: ParsedPlanWithSpans) => p.deadlines.map((d) => `${d.section}|${d.kind}|${d.start ?? ""}|${d.due ?? ""}|${d.recurrence}`);
  test.each([
    ["vuThu", []],
    ["trieuSon", []],
    ["vanNinh", ["end|report||2019-11-05|none"]],
    ["hungYen", ["end|report||2022-05-15|none", "end|report||2022-12-01|none"]],
    ["decision", [
      "II.1.2|task||2026-06-30|none",
      "III.1|report||2026-12-15|none",
      "III.1|report|||quarterly",
      "III.3|report|||monthly",
      "end|report||2026-11-20|none",
      "PL.I.1|task|2026-04-01|2026-06-30|none",
      "PL.I.2|task|2026-07-01|2026-12-31|none",
      "PL.II.1|task|2026-10-01|2026-10-31|none",
      "PL.II.2|task|||ongoing",
    ]],
  ] as const)("%s", (key, want) => {
    expect(dl(plans[key])).toEqual(want);
  });

  test("Quảng Ngãi: quarters, recurrence, ongoing and the report", () => {
    const got = dl(plans.quangNgai);
    expect(got).toContain("II.1|task|||quarterly");
    expect(got).toContain("II.2|task|2024-04-01|2024-09-30|none");
    expect(got).toContain("II.3|task|2024-01-01|2024-03-31|none");
    expect(got).toContain("II.4|task|||ongoing");
    expect(got).toContain("IV.12|report||2024-11-15|none");
    expect(got.filter((d) => /\|\d{4}-/.test(d)).length).toBe(4);
  });

  test("who reports to whom", () => {
    const d = plans.vanNinh.deadlines[0];
    expect(d?.reportTo).toBe("UBND huyện");
    expect(d?.reportVia).toBe("Phòng Văn hoá và Thông tin");
    expect(plans.quangNgai.deadlines.find((x) => x.section === "IV.12")?.reportVia).toBe("Sở Thông tin và Truyền thông");
  });

  test("monthly report with a day of month", () => {
    expect(plans.decision.deadlines.find((d) => d.recurrence === "monthly")?.dayOfMonth).toBe(16);
  });
});

describe("a PDF-like re-flow (hard wraps at 60, 88 and 130 characters, page numbers) parses like the original", () => {
  /** Re-flow a plan as a PDF text layer would: wrapped lines, a page number between blank lines every 40 lines. */
  const pdfLike = (text: string, width = 88, page = 40): string => {
    const out: string[] = [];
    for (const para of text.split("\n")) {
      let rest = para.trim();
      if (!rest) continue;
      while (rest.length > width) {
        const cut = rest.lastIndexOf(" ", width);
        out.push(rest.slice(0, cut));
        rest = rest.slice(cut + 1);
      }
      out.push(rest);
    }
    return out.flatMap((l, i) => (i > 0 && i % page === 0 ? ["", String(i / page + 1), "", l] : [l])).join("\n");
  };
  const names = ["vu-thu-2024", "hung-yen-2022", "quang-ngai-2024", "van-ninh-2019", "trieu-son-2022"];
  test.each(names.flatMap((n) => [60, 88, 130].map((w) => [n, w] as const)))("%s at width %i", (name, width) => {
    const raw = readFileSync(new URL(`../../data/plans/${name}.txt`, import.meta.url), "utf8");
    const a = parsePlan(raw);
    const b = parsePlan(pdfLike(raw, width));
    expect(b.meta).toEqual(a.meta);
    expect(b.sections.map((s) => s.id)).toEqual(a.sections.map((s) => s.id));
    expect(b.deadlines.map((d) => [d.section, d.due, d.recurrence])).toEqual(a.deadlines.map((d) => [d.section, d.due, d.recurrence]));
    expect(b.assignments.map((x) => [x.section, x.role, x.agency])).toEqual(a.assignments.map((x) => [x.section, x.role, x.agency]));
  });
});
