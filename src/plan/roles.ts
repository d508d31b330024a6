/**
 * Who does what inside a section: labelled lines (Cơ quan chủ trì / phối hợp),
 * agency item headings under Tổ chức thực hiện, and sentences such as
 * "X chủ trì, phối hợp với Y". Produces role spans: pieces of text with the role
 * any agency named in them has in that section.
 */
import type { Role } from "../core/types.js";
import { fold } from "../text/fold.js";
import { allMatches, endsWithPunctuationOrBlank, splitClauses, stripTrailingPunctuation } from "../text/scan.js";
import { splitAgencyList } from "./agencies.js";
import { ACTOR_HEAD, ACTOR_HEAD_SPAN, COMMA_THEN_DIRECTIVE, DIRECTIVE_IN_TEXT, DIRECTIVE_WORD, DIRECTIVE_START, OPENING_PHRASE, OPENING_PHRASE_FIRST, opensWithActor, STRONG_DUTY, VERB_CUT } from "./lexicon.js";

export interface RoleSpan {
  role: Role;
  text: string;
  source: "label" | "heading" | "sentence" | "text" | "annex";
}

export type LabelKind = "lead" | "partner" | "time" | "other";

const LABEL_LINE = /^[-+•–*]?\s*([^:]{2,70}?)\s*:\s*(.*)$/u;

/** Whether `text.split(" ")` has at most `n` parts, counted without splitting. */
export function wordsAtMost(text: string, n: number): boolean {
  let parts = 1;
  for (let at = text.indexOf(" "); at >= 0; at = text.indexOf(" ", at + 1)) if (++parts > n) return false;
  return true;
}

/** Classify a label such as "Cơ quan chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành". */
export function classifyLabel(label: string): LabelKind | null {
  const f = fold(label);
  if (!wordsAtMost(f, 8)) return null;
  if (/thoi gian|thoi han|tien do|thoi diem/.test(f)) return "time";
  if (/phoi hop/.test(f)) return "partner";
  if (/^(co quan|don vi|cac co quan|cac don vi|co quan, don vi|trach nhiem|chu tri)/.test(f) && /chu tri|thuc hien|trach nhiem|dau moi|tham muu/.test(f)) return "lead";
  if (/^(noi dung|san pham|hinh thuc|ket qua|kinh phi|ghi chu|doi tuong|muc tieu|dia diem|quy mo|yeu cau)/.test(f)) return "other";
  return null;
}

/** A "Label: value" line with a known label. */
export interface LabelLine {
  kind: LabelKind;
  label: string;
  value: string;
}

/** Parse "Label: value" when the label is a known one. */
export function parseLabelLine(line: string): LabelLine | null {
  const m = line.includes(":") ? LABEL_LINE.exec(line) : null;
  if (!m) return null;
  const kind = classifyLabel(m[1] as string);
  return kind ? { kind, label: (m[1] as string).trim(), value: (m[2] ?? "").trim() } : null;
}

// `tail.split(/\s+/).length <= 6` for a trimmed tail, without building the array.
const AT_MOST_SIX_WORDS = /^\S*(?:\s+\S+){0,5}$/;

/**
 * The agency part of an item heading under Tổ chức thực hiện, or null when the
 * heading does not name agencies ("7. Công an huyện" → "Công an huyện";
 * "3. Giao Văn phòng HĐND - UBND huyện theo dõi ..." → "Văn phòng HĐND - UBND huyện").
 */
export function agencyHeadingPart(heading: string): string | null {
  let h = heading.replace(/^(?:Đề nghị|Giao|Yêu cầu|Trách nhiệm của|Trách nhiệm)\s+/iu, "").trim();
  if (!mayOpenWithActor(h)) return null;
  const cut = subjectEnd(h);
  // A heading that is all name ("Các tổ chức cung cấp dịch vụ chi trả", "Các doanh nghiệp ... trong KCN")
  // keeps its last words unless they state a duty.
  const tail = cut >= 0 ? h.slice(cut).trim() : "";
  const nameOnly = AT_MOST_SIX_WORDS.test(tail) && !/[,.;:]/.test(tail) && !STRONG_DUTY.test(tail);
  if (cut >= 0 && !nameOnly) h = h.slice(0, cut);
  const stop = h.search(SENTENCE_STOP); // h.split(SENTENCE_STOP)[0], without a split that runs the regex at every index
  if (stop >= 0) h = h.slice(0, stop);
  h = (endsWithPunctuationOrBlank(h) ? stripTrailingPunctuation(h) : h).trim();
  if (!h || h.length > 220) return null;
  const first = splitAgencyList(h)[0] ?? "";
  const looksLikeAgency = opensWithActor(first);
  return looksLikeAgency ? h : null;
}

