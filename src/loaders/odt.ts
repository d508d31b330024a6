// OpenDocument text (.odt) to plain text: content.xml read with jszip and xmldom; headings and paragraphs become lines, tables rows.

import { DOMParser } from "@xmldom/xmldom";
import JSZip from "jszip";

/** The part of the DOM (as xmldom builds it) this loader reads. */
interface Node {
  nodeType: number;
  nodeValue: string | null;
  firstChild: Node | null;
  nextSibling: Node | null;
}
interface Element extends Node {
  namespaceURI: string | null;
  localName: string;
  getAttributeNS(ns: string, name: string): string | null;
}
interface Document {
  documentElement: Element | null;
  getElementsByTagNameNS(ns: string, name: string): ArrayLike<Element>;
}

const TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
const TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
/** content.xml larger than this is refused before it is inflated further (a zip bomb). */
const MAX_CONTENT_BYTES = 50 * 1024 * 1024;

/**
 * Extracts the text of an .odt file. Throws on a file that is not a zip or has
 * no content.xml, and on XML that does not parse.
 */
export async function odtToText(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const entry = zip.file("content.xml");
  if (!entry) throw new Error("content.xml not found: not an OpenDocument file");
  const declared = (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize;
  if (declared !== undefined && declared > MAX_CONTENT_BYTES) throw new Error(`content.xml declares ${declared} bytes, over the limit`);
  const xml = await entry.async("string");
  if (xml.length > MAX_CONTENT_BYTES) throw new Error("content.xml over the size limit");
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: () => {},
      fatalError: (msg: string) => {
        errors.push(msg);
      },
    },
  }).parseFromString(xml, "text/xml") as unknown as Document;
  if (errors.length > 0 || !doc.documentElement) throw new Error(`content.xml is not well-formed XML: ${errors[0] ?? "no root element"}`);
  const body = doc.getElementsByTagNameNS("urn:oasis:names:tc:opendocument:xmlns:office:1.0", "text")[0];
  if (!body) throw new Error("office:text not found in content.xml");
  const lines: string[] = [];
  renderBlocks(body, lines);
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
  return out;
}

const isElement = (node: Node, ns: string, name: string): node is Element =>
  node.nodeType === ELEMENT_NODE && (node as Element).namespaceURI === ns && (node as Element).localName === name;

/** Paragraphs and headings give a line each (split at line breaks), tables a row each, lists their items. */
function renderBlocks(parent: Node, lines: string[]): void {
  for (const node of children(parent)) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    if (isElement(node, TEXT_NS, "p") || isElement(node, TEXT_NS, "h")) {
      for (const line of inlineText(node).split("\n")) if (line.trim() !== "") lines.push(line.replace(/\s+$/u, ""));
      lines.push("");
    } else if (isElement(node, TABLE_NS, "table")) {
      lines.push(...tableRows(node), "");
    } else {
      // text:list, text:list-item, text:section, table:table-header-rows... : walk into them.
      renderBlocks(node, lines);
    }
  }
}

function tableRows(table: Element): string[] {
  const rows: string[] = [];
  const visit = (node: Node) => {
    for (const child of children(node)) {
      if (isElement(child, TABLE_NS, "table-row")) {
        const cells: string[] = [];
        for (const cell of children(child)) {
          if (!isElement(cell, TABLE_NS, "table-cell") && !isElement(cell, TABLE_NS, "covered-table-cell")) continue;
          const repeat = Math.min(Number(cell.getAttributeNS(TABLE_NS, "number-columns-repeated") || "1") || 1, 64);
          const cellLines: string[] = [];
          renderBlocks(cell, cellLines);
          const text = cellLines.filter((l) => l !== "").map((l) => (l.startsWith("| ") ? l.slice(2, -2).split(" | ").join(" ") : l)).join(" ");
          for (let k = 0; k < repeat; k++) cells.push(text.replace(/\|/g, "/").replace(/\s+/gu, " ").trim());
        }
        while (cells.length > 1 && cells[cells.length - 1] === "") cells.pop();
        if (cells.some((c) => c !== "")) rows.push(`| ${cells.join(" | ")} |`);
      } else if (child.nodeType === ELEMENT_NODE) {
        visit(child);
      }
    }
  };
  visit(table);
  return rows;
}

/** Text of a paragraph: spans flattened, `text:s` as spaces, tabs as spaces, `text:line-break` as a new line; notes skipped. */
function inlineText(node: Node): string {
  let out = "";
  for (const child of children(node)) {
    if (child.nodeType === TEXT_NODE) {
      out += (child.nodeValue ?? "").replace(/[\r\n\u00a0]/g, " ");
    } else if (child.nodeType === ELEMENT_NODE) {
      const el = child as Element;
      if (el.namespaceURI === TEXT_NS) {
        if (el.localName === "s") out += " ".repeat(Math.min(Number(el.getAttributeNS(TEXT_NS, "c") || "1") || 1, 100));
        else if (el.localName === "tab") out += " ";
        else if (el.localName === "line-break") out += "\n";
        else if (el.localName === "note" || el.localName === "annotation") continue;
        else out += inlineText(el);
      } else {
        out += inlineText(el);
      }
    }
  }
  return out;
}
