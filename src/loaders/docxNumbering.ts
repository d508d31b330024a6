// Word's automatic numbering ("I.", "1.", "a)") lives in numbering.xml, not in the text, and mammoth drops it:
// this module computes the label of every numbered paragraph so the loader can put it back.

import { DOMParser } from "@xmldom/xmldom";

/** The little of the DOM this module uses (xmldom's nodes). */
interface Element {
  localName: string | null;
  nodeType: number;
  firstChild: Element | null;
  nextSibling: Element | null;
  textContent: string | null;
  getAttribute(name: string): string | null;
  getAttributeNS(ns: string, name: string): string | null;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<Element>;
}
import JSZip from "jszip";

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

interface Level {
  format: string;
  text: string;
  start: number;
}

const attr = (el: Element | null | undefined, name: string): string | null => el?.getAttributeNS(W, name) ?? el?.getAttribute(`w:${name}`) ?? null;
const child = (el: Element | null | undefined, name: string): Element | null => {
  if (!el) return null;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) return n as Element;
  return null;
};
const children = (el: Element, name: string): Element[] => {
  const out: Element[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as Element).localName === name) out.push(n as Element);
  return out;
};

const ROMAN: Array<[number, string]> = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"], [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
function roman(n: number): string {
  let out = "";
  for (const [v, s] of ROMAN) while (n >= v) (out += s), (n -= v);
  return out;
}
function letters(n: number): string {
  // Word letters: a..z, then aa..zz.
  const c = String.fromCharCode(97 + ((n - 1) % 26));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
}

/** A counter in a Word number format (decimal, upperRoman, lowerLetter, …). */
export function formatNumber(n: number, format: string): string {
  switch (format) {
    case "upperRoman":
      return roman(n);
    case "lowerRoman":
      return roman(n).toLowerCase();
    case "upperLetter":
      return letters(n).toUpperCase();
    case "lowerLetter":
      return letters(n);
    case "decimalZero":
      return String(n).padStart(2, "0");
    case "bullet":
      return "";
    case "none":
      return "";
    default:
      return String(n);
  }
}

/** Normalized text of a paragraph, the key that pairs Word's paragraphs with mammoth's. */
export const paragraphKey = (text: string): string => text.normalize("NFC").replace(/\s+/g, " ").trim().slice(0, 120);

/**
 * Labels of the numbered paragraphs of a .docx, by paragraph text (a queue per
 * text, in document order): "II.", "1.", "a)", "-" for bullets.
 */
export async function numberingLabels(buf: Buffer): Promise<Map<string, string[]>> {
  const zip = await JSZip.loadAsync(buf);
  const read = async (name: string) => {
    const f = zip.file(name);
    return f ? (new DOMParser().parseFromString(await f.async("string"), "text/xml") as unknown as Element) : null;
  };
  const [numberingXml, documentXml, stylesXml] = await Promise.all([read("word/numbering.xml"), read("word/document.xml"), read("word/styles.xml")]);
  const labels = new Map<string, string[]>();
  if (!numberingXml || !documentXml) return labels;

  const abstracts = new Map<string, Map<number, Level>>();
  for (const a of Array.from(numberingXml.getElementsByTagNameNS(W, "abstractNum"))) {
    const levels = new Map<number, Level>();
    for (const lvl of children(a, "lvl")) {
      levels.set(Number(attr(lvl, "ilvl") ?? 0), {
        format: attr(child(lvl, "numFmt"), "val") ?? "decimal",
        text: attr(child(lvl, "lvlText"), "val") ?? "%1.",
        start: Number(attr(child(lvl, "start"), "val") ?? 1),
      });
    }
    abstracts.set(attr(a, "abstractNumId") ?? "", levels);
  }
  const nums = new Map<string, { levels: Map<number, Level>; starts: Map<number, number> }>();
  for (const num of Array.from(numberingXml.getElementsByTagNameNS(W, "num"))) {
    const levels = abstracts.get(attr(child(num, "abstractNumId"), "val") ?? "");
    if (!levels) continue;
    const starts = new Map<number, number>();
    for (const o of children(num, "lvlOverride")) {
      const s = attr(child(o, "startOverride"), "val");
      if (s !== null) starts.set(Number(attr(o, "ilvl") ?? 0), Number(s));
    }
    nums.set(attr(num, "numId") ?? "", { levels, starts });
  }
  // Paragraph styles that carry numbering (headings numbered through their style).
  const styleNumbering = new Map<string, { numId: string; ilvl: number }>();
  for (const st of stylesXml ? Array.from(stylesXml.getElementsByTagNameNS(W, "style")) : []) {
    const numPr = child(child(st, "pPr"), "numPr");
    const numId = attr(child(numPr, "numId"), "val");
    if (numId) styleNumbering.set(attr(st, "styleId") ?? "", { numId, ilvl: Number(attr(child(numPr, "ilvl"), "val") ?? 0) });
  }

  const counters = new Map<string, number[]>();
  for (const p of Array.from(documentXml.getElementsByTagNameNS(W, "p"))) {
    const pPr = child(p, "pPr");
    const numPr = child(pPr, "numPr");
    const byStyle = styleNumbering.get(attr(child(pPr, "pStyle"), "val") ?? "");
    const numId = attr(child(numPr, "numId"), "val") ?? byStyle?.numId ?? null;
    if (!numId || numId === "0") continue;
    const num = nums.get(numId);
    if (!num) continue;
    const ilvl = Number(attr(child(numPr, "ilvl"), "val") ?? byStyle?.ilvl ?? 0);
    const level = num.levels.get(ilvl);
    if (!level) continue;
    const startOf = (l: number) => num.starts.get(l) ?? num.levels.get(l)?.start ?? 1;
    const c = counters.get(numId) ?? [];
    c[ilvl] = (c[ilvl] ?? startOf(ilvl) - 1) + 1;
    c.length = ilvl + 1; // deeper levels restart
    counters.set(numId, c);
    const label =
      level.format === "bullet"
        ? ilvl === 0
          ? "-"
          : "+"
        : level.text.replace(/%(\d)/g, (_m, d: string) => {
            const l = Number(d) - 1;
            return formatNumber(c[l] ?? startOf(l), num.levels.get(l)?.format ?? "decimal");
          });
    const text = Array.from(p.getElementsByTagNameNS(W, "t"))
      .map((t) => t.textContent ?? "")
      .join("");
    const key = paragraphKey(text);
    labels.set(key, [...(labels.get(key) ?? []), label.trim()]);
  }
  return labels;
}