/**
 * False only when the first agency splitAgencyList finds in `h` (or in any cut of it) cannot open with an
 * actor: `h` starts with two letters (so the first piece starts there and is kept), not "và"/"cùng"
 * (which the splitter drops), no blank in reach that the splitter would collapse, and no actor's head word.
 */
const SENTENCE_STOP = /[.:]\s/u;
const GIAO = /^(?:[-+•–*]\s*)?Giao\s+(.+)$/u;
// GIAO opens with "Giao" or a bullet.
const GIAO_FIRST = new Set([..."G-+•–*"].map((c) => c.charCodeAt(0)));

// Module constants: esbuild compiles a `\p{L}` literal inside a function to `new RegExp(...)` on every call.
const TWO_LETTERS = /^\p{L}\p{L}/u;
function mayOpenWithActor(h: string): boolean {
  const start = h.slice(0, ACTOR_HEAD_SPAN + 2);
  if (!TWO_LETTERS.test(start) || /^(?:và|cùng)\s/u.test(start) || /[^\S ]| {2}/.test(start)) return true;
  return ACTOR_HEAD.test(start);
}

const PHOI_HOP = /\s*,?\s*(?:để\s+)?phối hợp(?:\s+chặt chẽ)?(?:\s+(?:với|cùng))?\s*/iu;
const CHU_TRI = /\s*,?\s*(?:là cơ quan\s+)?chủ trì\s*,?\s*/iu;
// The words each of the two must contain: a quick test that skips the slower pattern on most clauses.
const HAS_PHOI_HOP = /phối hợp/iu;
const HAS_CHU_TRI = /chủ trì/iu;
const execIfHas = (re: RegExp, has: RegExp, text: string): RegExpExecArray | null => (has.test(text) ? re.exec(text) : null);
// Any word the tests of clauseSpans look for ("chủ trì", "phối hợp", a directive): one search settles most clauses.
const ROLE_WORD = new RegExp(`chủ trì|phối hợp|${DIRECTIVE_WORD.source}`, "iu");

// The first characters past which DIRECTIVE_START can match more than "": a bullet, or the first letter
// of an addressing word in either case (giao, yêu cầu, đề nghị). Other clauses skip the exec.
const DIRECTIVE_FIRST = new Set([..."-+•–*gGyYđĐ"].map((c) => c.charCodeAt(0)));

/**
 * The actor a clause opens with, up to its first duty verb ("Sở Y tế | chủ trì ...",
 * "Đề nghị Ủy ban MTTQ tỉnh | phát huy ..."), or null when the clause does not open with one.
 */
export function subjectOf(clause: string): { text: string; end: number } | null {
  const lead = DIRECTIVE_FIRST.has(clause.charCodeAt(0)) ? (DIRECTIVE_START.exec(clause)?.[0] ?? "") : "";
  const found = actorAt(clause, lead.length);
  if (found) return found;
  // After an opening phrase: "Trên cơ sở kết quả kiểm tra, đánh giá, Hội đồng thi đua họp xét ...".
  if (!OPENING_PHRASE_FIRST.has(clause.charCodeAt(0)) || !OPENING_PHRASE.test(clause)) return null;
  for (const comma of allMatches(COMMA_THEN_DIRECTIVE, clause.slice(0, 260))) {
    const after = actorAt(clause, (comma.index ?? 0) + comma[0].length);
    if (after) return after;
  }
  return null;
}

/** The actor's name that opens `text` at `from`, up to its first duty verb, or null. */
function actorAt(text: string, from: number): { text: string; end: number } | null {
  if (!opensWithActor(text, from)) return null;
  const rest = text.slice(from);
  const end = subjectEnd(rest);
  if (end < 0 || end > 160) return null;
  const name = rest.slice(0, end).replace(/[,:;\s]+$/u, "");
  return name ? { text: name, end: from + end } : null;
}

