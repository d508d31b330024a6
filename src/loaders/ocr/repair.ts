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

/** One pattern per phrase: any letter (with any marks) where the phrase has a letter; the replacer compares folded forms. */
const PHRASE_RULES: PhraseRule[] = FIXED_PHRASES.map((phrase) => {
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
  for (const { pattern, phrase } of PHRASE_RULES) {
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
    // "1L NỘI DUNG", "Il. NHIỆM VỤ": a part number of I's (II, III) read as 1, l, L or |, before an upper-case heading.
    .replace(new RegExp(`${LINE_START}(?=[1Il|L]*[Il|L])([1Il|L]{2,4})\\.?(\\s+)(\\p{Lu}[^\\p{Ll}]*)$`, "gmu"), (_m, start: string, label: string, space: string, rest: string) =>
      `${start}${"I".repeat(label.length)}.${space}${rest}`,
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

const ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/**
 * A part number that lost a stroke (III read as "II.", IV as "V."): when an upper-case
 * part heading repeats the number of the part heading before it, or skips back, and
 * the number that should follow is printed nowhere as a part, it is that number.
 */
export function repairPartSequence(text: string): string {
  const lines = text.split("\n");
  const part = new RegExp(`${LINE_START}([IVX]{1,5})\\.(\\s+)(?=\\p{Lu})([^\\p{Ll}]*)$`, "u");
  const parts = lines.flatMap((l, i) => {
    const m = part.exec(l);
    return m && ROMAN.includes(m[2] as string) ? [{ i, label: m[2] as string }] : [];
  });
  const printed = new Set(parts.map((p) => p.label));
  let previous = -1;
  for (const p of parts) {
    const at = ROMAN.indexOf(p.label);
    const expected = ROMAN[previous + 1];
    if (previous >= 0 && at <= previous && expected && !printed.has(expected)) {
      lines[p.i] = (lines[p.i] as string).replace(part, (_m, start: string, _label: string, space: string, rest: string) => `${start}${expected}.${space}${rest}`);
      printed.add(expected);
      previous += 1;
    } else previous = at;
  }
  return lines.join("\n");
}

/** Applies every line-level repair (repairFirstPart needs the whole document and runs on it separately), in an order where each sees the previous ones' output; returns NFC text. */
export function repairOcrText(text: string): string {
  let out = text.normalize("NFC").replace(/[\u00d0\u0189\u00f0\u0256]/g, (ch) => ETH_LIKE[ch] ?? ch);
  out = repairItemLabels(out);
  out = repairDigits(out);
  out = restoreFixedPhrases(out);
  return out.normalize("NFC");
}

/** The repairs that need the whole document (all pages joined): part I read as "1.", then part numbers that lost a stroke. */
export function repairOcrDocument(text: string): string {
  return repairPartSequence(repairFirstPart(text));
}
