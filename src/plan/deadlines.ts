/**
 * Deadlines of a plan as an officer would list them: timeframe fields
 * ("Thời gian thực hiện: Quý IV/2025"), time headings with their text, cue
 * phrases in running text ("trước ngày 15/4/2026", "chậm nhất ngày ..."), report
 * cycles with their anchors, and who must do it and to whom it is reported. Pure.
 */
import type { Deadline, PlanMeta } from "../core/types.js";
import { fold } from "../text/fold.js";
import { allMatches, splitSentences } from "../text/scan.js";
import { splitAgencyList } from "./agencies.js";
import { agencyHeadingPart, parseLabelLine, type LabelLine, type RoleSpan } from "./roles.js";
import type { RawSection } from "./structure.js";
import { dateMentions, deadlinesInText, type DateMention, NO_DEADLINE, parseTimeframe, recurringInFolded, type TimeContext, type Timeframe } from "./timeExpressions.js";

/** How agency names are cleaned and recognized (the role reader's rules, passed in). */
export interface AgencyNaming {
  /** The name without trailing verbs or "(qua ...)" notes; "" when nothing is left. */
  clean(text: string): string;
  /** Does a cleaned name start like an agency ("Sở ...", "UBND ...", "Các sở, ban, ngành")? */
  looksLikeAgency(name: string): boolean;
}

/** What the deadline reader knows about the whole plan. */
export interface DeadlineContext {
  /** Where dates printed without a year fall: the target year, never before the issue date. */
  time: TimeContext;
  /** Years the plan states it covers ("giai đoạn 2026 - 2030"), else null. */
  periodStart: number | null;
  periodEnd: number | null;
  /** The plan spans several years: yearless report dates are yearly cycles. */
  multiYear: boolean;
  /** The issue date (ISO) when printed to the day: dates in running text before it are history. */
  issued: string | null;
  naming: AgencyNaming;
  /** Lead agencies found so far per section id, for sub-items that name none. */
  leadsBySection: Map<string, string[]>;
  /** agencyHeadingPart, memoized for this plan (headings are read by several passes). */
  agencyHeadingOf(heading: string): string | null;
  /** splitAgencyList, memoized for this plan (role spans are split by several passes); the lists are shared: do not modify. */
  agenciesOf(text: string): readonly string[];
  /** parseLabelLine, memoized for this plan (the role and deadline readers read the same lines). */
  labelOf(line: string): LabelLine | null;
  /** fold, memoized for this plan (headings are folded by several passes). */
  foldedOf(text: string): string;
  /** parseTimeframe of a field value in this plan, memoized (annex rows repeat "Quý I", "Thường xuyên"); shared: do not modify. */
  timeframesOf(value: string): readonly Timeframe[];
}

/** The text without Markdown emphasis marks ("*", "_"); the regex runs only when there are some. */
const stripEmphasis = (text: string): string => (text.includes("*") || text.includes("_") ? text.replace(/[*_]+/g, "") : text);

/**
 * A one-argument function with its results kept (for one plan: the map lives as long as its context).
 * `fn` never returns undefined (the type says so), so one look-up tells a kept result.
 */
export function memoize<T extends NonNullable<unknown> | null>(fn: (s: string) => T): (s: string) => T {
  const seen = new Map<string, T>();
  return (s) => {
    const known = seen.get(s);
    if (known !== undefined) return known;
    const v = fn(s);
    seen.set(s, v);
    return v;
  };
}

/** parseLabelLine with its results kept; a line without ":" is no label line and is not looked up (hashing a line costs a scan of it). */
function labelLineMemo(): (line: string) => LabelLine | null {
  const memo = memoize(parseLabelLine);
  return (line) => (line.includes(":") ? memo(line) : null);
}

const yearsOf = (a: string, b: string): [number, number] | null => {
  const s = Number(a);
  const e = Number(b);
  return e >= s && e - s <= 30 ? [s, e] : null;
};

/**
 * The years a plan states it covers: from its title (`giai đoạn 2026 - 2030`,
 * `03 năm 2026 - 2028`, `đến năm 2030` but not `tầm nhìn đến năm 2045`,
 * `năm 2026`), else from a "Thời gian thực hiện" line with a year range.
 */
