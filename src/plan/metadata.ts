/**
 * Plan metadata from the header, title, body and signature: number, issuing
 * body, place, issue date at the precision printed, target year, title, signer.
 */
import type { PlanMeta } from "../core/types.js";
import type { PlanLayout } from "./structure.js";

const FILL = "[\\s._…/-]*";
const DATE_LINE = new RegExp(
  `(?:^|[\\s,])([\\p{Lu}][\\p{L}]*(?:[ \\t]+[\\p{Lu}][\\p{L}]*){0,3})[ \\t]*,[ \\t]*ngày${FILL}(\\d{1,2})?${FILL}tháng${FILL}(\\d{1,2})?${FILL}năm${FILL}(\\d{4})`,
  "u",
);
const NUMBER = /Số\s*:?\s*([0-9A-Za-z]*)\s*\/\s*((?:\d{4}\s*\/\s*)?[A-ZĐ]{1,8}(?:\s*[-–]\s*[A-ZĐ0-9]{1,12}){0,3})/u;
const LEVEL = "(tỉnh|huyện|thành phố|thị xã|quận|xã|phường|thị trấn|đặc khu)";
const PLACE_NAME = "((?:\\s+[\\p{Lu}][\\p{Ll}]*){1,4})";
const ISSUER_SENTENCE = new RegExp(`(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\\s+${LEVEL}${PLACE_NAME}?\\s+(?:ban hành|xây dựng|triển khai|thực hiện|tổ chức)`, "u");
const MOTTO = /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc/giu;

const pad = (n: string): string => n.padStart(2, "0");

// Built once: esbuild compiles a regex literal with `\p{...}` inside a function to `new RegExp(...)` on every call.
const BODY_LEVEL_PLACE = new RegExp(`^(.*?)\\s*\\b${LEVEL}\\s+(.+)$`, "u");
const FIELD_WORD_START = /(^|,\s*|\s+và\s+|\s+-\s+)(\p{L})/gu;
const ANY_LETTER = /\p{L}/u;
const LEVEL_WORD_CAPS = new RegExp(`\\s${LEVEL.toLocaleUpperCase("vi")}(?:\\s|$)`, "u");
const UBND_LEVEL_PLACE = new RegExp(`^Ủy ban nhân dân ${LEVEL}\\s+(.+)$`, "u");

/** Capitalize a Vietnamese word (first letter only). */
const cap = (w: string): string => (w ? w.charAt(0).toLocaleUpperCase("vi") + w.slice(1) : w);

/** "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN" → "Ủy ban nhân dân tỉnh Hưng Yên". */
export function issuerFromCaps(caps: string): string | null {
  const text = caps.replace(MOTTO, " ").replace(/\s+/g, " ").trim();
  if (!text || text !== text.toLocaleUpperCase("vi")) return null;
  const lower = text.toLocaleLowerCase("vi").replace(/^ubnd\b/, "ủy ban nhân dân").replace(/^uỷ/, "ủy").replace(/mặt trận tổ quốc việt nam|mặt trận tổ quốc/u, (m) => m.replace("mặt trận", "Mặt trận").replace("tổ quốc", "Tổ quốc").replace("việt nam", "Việt Nam"));
  const m = BODY_LEVEL_PLACE.exec(lower);
  if (!m) return agencyCase(lower);
  const body = (m[1] ?? "").trim();
  const place = (m[3] ?? "").split(" ").map(cap).join(" ");
  return `${agencyCase(body)} ${m[2]} ${place}`.trim();
}

/** "sở kế hoạch và đầu tư" → "Sở Kế hoạch và Đầu tư": the head word and each part of the field name capitalized. */
function agencyCase(lower: string): string {
  const head = /^(sở|phòng|ban|công an|bộ chỉ huy|ban chỉ huy|văn phòng|trung tâm|chi cục|cục|đài|báo|bộ|tổng cục|viện|tiểu ban)\s+(.+)$/u.exec(lower);
  if (!head) return cap(lower);
  const field = (head[2] as string).replace(FIELD_WORD_START, (_m, sep: string, ch: string) => `${sep}${ch.toLocaleUpperCase("vi")}`);
  return `${cap(head[1] as string)} ${head[1] === "công an" ? head[2] : field}`;
}

