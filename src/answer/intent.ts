/**
 * Understanding a question: what is asked (duties, deadline, who, summary, list
 * of plans, free search), about which agency ("chúng tôi" = the chat's unit),
 * and whether it is a "when" question. Pure, diacritic-insensitive.
 */
import { matchForm } from "../text/abbreviations.js";
import { fold } from "../text/fold.js";
import { agencyProfile, namesAgency } from "../plan/agencies.js";

export type Intent = "duties" | "deadline" | "who" | "summary" | "plans" | "search";

export interface Understood {
  intent: Intent;
  /** The agency asked about, as found (catalog name or the words typed). */
  agency: string | null;
  /** True when the question refers to the chat's own unit ("chúng tôi"). */
  usesUnit: boolean;
  /** A question about when something happens ("khi nào", "thời gian nào"). */
  asksWhen: boolean;
  /** A question about reports ("báo cáo"). */
  aboutReport: boolean;
  /** The question with agency and question words removed: what to search for. */
  topic: string;
}

const UNIT = /\b(chung toi|chung ta|don vi minh|don vi toi|co quan minh|co quan toi|ben minh|ben toi|cua ta|cua minh|don vi chung toi|co quan chung toi|chung minh)\b/;
const WHEN = /\b(khi nao|bao gio|luc nao|ngay nao|thoi gian nao|thoi diem nao|han chot|thoi han|han nop|han bao cao|den han|may gio|thang nao|quy nao|bao lau|han (?:la )?(?:khi|ngay|bao))\b|\bhan\b.*\b(khi nao|bao gio|ngay nao)\b/;
const DUTY = /\b(phai lam gi|lam gi|nhiem vu gi|nhiem vu nao|co nhiem vu|trach nhiem gi|co trach nhiem|duoc giao|phu trach gi|phu trach nhung|can lam|can thuc hien|phai thuc hien|thuc hien nhung|cong viec gi|viec gi|nhiem vu cua|trach nhiem cua|nhung viec)\b/;
const WHO = /^(ai|don vi nao|co quan nao|so nao|phong nao|ban nao|nganh nao|ai la)\b|\b(ai|don vi nao|co quan nao|so nao|phong nao|ban nao)\s+(chu tri|phu trach|thuc hien|chiu trach nhiem|to chuc|dam nhiem|lam|duoc giao)\b|\b(do ai|ai chu tri|ai phu trach|ai thuc hien|ai to chuc|giao cho ai|ai lam)\b/;
const SUMMARY = /\b(tom tat|tom luoc|noi dung chinh|khai quat|tong quan|diem chinh|y chinh|gioi thieu ke hoach)\b/;
const PLANS = /\b(danh sach (cac )?ke hoach|nhung ke hoach nao|co nhung ke hoach|cac ke hoach (nao|dang|hien co)|liet ke (cac )?ke hoach|co bao nhieu ke hoach|ke hoach nao dang co|xem ke hoach)\b/;
const REPORT = /\bbao cao\b/;

const QUESTION_WORDS =
  /\b(khi nao|bao gio|luc nao|ngay nao|thoi gian nao|la gi|la khi nao|nao|gi|ai|the nao|nhu the nao|bao nhieu|co|khong|phai|hay|cho biet|xin|vui long|a|nhe|vay|the)\b/g;

/** Agencies named in a question: the longest catalog names it contains, else the words after an agency head word. */
export function findAgencyInQuestion(question: string, catalog: string[]): string | null {
  const q = ` ${matchForm(question)} `;
  let best: { name: string; len: number } | null = null;
  for (const name of catalog) {
    const p = agencyProfile(name);
    if (p.form.length < 4) continue;
    if (namesAgency(q.trim(), p)) {
      const len = p.form.length;
      if (!best || len > best.len) best = { name, len };
    }
  }
  if (best) return best.name;
  // Not in any plan: take the typed name up to the verb ("Phòng Nội vụ phải làm gì").
  const m =
    /(?:^|\s)((?:ủy ban nhân dân|uỷ ban nhân dân|ubnd|sở|phòng|ban|văn phòng|công an|đài|báo(?!\s+cáo)|trung tâm|bộ chỉ huy|ban chỉ huy|đoàn|hội|mặt trận|chi cục|cục|kho bạc|thanh tra)(?:\s+[^\s?.,!]+){1,7}?)\s+(?:phải|có|được|cần|làm|thực hiện|chịu|phụ trách|đảm nhiệm|nhiệm vụ|trách nhiệm|báo cáo|hạn)(?=[\s?.,!]|$)/iu.exec(question.normalize("NFC"));
  return m ? (m[1] as string).trim() : null;
}

/** Classify a question. `catalog` is the list of agency names known from the plans. */
export function understand(question: string, catalog: string[]): Understood {
  const f = fold(question).replace(/[?!.]+/g, " ").trim();
  const usesUnit = UNIT.test(f);
  const agency = findAgencyInQuestion(question, catalog);
  const asksWhen = WHEN.test(f) || /\bhan\b/.test(f);
  const aboutReport = REPORT.test(f);
  let intent: Intent;
  if (PLANS.test(f)) intent = "plans";
  else if (SUMMARY.test(f)) intent = "summary";
  else if (asksWhen && (aboutReport || ((usesUnit || agency) && !DUTY.test(f)))) intent = "deadline";
  else if (WHO.test(f)) intent = "who";
  else if ((agency || usesUnit) && (DUTY.test(f) || f.split(" ").length <= 6)) intent = "duties";
  else intent = "search";
  let topic = f;
  if (agency) topic = topic.replace(fold(agency), " ");
  topic = topic.replace(UNIT, " ").replace(QUESTION_WORDS, " ").replace(/\s+/g, " ").trim();
  return { intent, agency, usesUnit, asksWhen, aboutReport, topic: topic || f };
}
