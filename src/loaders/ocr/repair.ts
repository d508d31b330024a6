// Repairs of typical OCR mistakes in Vietnamese plan text, applied only where the intended text is unambiguous.

import { stripDiacritics } from "../../text/fold.js";

/** Letters OCR confuses with Đ/đ: Icelandic eth (Ð U+00D0, ð U+00F0) and African D (Ɖ U+0189, ɖ U+0256). */
const ETH_LIKE: Record<string, string> = { "\u00d0": "Đ", "\u0189": "Đ", "\u00f0": "đ", "\u0256": "đ" };

/** Glyphs read in place of a digit inside a number: l, I, | and ı for 1; O and o for 0. */
const DIGIT_LIKE: Record<string, string> = { l: "1", I: "1", "|": "1", "\u0131": "1", O: "0", o: "0" };

/**
 * Fixed phrases of administrative documents. When OCR returns one of them with
 * tone marks lost or misplaced (same letters once diacritics are folded), the
 * phrase is restored; its letter case follows the OCR text.
 */
const FIXED_PHRASES = [
  "Cộng hòa xã hội chủ nghĩa Việt Nam",
  "Độc lập - Tự do - Hạnh phúc",
  "Ủy ban nhân dân",
  "Hội đồng nhân dân",
  "Mặt trận Tổ quốc Việt Nam",
  "Thủ tướng Chính phủ",
  "Chủ tịch",
  "Phó Chủ tịch",
  "Mục đích, yêu cầu",
  "Mục đích yêu cầu",
  "Nhiệm vụ và giải pháp",
  "Nhiệm vụ, giải pháp",
  "Tổ chức thực hiện",
  "Kinh phí thực hiện",
  "Nơi nhận",
  "Kế hoạch",
  "Căn cứ",
  "Quyết định",
  "Nghị quyết",
  "Chỉ thị",
  "Thông tư",
  "Nghị định",
  "Sở Tài chính",
  "Sở Nội vụ",
  "Sở Tư pháp",
  "Sở Y tế",
  "Sở Giáo dục và Đào tạo",
  "Sở Văn hóa, Thể thao và Du lịch",
  "Sở Khoa học và Công nghệ",
  "Sở Kế hoạch và Đầu tư",
  "Sở Nông nghiệp và Phát triển nông thôn",
  "Sở Nông nghiệp và Môi trường",
  "Sở Tài nguyên và Môi trường",
  "Sở Lao động - Thương binh và Xã hội",
  "Sở Thông tin và Truyền thông",
  "Sở Công Thương",
  "Sở Xây dựng",
  "Công an tỉnh",
  "Công an huyện",
  "Phòng Văn hóa và Thông tin",
  "Văn phòng",
  "trước ngày",
  "thi hành",
  "sửa đổi, bổ sung",
  "bổ sung",
  "chủ trì",
  "phối hợp",
  "định kỳ",
  "báo cáo",
];

const foldKey = (s: string): string => stripDiacritics(s.normalize("NFC")).toLowerCase().replace(/\s+/g, " ");

interface PhraseRule {
  pattern: RegExp;
  phrase: string;
}

/**
 * One pattern per phrase: any letter (with any marks) where the phrase has a letter; the replacer compares folded forms.
 * Made on the first OCR repair: every process that loads documents imports this module, most never read a scan.
 */
