/**
 * Human-readable (Vietnamese) rendering of CLI results, for people at a terminal.
 */
import type { IngestResult } from "../core/assistant.js";
import { formatDate } from "../core/dates.js";
import { recurringWords, sectionLabel } from "../answer/wording.js";
import type { DeadlineItem, DutyItem, PlanSummary, Section } from "../core/types.js";
import type { OutlineSection } from "../plan/outline.js";

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
  // One blank line between the plan and each section.
  return [planLine(plan), ...sections.map((s) => `${sectionLabel(s.id)}${s.heading ? `. ${s.heading}` : ""}\n${s.text}`.trim())].join("\n\n");
}

/**
 * The recovered tree, one line per section: id, heading, agencies with their roles, deadlines.
 * "IV.8 Công an tỉnh — chủ trì: Công an tỉnh — hạn: 15/11/2024 (báo cáo)".
 */
export function formatOutline(plan: PlanSummary, sections: OutlineSection[]): string {
  const lines = sections.map((s) => {
    const head = s.heading.length > 90 ? `${s.heading.slice(0, 89)}…` : s.heading;
    const parts = [`${"  ".repeat(s.depth)}${s.id}${head ? ` ${head}` : ""}`];
    const leads = s.agencies.filter((a) => a.role === "lead").map((a) => a.name);
    const partners = s.agencies.filter((a) => a.role === "partner").map((a) => a.name);
    if (leads.length) parts.push(`chủ trì: ${leads.join("; ")}`);
    if (partners.length) parts.push(`phối hợp: ${partners.join("; ")}`);
    if (s.deadlines.length) {
      const when = s.deadlines.map((d) => {
        const what = d.due ? formatDate(d.due) : recurringWords(d) || REC_VI[d.recurrence] || d.recurrence;
        return d.kind === "report" ? `${what} (báo cáo)` : what;
      });
      parts.push(`hạn: ${when.join(", ")}`);
    }
    return parts.join(" — ");
  });
  return [planLine(plan), "", ...lines].join("\n");
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
