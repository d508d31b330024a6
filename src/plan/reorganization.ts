/**
 * The 2025 reorganization of the state apparatus (plan-anatomy.md): which
 * agencies named in older plans were merged or dissolved, and who took over.
 * Agencies stay as written in the plans; this only lets answers say so.
 */
import { matchForm } from "../text/abbreviations.js";

interface Change {
  /** matchForm of the old agency's name. */
  old: RegExp;
  /** The old agencies' names, to look them up in older plans. */
  oldNames: string[];
  /** Agencies that took over (as users would type them), to look up in older plans the other way round. */
  successors: string[];
  /** One Vietnamese sentence for users. */
  note: string;
}

const CHANGES: Change[] = [
  {
    old: /^so thong tin truyen thong\b/,
    oldNames: ["Sở Thông tin và Truyền thông"],
    successors: ["Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch"],
    note: "Từ tháng 3/2025, Sở Thông tin và Truyền thông không còn: phần lớn nhiệm vụ chuyển sang Sở Khoa học và Công nghệ, mảng báo chí, xuất bản chuyển sang Sở Văn hóa, Thể thao và Du lịch.",
  },
  {
    old: /^so ke hoach dau tu\b/,
    oldNames: ["Sở Kế hoạch và Đầu tư"],
    successors: ["Sở Tài chính"],
    note: "Từ tháng 3/2025, Sở Kế hoạch và Đầu tư đã hợp nhất vào Sở Tài chính.",
  },
  {
    old: /^so giao thong van tai\b/,
    oldNames: ["Sở Giao thông vận tải"],
    successors: ["Sở Xây dựng"],
    note: "Từ tháng 3/2025, Sở Giao thông vận tải đã hợp nhất vào Sở Xây dựng.",
  },
  {
    old: /^so (tai nguyen moi truong|nong nghiep phat trien nong thon)\b/,
    oldNames: ["Sở Tài nguyên và Môi trường", "Sở Nông nghiệp và Phát triển nông thôn"],
    successors: ["Sở Nông nghiệp và Môi trường"],
    note: "Từ tháng 3/2025, Sở Tài nguyên và Môi trường và Sở Nông nghiệp và Phát triển nông thôn đã hợp nhất thành Sở Nông nghiệp và Môi trường.",
  },
  {
    old: /^so lao dong thuong binh xa hoi\b/,
    oldNames: ["Sở Lao động - Thương binh và Xã hội"],
    successors: ["Sở Nội vụ"],
    note: "Từ tháng 3/2025, Sở Lao động - Thương binh và Xã hội đã hợp nhất vào Sở Nội vụ (một số mảng chuyển sang Sở Y tế, Sở Giáo dục và Đào tạo).",
  },
  {
    old: /^ban dan toc\b/,
    oldNames: ["Ban Dân tộc"],
    successors: ["Sở Dân tộc và Tôn giáo"],
    note: "Từ tháng 3/2025, Ban Dân tộc trở thành Sở Dân tộc và Tôn giáo.",
  },
  {
    old: /^cong an (huyen|quan|thi xa)\b/,
    oldNames: [],
    successors: ["Công an xã", "Công an tỉnh"],
    note: "Từ tháng 3/2025, Công an cấp huyện không còn; nhiệm vụ do Công an tỉnh và Công an cấp xã đảm nhận.",
  },
  {
    old: /^(uy ban nhan dan (huyen|quan|thi xa)|phong [a-z ]+ huyen)\b/,
    oldNames: [],
    successors: ["UBND xã", "UBND phường"],
    note: "Từ 01/7/2025, cấp huyện không còn; nhiệm vụ của UBND và các phòng cấp huyện chuyển cho UBND cấp xã, phường hoặc các sở.",
  },
];

/** The note about an agency dissolved or merged in 2025, or null. */
export function reorganizationNote(agency: string): string | null {
  const form = matchForm(agency).replace(/^cac /, "");
  return CHANGES.find((c) => c.old.test(form))?.note ?? null;
}

/** Agencies whose work `agency` took over in 2025 (older plans name them), with the note. */
export function predecessorsOf(agency: string): Array<{ name: string; note: string }> {
  const form = matchForm(agency).replace(/^cac /, "");
  return CHANGES.filter((c) => c.successors.some((s) => matchForm(s) === form)).flatMap((c) => c.oldNames.map((name) => ({ name, note: c.note })));
}
