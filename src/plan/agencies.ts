/**
 * Agency names: splitting lists of agencies, canonical matching forms that
 * ignore diacritics, abbreviations and the trailing level word, and group
 * references ("Các phòng, ban, ngành", "UBND các xã, thị trấn") with the
 * agencies they cover.
 */
import { matchForm } from "../text/abbreviations.js";
import { endsWithPunctuationOrBlank, stripTrailingPunctuation } from "../text/scan.js";
import { LIST_HEAD } from "./lexicon.js";
import { emptyList } from "./lists.js";

/** Administrative level words that may trail an agency name. */
const LEVEL_WORDS = ["huyen", "tinh", "xa", "phuong", "thi tran", "thanh pho", "thi xa", "quan", "dac khu"];
const LEVEL_RE = new RegExp(`^(?:${LEVEL_WORDS.join("|")})\\b`);

/** Split "Sở A, Sở B và Phòng C; các cơ quan liên quan" into agencies, keeping commas inside names. */
export function splitAgencyList(value: string): string[] {
  // Runs of blanks become one space (skipped when every blank is already a lone space).
  const single = /[^\S ]| {2}/.test(value) ? value.replace(/\s+/g, " ") : value;
  const cleaned = (endsWithPunctuationOrBlank(single) ? stripTrailingPunctuation(single) : single).trim();
  const out = emptyList<string>();
  if (!cleaned) return out;
  // `cleaned.split(/\s*;\s*/)` (cleaned is trimmed): a regex split runs its regex at every index.
  for (const untrimmed of cleaned.split(";")) {
    const part = untrimmed.trim();
    let current = "";
    const tokens = splitAtListSeparators(part);
    for (let i = 0; i < tokens.length; i += 2) {
      const piece = (tokens[i] ?? "").trim();
      const sep = i > 0 ? (tokens[i - 1] ?? "") : "";
      if (!piece) continue;
      const afterHdnd = (current.endsWith("HĐND") || current.endsWith("Hội đồng nhân dân")) && (piece.startsWith("UBND") || piece.startsWith("Ủy ban") || piece.startsWith("Uỷ ban"));
      if (current && LIST_HEAD.test(piece) && !afterHdnd) {
        keepAgency(out, current);
        current = piece;
      } else {
        current = current ? `${current}${sep.includes(",") ? ", " : sep.includes("cùng") ? " cùng " : " và "}${piece}` : piece;
      }
    }
    if (current) keepAgency(out, current);
  }
  return out;
}

/** Adds a listed agency to `out` without a leading "và"/"cùng"; a name of one character is none. */
function keepAgency(out: string[], listed: string): void {
  const name = (listed.startsWith("và") || listed.startsWith("cùng") ? listed.replace(/^(?:và|cùng)\s+/u, "") : listed).trim();
  if (name.length > 1) out.push(name);
}

/**
 * `part.split(/(\s*,\s*|\s+và\s+|\s+cùng\s+)/u)` for a text whose blanks are single spaces (as
 * splitAgencyList leaves them): pieces and the separators between them, found with indexOf.
 */
function splitAtListSeparators(part: string): string[] {
  const out: string[] = [];
  let from = 0;
  // The next of each separator at or after `from` (-1: none left), searched again only once passed.
  let comma = part.indexOf(",");
  let va = part.indexOf(" và ");
  let cung = part.indexOf(" cùng ");
  for (;;) {
    if (comma >= 0 && comma < from) comma = part.indexOf(",", from);
    if (va >= 0 && va < from) va = part.indexOf(" và ", from);
    if (cung >= 0 && cung < from) cung = part.indexOf(" cùng ", from);
    // The leftmost separator: ",", " ," (with the space after it, if any), " và ", " cùng ".
    let start = -1;
    let end = -1;
    if (comma >= 0) {
      start = comma > from && part.charCodeAt(comma - 1) === 32 ? comma - 1 : comma;
      end = comma + (part.charCodeAt(comma + 1) === 32 ? 2 : 1);
    }
    if (va >= 0 && (start < 0 || va < start)) {
      start = va;
      end = va + 4;
    }
    if (cung >= 0 && (start < 0 || cung < start)) {
      start = cung;
      end = cung + 6;
    }
    if (start < 0) break;
    out.push(part.slice(from, start), part.slice(start, end));
    from = end;
  }
  out.push(part.slice(from));
  return out;
}

export type GroupId = "district-depts" | "provincial-depts" | "communes" | "districts" | "press" | "mass-orgs" | "everyone";

interface GroupDef {
  id: GroupId;
  /** Matches the group wording in a matchForm text. */
  re: RegExp;
  covers: (p: AgencyProfile) => boolean;
}