export function statedPeriod(title: string, lines: string[], issueYear: number | null): [number, number] | null {
  const t = fold(title);
  const range = /\b(\d{4})\s*(?:-|–|den(?:\s+nam)?)\s*(\d{4})\b/.exec(t);
  if (range) {
    const p = yearsOf(range[1] as string, range[2] as string);
    if (p) return p;
  }
  for (const m of t.matchAll(/\bden nam (\d{4})\b/g)) {
    if (/(?:tam nhin|dinh huong)\s*$/.test(t.slice(0, m.index))) continue;
    const end = Number(m[1]);
    if (issueYear && end > issueYear) return [issueYear, end];
  }
  const single = /\bnam (\d{4})\s*$/.exec(t);
  if (single) return [Number(single[1]), Number(single[1])];
  for (const line of lines) {
    if (!/\d/.test(line)) continue; // the pattern needs a year, and folding makes no digit
    const f = fold(stripEmphasis(line));
    const m = /^(?:[-+]\s*)?(?:\d+\.\s*)?thoi gian thuc hien(?: ke hoach)?\s*:?\s*(?:giai doan\s*|tu nam\s*|nam\s*)?(\d{4})\s*(?:-|–|den(?:\s+(?:het\s+)?nam)?)\s*(\d{4})\b/.exec(f);
    if (m) {
      const p = yearsOf(m[1] as string, m[2] as string);
      if (p) return p;
    }
  }
  return null;
}

/** The plan-wide facts deadlines are read with. */
export function deadlineContext(meta: Pick<PlanMeta, "title" | "year" | "issuedDate">, lines: string[], naming: AgencyNaming): DeadlineContext {
  const issued = meta.issuedDate && /^\d{4}-\d{2}-\d{2}$/.test(meta.issuedDate) ? meta.issuedDate : null;
  const issueYear = meta.issuedDate ? Number(meta.issuedDate.slice(0, 4)) : null;
  const period = statedPeriod(meta.title, lines, issueYear);
  const multiYear = !!period && period[1] > period[0];
  // A multi-year plan has no single target year: a yearless date is the next one after the issue date.
  const year = multiYear ? (issueYear ?? period[0]) : (period?.[0] ?? meta.year ?? issueYear);
  // A signing month without its day ("tháng 11 năm 2025") still bounds yearless dates from its first day.
  const time: TimeContext = { year, notBefore: issued ?? (meta.issuedDate && /^\d{4}-\d{2}$/.test(meta.issuedDate) ? `${meta.issuedDate}-01` : null) };
  return {
    time,
    periodStart: period?.[0] ?? null,
    periodEnd: period?.[1] ?? null,
    multiYear,
    issued,
    naming,
    leadsBySection: new Map(),
    agencyHeadingOf: memoize(agencyHeadingPart),
    agenciesOf: memoize(splitAgencyList),
    labelOf: labelLineMemo(),
    foldedOf: memoize(fold),
    timeframesOf: memoize((value) => parseTimeframe(value, time, { multiYear })),
  };
}

const RECIPIENT_START =
  "(?:Ủy ban|Uỷ ban|UBND|Sở|Phòng|Ban|Văn phòng|Bộ|Cục|Thường trực|Chủ tịch|Huyện ủy|Tỉnh ủy|Thành ủy|Đảng ủy|Hội đồng|Trung tâm|Công an|Chính phủ|Thủ tướng|Tổ công tác|Cơ quan thường trực|Mặt trận|UBMTTQ|MTTQ|Tiểu ban|Đồng chí|Bí thư|Chi bộ)";
