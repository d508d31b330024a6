// Word (.docx) to plain text: mammoth converts to HTML, then paragraphs become lines and table rows become "| a | b |" lines.

import mammoth from "mammoth";
import { parse, NodeType, type HTMLElement, type Node } from "node-html-parser";
import { numberingLabels, paragraphKey } from "./docxNumbering.js";

/** Lines of one block of output; blocks are separated by a blank line. */
type Block = string[];

const PARAGRAPH_TAGS = new Set(["p", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "address"]);
const CONTAINER_TAGS = new Set(["div", "blockquote", "section", "article", "body", "html"]);
const SKIPPED_TAGS = new Set(["img", "script", "style", "head"]);

/**
 * Extracts the text of a .docx file. Throws whatever mammoth throws on a file that is
 * not a valid .docx (the loader turns that into UnsupportedFileError).
 */
export async function docxToText(buf: Buffer): Promise<string> {
  // Word's automatic numbering ("I.", "1.", "a)") is put back as text, so sections keep their printed labels.
  const labels = await numberingLabels(buf).catch(() => new Map<string, string[]>());
  const result = await mammoth.convertToHtml(
    { buffer: buf },
    {
      // Images carry no text: do not inline them as base64 data URIs.
      convertImage: mammoth.images.imgElement(async () => ({ src: "" })),
      transformDocument: (mammoth as unknown as MammothTransforms).transforms.paragraph((paragraph: MammothParagraph) => {
        if (!paragraph.numbering) return paragraph;
        const queue = labels.get(paragraphKey(paragraphText(paragraph)));
        const label = queue?.shift();
        if (label === undefined) return paragraph;
        const run = { type: "run", children: [{ type: "text", value: label ? `${label} ` : "" }], isBold: false, isItalic: false, isUnderline: false, isStrikethrough: false, isAllCaps: false, isSmallCaps: false, verticalAlignment: "baseline", font: null, fontSize: null, highlight: null, styleId: null, styleName: null };
        return { ...paragraph, numbering: null, children: [run, ...paragraph.children] };
      }),
    } as Parameters<typeof mammoth.convertToHtml>[1],
  );
  return htmlToText(result.value);
}

/** mammoth.transforms exists at run time but not in mammoth's type declarations. */
interface MammothTransforms {
  transforms: { paragraph(fn: (p: MammothParagraph) => unknown): (doc: unknown) => unknown };
}

/** The part of mammoth's paragraph element this loader reads. */
interface MammothParagraph {
  numbering: unknown;
  children: MammothNode[];
}
interface MammothNode {
  type: string;
  value?: string;
  children?: MammothNode[];
}

function paragraphText(node: MammothParagraph | MammothNode): string {
  if ("value" in node && typeof node.value === "string") return node.value;
  if ("type" in node && node.type === "tab") return " ";
  return (node.children ?? []).map(paragraphText).join("");
}

/**
 * Turns mammoth's HTML into plain text: one line per paragraph or heading (`<br>`
 * gives a new line), a blank line between paragraphs; one `| cell | cell |` line per
 * table row with a blank line around the table; `<ol>` items numbered `1. ` at the
 * first list depth, `a) ` at the second and `- ` deeper; `<ul>` items as `- `, or
 * `+ ` when nested.
 */
export function htmlToText(html: string): string {
  const root = parse(html);
  const blocks = renderBlocks(root.childNodes, 0);
  return blocks
    .map((b) => b.join("\n"))
    .filter((b) => b.trim() !== "")
    .join("\n\n");
}

function renderBlocks(nodes: Node[], listDepth: number): Block[] {
  const blocks: Block[] = [];
  let inline: Node[] = [];
  const flush = () => {
    const lines = inlineLines(inline);
    if (lines.length > 0) blocks.push(lines);
    inline = [];
  };
  for (const node of nodes) {
    const el = asElement(node);
    const tag = el?.rawTagName?.toLowerCase();
    if (!el || !tag) {
      inline.push(node);
    } else if (PARAGRAPH_TAGS.has(tag)) {
      flush();
      const lines = inlineLines(el.childNodes);
      if (lines.length > 0) blocks.push(lines);
    } else if (tag === "table") {
      flush();
      const rows = renderTable(el);
      if (rows.length > 0) blocks.push(rows);
    } else if (tag === "ol" || tag === "ul") {
      flush();
      blocks.push(...renderList(el, listDepth + 1));
    } else if (CONTAINER_TAGS.has(tag)) {
      flush();
      blocks.push(...renderBlocks(el.childNodes, listDepth));
    } else {
      inline.push(node);
    }
  }
  flush();
  return blocks;
}

function renderList(list: HTMLElement, depth: number): Block[] {
  const ordered = list.rawTagName.toLowerCase() === "ol";
  const start = Number.parseInt(list.getAttribute("start") ?? "1", 10);
  const blocks: Block[] = [];
  let index = Number.isFinite(start) && start > 0 ? start : 1;
  for (const child of list.childNodes) {
    const li = asElement(child);
    if (!li || li.rawTagName.toLowerCase() !== "li") continue;
    const marker = listMarker(ordered, depth, index++);
    const itemBlocks = renderBlocks(li.childNodes, depth);
    const first = itemBlocks[0];
    // Only the item's own text takes the marker, not a nested list or table that comes first.
    const ownText = first !== undefined && !startsWithBlock(li);
    if (ownText && first.length > 0) first[0] = marker + first[0];
    blocks.push(...itemBlocks);
  }
  return blocks;
}