const isParty = (form: string): boolean => /\b(huyen uy|tinh uy|thanh uy|dang uy|quan uy)\b/.test(form);

/** Group references and the agencies each covers (plan-anatomy.md). */
export const GROUPS: GroupDef[] = [
  {
    id: "district-depts",
    re: /\bcac (?:phong ban nganh|phong nganh|phong ban chuyen mon|phong chuyen mon|phong ban|co quan chuyen mon)\b/,
    covers: (p) =>
      !isParty(p.form) &&
      (p.level === null || p.level === "huyen" || p.level === "thi xa" || p.level === "thanh pho" || p.level === "quan") &&
      /^(phong|ban|cong an|trung tam|dai truyen thanh|dai phat thanh)\b/.test(p.base) &&
      !/^ban chi huy\b/.test(p.base),
  },
  {
    id: "provincial-depts",
    re: /\bcac (?:so ban nganh|so nganh|so)\b/,
    covers: (p) =>
      !isParty(p.form) &&
      (p.level === null || p.level === "tinh" || p.level === "thanh pho") &&
      (/^so\b/.test(p.base) || (/^(ban|cong an)\b/.test(p.base) && !/^ban chi huy\b/.test(p.base) && p.level === "tinh")),
  },
  {
    id: "communes",
    re: /\b(?:uy ban nhan dan (?:cac )?cap xa|uy ban nhan dan cac (?:xa|phuong)(?: (?:xa|phuong|thi tran|dac khu)){0,3}|uy ban nhan dan (?:xa|phuong)(?: (?:xa|phuong|thi tran|dac khu)){1,3}|cac xa(?: (?:phuong|thi tran|dac khu)){0,3}|cac phuong(?: (?:xa|thi tran|dac khu)){1,3})\b/,
    covers: (p) => /^uy ban nhan dan (xa|phuong|thi tran|dac khu)\b/.test(p.form) || /^(xa|cap xa)$/.test(p.form),
  },
  {
    id: "districts",
    re: /\b(?:uy ban nhan dan cac (?:huyen|quan)(?: thi xa)?(?: thanh pho)?|uy ban nhan dan (?:cac )?cap huyen|cac huyen thi xa thanh pho)\b/,
    covers: (p) => /^uy ban nhan dan (huyen|quan|thi xa|thanh pho)\b/.test(p.form) && p.level !== "tinh",
  },
  {
    id: "press",
    re: /\bcac (?:co quan (?:thong tan )?bao chi|bao dai|co quan bao chi truyen thong)\b/,
    covers: (p) => /^(bao|tap chi|dai phat thanh|dai truyen thanh|dai truyen hinh)\b/.test(p.base),
  },
  {
    id: "mass-orgs",
    re: /\bcac (?:doan the|to chuc) chinh tri xa hoi\b/,
    covers: (p) => /^(mat tran to quoc|hoi (lien hiep phu nu|nong dan|cuu chien binh)|doan thanh nien|huyen doan|tinh doan|lien doan lao dong)\b/.test(p.base),
  },
  {
    id: "everyone",
    re: /\bcac (?:co quan don vi dia phuong|don vi dia phuong|cap cac nganh)\b(?! lien quan)/,
    covers: () => true,
  },
];

export interface AgencyProfile {
  /** matchForm of the name as asked, without a leading "các". */
  form: string;
  /** form without the trailing level word and place name. */
  base: string;
  /** Trailing level word, e.g. "huyen"; null when none. */
  level: string | null;
  /** Alternative forms to look for (with the place name dropped, ...). */
  variants: string[];
  /** The group the name itself denotes ("UBND các xã, thị trấn"), if any. */
  group: GroupId | null;
  /** Groups whose wording covers this agency. */
  memberOf: GroupId[];
  /** Matches the base name printed without a level word (built once). */
  baseWithoutLevel: RegExp | null;
}

