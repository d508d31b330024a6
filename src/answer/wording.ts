/**
 * Channel-independent Vietnamese wording of answers: how plans, sections,
 * roles and timeframes are named to users. One place to review the texts.
 */
import { describeDaysLeft, formatDate } from "../core/dates.js";
import type { Deadline, PlanSummary, Role } from "../core/types.js";

/** "Mục V.7", "phần kết", "Phụ lục, mục 12", "Điều 2 của Quyết định". */
export function sectionLabel(id: string): string {
  if (id === "head") return "phần mở đầu";
  if (id === "end") return "phần kết";
  const qd = /^qd\.(\d+)$/.exec(id);
  if (qd) return `Điều ${qd[1]} của Quyết định`;
  const pl = /^PL(\d*)(?:\.(.+))?$/.exec(id);
  if (pl) return `Phụ lục${pl[1] ? ` ${pl[1]}` : ""}${pl[2] ? `, mục ${pl[2]}` : ""}`;
  return `Mục ${id}`;
}

/** sectionLabel for use inside a sentence: "mục V.7", "phần kết", "Phụ lục, mục 12". */
export function sectionRef(id: string): string {
  const label = sectionLabel(id);
  return label.startsWith("Mục ") ? `m${label.slice(1)}` : label;
}

/** Short name of a plan: its number, else its title. */
export function planLabel(plan: Pick<PlanSummary, "number" | "title">): string {
  if (plan.number) return `Kế hoạch số ${plan.number}`;
  const title = plan.title.length > 90 ? `${plan.title.slice(0, 87)}…` : plan.title;
  return `Kế hoạch "${title}"`;
}

export const ROLE_WORDS: Record<Role, string> = { lead: "Chủ trì", partner: "Phối hợp", mention: "Được nhắc đến" };

const RECURRENCE_WORDS: Record<Deadline["recurrence"], string> = {
  none: "",
  daily: "hằng ngày",
  weekly: "hằng tuần",
  monthly: "hằng tháng",
  quarterly: "hằng quý",
  semiannual: "định kỳ 6 tháng",
  yearly: "hằng năm",
  ongoing: "thường xuyên",
};

/** "hạn 05/11/2019 (đã quá hạn 12 ngày)", "từ 01/04/2024 đến 30/09/2024 (còn 20 ngày)", "hằng quý". */
export function timeframeWords(d: RecurringFields, now: Date): string {
  if (d.due) {
    const span = d.start ? `từ ${formatDate(d.start)} đến ${formatDate(d.due)}` : `hạn ${formatDate(d.due)}`;
    return `${span} (${describeDaysLeft(d.due, now)})`;
  }
  return recurringWords(d) || "không ghi thời hạn";
}

type RecurringFields = Pick<Deadline, "due" | "start" | "recurrence" | "dayOfMonth" | "monthDay" | "timeOfDay">;

/**
 * A recurring deadline with its anchor, as an officer says it: "trước ngày 16 hằng tháng",
 * "trước ngày 20/11 hằng năm", "định kỳ 6 tháng (trước ngày 16/6)", "trước 19:00 hằng ngày".
 * Empty for a dated item or no recurrence.
 */
export function recurringWords(d: Pick<Deadline, "recurrence" | "dayOfMonth" | "monthDay" | "timeOfDay">): string {
  const words = RECURRENCE_WORDS[d.recurrence] ?? "";
  if (!words) return "";
  const md = d.monthDay ? d.monthDay.split("-").reverse().join("/") : null;
  if (d.recurrence === "daily" && d.timeOfDay) return `trước ${d.timeOfDay} hằng ngày`;
  if ((d.recurrence === "monthly" || d.recurrence === "quarterly") && d.dayOfMonth) return `trước ngày ${d.dayOfMonth} ${words}`;
  if (d.recurrence === "semiannual" && md) return `${words} (trước ngày ${md})`;
  if (d.recurrence === "yearly" && md) return `trước ngày ${md} ${words}`;
  return words;
}

/** Shorten a text to about `max` characters at a word boundary. */
export function clip(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(" "), max - 20)).replace(/[,;:\s]+$/, "")}…`;
}

export const NOTHING_FOUND = "Tôi chưa tìm thấy nội dung phù hợp trong các kế hoạch đã nạp.";
export const ASK_HINTS = "Bạn có thể hỏi, ví dụ: \"Công an huyện phải làm gì?\", \"Báo cáo của chúng tôi hạn khi nào?\" hoặc \"Ai chủ trì tổ chức họp báo?\".";
export const NO_PLANS = "Hiện chưa có kế hoạch nào trong kho. Quản trị viên có thể nạp kế hoạch bằng lệnh /nap (gửi kèm tệp .docx, .pdf hoặc .txt).";
export const UNIT_NOT_SET = "Nhóm này chưa khai báo đơn vị. Vui lòng dùng lệnh /donvi <tên đơn vị>, ví dụ: /donvi Công an huyện.";
