/**
 * Human-readable (Vietnamese) rendering of CLI results, for people at a terminal.
 */
import type { IngestResult } from "../core/assistant.js";
import { formatDate } from "../core/dates.js";
import { recurringWords, sectionLabel } from "../answer/wording.js";
import type { DeadlineItem, DutyItem, PlanSummary, Section } from "../core/types.js";

const ROLE_VI: Record<DutyItem["role"], string> = { lead: "chủ trì", partner: "phối hợp", mention: "được nhắc đến" };
const REC_VI: Record<DeadlineItem["recurrence"], string> = {
  none: "",
  daily: "hằng ngày",
  weekly: "hằng tuần",
  monthly: "hằng tháng",
  quarterly: "hằng quý",
  semiannual: "6 tháng một lần",
  yearly: "hằng năm",
  ongoing: "thường xuyên",
};

export function planLine(p: PlanSummary): string {
  const bits = [p.number ? `Số ${p.number}` : null, p.issuedDate ? `ngày ${formatDate(p.issuedDate)}` : null, p.issuer].filter(Boolean);
  return `• [${p.id}] ${p.title}${bits.length ? ` (${bits.join(", ")})` : ""} — ${p.sections} mục, ${p.tasks} nhiệm vụ, ${p.deadlines} thời hạn`;
}

export function formatIngest(r: IngestResult): string {
  const lines = [`Đã nạp ${r.plans.length} kế hoạch:`, ...r.plans.map(planLine)];
  if (r.errors.length) lines.push(`Không nạp được ${r.errors.length} tệp:`, ...r.errors.map((e) => `✗ ${e.source}: ${e.userMessage}`));
  return lines.join("\n");
}

export function formatPlans(plans: PlanSummary[]): string {
  return plans.length ? [`Có ${plans.length} kế hoạch:`, ...plans.map(planLine)].join("\n") : "Chưa có kế hoạch nào. Dùng lệnh ingest để nạp.";
}

export function formatShow(plan: PlanSummary, sections: Section[]): string {
  return [planLine(plan), "", ...sections.map((s) => `${sectionLabel(s.id)}${s.heading ? `. ${s.heading}` : ""}\n${s.text}`.trim())].join("\n\n");
}

export function formatDuties(agency: string, items: DutyItem[]): string {
  if (!items.length) return `Không tìm thấy nhiệm vụ nào của ${agency}.`;
  return [
    `Nhiệm vụ của ${agency} (${items.length} mục):`,
    ...items.map((i) => `• [${i.planId}] ${sectionLabel(i.section)} — ${ROLE_VI[i.role]}${i.via ? ` (thuộc "${i.via}")` : ""}\n  ${i.text.split("\n")[0]?.slice(0, 240)}`),
  ].join("\n");
}

export function formatDeadlines(items: DeadlineItem[]): string {
  if (!items.length) return "Không có thời hạn nào.";
  return items
    .map((d) => {
      const when = d.due ? `${d.start ? `${formatDate(d.start)} – ` : "hạn "}${formatDate(d.due)}` : recurringWords(d) || REC_VI[d.recurrence];
      const who = d.agencies.length ? ` (${d.agencies.join(", ")})` : "";
      const to = d.reportTo ? `, gửi ${d.reportTo}${d.reportVia ? ` qua ${d.reportVia}` : ""}` : "";
      return `• [${d.planId}] ${sectionLabel(d.section)} — ${d.kind === "report" ? "báo cáo" : "nhiệm vụ"}, ${when}${who}${to}\n  ${d.text.slice(0, 240)}`;
    })
    .join("\n");
}