/** Find the trailing level word (and the place name after it) in a form. */
function splitLevel(form: string): { base: string; level: string | null; place: string } {
  const words = form.split(" ");
  for (let i = words.length - 1; i >= 1; i--) {
    const rest = words.slice(i).join(" ");
    const m = LEVEL_RE.exec(rest);
    if (m) {
      const level = m[0];
      const place = rest.slice(level.length).trim();
      // A place name is at most 3 syllables ("Vạn Ninh", "Thừa Thiên Huế").
      if (place.split(" ").filter(Boolean).length <= 3) {
        return { base: words.slice(0, i).join(" "), level, place };
      }
    }
  }
  return { base: form, level: null, place: "" };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const PROFILES = new Map<string, AgencyProfile>();

/** Build the matching profile of an agency name in any spelling (memoized: names repeat across plans). */
export function agencyProfile(name: string): AgencyProfile {
  let p = PROFILES.get(name);
  if (!p) {
    if (PROFILES.size > 50_000) PROFILES.clear();
    p = buildProfile(name);
    PROFILES.set(name, p);
  }
  return p;
}

function buildProfile(name: string): AgencyProfile {
  const form = matchForm(name).replace(/^(?:cac|nhung) /, "");
  const group = GROUPS.find((g) => g.re.test(` ${matchForm(name)} `) || g.re.test(form))?.id ?? null;
  const { base, level, place } = splitLevel(form);
  const variants = new Set<string>([form]);
  if (level && place) variants.add(`${base} ${level}`);
  const profile: AgencyProfile = {
    form,
    base,
    level,
    variants: [...variants],
    group,
    memberOf: [],
    baseWithoutLevel:
      level && base.split(" ").length >= 2 && !/^(uy ban nhan dan|hoi dong nhan dan|cong an|van phong uy ban nhan dan|van phong hoi dong nhan dan)$/.test(base)
        ? new RegExp(` ${escapeRe(base)} (?!(?:${LEVEL_WORDS.join("|")}) )`)
        : null,
  };
  profile.memberOf = group ? [] : GROUPS.filter((g) => g.covers(profile)).map((g) => g.id);
  return profile;
}

/** Any group's wording (the union of GROUPS' patterns). */
const ANY_GROUP = new RegExp(GROUPS.map((g) => `(?:${g.re.source})`).join("|"));

// "các sở, ngành liên quan" means the relevant ones, not every member of the group.
const NOT_RELEVANT_ONLY = /^(?: [a-z]+){0,3}? (?:co )?lien quan\b/;

/** Whether the group's wording occurs in a matchForm text as a blanket reference. */
const GLOBAL_RE = new Map<GroupId, RegExp>();
function groupNamedIn(g: GroupDef, form: string): boolean {
  if (!g.re.test(form)) return false;
  let re = GLOBAL_RE.get(g.id);
  if (!re) GLOBAL_RE.set(g.id, (re = new RegExp(g.re.source, "g")));
  re.lastIndex = 0;
  for (let m = re.exec(form); m; m = re.exec(form)) {
    if (!NOT_RELEVANT_ONLY.test(form.slice(m.index + m[0].length))) return true;
  }
  return false;
}

/** Group ids whose wording occurs in a matchForm text. */
export function groupsIn(form: string): GroupId[] {
  // Every group wording contains "cac " or "uy ban nhan dan "; then one scan for any of them.
  const found = emptyList<GroupId>();
  if (!form.includes("cac ") && !form.includes("uy ban nhan dan ")) return found;
  if (!ANY_GROUP.test(form)) return found;
  for (const g of GROUPS) if (groupNamedIn(g, form)) found.push(g.id);
  return found;
}

/** The group wording as printed, for `via`: "Các phòng, ban, ngành" out of the clause that names it. */
export function groupWording(text: string, id: GroupId): string | null {
  const def = GROUPS.find((g) => g.id === id);
  if (!def) return null;
  for (const piece of splitAgencyList(text)) {
    if (!def.re.test(matchForm(piece))) continue;
    // Start at the group's own words ("các ...", "UBND ..."), end before a verb or a purpose clause.
    const start = piece.search(/(?:^|\s)(?:[Cc]ác|UBND|Ủy ban|Uỷ ban)\s/u);
    let w = start > 0 ? piece.slice(start).trim() : piece;
    w = w.replace(/^(?:đề nghị|giao|yêu cầu)\s+/iu, "");
    const cut = /\s(?:xây dựng|triển khai|thực hiện|tổ chức|trong (?:công tác|việc|phạm vi)|để|nhằm|theo|căn cứ|có trách nhiệm|chủ động|tham gia)(?=[\s,.;:]|$)/u.exec(w);
    if (cut) w = w.slice(0, cut.index);
    return w.replace(/[.;:,\s]+$/u, "");
  }
  return null;
}


/**
 * Whether a matchForm text names the agency directly: the agency's form at word
 * boundaries; a name given without a level word also matches the same name with
 * one, and a name with a level word matches the name printed without one unless
 * another level follows ("Công an huyện" never matches "Công an tỉnh").
 */
export function namesAgency(textForm: string, p: AgencyProfile): boolean {
  const padded = ` ${textForm} `;
  for (const v of p.variants) if (padded.includes(` ${v} `)) return true;
  if (p.group) return GROUPS.find((g) => g.id === p.group)?.re.test(textForm) ?? false;
  // "Phòng Văn hóa và Thông tin huyện" asked, "Phòng Văn hóa và Thông tin" printed.
  return p.baseWithoutLevel !== null && padded.includes(` ${p.base} `) && p.baseWithoutLevel.test(padded);
}
