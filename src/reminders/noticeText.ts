/** Vietnamese text and buttons of reminder notices and the other reminder messages users read. */
import { DateTime } from "luxon";
import type { OutgoingMessage } from "../core/channel.js";
import type { DeadlineItem } from "../core/types.js";
import { DEFAULT_ZONE, daysLeft, type Notice } from "./schedule.js";

const WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"];

/** "Thứ Hai, 04/11/2019" for a yyyy-mm-dd date. */
export function formatDateVi(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
  return `${WEEKDAYS[weekday]}, ${formatDateShort(isoDate)}`;
}

/** "Thứ Sáu, 01/11/2019 lúc 08:00" for an instant, in local time. */
export function formatDateTimeVi(at: Date | string, zone: string = DEFAULT_ZONE): string {
  const local = (typeof at === "string" ? DateTime.fromISO(at) : DateTime.fromJSDate(at)).setZone(zone);
  return `${WEEKDAYS[local.weekday - 1]}, ${local.toFormat("dd/MM/yyyy")} lúc ${local.toFormat("HH:mm")}`;
}

/** dd/mm/yyyy of a yyyy-mm-dd date. */
export function formatDateShort(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}/${m}/${y}`;
}

/** "còn 3 ngày", "còn 1 ngày (hạn chót là ngày mai)", "hôm nay là hạn chót", "đã quá hạn". */
export function daysLeftText(days: number): string {
  if (days > 1) return `còn ${days} ngày`;
  if (days === 1) return "còn 1 ngày (hạn chót là ngày mai)";
  if (days === 0) return "hôm nay là hạn chót";
  return "đã quá hạn";
}

/** A plan as people name it: its number, else a short title. */
export function planLabel(plan: { number: string | null; title: string }): string {
  if (plan.number && /\d/.test(plan.number)) return `Kế hoạch số ${plan.number}`;
  return shortTitle(plan.title);
}

/** A title cut to about 110 characters at a word boundary, starting "Kế hoạch" when it does not already. */
export function shortTitle(title: string): string {
  const clean = title.replace(/\s+/g, " ").trim();
  const withKind = /^(kế hoạch|quyết định)/i.test(clean) ? clean : `Kế hoạch ${clean.charAt(0).toLowerCase()}${clean.slice(1)}`;
  return cut(withKind, 110);
}

/** "Mục II.3", "Phần mở đầu", "Phần kết", "Phụ lục, dòng 12", "Điều 1". */
export function sectionLabel(section: string): string {
  if (section === "head") return "Phần mở đầu";
  if (section === "end") return "Phần kết";
  const pl = /^PL(\d*)\.(.+)$/.exec(section);
  if (pl) return `Phụ lục${pl[1] ? ` ${pl[1]}` : ""}, dòng ${pl[2]}`;
  const qd = /^qd\.(\d+)$/.exec(section);
  if (qd) return `Điều ${qd[1]}`;
  return `Mục ${section}`;
}

function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = s.slice(0, max);
  const space = head.lastIndexOf(" ");
  return `${(space > max / 2 ? head.slice(0, space) : head).replace(/[,;:\s]+$/, "")}…`;
}

/** The sentence of a deadline, tidied: Markdown emphasis removed, cut to a readable length. */
function dutyText(item: DeadlineItem): string {
  const t = item.text.replace(/\*\*|__/g, "").replace(/\s+/g, " ").trim();
  return cut(t, 320);
}

function whoText(items: DeadlineItem[]): string {
  const agencies = [...new Set(items.flatMap((i) => i.agencies))];
  if (agencies.length === 0) return "các cơ quan, đơn vị liên quan";
  return cut(agencies.join(", "), 240);
}

function reportLine(items: DeadlineItem[]): string | null {
  const r = items.find((i) => i.reportTo);
  if (!r?.reportTo) return null;
  return `Gửi về: ${r.reportTo}${r.reportVia ? ` (qua ${r.reportVia})` : ""}`;
}

/** Telegram's limit on callback data. */
const MAX_BUTTON_DATA_BYTES = 64;

/** Data of the notice buttons; all fit Telegram's 64-byte callback data. */
export const buttonData = {
  /** "sec:<planId>:<section>", or "rsec:<notice id>" when a long plan id would not fit. */
  section: (planId: string, section: string, noticeId: string) => {
    const data = `sec:${planId}:${section}`;
    return Buffer.byteLength(data) <= MAX_BUTTON_DATA_BYTES ? data : `rsec:${noticeId}`;
  },
  done: (id: string) => `done:${id}`,
  snooze: (id: string) => `snooze:${id}`,
};

/**
 * The message a chat receives for a notice, written for the day it is sent
 * (`at`): plan, section, what is due and by whom, due date with weekday, days
 * left; buttons to see the section, mark it done, or be reminded a day later.
 */
export function renderNotice(notice: Notice, at: Date, zone: string = DEFAULT_ZONE): OutgoingMessage {
  const left = daysLeft(notice.due, at, zone);
  const isReport = notice.items.some((i) => i.kind === "report");
  const lines: string[] = [];
  if (notice.phase === "open" && notice.start) {
    lines.push(`📅 Bắt đầu thời hạn thực hiện (${formatDateShort(notice.start)} – ${formatDateShort(notice.due)})`);
  } else {
    lines.push(isReport ? "⏰ Nhắc hạn báo cáo" : "⏰ Nhắc hạn thực hiện nhiệm vụ");
  }
  lines.push(`${planLabel(notice.plan)} — ${sectionLabel(notice.section)}`);
  const duties = [...new Set(notice.items.map(dutyText))];
  for (const duty of duties.slice(0, 3)) lines.push(`• ${duty}`);
  if (duties.length > 3) lines.push(`• … và ${duties.length - 3} nội dung khác cùng hạn`);
  lines.push(`Đơn vị thực hiện: ${whoText(notice.items)}`);
  const report = reportLine(notice.items);
  if (report) lines.push(report);
  // A printed time of day ("trước 9h00 và 16h00") is part of the deadline.
  const times = [...new Set(notice.items.map((i) => i.timeOfDay).filter((t): t is string => !!t))].sort();
  const before = times.length ? `trước ${times.join(" và ")} ` : "";
  lines.push(`Hạn chót: ${before}${formatDateVi(notice.due)} — ${daysLeftText(left)}`);
  return {
    text: lines.join("\n"),
    buttons: [
      [{ text: "Xem mục", data: buttonData.section(notice.planId, notice.section, notice.id) }],
      [
        { text: "Đã xong", data: buttonData.done(notice.id) },
        { text: "Nhắc lại sau 1 ngày", data: buttonData.snooze(notice.id) },
      ],
    ],
  };
}

/** One line of the "next notices" list: when it will be sent and for which deadline. */
export function upcomingLine(notice: Notice, zone: string = DEFAULT_ZONE): string {
  const what = notice.phase === "open" ? "bắt đầu thời hạn" : `hạn ${formatDateShort(notice.due)}`;
  return `• ${formatDateTimeVi(notice.sendAt, zone)}: ${planLabel(notice.plan)}, ${sectionLabel(notice.section)} (${what})`;
}

/** Lead days as people say them: "7, 3, 1 ngày trước hạn và đúng ngày hạn". */
export function leadDaysText(leadDays: number[]): string {
  const sorted = [...new Set(leadDays)].sort((a, b) => b - a);
  const before = sorted.filter((d) => d > 0);
  const parts: string[] = [];
  if (before.length > 0) parts.push(`${before.join(", ")} ngày trước hạn`);
  if (sorted.includes(0)) parts.push("đúng ngày hạn");
  return parts.join(" và ") || "không có";
}

/** Every reply of the /nhacviec command and the reminder buttons, in one place. */
export const reminderMessages = {
  usage: (): string =>
    [
      "Cách dùng /nhacviec:",
      "• /nhacviec bật: bật nhắc hạn cho cuộc trò chuyện này",
      "• /nhacviec tắt: tắt nhắc hạn",
      "• /nhacviec danh sách: xem các lần nhắc sắp tới",
      "• /nhacviec giờ 07:30: đổi giờ nhắc (giờ Việt Nam)",
      "• /nhacviec trước 7,3,1,0: nhắc 7, 3, 1 ngày trước hạn và đúng ngày hạn",
    ].join("\n"),
  status: (s: { enabled: boolean; sendTime: string; leadDays: number[]; unit: string | null; planCount: number | null; weekendToFriday: boolean }): string =>
    [
      s.enabled ? "🔔 Nhắc hạn đang BẬT cho cuộc trò chuyện này." : "🔕 Nhắc hạn đang TẮT cho cuộc trò chuyện này.",
      `• Giờ nhắc: ${s.sendTime} (giờ Việt Nam)`,
      `• Thời điểm nhắc: ${leadDaysText(s.leadDays)}`,
      `• Kế hoạch theo dõi: ${s.planCount === null ? "tất cả (chọn bằng /kehoach)" : `${s.planCount} kế hoạch (chọn bằng /kehoach)`}`,
      s.unit ? `• Chỉ nhắc các hạn liên quan đến đơn vị: ${s.unit} (đổi bằng /donvi)` : "• Nhắc mọi hạn của các kế hoạch theo dõi (đặt đơn vị bằng /donvi để lọc)",
      ...(s.weekendToFriday ? ["• Lần nhắc rơi vào Thứ Bảy, Chủ Nhật được gửi vào Thứ Sáu trước đó."] : []),
    ].join("\n"),
  enabled: (): string => "✅ Đã bật nhắc hạn cho cuộc trò chuyện này.",
  alreadyEnabled: (): string => "Nhắc hạn đã được bật từ trước.",
  disabled: (): string => "🔕 Đã tắt nhắc hạn. Gõ /nhacviec bật để bật lại.",
  alreadyDisabled: (): string => "Nhắc hạn đang tắt.",
  zaloNote: (): string =>
    "Lưu ý (Zalo): bot chỉ gửi được tin vào các cuộc trò chuyện đã nhắn cho bot. Cuộc trò chuyện này đã nhắn cho bot nên sẽ nhận được nhắc hạn; nếu bot bị xóa khỏi nhóm, hãy nhắn lại cho bot sau khi thêm lại.",
  zaloNoInbound: (): string =>
    "Lưu ý (Zalo): bot chỉ gửi được tin vào các cuộc trò chuyện đã nhắn cho bot. Hãy gửi một tin nhắn bất kỳ cho bot trong cuộc trò chuyện này để nhận được nhắc hạn.",
  upcomingHeader: (n: number): string => (n > 0 ? "Các lần nhắc sắp tới:" : "Chưa có lần nhắc nào sắp tới (không có hạn còn hiệu lực trong các kế hoạch theo dõi)."),
  upcomingOff: (): string => "(Nhắc hạn đang tắt: các lần nhắc dưới đây chỉ được gửi khi bật bằng /nhacviec bật.)",
  timeSet: (hhmm: string): string => `⏰ Đã đổi giờ nhắc thành ${hhmm} (giờ Việt Nam).`,
  timeInvalid: (raw: string): string => `Giờ "${raw}" không hợp lệ. Ví dụ: /nhacviec giờ 07:30`,
  leadSet: (days: number[]): string => `Đã đổi thời điểm nhắc: ${leadDaysText(days)}.`,
  leadInvalid: (raw: string): string =>
    `"${raw}" không hợp lệ. Ghi các số ngày từ 0 đến 60, cách nhau bằng dấu phẩy (tối đa 6 số). Ví dụ: /nhacviec trước 7,3,1,0`,
  doneMarked: (label: string, section: string, due: string): string =>
    `✅ Đã ghi nhận hoàn thành: ${label}, ${section} (hạn ${formatDateShort(due)}). Cuộc trò chuyện này sẽ không nhận thêm nhắc cho hạn này.`,
  snoozed: (at: string): string => `🔔 Sẽ nhắc lại vào ${formatDateTimeVi(at)}.`,
  snoozeTooLate: (due: string): string => `Hạn chót là ${formatDateVi(due)}, trước thời điểm nhắc lại, nên không đặt nhắc lại.`,
  buttonUnknown: (): string => "Không tìm thấy lần nhắc này (có thể đã quá cũ).",
};
