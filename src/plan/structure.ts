/**
 * Builds the section tree of a plan from normalized lines: head, numbered parts
 * and items (ids from the printed labels), the closing `end`, annex task tables
 * (`PL.…`), a decision's articles (`qd.N`), recipients and the signature block.
 */
import { fold } from "../text/fold.js";
import { parseMarker, type Marker, type MarkerStyle } from "./markers.js";
import type { SectionKind } from "../core/types.js";

export interface RawSection {
  id: string;
  parent: string | null;
  order: number;
  kind: SectionKind;
  heading: string;
  lines: string[];
}

export interface PlanLayout {
  /** Lines before the body: issuing body, number, place/date, title. */
  headerLines: string[];
  titleLines: string[];
  sections: RawSection[];
  recipients: string[];
  signatureLines: string[];
  isDecision: boolean;
  /** Header lines of the decision (number, date) when a decision carries the plan. */
  decisionHeaderLines: string[];
}

const NOI_NHAN = /^Nơi nhận\s*:?/iu;
// NOI_NHAN.test(line), tried only on lines that open with its first letter (most lines do not).
const isRecipientsLine = (line: string): boolean => (line.charCodeAt(0) | 32) === 110 && NOI_NHAN.test(line);
const ANNEX = /^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?[\dIVX]+)?(?:[\s:.\-–]|$)/u;
// An annex heading: ANNEX, tried only on short lines that open with "P".
const isAnnexLine = (line: string): boolean => line.charCodeAt(0) === 80 && line.length < 200 && ANNEX.test(line);
const PLAN_TITLE = /^KẾ HOẠCH(?:\s|$|:)/u;
const DECISION_TITLE = /^QUYẾT ĐỊNH\s*$/u;
const CLOSING =
  /^(?:Trên đây|Trên cơ sở (?:nội dung )?Kế hoạch|Yêu cầu|Đề nghị|Nhận được Kế hoạch|Trong quá trình (?:tổ chức )?(?:triển khai )?thực hiện|Quá trình (?:triển khai )?thực hiện|(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s[^.]{0,60}?(?:yêu cầu|đề nghị))/u;
const TITLE_STOP = /^(?:Căn cứ|Thực hiện|Triển khai|Để|Nhằm|Theo|\(?Ban hành kèm|\(?Kèm theo|Số\s*:)/u;
const isPipeRow = (l: string): boolean => l.startsWith("|") && l.endsWith("|");
const isBullet = (l: string): boolean => /^[-+•–*]\s/.test(l);

/** Split a marker line into heading and the text that follows a colon on the same line. */
export function splitHeading(rest: string, style: MarkerStyle): { heading: string; text: string } {
  const trimmed = rest.trim();
  if (style === "roman") return { heading: trimmed.replace(/[:.]$/, ""), text: "" };
  const colon = trimmed.indexOf(":");
  if (colon > 0 && colon <= 160 && colon < trimmed.length - 1) {
    return { heading: trimmed.slice(0, colon).trim(), text: trimmed.slice(colon + 1).trim() };
  }
  return { heading: trimmed.replace(/:$/, ""), text: "" };
}

interface StackEntry {
  style: MarkerStyle;
  label: string;
}

/**
 * The section tree as buildLayout reads it: the sections so far, the open section, the marker
 * stack and the pending table rows. (A class, not closures over buildLayout's locals: each step is
 * its own function, optimized on its own and early, rather than one large function.)
 */
class LayoutBuilder {
  readonly sections: RawSection[] = [];
  readonly recipients: string[] = [];
  readonly signatureLines: string[] = [];
  current: RawSection | null = null;
  private order = 0;
  // Several passes read the markers of the same lines: parse each line once.
  private readonly markers: Array<Marker | null | undefined>;
  // The ids of `sections` so far, for the parent look-up in pushMarker.
  private readonly sectionIds = new Set<string>();
  private readonly stack: StackEntry[] = [];
  private table: string[] = [];

  constructor(readonly lines: string[]) {
    this.markers = new Array(lines.length);
  }

  markerAt(i: number): Marker | null {
    let m = this.markers[i];
    if (m === undefined) this.markers[i] = m = parseMarker(this.lines[i] as string);
    return m;
  }

  open(id: string, parent: string | null, kind: SectionKind, heading: string): RawSection {
    const s: RawSection = { id, parent, order: this.order++, kind, heading, lines: [] };
    this.sections.push(s);
    this.sectionIds.add(id);
    return s;
  }

  /** Opens the section of a marker line, its id from the marker stack (under `prefix`, an annex's, if any). */
  pushMarker(m: Marker, prefix: string | null, kind: SectionKind): RawSection {
    const stack = this.stack;
    if (m.style === "roman" || (m.style === "upper" && !stack.some((e) => e.style === "roman"))) {
      // Roman parts, and lettered parts (A., B.) when the plan has no Roman ones above them.
      stack.length = 0;
      stack.push({ style: m.style, label: m.labels[0] as string });
    } else if (m.style === "arabic" && m.labels.length > 1) {
      while (stack.length && stack[stack.length - 1]?.style !== "roman" && stack[stack.length - 1]?.style !== "upper") stack.pop();
      for (const label of m.labels) stack.push({ style: "arabic", label });
    } else {
      const at = stack.findIndex((e) => e.style === m.style);
      if (at >= 0) stack.length = at;
      stack.push({ style: m.style, label: m.labels[0] as string });
    }
    const id = sectionId(prefix, stack, stack.length);
    // The nearest printed ancestor: "1.2." under "II." with no "1." has parent "II".
    let parent: string | null = prefix;
    for (let n = stack.length - 1; n >= 1; n--) {
      const candidate = sectionId(prefix, stack, n);
      if (this.sectionIds.has(candidate)) {
        parent = candidate;
        break;
      }
    }
    const { heading, text } = splitHeading(m.rest, m.style);
    const s = this.open(id, parent, kind, heading);
    if (text) s.lines.push(text);
    return s;
  }

  clearStack(): void {
    this.stack.length = 0;
  }

  addTableRow(line: string): void {
    this.table.push(line);
  }

  /** The pending table rows as sections (a task table), else as lines of the open section. */
  flushTable(prefix: string | null, kind: SectionKind): void {
    if (!this.table.length) return;
    const rows = this.table;
    this.table = [];
    const parentId = prefix ?? this.current?.id ?? "head";
    const made = tableToSections(rows, parentId, () => this.order++, kind);
    if (made) {
      for (const s of made) {
        this.sections.push(s);
        this.sectionIds.add(s.id);
      }
    } else {
      if (!this.current) this.current = this.open("head", null, "head", "");
      for (const r of rows) this.current.lines.push(r.slice(1, -1).split("|").map((c) => c.trim()).filter(Boolean).join(" | "));
    }
  }
}

/** Section layout of a plan. Pure. */
export function buildLayout(lines: string[]): PlanLayout {
  const b = new LayoutBuilder(lines);

  // Decision carrying a plan: QUYẾT ĐỊNH before the first KẾ HOẠCH title.
  const firstPlanTitle = lines.findIndex((l) => PLAN_TITLE.test(l));
  const decisionIdx = lines.slice(0, 25).findIndex((l) => DECISION_TITLE.test(l));
  const isDecision = decisionIdx >= 0 && (firstPlanTitle < 0 || decisionIdx < firstPlanTitle);

  const decision = isDecision ? readDecision(b, decisionIdx) : null;
  const planTitleIdx = decision ? decision.planTitleIdx : firstPlanTitle;
  const decisionHeaderLines = isDecision ? lines.slice(0, decisionIdx + 1) : [];
  const { titleLines, bodyStart } = readTitle(b, planTitleIdx, decision ? decision.title : []);
  const headerLines = isDecision ? decisionHeaderLines : lines.slice(0, Math.max(0, planTitleIdx >= 0 ? planTitleIdx : bodyStart));

  // Where the body ends: recipients, or an annex, whichever comes first.
  let bodyEnd = lines.length;
  for (let i = bodyStart; i < lines.length; i++) {
    const l = lines[i] as string;
    if (isRecipientsLine(l) || isAnnexLine(l)) {
      bodyEnd = i;
      break;
    }
  }
  readBody(b, bodyStart, bodyEnd);
  readTail(b, bodyEnd);

  return { headerLines, titleLines, sections: b.sections, recipients: b.recipients, signatureLines: b.signatureLines, isDecision, decisionHeaderLines };
}

/**
 * A decision's articles (sections `qd.N`) and signature, up to the plan it carries. Returns where
 * that plan's title is (-1: none) and, when there is none, the decision's own title lines.
 */
function readDecision(b: LayoutBuilder, decisionIdx: number): { planTitleIdx: number; title: string[] } {
  const lines = b.lines;
  const title: string[] = [];
  // The attached plan starts at a "KẾ HOẠCH" line after the decision's articles.
  let planTitleIdx = lines.findIndex((l, i) => i > decisionIdx && PLAN_TITLE.test(l) && !/^KẾ HOẠCH\s+(?:số|này)/iu.test(l));
  // It carries a plan only when its articles say so ("Ban hành kèm theo Quyết định này Kế hoạch ..."):
  // a "KẾ HOẠCH" further down may be a blank form in an annex.
  const articles = lines.slice(decisionIdx + 1, planTitleIdx >= 0 ? planTitleIdx : undefined).filter((l) => /^Điều\s+\d/u.test(l));
  if (planTitleIdx >= 0 && articles.length && !articles.slice(0, 2).some((l) => /kế hoạch/iu.test(l))) planTitleIdx = -1;
  if (planTitleIdx < 0) {
    // The decision's own subject is the title: the capitals after "QUYẾT ĐỊNH" up to the signing authority.
    for (const l of lines.slice(decisionIdx + 1, decisionIdx + 6)) {
      if (l !== l.toLocaleUpperCase("vi") || /^(?:BỘ TRƯỞNG|CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|GIÁM ĐỐC|THỦ TƯỚNG|TRƯỞNG BAN)\b/u.test(l)) break;
      title.push(l);
    }
  }
  const articleEnd = planTitleIdx >= 0 ? planTitleIdx : lines.length;
  let current: RawSection | null = null;
  let inSignature = false;
  for (let i = decisionIdx + 1; i < articleEnd; i++) {
    const line = lines[i] as string;
    const m = b.markerAt(i);
    if (isRecipientsLine(line)) {
      inSignature = true;
      continue;
    }
    if (inSignature) {
      if (isAnnexLine(line)) break; // the decision's annex is read with the body
      if (isBullet(line)) continue;
      b.signatureLines.push(line);
      continue;
    }
    if (m && m.style === "article") {
      const { heading, text } = splitHeading(m.rest, "arabic");
      current = b.open(`qd.${m.labels[0]}`, null, "decision", heading.length < 160 ? heading : "");
      if (heading.length >= 160) current.lines.push(heading);
      if (text) current.lines.push(text);
    } else if (current) {
      current.lines.push(line);
    }
  }
  return { planTitleIdx, title };
}

/** The plan's title lines and where its body starts. */
function readTitle(b: LayoutBuilder, planTitleIdx: number, decisionTitle: string[]): { titleLines: string[]; bodyStart: number } {
  const lines = b.lines;
  const titleLines: string[] = [];
  if (planTitleIdx >= 0) {
    const after = (lines[planTitleIdx] as string).replace(PLAN_TITLE, "").replace(/^[:\s]+/, "").trim();
    if (after) titleLines.push(after);
    let i = planTitleIdx + 1;
    while (i < lines.length && titleLines.length < 4) {
      const l = lines[i] as string;
      // "Thực hiện ..." / "Triển khai ..." can be the title itself ("KẾ HOẠCH / Thực hiện Nghị quyết số 57-NQ/TW");
      // as a legal-basis paragraph it ends with punctuation or follows a title line.
      const basis = TITLE_STOP.test(l) && (titleLines.length > 0 || !/^(?:Thực hiện|Triển khai)\s/u.test(l) || /[.;:]$/.test(l));
      // A title joined from wrapped lines runs long; a paragraph that long in sentence case is body text.
      if (basis || b.markerAt(i) || isPipeRow(l) || l.length > (l === l.toLocaleUpperCase("vi") ? 400 : 220)) break;
      titleLines.push(l);
      i++;
    }
    while (i < lines.length && /^\(?(?:Ban hành kèm|Kèm theo)/u.test(lines[i] as string)) i++;
    return { titleLines, bodyStart: i };
  }
  // No "KẾ HOẠCH" line: the body starts at the first legal-basis paragraph or marker.
  const idx = lines.findIndex((l, i) => /^(?:Căn cứ|Thực hiện)\s/u.test(l) || b.markerAt(i) !== null);
  const bodyStart = idx >= 0 ? idx : 0;
  const t = lines.slice(0, bodyStart).filter((l) => !/^Số\s*:|ngày\s.*tháng|CỘNG HÒA|Độc lập/u.test(l));
  if (decisionTitle.length) titleLines.push(decisionTitle.join(" ").replace(/^VỀ VIỆC\s+/u, ""));
  else if (t.length) titleLines.push(t[t.length - 1] as string);
  return { titleLines, bodyStart };
}

/** The body's sections: head, numbered parts and items, task tables, the closing `end`; a signature with no "Nơi nhận". */
function readBody(b: LayoutBuilder, bodyStart: number, bodyEnd: number): void {
  const lines = b.lines;
  let lastMarker = -1;
  for (let i = bodyStart; i < bodyEnd; i++) if (b.markerAt(i)) lastMarker = i;
  let inEnd = false;
  let signed = false;
  for (let i = bodyStart; i < bodyEnd; i++) {
    const line = lines[i] as string;
    if (signed || (i > lastMarker && /^(?:TM\.|KT\.|T\/M|Q\.\s?CHỦ TỊCH)\s?/u.test(line))) {
      // A signature block with no "Nơi nhận" before it.
      signed = true;
      b.signatureLines.push(line);
      continue;
    }
    if (isPipeRow(line)) {
      b.addTableRow(line);
      continue;
    }
    b.flushTable(null, "item");
    const m = inEnd ? null : b.markerAt(i);
    if (!inEnd && i > lastMarker && lastMarker >= 0 && !m && !isBullet(line) && CLOSING.test(line)) {
      inEnd = true;
      b.current = b.open("end", null, "end", "");
      b.current.lines.push(line);
      continue;
    }
    if (m && m.style !== "article") {
      b.current = b.pushMarker(m, null, m.style === "roman" || m.style === "upper" ? "part" : "item");
      continue;
    }
    if (!b.current) b.current = b.open("head", null, "head", "");
    b.current.lines.push(line);
  }
  b.flushTable(null, "item");
}

/** Recipients, signature, annexes (and anything after them), from the end of the body. */
function readTail(b: LayoutBuilder, bodyEnd: number): void {
  const lines = b.lines;
  let annexCount = 0;
  let mode: "recipients" | "signature" | "annex" = "signature";
  let annexPrefix = "PL";
  let annexSection: RawSection | null = null;
  for (let i = bodyEnd; i < lines.length; i++) {
    const line = lines[i] as string;
    // A "Nơi nhận" inside an annex belongs to a form printed there, not to the plan.
    if (isRecipientsLine(line) && mode !== "annex") {
      b.flushTable(annexPrefix, "annex");
      mode = "recipients";
      const rest = line.replace(NOI_NHAN, "").trim();
      if (rest) b.recipients.push(rest.replace(/^[-+•]\s*/, "").replace(/[;.,]$/, ""));
      continue;
    }
    if (isAnnexLine(line)) {
      b.flushTable(annexPrefix, "annex");
      annexCount++;
      annexPrefix = annexCount === 1 ? "PL" : `PL${annexCount}`;
      mode = "annex";
      b.clearStack();
      const rest = line.replace(/^(?:PHỤ LỤC|Phụ lục)(?:\s+(?:số\s+)?[\dIVX]+)?[\s:.\-–]*/u, "").trim();
      annexSection = b.open(annexPrefix, null, "annex", rest);
      b.current = annexSection;
      continue;
    }
    if (mode === "recipients") {
      if (isBullet(line) || /[;,]$/.test(line)) {
        b.recipients.push(line.replace(/^[-+•–*]\s*/, "").replace(/[;.,]+$/, "").trim());
        continue;
      }
      mode = "signature";
    }
    if (mode === "signature") {
      b.signatureLines.push(line);
      continue;
    }
    // Annex content.
    if (isPipeRow(line)) {
      b.addTableRow(line);
      continue;
    }
    b.flushTable(annexPrefix, "annex");
    const m = b.markerAt(i);
    if (m && m.style !== "article") {
      b.current = b.pushMarker(m, annexPrefix, "annex");
      continue;
    }
    if (annexSection && b.current === annexSection && !annexSection.lines.length && line.length < 200 && !annexSection.heading) {
      annexSection.heading = line;
      continue;
    }
    (b.current ?? annexSection)?.lines.push(line);
  }
  b.flushTable(annexPrefix, "annex");
}

/** The id of a section: the prefix (an annex's "PL"), if any, and the first `count` stack labels, joined by ".". */
function sectionId(prefix: string | null, entries: StackEntry[], count: number): string {
  let id = prefix ?? "";
  for (let i = 0; i < count; i++) {
    const label = (entries[i] as StackEntry).label;
    id = i === 0 && prefix === null ? label : `${id}.${label}`;
  }
  return id;
}

type Column = "stt" | "content" | "lead" | "partner" | "time" | "product" | "note" | "other";

function classifyHeader(cell: string): Column {
  const f = fold(cell);
  if (/^(stt|tt|so tt|so thu tu)$/.test(f)) return "stt";
  if (/phoi hop/.test(f)) return "partner";
  if (/chu tri|thuc hien|don vi|co quan|trach nhiem/.test(f) && !/thoi gian|noi dung/.test(f)) return "lead";
  if (/thoi gian|thoi han|tien do|hoan thanh/.test(f)) return "time";
  if (/noi dung|nhiem vu|hoat dong|cong viec|ten |chi tieu|giai phap|de an|du an|chuong trinh/.test(f)) return "content";
  if (/san pham|ket qua/.test(f)) return "product";
  if (/ghi chu/.test(f)) return "note";
  return "other";
}

// Loops rather than `.map`: optimized code makes `.map` results holey arrays, a second array shape for their readers.
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  for (const cell of row.slice(1, -1).split("|")) cells.push(cell.trim());
  return cells;
}

function columnsOf(cells: string[]): Column[] {
  const cols: Column[] = [];
  for (const cell of cells) cols.push(classifyHeader(cell));
  return cols;
}

/**
 * Turn a task table (STT | Nội dung | Cơ quan chủ trì | ...) into one section per
 * row, its text written as labelled lines so the same readers extract roles and
 * timeframes. Returns null when the table is not a task table.
 */
export function tableToSections(rows: string[], prefix: string, nextOrder: () => number, kind: SectionKind): RawSection[] | null {
  const headerIdx = rows.findIndex((r) => {
    const cols = columnsOf(cellsOf(r));
    return cols.includes("content") && (cols.includes("lead") || cols.includes("time") || cols.includes("partner"));
  });
  if (headerIdx < 0) return null;
  const headerCells = cellsOf(rows[headerIdx] as string);
  const cols = columnsOf(headerCells);
  const sttCol = cols.indexOf("stt");
  const contentCol = cols.indexOf("content");

  interface Row { stt: string; group: string | null; cells: string[] }
  const parsed: Row[] = [];
  const groups: Array<{ label: string; title: string }> = [];
  let group: string | null = null;
  for (const r of rows.slice(headerIdx + 1)) {
    const cells = cellsOf(r);
    if (cells.every((c, i) => fold(c) === fold(headerCells[i] ?? ""))) continue; // repeated header
    if (cells.every((c) => /^\(?\d{1,2}\)?$/.test(c) || c === "")) continue; // column numbering row "(1) | (2)"
    const stt = (sttCol >= 0 ? cells[sttCol] : "")?.replace(/\.$/, "").trim() ?? "";
    if (/^[IVX]{1,5}$/.test(stt) || /^[A-Z]$/.test(stt)) {
      group = stt;
      groups.push({ label: stt, title: cells.filter((c, i) => i !== sttCol && c).join(" ") });
      continue;
    }
    if (/^\d{1,3}(?:\.\d{1,2})*$/.test(stt)) {
      parsed.push({ stt, group, cells });
    } else if (parsed.length) {
      const last = parsed[parsed.length - 1] as Row;
      last.cells = last.cells.map((c, i) => [c, cells[i] ?? ""].filter(Boolean).join(" "));
    } else if (cells.some(Boolean)) {
      // A title row before the first task: treat as a group without label.
      groups.push({ label: "", title: cells.filter(Boolean).join(" ") });
    }
  }
  if (!parsed.length) return null;
  const seen = new Map<string, string | null>();
  let restarts = false;
  for (const r of parsed) {
    if (seen.has(r.stt) && seen.get(r.stt) !== r.group) restarts = true;
    seen.set(r.stt, r.group);
  }
  const out: RawSection[] = [];
  if (restarts) {
    for (const g of groups.filter((x) => x.label)) {
      out.push({ id: `${prefix}.${g.label}`, parent: prefix, order: nextOrder(), kind, heading: g.title, lines: [] });
    }
  }
  for (const r of parsed) {
    const base = restarts && r.group ? `${prefix}.${r.group}` : prefix;
    const lines: string[] = [];
    r.cells.forEach((c, i) => {
      if (i === sttCol || i === contentCol || !c) return;
      lines.push(`${headerCells[i] || "Ghi chú"}: ${c}`);
    });
    out.push({
      id: `${base}.${r.stt}`,
      parent: base,
      order: nextOrder(),
      kind,
      heading: contentCol >= 0 ? (r.cells[contentCol] ?? "") : r.cells.filter(Boolean)[0] ?? "",
      lines,
    });
  }
  return out;
}
