/**
 * Every text a chat user reads, in one place (Vietnamese, dates dd/mm/yyyy), so
 * wording can be reviewed and changed without touching logic.
 */
import { recurringWords, sectionLabel, sectionRef } from "../answer/wording.js";
import type { Role } from "../core/types.js";
import type { DeadlineItem, PlanSummary } from "../core/types.js";

/** "2024-11-05" → "05/11/2024"; "2024-02" → "02/2024"; "2024" → "2024". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  if (y && m && d) return `${d.slice(0, 2)}/${m}/${y}`;
  if (y && m) return `${m}/${y}`;
  return iso;
}

/** A short name for a plan: "Kế hoạch 187/KH-UBND" or its title. */
export function planLabel(plan: Pick<PlanSummary, "id" | "number" | "title">): string {
  if (plan.number) return `Kế hoạch ${plan.number}`;
  const title = plan.title.trim();
  if (!title) return `Kế hoạch ${plan.id}`;
  return `Kế hoạch “${title.length > 90 ? `${title.slice(0, 87)}…` : title}”`;
}

const ROLE_LABELS: Record<Role, string> = {
  lead: "chủ trì",
  partner: "phối hợp",
  mention: "có liên quan",
};

const RECURRENCE_LABELS: Record<string, string> = {
  monthly: "hằng tháng",
  quarterly: "hằng quý",
  semiannual: "6 tháng một lần",
  yearly: "hằng năm",
  ongoing: "thường xuyên",
};

/** One line per command, used by /trogiup and Telegram's command menu. */
export const COMMAND_DESCRIPTIONS: Record<string, string> = {
  hoi: "Hỏi về nội dung kế hoạch",
  nhiemvu: "Nhiệm vụ của một đơn vị",
  hanchot: "Các hạn chót, hạn báo cáo",
  tomtat: "Tóm tắt một kế hoạch",
  kehoach: "Danh sách kế hoạch, chọn kế hoạch theo dõi",
  donvi: "Đặt đơn vị của cuộc trò chuyện này",
  muc: "Xem toàn văn một mục",
  trogiup: "Hướng dẫn sử dụng",
  nap: "Nạp kế hoạch mới (quản trị viên)",
  xoa: "Xóa một kế hoạch (quản trị viên)",
  start: "Bắt đầu",
};