const RECIPIENT_STOP = "(?=\\s+(?:trước|chậm nhất|để|theo|định kỳ|trong|kết quả|tình hình|tổng hợp|khi|hoặc|đồng gửi|đồng thời|vào|qua|thông qua|hằng|hàng|về việc|những|các nội dung)(?=[\\s,.;:]|$)|\\s*[.;:(]|\\s*,\\s+(?!(?:Ủy ban|Uỷ ban|UBND|Sở|Bộ|Ban|Phòng)\\s)|$)";
const REPORT_TO = new RegExp(
  `(?:báo cáo|gửi(?: báo cáo)?|phản ánh)(?:[^.;]{0,120}?\\s(?:về|cho|lên|tới)\\s+|\\s+(?:về\\s+)?)(${RECIPIENT_START}[^.;(]*?)${RECIPIENT_STOP}`,
  "u",
);
const REPORT_VIA = /\((?:qua|thông qua)\s+([^)]+?)(?:\s+(?:để|tổng hợp)[^)]*)?\)|\s(?:qua|thông qua)\s+((?:Sở|Phòng|Văn phòng|Ban|Công an|Trung tâm)[^.;,()]*?)(?=\s+(?:để|tổng hợp|trước)|[.;,]|$)/u;

/**
 * To whom a report goes and through whom: "báo cáo UBND tỉnh (qua Sở Tư pháp)",
 * "gửi Sở Công Thương tổng hợp", "về UBND Thành phố (thông qua Sở Nội vụ để tổng hợp)".
 */
export function reportTarget(sentence: string): { to: string | null; via: string | null } {
  const s = stripEmphasis(sentence);
  const m = REPORT_TO.exec(s);
  const to = m ? (m[1] ?? "").replace(/[\s,]+$/u, "").trim() || null : null;
  const v = REPORT_VIA.exec(m ? s.slice(m.index) : s);
  const via = v ? (v[1] ?? v[2] ?? "").trim() || null : null;
  return { to, via: to ? via : null };
}

/**
 * Words that start like an agency but are none: "Báo cáo giữa kỳ" (not the newspaper
 * "Báo ..."), "Ban hành ..." (not a "Ban"), "Là cơ quan thường trực", and "Các ..."
 * followed by anything but a kind of body ("Các thông số", "Các giải pháp").
 */
const NOT_AGENCY = /^(?:báo cáo|ban hành|là\s)|^các\s+(?!(?:sở|cơ quan|đơn vị|phòng|ban|ngành|xã|phường|huyện|quận|tỉnh|thành phố|địa phương|tổ chức|trung tâm|trường|đoàn thể|doanh nghiệp|hội|ủy ban|uỷ ban|ubnd|lực lượng|thành viên|chi cục|cục|bộ|cấp|hợp tác xã|ngân hàng|công ty|cơ sở|bệnh viện|đài|báo|viện|nhà|chủ|lãnh đạo|thủ trưởng|chi nhánh|doanh)(?=[\s,]|$))/iu;

/** A cleaned name that reads as an agency. */
function isAgencyName(name: string, naming: AgencyNaming): boolean {
  return !!name && naming.looksLikeAgency(name) && !NOT_AGENCY.test(name);
}

const SUBJECT_VERB =
  /\s(?:báo cáo|gửi|tổng hợp|có trách nhiệm|chịu trách nhiệm|chủ trì|thực hiện|triển khai|tổ chức|chủ động|khẩn trương|định kỳ|căn cứ|xây dựng|phối hợp|rà soát|hoàn thành|cập nhật)(?=[\s,.;:]|$)/u;

/**
 * Agencies a sentence asks to act: "Yêu cầu/Đề nghị/Giao X ...", or the
 * sentence's subject before its verb ("Sở Công Thương báo cáo ...").
 */
export function sentenceSubjects(sentence: string, naming: AgencyNaming): string[] {
  const s = stripEmphasis(sentence)
    .replace(/^\s*(?:[-+•–]\s*)?(?:[a-zđ]\)\s*)?/u, "")
    // A leading cycle is no subject: "Định kỳ 06 tháng các cơ quan có liên quan báo cáo ...".
    .replace(/^(?:định kỳ(?:\s+(?:hằng|hàng)?\s*(?:0?6 tháng|tháng|quý|năm))?|(?:hằng|hàng) (?:năm|quý|tháng))\s*,?\s*/iu, "");
  // "được giao nhiệm vụ", "theo đề nghị của ..." ask no one.
  const asked = /^(?:.*?\s)?(?<!(?:được|theo|có)\s)(?:yêu cầu|đề nghị|giao)\s+(.+)$/iu.exec(s);
  const fromAsked = asked ? subjectBefore(asked[1] as string, naming) : [];
  return fromAsked.length ? fromAsked : subjectBefore(s, naming);
}