/** The place and date wherever they stand in a letterhead cell. */
const DATE_ANYWHERE = new RegExp(DATE_LINE.source.replace("(?:^|[\\s,])", ""), "u");

/**
 * The capitals of the letterhead's left column: table cells and lines, without the number,
 * the place and date, the national motto and draft marks ("DỰ THẢO").
 */
function letterheadParts(headerLines: string[]): string[] {
  // Loops rather than a flatMap/map/filter chain: optimized `.map` makes holey arrays, a second shape for `.filter`.
  const parts: string[] = [];
  for (const line of headerLines) {
    if (!line.startsWith("|")) keepLetterheadPart(parts, line);
    else for (const cell of line.slice(1, -1).split("|")) keepLetterheadPart(parts, cell);
  }
  return parts;
}

/** Adds a letterhead line or cell to `parts`, without number, date, motto and rules, when it is a line of capitals. */
function keepLetterheadPart(parts: string[], text: string): void {
  const l = text
    .replace(/Số\s*:?\s*[0-9A-Za-z]*\s*\/\s*(?:\d{4}\s*\/\s*)?[A-ZĐ]{1,8}(?:\s*[-–]\s*[A-ZĐ0-9]{1,12}){0,3}/u, " ")
    .replace(DATE_ANYWHERE, " ")
    .replace(MOTTO, " ")
    .replace(/[-–_=*]{3,}/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  if (l && l === l.toLocaleUpperCase("vi") && ANY_LETTER.test(l) && !/^\(?(?:KẾ HOẠCH|QUYẾT ĐỊNH|DỰ THẢO|BẢN THẢO|MẬT|KHẨN|HỎA TỐC)\)?$/u.test(l)) parts.push(l);
}

const EXPAND_CAPS: Array<[RegExp, string]> = [
  [/\bUBND\b/gu, "ỦY BAN NHÂN DÂN"],
  [/\bHĐND\b/gu, "HỘI ĐỒNG NHÂN DÂN"],
  [/\bMTTQ\b/gu, "MẶT TRẬN TỔ QUỐC"],
  [/\bUBMTTQ\b/gu, "ỦY BAN MẶT TRẬN TỔ QUỐC"],
];
const ROLE_LINE = /^(?:CHỦ TỊCH|PHÓ CHỦ TỊCH|TRƯỞNG BAN|GIÁM ĐỐC|BÍ THƯ|THỦ TRƯỞNG)$/u;
const SUB_BODY = /^(?:BAN|SỞ|PHÒNG|TIỂU BAN|VĂN PHÒNG|THƯỜNG TRỰC|TỔ|HỘI ĐỒNG|CHI CỤC|TRUNG TÂM)\s/u;

/** The number in each match's first group (a loop: an optimized `.map` makes holey arrays, a second shape). */
function firstGroupNumbers(matches: Iterable<RegExpMatchArray>): number[] {
  const out: number[] = [];
  for (const m of matches) out.push(Number(m[1]));
  return out;
}

/**
 * The issuing body from the letterhead: the parent body with its level and place, then the
 * body under it that signs ("ỦY BAN MTTQ VIỆT NAM XÃ TÂN PHÚ / BAN THƯỜNG TRỰC"), or a post
 * ("CHỦ TỊCH / ỦY BAN NHÂN DÂN XÃ BÌNH MINH").
 */
function issuerFromLetterhead(parts: string[]): string | null {
  let items = parts.map((p) => EXPAND_CAPS.reduce((t, [re, full]) => t.replace(re, full), p));
  let role: string | null = null;
  if (items.length > 1 && ROLE_LINE.test(items[0] as string)) {
    role = cap((items[0] as string).toLocaleLowerCase("vi"));
    items = items.slice(1);
  }
  const subAt = items.findIndex((p, i) => i > 0 && SUB_BODY.test(p) && LEVEL_WORD_CAPS.test(` ${items.slice(0, i).join(" ")}`));
  const parent = issuerFromCaps((subAt > 0 ? items.slice(0, subAt) : items).join(" "));
  if (!parent) return null;
  if (role) return `${role} ${parent}`;
  if (subAt <= 0) return parent;
  const sub = agencyCase(items.slice(subAt).join(" ").toLocaleLowerCase("vi")).replace(/^Ban thường trực/u, "Ban Thường trực");
  const ubnd = UBND_LEVEL_PLACE.exec(parent);
  return ubnd && /^(?:Sở|Phòng|Văn phòng|Chi cục|Trung tâm)\s/u.test(sub) ? `${sub} ${ubnd[1]} ${ubnd[2]}` : `${sub} ${parent}`;
}

/** Extract the metadata of a plan from its layout and its normalized lines. */
export function extractMeta(layout: PlanLayout, lines: string[]): PlanMeta {
  const header = layout.headerLines.join("\n");
  const headerAndTop = [...layout.headerLines, ...lines.slice(0, 12)].join("\n");

  let number: string | null = null;
  const nm = NUMBER.exec(header) ?? NUMBER.exec(headerAndTop);
  if (nm && nm[1]) number = `${nm[1]}/${(nm[2] ?? "").replace(/\s+/g, "").replace(/–/g, "-")}`;

  let place: string | null = null;
  let issuedDate: string | null = null;
  const dm = DATE_LINE.exec(header) ?? DATE_LINE.exec(headerAndTop);
  if (dm) {
    place = (dm[1] ?? "").trim() || null;
    const [day, month, year] = [dm[2], dm[3], dm[4] as string];
    issuedDate = month ? (day ? `${year}-${pad(month)}-${pad(day)}` : `${year}-${pad(month)}`) : year;
  }

  const title = layout.titleLines.join(" ").replace(/\s+/g, " ").replace(/^[“"]|[”"]$/g, "").trim();
  const years = firstGroupNumbers(title.matchAll(/năm\s+(\d{4})/giu));
  const anyYears = firstGroupNumbers(title.matchAll(/\b(19\d{2}|20\d{2})\b/g));
  const year = years.length ? (years[years.length - 1] as number) : anyYears.length === 1 ? (anyYears[0] as number) : null;

  // Issuing body: the caps header block, else the sentence "UBND huyện X ban hành ...".
  let issuer: string | null = null;
  const capsHeader = letterheadParts(layout.headerLines);
  if (capsHeader.length) issuer = issuerFromLetterhead(capsHeader);
  if (!issuer) {
    const body = lines.slice(0, 60).join("\n");
    const im = ISSUER_SENTENCE.exec(body);
    if (im) {
      const level = im[1] as string;
      let name = (im[2] ?? "").trim();
      if (!name) {
        const tm = new RegExp(`${level}${PLACE_NAME}`, "u").exec(title);
        name = (tm?.[1] ?? "").trim() || (place ?? "");
      }
      issuer = `Ủy ban nhân dân ${level}${name ? ` ${name}` : ""}`;
    }
  }

  // Signer: the last line of the signature block that reads like a person's name.
  const NAME = /^[\p{Lu}][\p{Ll}]+(?:\s+[\p{Lu}][\p{Ll}]*){1,4}$/u;
  const candidates = layout.signatureLines.length ? layout.signatureLines : lines.slice(-6);
  let signer: string | null = null;
  for (const l of candidates) {
    const t = l.replace(/^\(.*\)$/, "").trim();
    if (NAME.test(t) && !/^(Nơi nhận|Lưu|Chủ tịch|Phó)/u.test(t)) signer = t;
  }

  return { title, number, issuer, place, issuedDate, year, signer, kind: layout.isDecision ? "decision" : "plan" };
}
