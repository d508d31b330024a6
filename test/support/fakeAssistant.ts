/**
 * An in-memory Assistant with canned plans for channel and behaviour tests.
 * Plan "vu-thu-2024" section "V.7" (Công an huyện) carries "<b> & >" so HTML
 * escaping is exercised. Section ids and agencies follow the sample plan
 * data/plans/vu-thu-2024.txt, so tests written against it also hold for the real engine.
 */
import type { Answer, Assistant, IngestResult } from "../../src/core/assistant.js";
import { PlanNotFoundError } from "../../src/core/errors.js";
import type { DeadlineItem, DutyItem, PlanSummary, Section } from "../../src/core/types.js";


const fold = (s: string): string =>
  s.normalize("NFD").replace(/\p{M}/gu, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase().trim();

const plan = (p: Partial<PlanSummary> & Pick<PlanSummary, "id" | "title">): PlanSummary => ({
  source: `data/plans/${p.id}.txt`,
  number: null,
  issuer: null,
  place: null,
  issuedDate: null,
  year: null,
  signer: null,
  sections: 0,
  tasks: 0,
  deadlines: 0,
  ...p,
});

const section = (id: string, parent: string | null, order: number, heading: string, text: string): Section => ({
  id,
  parent,
  order,
  kind: parent ? "item" : "part",
  heading,
  text,
});

/** The canned V.7 text, with characters that HTML must escape. */
export const V7_TEXT =
  "Công an huyện: chủ trì, phối hợp với Phòng Văn hóa và Thông tin quản lý hoạt động của phóng viên nước ngoài <b> & > bảo vệ bí mật nhà nước.";

/** Build a fresh fake (state is per instance). */
export function createFakeAssistant(): Assistant {
  const plans: PlanSummary[] = [
    plan({
      id: "vu-thu-2024",
      title: "Công tác thông tin đối ngoại huyện Vũ Thư năm 2024",
      issuer: "Ủy ban nhân dân huyện Vũ Thư",
      place: "Vũ Thư",
      issuedDate: "2024-02",
      year: 2024,
      sections: 5,
      tasks: 3,
      deadlines: 1,
    }),
    plan({
      id: "hung-yen-2022",
      title: "Công tác thông tin đối ngoại tỉnh Hưng Yên năm 2022",
      number: "187/KH-UBND",
      issuer: "Ủy ban nhân dân tỉnh Hưng Yên",
      place: "Hưng Yên",
      issuedDate: "2021-12-13",
      year: 2022,
      sections: 3,
      tasks: 1,
      deadlines: 1,
    }),
  ];
  const sections = new Map<string, Section[]>([
    [
      "vu-thu-2024",
      [
        section("II", null, 1, "CÁC NHIỆM VỤ TRỌNG TÂM", ""),
        section("II.1", "II", 2, "Truyền thông quảng bá tiềm năng, lợi thế của huyện", "Quảng bá, giới thiệu tình hình phát triển kinh tế - xã hội của huyện."),
        section("V", null, 3, "TỔ CHỨC THỰC HIỆN", ""),
        section("V.1", "V", 4, "Phòng Văn hóa và Thông tin", "Là cơ quan chủ trì, hướng dẫn, kiểm tra, đôn đốc thực hiện Kế hoạch này."),
        section("V.7", "V", 5, "Công an huyện", V7_TEXT),
        section("end", null, 6, "", "Các cơ quan, đơn vị báo cáo kết quả thực hiện trước ngày 05/12/2024."),
      ],
    ],
    [
      "hung-yen-2022",
      [
        section("IV", null, 1, "TỔ CHỨC THỰC HIỆN", ""),
        section("IV.8", "IV", 2, "Công an tỉnh", "Chủ trì quản lý hoạt động thông tin đối ngoại liên quan đến an ninh."),
        section("end", null, 3, "", "Báo cáo trước ngày 15/05/2022."),
      ],
    ],
  ]);
  const deadlineList: DeadlineItem[] = [
    {
      planId: "vu-thu-2024",
      section: "end",
      kind: "report",
      due: "2024-12-05",
      start: null,
      recurrence: "none",
      dayOfMonth: null,
      text: "Các cơ quan, đơn vị báo cáo kết quả thực hiện trước ngày 05/12/2024.",
      agencies: ["Công an huyện", "Phòng Văn hóa và Thông tin"],
      reportTo: "Ủy ban nhân dân huyện",
      reportVia: "Phòng Văn hóa và Thông tin",
    },
    {
      planId: "hung-yen-2022",
      section: "end",
      kind: "report",
      due: "2022-05-15",
      start: null,
      recurrence: "none",
      dayOfMonth: null,
      text: "Báo cáo trước ngày 15/05/2022.",
      agencies: ["Công an tỉnh"],
      reportTo: "Ủy ban nhân dân tỉnh",
      reportVia: null,
    },
  ];

  const inScope = (planId: string, planIds?: string[]): boolean => !planIds || planIds.includes(planId);

  const dutiesOf = (agency: string, planIds?: string[]): DutyItem[] => {
    const key = fold(agency);
    const items: DutyItem[] = [];
    for (const [planId, list] of sections) {
      if (!inScope(planId, planIds)) continue;
      for (const s of list) {
        const heading = fold(s.heading);
        if (heading && s.parent && (heading.includes(key) || key.includes(heading))) {
          items.push({ planId, section: s.id, role: "lead", via: null, text: s.text });
        }
      }
    }
    return items;
  };

  const answerDuties = (unit: string, planIds?: string[]): Answer => {
    const items = dutiesOf(unit, planIds);
    if (items.length === 0) {
      return { intent: "duties", answer: `Không tìm thấy nhiệm vụ của ${unit} trong các kế hoạch.`, citations: [] };
    }
    return {
      intent: "duties",
      answer: [`Nhiệm vụ của ${unit}:`, ...items.map((d) => `- Mục ${d.section}: ${d.text}`)].join("\n"),
      citations: items.map((d) => ({ planId: d.planId, section: d.section })),
    };
  };

  return {
    async ask(question, ctx = {}) {
      const q = fold(question);
      if (q.includes("chung toi") || q.includes("don vi minh")) {
        if (!ctx.unit) {
          return { intent: "none", answer: "Anh/chị chưa cho biết đơn vị của mình (dùng /donvi).", citations: [] };
        }
        return answerDuties(ctx.unit, ctx.planIds);
      }
      if (q.includes("cong an")) {
        return answerDuties(q.includes("tinh") ? "Công an tỉnh" : "Công an huyện", ctx.planIds);
      }
      if (!inScope("vu-thu-2024", ctx.planIds)) {
        return { intent: "none", answer: "Không tìm thấy nội dung phù hợp trong các kế hoạch đang theo dõi.", citations: [] };
      }
      return {
        intent: "search",
        answer: "Theo kế hoạch, huyện đẩy mạnh truyền thông quảng bá tiềm năng, lợi thế.",
        citations: [{ planId: "vu-thu-2024", section: "II.1" }],
      };
    },

    async summary(planId) {
      const p = plans.find((x) => x.id === planId);
      if (!p) throw new PlanNotFoundError(planId);
      return {
        planId,
        text: `${p.title}: mục đích, các nhiệm vụ trọng tâm và phân công tổ chức thực hiện.`,
        citations: [
          { planId, section: sections.get(planId)?.[0]?.id ?? "head" },
        ],
      };
    },

    listPlans: () => [...plans],

    findPlan(query) {
      const q = fold(query);
      if (!q) return null;
      const exact = plans.find((p) => p.id === query.trim() || (p.number && fold(p.number) === q));
      if (exact) return exact;
      const matches = plans.filter((p) => fold(p.title).includes(q));
      return matches.length === 1 ? matches[0]! : null;
    },

    section: (planId, sectionId) => sections.get(planId)?.find((s) => s.id === sectionId) ?? null,

    duties: (agency, planIds) => ({ agency, items: dutiesOf(agency, planIds) }),

    deadlines(opts = {}) {
      const key = opts.agency ? fold(opts.agency) : null;
      return deadlineList.filter(
        (d) => inScope(d.planId, opts.planIds) && (!key || d.agencies.some((a) => fold(a).includes(key) || key.includes(fold(a)))),
      );
    },

    async ingestPaths(paths) {
      return {
        plans: [],
        errors: paths.map((p) => ({ source: p, error: "not supported by the fake", userMessage: "Không hỗ trợ." })),
      };
    },

    async ingestBuffer(buf, fileName, source): Promise<IngestResult> {
      const text = buf.toString("utf8").trim();
      if (!text) {
        return { plans: [], errors: [{ source, error: "empty file", userMessage: `Tệp “${fileName}” không có nội dung.` }] };
      }
      const id = fold(fileName.replace(/\.[^.]+$/, "")).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      const title = text.split("\n").find((l) => l.trim())!.trim();
      const p = plan({ id, title, source, sections: 1, tasks: 0, deadlines: 0 });
      const i = plans.findIndex((x) => x.id === id);
      if (i >= 0) plans[i] = p;
      else plans.push(p);
      sections.set(id, [section("head", null, 1, "", text)]);
      return { plans: [p], errors: [] };
    },

    removePlan(planId) {
      const i = plans.findIndex((p) => p.id === planId);
      if (i < 0) return false;
      plans.splice(i, 1);
      sections.delete(planId);
      return true;
    },
  };
}