/** The agencies before the first verb of a clause, when the clause opens with one. */
function subjectBefore(body: string, naming: AgencyNaming): string[] {
  const verb = SUBJECT_VERB.exec(` ${body}`);
  if (!verb || verb.index <= 0 || verb.index > 200) return [];
  const subject = body.slice(0, verb.index - 1).replace(/[\s,]+(?:và|cùng)?\s*$/u, "");
  const list = splitAgencyList(subject).map((a) => naming.clean(a));
  const isAgency = (a: string) => isAgencyName(a, naming);
  // A sentence opening with a verb ("Phối hợp X, Y tổ chức ...") has no subject of its own.
  if (!list[0] || !isAgency(list[0])) return [];
  return [...new Set(list.filter(isAgency))];
}

const REPORT_WORD = /báo cáo|gửi .*về/iu;
const TIME_HEADING = /^(?:thoi gian|thoi han|tien do)\b/;
// Targets and noun modifiers: "hằng năm" there is no duty ("tăng 10% hằng năm", "kế hoạch ... hằng năm").
const TARGET_WORDS = /%|phan dau|chi tieu|ty le|binh quan|it nhat|toi thieu/;
// Lower-case "kế hoạch" is a kind of plan ("kế hoạch hằng năm"); "Kế hoạch" is this plan ("đánh giá Kế hoạch hằng năm").
const NOUN_BEFORE_YEARLY = /(?:kế hoạch|dự toán|ngân sách|đầu tư công|trung hạn|kinh tế - xã hội)[^.;]{0,25}$/u;
const MILESTONE_REPORT = /bao cao (?:so ket|tong ket|giua ky|cuoi ky|danh gia giua ky)[^.;]{0,80}?\(?\s*(?:vao\s+)?(?:cuoi\s+)?nam\s+(\d{4})\s*\)?/g;

// "Sở Tài chính (cơ quan chủ trì)": the role note is no part of the name.
const ROLE_NOTE = /\s*\((?:là\s+)?(?:cơ quan|đơn vị)?\s*(?:chủ trì|phối hợp|thường trực|đầu mối)\)/giu;

/** The lead agencies of a section: its lead spans, else its parents', else its heading's agency. */
function sectionLeads(raw: RawSection, spans: RoleSpan[], ctx: DeadlineContext): string[] {
  const { naming } = ctx;
  // Names in agency fields (labels, headings, annex cells) count when short; in sentences, when they read as agencies.
  const own = new Set<string>();
  for (const s of spans) {
    if (s.role !== "lead") continue;
    const field = s.source !== "sentence" && s.source !== "text";
    // Every role note opens with "(": without one the text is split as it stands (and as parsePlan split it).
    for (const agency of ctx.agenciesOf(s.text.includes("(") ? s.text.replace(ROLE_NOTE, "") : s.text)) {
      const name = naming.clean(agency);
      if (name && !NOT_AGENCY.test(name) && (naming.looksLikeAgency(name) || (field && name.length < 80))) own.add(name);
    }
  }
  let leads = [...own];
  if (!leads.length) {
    const heading = ctx.agencyHeadingOf(stripEmphasis(raw.heading));
    if (heading) leads = headingLeads(heading, naming);
  }
  if (leads.length) ctx.leadsBySection.set(raw.id, leads);
  else if (raw.parent) leads = ctx.leadsBySection.get(raw.parent) ?? [];
  return leads;
}

/** The agencies of an agency heading, cleaned, that read as agencies. */
function headingLeads(heading: string, naming: AgencyNaming): string[] {
  const leads: string[] = [];
  for (const a of splitAgencyList(heading)) {
    const name = naming.clean(a);
    if (isAgencyName(name, naming)) leads.push(name);
  }
  return leads;
}

// Every sentence break follows "." or ";" and a blank: most lines have none and need no split.
const MAY_BREAK_SENTENCE = /[.;]\s/;