export const messages = {
  welcome: (): string =>
    [
      "Xin chào! Tôi là Trợ lý Kế hoạch, giúp tra cứu nhiệm vụ, hạn chót và nội dung các kế hoạch của cơ quan.",
      "",
      "Anh/chị có thể hỏi trực tiếp, ví dụ: “Công an huyện phải làm gì?” hoặc “Hạn gửi báo cáo là khi nào?”. " +
        "Trong nhóm, hãy nhắc tên tôi (@) hoặc trả lời tin nhắn của tôi.",
      "",
      "Gõ /donvi <tên đơn vị> để tôi biết “chúng tôi” là đơn vị nào, và /trogiup để xem các lệnh.",
    ].join("\n"),

  help: (extra: Record<string, string>): string => {
    const lines = [
      "Các lệnh của Trợ lý Kế hoạch:",
      "/hoi <câu hỏi>: hỏi về nội dung kế hoạch",
      "/nhiemvu [đơn vị]: nhiệm vụ của một đơn vị (mặc định là đơn vị của nhóm)",
      "/hanchot [đơn vị]: các hạn chót, hạn báo cáo (/hanchot tất cả: của mọi đơn vị)",
      "/tomtat [kế hoạch]: tóm tắt một kế hoạch",
      "/kehoach: danh sách kế hoạch; /kehoach 1 3 hoặc /kehoach tất cả để chọn kế hoạch theo dõi",
      "/donvi <tên đơn vị>: đặt đơn vị của cuộc trò chuyện này",
      "/muc <mục> [kế hoạch]: xem toàn văn một mục, ví dụ /muc V.7",
    ];
    for (const [name, description] of Object.entries(extra)) lines.push(`/${name}: ${description}`);
    lines.push(
      "",
      "Dành cho quản trị viên:",
      "/nap: nạp kế hoạch (gửi tệp .docx, .pdf, .txt hoặc .md kèm chú thích /nap, hoặc trả lời tệp bằng /nap)",
      "/xoa <kế hoạch>: xóa một kế hoạch",
      "",
      "Trong nhóm, tôi chỉ trả lời lệnh, tin nhắn nhắc tên tôi và tin nhắn trả lời tôi.",
    );
    return lines.join("\n");
  },

  accessDenied: (): string =>
    "Xin lỗi, Trợ lý Kế hoạch chưa được bật cho cuộc trò chuyện này. Vui lòng liên hệ quản trị viên nếu cần sử dụng.",
  adminOnly: (): string => "Xin lỗi, lệnh này chỉ dành cho quản trị viên.",
  rateLimited: (): string => "Anh/chị gửi hơi nhanh. Vui lòng đợi khoảng một phút rồi hỏi tiếp nhé.",
  internalError: (errorId: string): string =>
    `Xin lỗi, đã có lỗi khi xử lý yêu cầu. Vui lòng thử lại sau; nếu lỗi lặp lại, xin báo quản trị viên mã lỗi ${errorId}.`,
  unknownCommand: (command: string): string =>
    `Tôi chưa hiểu lệnh /${command}. Gõ /trogiup để xem các lệnh.`,
  onlyText: (): string => "Hiện tôi chỉ đọc được tin nhắn dạng chữ. Anh/chị vui lòng gõ câu hỏi.",
  documentHint: (): string =>
    "Tôi đã nhận tệp. Để nạp kế hoạch, quản trị viên gửi tệp kèm chú thích /nap hoặc trả lời tệp bằng /nap.",

  askUsage: (): string => "Anh/chị muốn hỏi gì? Ví dụ: /hoi Công an huyện phải làm gì?",
  emptyQuestion: (): string => "Anh/chị cần hỏi gì về các kế hoạch? Ví dụ: “Công an huyện phải làm gì?”",

  sources: (groups: { label: string; sections: string[] }[]): string =>
    "Nguồn: " + groups.map((g) => `${g.label}: ${g.sections.map(sectionRef).join(", ")}`).join("; ") + ".",

  unitSet: (unit: string): string =>
    `Đã ghi nhận đơn vị của cuộc trò chuyện này: ${unit}. Khi hỏi “chúng tôi phải làm gì?”, tôi sẽ trả lời cho đơn vị này.`,
  unitCleared: (): string => "Đã bỏ đơn vị của cuộc trò chuyện này.",
  unitShow: (unit: string | null): string =>
    unit
      ? `Đơn vị của cuộc trò chuyện này: ${unit}. Để đổi, gõ /donvi <tên đơn vị>; để bỏ, gõ /donvi bỏ.`
      : "Cuộc trò chuyện này chưa đặt đơn vị. Gõ /donvi <tên đơn vị>, ví dụ: /donvi Công an huyện.",
  needUnit: (command: string): string =>
    `Anh/chị muốn xem của đơn vị nào? Gõ /${command} <tên đơn vị>, hoặc đặt đơn vị của nhóm bằng /donvi <tên đơn vị>.`,

  dutiesHeader: (agency: string, count: number): string => `Nhiệm vụ của ${agency} (${count} mục):`,
  dutiesNone: (agency: string): string =>
    `Tôi không tìm thấy nhiệm vụ nào giao cho ${agency} trong các kế hoạch đang theo dõi. Anh/chị thử tên gọi khác của đơn vị xem sao.`,
  dutyItem: (section: string, role: Role, via: string | null, text: string): string =>
    `• ${sectionLabel(section)} (${ROLE_LABELS[role]}${via ? `, thuộc “${via}”` : ""}): ${text}`,
  moreItems: (n: number): string => `… và ${n} mục khác.`,

  deadlinesHeader: (agency: string | null, count: number): string =>
    agency ? `Hạn chót liên quan đến ${agency} (${count} mục):` : `Các hạn chót trong kế hoạch (${count} mục):`,
  deadlinesNone: (agency: string | null): string =>
    agency
      ? `Tôi không tìm thấy hạn chót nào liên quan đến ${agency} trong các kế hoạch đang theo dõi.`
      : "Tôi không tìm thấy hạn chót nào trong các kế hoạch đang theo dõi.",
  deadlineWhen: (d: {
    due: string | null;
    start: string | null;
    recurrence: DeadlineItem["recurrence"];
    dayOfMonth: number | null;
    monthDay?: string | null;
    timeOfDay?: string | null;
  }): string => {
    if (d.due && d.start) return `từ ${formatDate(d.start)} đến ${formatDate(d.due)}`;
    if (d.due) return `trước ${formatDate(d.due)}`;
    if (d.recurrence === "semiannual" && !d.monthDay) return RECURRENCE_LABELS.semiannual as string;
    return recurringWords(d) || (RECURRENCE_LABELS[d.recurrence] ?? "chưa rõ thời hạn");
  },
  daysLeft: (days: number): string =>
    days > 0 ? ` (còn ${days} ngày)` : days === 0 ? " (hôm nay)" : ` (đã qua ${-days} ngày)`,
  deadlineItem: (when: string, section: string, text: string): string => `• ${when}, ${sectionRef(section)}: ${text}`,

  plansNone: (): string => "Chưa có kế hoạch nào. Quản trị viên có thể nạp bằng lệnh /nap.",
  plansList: (
    plans: { index: number; plan: PlanSummary; followed: boolean }[],
    followsAll: boolean,
  ): string => {
    const lines = ["Các kế hoạch hiện có:"];
    for (const { index, plan, followed } of plans) {
      const head = plan.number ? `${plan.number}: ${plan.title}` : plan.title;
      lines.push(`${index}. ${head}${followed && !followsAll ? " ✓" : ""}`);
    }
    lines.push(
      "",
      followsAll
        ? "Cuộc trò chuyện này đang theo dõi tất cả kế hoạch."
        : "Dấu ✓: kế hoạch cuộc trò chuyện này đang theo dõi.",
      "Để chọn, gõ số thứ tự, ví dụ /kehoach 1 3; để theo dõi tất cả, gõ /kehoach tất cả.",
    );
    return lines.join("\n");
  },
  plansFollowAll: (): string => "Đã chọn: cuộc trò chuyện này theo dõi tất cả kế hoạch.",
  plansFollowed: (labels: string[]): string =>
    `Đã chọn kế hoạch theo dõi cho cuộc trò chuyện này:\n${labels.map((l) => `• ${l}`).join("\n")}`,
  plansBadChoice: (bad: string[], count: number): string =>
    `Không có kế hoạch số ${bad.join(", ")}. Hãy chọn số từ 1 đến ${count}; gõ /kehoach để xem danh sách.`,
  planNotFound: (query: string): string =>
    `Tôi không tìm thấy kế hoạch “${query}” (hoặc có nhiều kế hoạch cùng khớp). Gõ /kehoach để xem danh sách.`,
  summaryChoose: (): string =>
    "Anh/chị muốn tóm tắt kế hoạch nào? Gõ /tomtat kèm số thứ tự hoặc số hiệu, ví dụ /tomtat 1:",

  sectionUsage: (): string => "Gõ /muc <mục> [kế hoạch], ví dụ: /muc V.7",
  sectionNotFound: (section: string): string =>
    `Tôi không tìm thấy mục ${section}. Anh/chị kiểm tra lại số mục, hoặc ghi rõ kế hoạch: /muc ${section} <kế hoạch>.`,
  sectionAmbiguous: (section: string): string =>
    `Mục ${section} có trong nhiều kế hoạch. Anh/chị ghi rõ kế hoạch: /muc ${section} <kế hoạch>.`,
  sectionText: (label: string, section: string, heading: string, text: string): string =>
    [`${label}, ${sectionRef(section)}${heading ? `: ${heading}` : ""}`, "", text.trim() || "(Mục này không có nội dung riêng.)"].join(
      "\n",
    ),
  buttonExpired: (): string => "Nút này đã hết hạn. Anh/chị vui lòng hỏi lại.",
  buttonSection: (section: string): string => `Xem toàn văn ${sectionRef(section)}`,
  buttonSummary: (): string => "Tóm tắt kế hoạch",
  /** How text-only channels (Zalo, console) show a button. */
  buttonHint: (text: string, command: string): string => `👉 ${text}: gõ ${command}`,

  napUsage: (): string =>
    "Để nạp kế hoạch, gửi tệp Word (.docx, .doc), PDF (cả bản scan), ảnh chụp trang (.jpg, .png), .odt, .rtf, bảng tính .xlsx/.xls, .txt, .md hoặc tệp nén .zip kèm chú thích /nap, hoặc trả lời tin nhắn có tệp bằng /nap.",
  napNotSupported: (): string =>
    "Zalo chưa cho phép gửi tệp tới trợ lý. Quản trị viên vui lòng nạp kế hoạch qua Telegram hoặc dòng lệnh.",
  napBadType: (fileName: string): string =>
    `Tệp “${fileName}” không đúng định dạng. Tôi nạp được tệp Word (.docx, .doc), PDF, ảnh (.jpg, .png, .tif), .odt, .rtf, .xlsx, .xls, .txt, .md và tệp nén .zip.`,
  napTooBig: (sizeMb: number, maxMb: number): string =>
    `Tệp quá lớn (${sizeMb.toLocaleString("vi-VN", { maximumFractionDigits: 1 })} MB). Giới hạn là ${maxMb} MB.`,
  napDone: (plans: PlanSummary[]): string =>
    [
      plans.length === 1 ? "Đã nạp kế hoạch:" : `Đã nạp ${plans.length} kế hoạch:`,
      ...plans.map(
        (p) =>
          `• ${p.number ? `${p.number}: ` : ""}${p.title} (${p.sections} mục, ${p.tasks} nhiệm vụ, ${p.deadlines} hạn chót)` +
          (p.ocr ? `\n  Đọc bằng nhận dạng chữ (${p.ocr.pages} trang, độ tin cậy ${Math.round(p.ocr.meanConfidence)}%); vui lòng đối chiếu với bản gốc khi cần.` : ""),
      ),
    ].join("\n"),
  /** Shown while OCR works, edited in place: "Đang nhận dạng chữ: trang 3/12…". */
  ocrProgress: (page: number, pages: number, member: string | null): string =>
    `Đang nhận dạng chữ${member ? ` (${member.split("/").pop()})` : ""}: trang ${page}/${pages}…`,
  napFailed: (reasons: string[]): string =>
    ["Không nạp được tệp:", ...reasons.map((r) => `• ${r}`)].join("\n"),

  xoaUsage: (): string => "Gõ /xoa <kế hoạch> (số thứ tự, số hiệu hoặc tên kế hoạch). Gõ /kehoach để xem danh sách.",
  xoaDone: (label: string): string => `Đã xóa ${label}.`,
};