/**
 * Where the subject that opens `text` ends: at the first duty verb, skipping a verb that is
 * part of the name itself ("các tổ chức cung cấp dịch vụ": "tổ chức" after "các" is a noun). -1 when none.
 */
// Global copy of VERB_CUT for scanning; built once (subjectEnd resets lastIndex and runs synchronously).
const VERB_CUT_ALL = new RegExp(VERB_CUT.source, "gu");

// A determiner ending the text before a verb ("các | tổ chức"): at most 7 code units with its blank,
// so only the last 7 are tested (a match at their start would need a 7-unit word; none is).
const DETERMINER_AT_END = /(?:^|\s)(?:các|Các|những|Những|tất cả|Tất cả)$/u;
const lastChars = (text: string, n: number): string => (text.length > n ? text.slice(-n) : text);

export function subjectEnd(text: string): number {
  const re = VERB_CUT_ALL;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (DETERMINER_AT_END.test(lastChars(text.slice(0, m.index).trim(), 7))) continue;
    return m.index;
  }
  return -1;
}

/** Role spans of one clause of free text. */
function clauseSpans(clause: string): RoleSpan[] {
  const out: RoleSpan[] = [];
  const roleWords = ROLE_WORD.test(clause);
  const ct = roleWords ? execIfHas(CHU_TRI, HAS_CHU_TRI, clause) : null;
  const ph = roleWords ? execIfHas(PHOI_HOP, HAS_PHOI_HOP, clause) : null;
  if (ct) {
    const before = clause.slice(0, ct.index).replace(/^[-+•–*]\s*/, "").trim();
    if (before) out.push({ role: "lead", text: before, source: "sentence" });
    const after = clause.slice(ct.index + ct[0].length);
    const ph2 = PHOI_HOP.exec(after);
    if (ph2) {
      if (ph2.index > 0) out.push({ role: "mention", text: after.slice(0, ph2.index), source: "text" });
      out.push({ role: "partner", text: after.slice(ph2.index + ph2[0].length), source: "sentence" });
    } else if (after.trim()) {
      out.push({ role: "mention", text: after, source: "text" });
    }
    return out;
  }
  const subject = subjectOf(clause);
  if (subject) {
    // "Sở Nội vụ hướng dẫn ...", "Đề nghị Ủy ban MTTQ tỉnh phát huy ...": the subject leads its duty.
    out.push({ role: "lead", text: subject.text, source: "sentence" });
    const rest = clause.slice(subject.end);
    const ph2 = PHOI_HOP.exec(rest);
    if (ph2) {
      if (ph2.index > 0) out.push({ role: "mention", text: rest.slice(0, ph2.index), source: "text" });
      const partnerText = rest.slice(ph2.index + ph2[0].length);
      out.push({ role: "partner", text: partnerText, source: "sentence" }, ...directedActors(partnerText, roleWords));
    } else if (rest.trim()) {
      out.push({ role: "mention", text: rest, source: "text" }, ...directedActors(rest, roleWords));
    }
    return out;
  }
  if (ph) {
    if (ph.index > 0) out.push({ role: "mention", text: clause.slice(0, ph.index), source: "text" });
    out.push({ role: "partner", text: clause.slice(ph.index + ph[0].length), source: "sentence" });
    return out;
  }
  const giao = GIAO_FIRST.has(clause.charCodeAt(0)) ? GIAO.exec(clause) : null;
  if (giao) {
    const part = agencyHeadingPart(giao[1] as string);
    if (part) {
      out.push({ role: "lead", text: part, source: "sentence" });
      out.push({ role: "mention", text: (giao[1] as string).slice(part.length), source: "text" });
      return out;
    }
  }
  out.push({ role: "mention", text: clause, source: "text" }, ...directedActors(clause, roleWords));
  return out;
}


/** Actors another is told to direct or assign: "chỉ đạo Chi cục Thủy sản thực hiện ...", "..., giao Sở Y tế thành lập đoàn". */
function directedActors(text: string, mayDirect: boolean): RoleSpan[] {
  const out: RoleSpan[] = [];
  // `mayDirect` is false when the clause `text` comes from has no directive word (nor, then, has the text).
  if (!mayDirect || !DIRECTIVE_WORD.test(text)) return out;
  for (const m of allMatches(DIRECTIVE_IN_TEXT, text)) {
    const found = actorAt(text, (m.index ?? 0) + m[0].length);
    if (found) out.push({ role: "lead", text: found.text, source: "sentence" });
  }
  return out;
}