/** The deadlines of one section. */
export function sectionDeadlines(raw: RawSection, spans: RoleSpan[], ctx: DeadlineContext): Deadline[] {
  const out: Deadline[] = [];
  const leads = sectionLeads(raw, spans, ctx);
  const headingFolded = ctx.foldedOf(stripEmphasis(raw.heading));
  const headingIsReport = /bao cao/.test(headingFolded);
  const timeSection = TIME_HEADING.test(headingFolded);
  const period = { periodStart: ctx.periodStart, periodEnd: ctx.periodEnd };
  const push = (t: Timeframe, kind: Deadline["kind"], text: string, agencies: string[]) => {
    const target = kind === "report" ? reportTarget(text) : { to: null, via: null };
    out.push({ section: raw.id, kind, ...t, ...period, text: text.trim(), agencies, reportTo: target.to, reportVia: target.via });
  };
  const fieldValue = (value: string, context: string, reportHint: boolean) => {
    const v = stripEmphasis(value).trim();
    const folded = v ? fold(v) : "";
    if (!v || (NO_DEADLINE.test(folded) && !/\d/.test(v))) return;
    const kind = reportHint || /bao cao/.test(folded) ? "report" : "task";
    for (const t of ctx.timeframesOf(v)) push(t, kind, context, leads);
  };

  const lines = raw.heading ? [raw.heading, ...raw.lines] : raw.lines;
  const earlier: string[] = [];
  lines.forEach((line, index) => {
    const label = ctx.labelOf(stripEmphasis(line));
    if (label?.kind === "time") {
      fieldValue(label.value, raw.heading ? `${raw.heading}. ${line}` : line, headingIsReport);
      return;
    }
    // The text under a time heading ("3. Thời gian thực hiện:" / "Hoàn thành trong năm 2025.") is its value.
    if (timeSection && index > 0 && !deadlinesInText(line, ctx.time).length) {
      const value = /^[^:]{2,60}:\s*(.+)$/u.exec(line)?.[1] ?? line;
      fieldValue(value, `${raw.heading}. ${line}`, headingIsReport);
      return;
    }
    // A sentence can have a time only where its line has one (most lines have none).
    const lineMayHaveTime = mayHaveTime(line);
    // With lead agencies no sentence looks back at earlier ones: such a line is done.
    if (leads.length && !lineMayHaveTime) return;
    const sentences = MAY_BREAK_SENTENCE.test(line) ? splitSentences(line) : [line];
    for (const sentence of sentences) {
      if (lineMayHaveTime && (sentences.length === 1 || mayHaveTime(sentence))) {
        sentenceDeadlines(sentence, leads.length ? leads : () => earlierSubject(earlier, ctx.naming), ctx, push);
      }
      earlier.push(sentence);
    }
  });
  return out;
}

/**
 * In a section without lead agencies, a sentence without a subject continues the
 * one before ("Các cơ quan, đơn vị ... có trách nhiệm ... Định kỳ gửi báo cáo ...").
 */
function earlierSubject(earlier: string[], naming: AgencyNaming): string[] {
  for (let i = earlier.length - 1; i >= Math.max(0, earlier.length - 3); i--) {
    const found = sentenceSubjects(earlier[i] as string, naming);
    if (found.length) return found;
  }
  return [];
}

type Push = (t: Timeframe, kind: Deadline["kind"], text: string, agencies: string[]) => void;

// Most sentences carry no time at all: no digit and no cycle word ("hằng năm", "định kỳ").
// One search for a digit or a cycle word: [0-9] (\d, as digits have no case) keeps the scan fast under the /iu flags.
const TIME_WORD = /[0-9]|(?:hằng|hàng|mỗi)\s+(?:ngày|tuần|tháng|quý|năm)|định k/iu;
// Part of every TIME_WORD match, found much faster: its first letters are rare in plain text, unlike h, m, đ.
const TIME_WORD_TAIL = /[0-9]|[ằà]ng\s|ỗi\s|ịnh k/iu;
export const mayHaveTime = (sentence: string): boolean => TIME_WORD_TAIL.test(sentence) && TIME_WORD.test(sentence);

/**
 * The deadlines of a sentence that may have a time (`mayHaveTime`, tested by the caller). `leads`: the
 * section's lead agencies, or how to find who a sentence without a subject continues.
 */
