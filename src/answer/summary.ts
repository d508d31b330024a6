/**
 * The leadership summary of one plan, assembled offline from its structure:
 * purpose, key tasks with their leads, deadlines, funding and who coordinates,
 * every line cited, within about 1,500 characters.
 */
import type { Citation } from "../core/assistant.js";
import type { DeadlineItem, Section } from "../core/types.js";
import type { StoredPlan, SpanRow } from "../store/planStore.js";
import { splitAgencyList } from "../plan/agencies.js";
import { fold } from "../text/fold.js";
import { sentencesOf } from "./sentences.js";
import { clip, sectionLabel, timeframeWords } from "./wording.js";
import { formatDate } from "../core/dates.js";

export const SUMMARY_MAX_CHARS = 1500;

const isPart = (s: Section, re: RegExp) => re.test(fold(s.heading));

/** Build the offline summary. */
export function buildOfflineSummary(plan: StoredPlan, sections: Section[], spans: SpanRow[], deadlines: DeadlineItem[], now: Date): { text: string; citations: Citation[] } {
  const citations: Citation[] = [];
  const cite = (section: string) => {
    citations.push({ planId: plan.id, section });
    return ` [${sectionLabel(section)}]`;
  };
  const issued = plan.issuedDate ? ` ngày ${formatDate(plan.issuedDate)}` : "";
  const lines: string[] = [`${plan.number ? `Kế hoạch số ${plan.number}` : "Kế hoạch"}${plan.issuer ? ` của ${plan.issuer}` : ""}${issued}: ${plan.title}.`];

  // Purpose: the first sentence under "Mục đích" (or the first part).
  const purposeSec =
    sections.find((s) => /^muc (dich|tieu)$/.test(fold(s.heading)) && (s.text || sections.some((c) => c.parent === s.id))) ??
    sections.find((s) => isPart(s, /^muc dich\b/) && (s.text || sections.some((c) => c.parent === s.id))) ??
    sections.find((s) => isPart(s, /muc dich|muc tieu/));
  if (purposeSec) {
    const body = purposeSec.text || sections.filter((c) => c.parent === purposeSec.id).map((c) => [c.heading, c.text].join(" ")).join("\n");
    const first = sentencesOf(body)[0];
    if (first) lines.push(`Mục đích: ${clip(first.replace(/^(?:Mục đích|Mục tiêu)\s*[-:–]?\s*/iu, "").replace(/^[-+•]\s*/, ""), 220)}${cite(purposeSec.id)}`);
  }

  // Key tasks: sections with a lead outside the agency items, in document order.
  const leadsBySection = new Map<string, string[]>();
  for (const sp of spans) {
    if (sp.role !== "lead" || sp.excluded || sp.source === "heading") continue;
    const names = splitAgencyList(sp.text).map((a) => a.replace(/[.;,]+$/, "").replace(/\s*\(.*\)$/, ""));
    leadsBySection.set(sp.section, [...new Set([...(leadsBySection.get(sp.section) ?? []), ...names])]);
  }
  const taskLines: string[] = [];
  for (const s of sections) {
    const leads = leadsBySection.get(s.id);
    if (!leads?.length || s.kind === "end" || s.kind === "head") continue;
    const heading = s.heading || sentencesOf(s.text)[0] || "";
    taskLines.push(`• ${clip(heading, 80)} — chủ trì: ${clip(leads.join(", "), 80)}${cite(s.id)}`);
    if (taskLines.length >= 5) break;
  }
  if (!taskLines.length) {
    // Plans that assign work only under Tổ chức thực hiện: list the agencies' items.
    for (const sp of spans.filter((x) => x.role === "lead" && x.source === "heading").slice(0, 6)) {
      const sec = sections.find((s) => s.id === sp.section);
      const first = sec ? sentencesOf([sec.text, ...sections.filter((c) => c.parent === sec.id).map((c) => c.heading)].join("\n"))[0] : "";
      taskLines.push(`• ${clip(sp.text, 60)}: ${clip(first ?? "", 90)}${cite(sp.section)}`);
    }
  }
  if (taskLines.length) lines.push("Nhiệm vụ chính:", ...taskLines);

  const dated = deadlines.filter((d) => d.due).sort((a, b) => (a.due as string).localeCompare(b.due as string));
  const recurring = deadlines.filter((d) => !d.due && d.recurrence !== "none" && d.recurrence !== "ongoing");
  if (dated.length || recurring.length) {
    lines.push("Thời hạn:");
    for (const d of [...dated.slice(0, 4), ...recurring.slice(0, 1)]) {
      lines.push(`• ${d.kind === "report" ? "Báo cáo" : "Nhiệm vụ"}: ${timeframeWords(d, now)}${d.reportTo ? `, gửi ${d.reportTo}` : ""}${cite(d.section)}`);
    }
  }

  const funding = sections.find((s) => isPart(s, /kinh phi/));
  if (funding) {
    const body = funding.text || sections.filter((c) => c.parent === funding.id).map((c) => c.text).join(" ");
    const first = sentencesOf(body)[0];
    if (first) lines.push(`Kinh phí: ${clip(first, 200)}${cite(funding.id)}`);
  }

  // Coordination: the agency item that follows up, checks and reports ("đầu mối", "theo dõi, đôn đốc").
  const coord = spans.find((sp) => sp.role === "lead" && sp.source === "heading" && /dau moi|thuong truc|theo doi, don doc|huong dan, kiem tra, don doc|tong hop ket qua|tong hop bao cao|huong dan, kiem tra/.test(fold(sectionsText(sections, sp.section))));
  if (coord) lines.push(`Đầu mối theo dõi, tổng hợp: ${clip(coord.text, 80)}${cite(coord.section)}`);

  let text = lines.join("\n");
  while (text.length > SUMMARY_MAX_CHARS && lines.length > 3) {
    // Drop task lines from the end first (deadlines, funding and coordination stay), then any bullet.
    const tasksEnd = lines.indexOf("Thời hạn:") >= 0 ? lines.indexOf("Thời hạn:") : lines.length;
    let idx = lines.slice(0, tasksEnd).map((l) => l.startsWith("• ")).lastIndexOf(true);
    if (idx < 0 || lines.slice(0, tasksEnd).filter((l) => l.startsWith("• ")).length <= 2) idx = lines.map((l) => l.startsWith("• ")).lastIndexOf(true);
    if (idx < 0) break;
    lines.splice(idx, 1);
    text = lines.join("\n");
  }
  const kept = new Set([...text.matchAll(/\[(Mục [^\]]+|phần [^\]]+|Phụ lục[^\]]*|Điều [^\]]+)\]/g)].map((m) => m[1]));
  return { text, citations: dedupe(citations.filter((c) => kept.has(sectionLabel(c.section)))) };
}

function sectionsText(sections: Section[], id: string): string {
  return sections.filter((s) => s.id === id || s.id.startsWith(`${id}.`)).map((s) => `${s.heading} ${s.text}`).join(" ");
}

function dedupe(cs: Citation[]): Citation[] {
  const seen = new Set<string>();
  return cs.filter((c) => (seen.has(c.section) ? false : (seen.add(c.section), true)));
}