/** Split a labelled lead value that carries "X chủ trì phối hợp với Y" in one sentence. */
function leadValueSpans(value: string, source: RoleSpan["source"]): RoleSpan[] {
  const ph = PHOI_HOP.exec(value);
  if (!ph) return [{ role: "lead", text: value, source }];
  const lead = value.slice(0, ph.index).replace(CHU_TRI, " ").trim();
  const spans: RoleSpan[] = [];
  if (lead) spans.push({ role: "lead", text: lead, source });
  spans.push({ role: "partner", text: value.slice(ph.index + ph[0].length), source });
  return spans;
}

/**
 * Role spans of a section. `agencyHeading` is the heading's agency part when the
 * section is an agency's own item under Tổ chức thực hiện.
 */
export function sectionSpans(
  heading: string,
  lines: string[],
  agencyHeading: string | null,
  isAnnex = false,
  labelOf: (line: string) => LabelLine | null = parseLabelLine,
): RoleSpan[] {
  const spans: RoleSpan[] = [];
  if (agencyHeading) {
    spans.push({ role: "lead", text: agencyHeading, source: "heading" });
    const restOfHeading = heading.slice(heading.indexOf(agencyHeading) + agencyHeading.length);
    if (restOfHeading.trim()) spans.push(...textSpans(restOfHeading));
  } else if (heading) {
    spans.push(...textSpans(heading));
  }
  let pendingLead = false;
  for (const line of lines) {
    const label = labelOf(line);
    if (label && !/^\+/.test(line)) {
      pendingLead = false;
      if (label.kind === "lead") {
        if (label.value) spans.push(...leadValueSpans(label.value, isAnnex ? "annex" : "label"));
        else pendingLead = true;
      } else if (label.kind === "partner") {
        if (label.value) spans.push({ role: "partner", text: label.value, source: isAnnex ? "annex" : "label" });
      } else {
        spans.push({ role: "mention", text: label.value, source: "text" });
      }
      continue;
    }
    if (pendingLead && /^[+•]/.test(line)) {
      // "+ Tài liệu ... : Phòng X" — the lead for this part of the task.
      const colon = line.lastIndexOf(":");
      if (colon > 0) {
        spans.push({ role: "mention", text: line.slice(0, colon), source: "text" });
        spans.push(...leadValueSpans(line.slice(colon + 1).trim(), "label"));
      } else {
        spans.push({ role: "mention", text: line, source: "text" });
      }
      continue;
    }
    pendingLead = false;
    // "- Sở Tài chính: bố trí kinh phí ..." — an agency's duty written as a bullet.
    const bulletAgency = line.includes(":") ? /^[-+•–*]\s*([^:]{3,160}):\s+(\S.*)$/u.exec(line) : null;
    const agencyPart = bulletAgency ? agencyHeadingPart(bulletAgency[1] as string) : null;
    if (bulletAgency && agencyPart && agencyPart === (bulletAgency[1] as string).replace(/^(?:Đề nghị|Giao|Yêu cầu)\s+/iu, "").trim()) {
      spans.push({ role: "lead", text: agencyPart, source: "sentence" });
      spans.push(...textSpans(bulletAgency[2] as string));
      continue;
    }
    spans.push(...textSpans(line));
  }
  // Consecutive mentions carry no assignment: keep them as one span (fewer rows to store and match).
  const merged: RoleSpan[] = [];
  for (const sp of spans) {
    if (sp.text.trim().length <= 1) continue;
    const last = merged[merged.length - 1];
    if (last && last.role === "mention" && sp.role === "mention") last.text = `${last.text} ${sp.text}`;
    else merged.push({ role: sp.role, text: sp.text, source: sp.source });
  }
  return merged;
}

// Every clause break follows ".", ";" or ":" and a blank: most lines have none and need no split.
const MAY_BREAK_CLAUSE = /[.;:]\s/;

function textSpans(text: string): RoleSpan[] {
  const out: RoleSpan[] = [];
  for (const clause of MAY_BREAK_CLAUSE.test(text) ? splitClauses(text) : [text]) {
    if (clause.trim()) for (const span of clauseSpans(clause)) out.push(span);
  }
  return out;
}