let phraseRules: PhraseRule[] | undefined;
const makePhraseRules = (): PhraseRule[] => FIXED_PHRASES.map((phrase) => {
  const body = [...foldKey(phrase)]
    .map((ch) => (ch === " " ? "\\s+" : /[a-z]/.test(ch) ? "\\p{L}\\p{M}*" : ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return { pattern: new RegExp(`(?<![\\p{L}\\p{M}])${body}(?![\\p{L}\\p{M}])`, "gu"), phrase };
});

function withCaseOf(model: string, phrase: string): string {
  const letters = model.replace(/[^\p{L}]/gu, "");
  if (letters !== "" && letters === letters.toUpperCase()) return phrase.toUpperCase();
  if (model[0] && model[0] === model[0].toLowerCase() && model[0] !== model[0].toUpperCase()) {
    return phrase[0]!.toLowerCase() + phrase.slice(1);
  }
  if (model[0] && model[0] !== model[0].toLowerCase()) return phrase[0]!.toUpperCase() + phrase.slice(1);
  return phrase;
}

/** Restores fixed phrases whose letters match once diacritics are folded. */
export function restoreFixedPhrases(text: string): string {
  let out = text;
  for (const { pattern, phrase } of (phraseRules ??= makePhraseRules())) {
    const key = foldKey(phrase);
    out = out.replace(pattern, (m) => (foldKey(m) === key ? withCaseOf(m, phrase) : m));
  }
  return out;
}

/**
 * Digits misread as letters inside numbers: in a token of digits, separators
 * (/ . -) and the look-alikes l I | O o, with at least two real digits, each
 * look-alike that stands in a run of digits (between the same separators) becomes
 * its digit ("l5/3/2O24" → "15/3/2024", "1l/3" → "11/3"). A look-alike alone
 * between separators is a Roman numeral or a word ("Quý I/2024", "Quý II, III/2024")
 * and stays, and so do tokens without two digits ("II.", words).
 */
export function repairDigits(text: string): string {
  return text.replace(/(?<![\p{L}\p{M}])[\dlI|\u0131Oo][\dlI|\u0131Oo/.\-]*(?![\p{L}\p{M}])/gu, (token) => {
    if ((token.match(/\d/g) ?? []).length < 2) return token;
    if (!/[lI|\u0131Oo]/u.test(token)) return token;
    return token
      .split(/([/.\-])/u)
      .map((chunk) => (/\d/.test(chunk) ? chunk.replace(/[lI|\u0131Oo]/gu, (ch) => DIGIT_LIKE[ch] ?? ch) : chunk))
      .join("");
  });
}

/**
 * Dates OCR split with a space: around a slash ("30/6/ 2025", "30 /6/2025") or inside the day or the
 * month ("05/1 1/2019", "1 5/3/2024"). The parts are joined when the result is a valid day and month.
 */
export function repairSplitDates(text: string): string {
  const valid = (d: string, m: string) => Number(d) >= 1 && Number(d) <= 31 && Number(m) >= 1 && Number(m) <= 12;
  return text
    .replace(/(?<!\d)(\d{1,2})[ \t]*\/[ \t]*(\d{1,2})[ \t]*\/[ \t]*((?:19|20)\d{2})(?!\d)/gu, (m, d: string, mo: string, y: string) => (valid(d, mo) ? `${d}/${mo}/${y}` : m))
    .replace(/(?<!\d)(\d{1,2})\/(\d) (\d)\/((?:19|20)\d{2})(?!\d)/gu, (m, d: string, a: string, b: string, y: string) => (valid(d, a + b) ? `${d}/${a}${b}/${y}` : m))
    .replace(/(?<![\d,;] ?)(?<!\d)(\d) (\d)\/(\d{1,2})\/((?:19|20)\d{2})(?!\d)/gu, (m, a: string, b: string, mo: string, y: string) => (valid(a + b, mo) ? `${a}${b}/${mo}/${y}` : m));
}

/** Roman numerals as parts and quarters are numbered. */
const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];
const QUARTERS = ROMAN.slice(0, 4);

/**
 * A list of quarters ("Quý II, III/2024", "quý I và II năm 2025"; the period wording of plan-anatomy.md) runs upwards; where OCR dropped a
 * stroke and a quarter repeats the one before it ("Quý II, II/2024"), it is the next quarter.
 */
export function repairQuarterLists(text: string): string {
  return text.replace(/(\b[Qq]uý\s+)([IV]{1,3}(?:\s*(?:,|và|-|–)\s*[IV]{1,3})+)(?![\p{L}\p{M}])/gu, (m, head: string, list: string) => {
    const parts = list.split(/(\s*(?:,|và|-|–)\s*)/u);
    let previous = 0;
    for (let i = 0; i < parts.length; i += 2) {
      const at = QUARTERS.indexOf(parts[i] as string) + 1;
      if (at === 0) return m;
      if (at === previous && previous < QUARTERS.length) parts[i] = QUARTERS[previous] as string;
      previous = QUARTERS.indexOf(parts[i] as string) + 1;
    }
    return head + parts.join("");
  });
}

/** What may stand before a label at the start of a line: spaces and Markdown heading or emphasis marks ("## **"). */
const LINE_START = String.raw`^(\s*(?:#{1,6}\s+)?(?:\*{1,3}|_{1,3})?\s*)`;

/**
 * Labels at the start of a line, as OCR garbles them: "l." or "l)" for 1 (a
 * lower-case l is never a list label in Vietnamese plans); "[.", "]." or "|."
 * for I before an upper-case heading and for 1 before a sentence; a comma for
 * the label's full stop ("II, NỘI DUNG", "1, Mục đích") when a capital follows;
 * and the space lost after a label ("I.MỤC ĐÍCH").
 */
export function repairItemLabels(text: string): string {
  return text
    .replace(new RegExp(`${LINE_START}l([.)])(?=\\s)`, "gmu"), "$11$2")
    .replace(new RegExp(`${LINE_START}[\\[\\]|]\\.(\\s+)(.*)$`, "gmu"), (_m, start: string, space: string, rest: string) =>
      `${start}${/\p{Ll}/u.test(rest) ? "1" : "I"}.${space}${rest}`,
    )
    .replace(new RegExp(`${LINE_START}([IVX]{1,5}|\\d{1,2}),(\\s+)(?=\\p{Lu})`, "gmu"), "$1$2.$3")
    .replace(new RegExp(`${LINE_START}([IVX]{1,5}|\\d{1,2})\\.(?=\\p{Lu})`, "gmu"), "$1$2. ");
}

/**
 * Part I of a plan read as "1." (or "l.", "|."): when the text has a part "II."
 * but no "I.", the first upper-case heading labelled 1 before part II is part I.
 */
export function repairFirstPart(text: string): string {
  const lines = text.split("\n");
  const label = (roman: string) => new RegExp(`${LINE_START}${roman}\\.\\s+\\p{Lu}`, "u");
  const partTwo = lines.findIndex((l) => label("II").test(l));
  if (partTwo < 0 || lines.some((l) => label("I").test(l))) return text;
  const heading = new RegExp(`${LINE_START}[1l|]\\.(\\s+)(?=\\p{Lu})([^\\p{Ll}]*)$`, "u");
  const first = lines.findIndex((l, i) => i < partTwo && heading.test(l));
  if (first < 0) return text;
  lines[first] = (lines[first] as string).replace(new RegExp(`${LINE_START}[1l|]\\.`, "u"), "$1I.");
  return lines.join("\n");
}

/** A part heading at the start of a line: its label, its stop (".", "," or none) and the heading after it. */
const PART_HEADING = new RegExp(`${LINE_START}([IVXLlH1|]{1,5})([.,]?)(\\s+)(\\p{Lu}.*)$`, "u");

/**
 * The number of each part heading ("I. MỤC ĐÍCH", "II. Nội dung") as printed, or null when OCR garbled it:
 * "1L", "Il", "IH", "1H" (H for II is Tesseract's usual slip). A garbled label counts only before an
 * upper-case heading or when it holds an H or an L (never a digit), so an item "1l. Tuyên truyền" (11) is left alone; a label
 * of digits only is an item, never a part.
 */
function partLabel(line: string): { value: number | null } | undefined {
  const m = PART_HEADING.exec(line);
  if (!m) return undefined;
  const [, , label = "", stop = "", , heading = ""] = m;
  const index = ROMAN.indexOf(label);
  if (index >= 0) return stop === "" ? undefined : { value: index + 1 };
  if (/^\d+$/.test(label) || !/[IH]/.test(label.replace(/[1lL|]/g, "I"))) return undefined;
  const upperHeading = !/\p{Ll}/u.test(heading);
  return upperHeading || /[HL]/.test(label) ? { value: null } : undefined;
}

/**
 * Part numbers OCR garbled or misread ("1L. MỤC ĐÍCH" for I, "IH." or "II." for III), repaired from
 * the order of the parts: a part heading keeps its number when it lies between the previous part's
 * and the next readable one's; otherwise it is the previous number plus one (when that does not lie
 * below the next readable number, the next one is misread too and is mended in its turn). A part
 * that OCR lost leaves a gap and nothing is renumbered.
 */
export function repairPartSequence(text: string): string {
  const lines = text.split("\n");
  const parts = lines.flatMap((l, i) => {
    const label = partLabel(l);
    return label ? [{ i, value: label.value }] : [];
  });
  // Part I read as "1." before an upper-case heading, when no upper-case "2." heading shows that the parts are numbered 1, 2, 3.
  const arabicPart = (n: number) => new RegExp(`${LINE_START}${n}\\.\\s+\\p{Lu}[^\\p{Ll}]*$`, "u");
  const one = lines.findIndex((l) => arabicPart(1).test(l));
  if (one >= 0 && parts.length > 0 && one < (parts[0]?.i ?? 0) && !lines.some((l) => arabicPart(2).test(l))) parts.unshift({ i: one, value: null });
  let previous = 0;
  parts.forEach((part, k) => {
    const next = parts.slice(k + 1).find((p) => p.value !== null)?.value ?? Number.POSITIVE_INFINITY;
    const fits = (v: number) => v > previous && v < next;
    let value = part.value;
    if ((value === null || !fits(value)) && previous + 1 <= ROMAN.length) {
      // The previous number plus one when it fits; otherwise, for a label that cannot stand (garbled, or not above the
      // previous), still the previous plus one: the next label is then misread too ("II." for III, then "III." for IV).
      if (fits(previous + 1) || value === null || value <= previous) value = previous + 1;
    }
    if (value !== null && value !== part.value) {
      const roman = ROMAN[value - 1] as string;
      lines[part.i] = (lines[part.i] as string).replace(PART_HEADING, (_m, start: string, _label: string, _stop: string, space: string, heading: string) => `${start}${roman}.${space}${heading}`);
    }
    if (value !== null) previous = Math.max(previous, value);
  });
  return lines.join("\n");
}

/** Applies every line-level repair (repairFirstPart needs the whole document and runs on it separately), in an order where each sees the previous ones' output; returns NFC text. */
export function repairOcrText(text: string): string {
  let out = text.normalize("NFC").replace(/[\u00d0\u0189\u00f0\u0256]/g, (ch) => ETH_LIKE[ch] ?? ch);
  out = repairItemLabels(out);
  out = repairDigits(out);
  out = repairSplitDates(out);
  out = repairQuarterLists(out);
  // A line ending in a comma before a bullet that starts a sentence: the comma was the item's full stop.
  out = out.replace(/,[ \t]*\n(?=[ \t]*[-+•] \p{Lu})/gu, ".\n");
  out = restoreFixedPhrases(out);
  return out.normalize("NFC");
}

/** A numbered item heading at the start of a line: "5. Sở Tài chính" (one number, not "1.1."). */
const ITEM_HEADING = new RegExp(`${LINE_START}(\\d{1,2})\\.(\\s+)(?=\\p{Lu})`, "u");

/**
 * Item numbers OCR misread as another digit ("9. Các sở, ngành" between items 4 and 6): within a
 * part, an item number that does not lie between the previous item's and the next one's becomes the
 * previous number plus one, when that lies below the next number. Only an item with a next item is
 * touched, so a list that starts again at 1 after the last item stays as it is.
 */
export function repairItemSequence(text: string): string {
  const lines = text.split("\n");
  const items: Array<{ i: number; value: number } | "part"> = [];
  lines.forEach((l, i) => {
    if (partLabel(l)) items.push("part");
    else {
      const m = ITEM_HEADING.exec(l);
      if (m) items.push({ i, value: Number(m[2]) });
    }
  });
  let previous = 0;
  items.forEach((item, k) => {
    if (item === "part") {
      previous = 0;
      return;
    }
    const following = items.slice(k + 1);
    const end = following.indexOf("part");
    const next = (end < 0 ? following : following.slice(0, end)).find((x): x is { i: number; value: number } => x !== "part")?.value;
    let value = item.value;
    if (next !== undefined && !(value > previous && value < next) && previous + 1 < next && previous > 0) {
      value = previous + 1;
      lines[item.i] = (lines[item.i] as string).replace(ITEM_HEADING, (_m, start: string, _n: string, space: string) => `${start}${value}.${space}`);
    }
    previous = Math.max(previous, value);
  });
  return lines.join("\n");
}

/** The repairs that need the whole document (all pages joined): part I read as "1.", part numbers, item numbers. */
export function repairOcrDocument(text: string): string {
  return repairItemSequence(repairPartSequence(repairFirstPart(text)));
}