function sentenceDeadlines(sentence: string, leads: string[] | (() => string[]), ctx: DeadlineContext, push: Push): void {
  const clean = stripEmphasis(sentence);
  const f = fold(clean);
  const isReport = REPORT_WORD.test(clean);
  let subjects: string[] | null = null;
  const who = () => {
    subjects ??= sentenceSubjects(clean, ctx.naming);
    if (!subjects.length) subjects = typeof leads === "function" ? leads() : leads;
    return subjects;
  };

  // Cycles: every recurrence in a report sentence; a yearly duty ("Hằng năm, tổ chức kiểm tra") elsewhere.
  const recurring = recurringInFolded(f, { multiYear: ctx.multiYear });
  const anchored = new Set<string>();
  for (const t of recurring.items) if (t.monthDay) anchored.add(t.monthDay);

  // Dates after a cue; a yearless one that anchors a cycle is not a date.
  let yearless: DateMention[] | null = null; // read when a deadline is found (most timed sentences have none)
  for (const d of deadlinesInText(clean, ctx.time)) {
    const due = d.timeframe.due as string;
    const md = due.slice(5);
    yearless ??= dateMentions(f).filter((y) => y.year === null);
    const printedWithoutYear = yearless.some((y) => `${String(y.month).padStart(2, "0")}-${String(y.day).padStart(2, "0")}` === md);
    if (printedWithoutYear && anchored.has(md)) continue;
    const before = fold(clean.slice(0, d.at));
    const kind = /bao cao|gui .*ve/.test(before) || (isReport && !/hoan thanh/.test(before)) ? "report" : "task";
    // A report date without a year in a multi-year plan is a yearly cycle.
    if (printedWithoutYear && ctx.multiYear && kind === "report") {
      push({ due: null, start: null, recurrence: "yearly", dayOfMonth: null, monthDay: md, timeOfDay: null }, kind, clean, who());
      continue;
    }
    // Dates before the plan was signed are history (the flood of 17-20/11), not deadlines.
    if (ctx.issued && due < ctx.issued) continue;
    push(d.timeframe, kind, clean, who());
  }

  for (const t of recurring.items) {
    if (!isReport) {
      if (t.recurrence !== "yearly" || TARGET_WORDS.test(f)) continue;
      const at = clean.search(/(?:hằng|hàng|mỗi) năm/u);
      if (at >= 0 && NOUN_BEFORE_YEARLY.test(clean.slice(0, at))) continue;
    }
    push(t, isReport ? "report" : "task", clean, who());
  }

  // Inline time labels: "...; thời gian quan trắc từ tháng 3 đến tháng 10 năm 2026; ...".
  // The label needs "thời gian", "thoi gian" once folded: most sentences have none.
  for (const clause of f.includes("thoi gian") ? clean.split(";") : []) {
    const m = /^\s*(?:[-+•]\s*)?(?:\(?\w\)\s*)?thời gian\s[^:;]{0,60}?\s((?:từ|vào|trong)\s.+)$/iu.exec(clause);
    // "tính từ ngày 15 tháng 12 năm trước ... đến ngày 14 tháng 12": the span a report counts, no deadline.
    if (!m || /tính từ/iu.test(clause) || deadlinesInText(clause, ctx.time).length) continue;
    for (const t of parseTimeframe(m[1] as string, ctx.time)) if (t.due) push(t, "task", clean, who());
  }

  // Milestone reports: "Báo cáo giữa kỳ ... (năm 2030)", "báo cáo tổng kết ... năm 2035".
  for (const m of f.includes("bao cao ") ? allMatches(MILESTONE_REPORT, f) : []) {
    const y = Number(m[1]);
    if (!ctx.time.notBefore || `${y}-12-31` >= ctx.time.notBefore) {
      push({ due: `${y}-12-31`, start: null, recurrence: "none", dayOfMonth: null, monthDay: null, timeOfDay: null }, "report", clean, who());
    }
  }
}

/** One item per section, date and cycle. */
export function dedupeDeadlines(items: Deadline[]): Deadline[] {
  const seen = new Set<string>();
  return items.filter((d) => {
    const key = `${d.section}|${d.due}|${d.start}|${d.recurrence}|${d.dayOfMonth}|${d.monthDay}|${d.timeOfDay}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