/** True when the first meaningful child of a list item is a nested list or a table. */
function startsWithBlock(li: HTMLElement): boolean {
  for (const child of li.childNodes) {
    const el = asElement(child);
    if (!el) {
      if (cleanText(child.text).trim() !== "") return false;
      continue;
    }
    const tag = el.rawTagName.toLowerCase();
    return tag === "ol" || tag === "ul" || tag === "table";
  }
  return false;
}

function listMarker(ordered: boolean, depth: number, index: number): string {
  if (!ordered) return depth <= 1 ? "- " : "+ ";
  if (depth <= 1) return `${index}. `;
  if (depth === 2) return `${letters(index)}) `;
  return "- ";
}

/** 1 -> a, 26 -> z, 27 -> aa (Word's lowerLetter sequence is a..z, then aa). */
function letters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}

/**
 * One `| a | b | c |` line per row. Merged cells keep the grid: a cell spanning
 * several columns is followed by empty cells, a cell spanning several rows is
 * repeated in each of them (so every row names its lead agency).
 */
function renderTable(table: HTMLElement): string[] {
  const rows = tableRows(table);
  const carried: Array<{ text: string; rowsLeft: number } | undefined> = [];
  const lines: string[] = [];
  for (const row of rows) {
    const cells: string[] = [];
    let col = 0;
    const takeCarried = () => {
      for (let c = carried[col]; c && c.rowsLeft > 0; c = carried[col]) {
        cells.push(c.text);
        c.rowsLeft--;
        col++;
      }
    };
    for (const cell of row) {
      takeCarried();
      const text = cellText(cell);
      const colspan = spanOf(cell, "colspan");
      const rowspan = spanOf(cell, "rowspan");
      for (let k = 0; k < colspan; k++) {
        cells.push(k === 0 ? text : "");
        carried[col] = rowspan > 1 ? { text: k === 0 ? text : "", rowsLeft: rowspan - 1 } : undefined;
        col++;
      }
    }
    takeCarried();
    if (cells.some((c) => c !== "")) lines.push(`| ${cells.join(" | ")} |`);
  }
  return lines;
}

/** The rows of this table (inside thead/tbody/tfoot too), not those of nested tables. */
function tableRows(table: HTMLElement): HTMLElement[][] {
  const rows: HTMLElement[][] = [];
  const visit = (el: HTMLElement) => {
    for (const child of el.childNodes) {
      const c = asElement(child);
      if (!c) continue;
      const tag = c.rawTagName.toLowerCase();
      if (tag === "tr") {
        rows.push(c.childNodes.map(asElement).filter((d): d is HTMLElement => isTag(d, "td") || isTag(d, "th")));
      } else if (tag === "thead" || tag === "tbody" || tag === "tfoot") {
        visit(c);
      }
    }
  };
  visit(table);
  return rows;
}

/** A cell's text on one line: paragraphs, line breaks and nested tables joined by spaces; `|` becomes `/`. */
function cellText(cell: HTMLElement): string {
  return flattenText(cell).replace(/\|/g, "/");
}

function flattenText(el: HTMLElement): string {
  const parts: string[] = [];
  for (const block of renderBlocks(el.childNodes, 0)) parts.push(...block);
  // Nested tables come back as "| x | y |" lines: keep their cell texts only.
  return parts
    .map((line) => (line.startsWith("| ") && line.endsWith(" |") ? line.slice(2, -2).split(" | ").join(" ") : line))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
}

function spanOf(cell: HTMLElement, attr: "colspan" | "rowspan"): number {
  const n = Number.parseInt(cell.getAttribute(attr) ?? "1", 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 1000) : 1;
}

/** Text of inline content, split into lines at `<br>`; empty lines dropped, ends trimmed. */
function inlineLines(nodes: Node[]): string[] {
  const text = nodes.map(inlineText).join("");
  return text
    .split("\n")
    .map((l) => l.replace(/[ \t]+$/u, "").replace(/^ +/u, ""))
    .filter((l) => l.trim() !== "");
}

function inlineText(node: Node): string {
  if (node.nodeType === NodeType.TEXT_NODE) return cleanText(node.text);
  const el = asElement(node);
  if (!el) return "";
  const tag = el.rawTagName?.toLowerCase() ?? "";
  if (tag === "br") return "\n";
  if (SKIPPED_TAGS.has(tag)) return "";
  // Footnote and endnote back-links ("↑") that mammoth adds to the notes list.
  if (tag === "a" && /^#(footnote|endnote|comment)-ref-/.test(el.getAttribute("href") ?? "")) return "";
  if (tag === "table") return ` ${flattenText(el)} `;
  if (PARAGRAPH_TAGS.has(tag) || tag === "li") return `\n${el.childNodes.map(inlineText).join("")}\n`;
  return el.childNodes.map(inlineText).join("");
}

/** Decoded text of a text node: no-break spaces and line breaks inside text become plain spaces. */
function cleanText(text: string): string {
  return text.replace(/[\u00a0\r\n]/g, " ");
}

function asElement(node: Node | undefined): HTMLElement | undefined {
  return node?.nodeType === NodeType.ELEMENT_NODE ? (node as HTMLElement) : undefined;
}

function isTag(el: HTMLElement | undefined, tag: string): el is HTMLElement {
  return el?.rawTagName?.toLowerCase() === tag;
}
