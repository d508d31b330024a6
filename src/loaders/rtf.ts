// Rich Text Format (.rtf) to plain text: rtf-stream-parser tokenizes and decodes (code pages, \u escapes), tables become rows.

import iconv from "iconv-lite";
import { Tokenize } from "rtf-stream-parser";
import { ToPlainText } from "rtf-stream-parser/dist/src/ToPlainText.js";
import { tabbedLinesToRows } from "./tabbedRows.js";

/**
 * Extracts the text of an RTF document. Cell ends (`\cell`) become tabs and row
 * ends (`\row`) line breaks, so tables come out as `| a | b |` rows. Rejects on
 * input that is not RTF (the tokenizer checks the `{\rtf` header).
 */
export function rtfToText(buf: Buffer): Promise<string> {
  // Table markers carry no text in plain-text mode: turn them into a tab and a paragraph end first.
  const source = buf
    .toString("latin1")
    .replace(/\\(?:nest)?cell(?![a-z])/g, "\\tab ")
    .replace(/\\(?:nest)?row(?![a-z])/g, "\\par ");
  return new Promise((resolve, reject) => {
    const tokenizer = new Tokenize();
    const toText = new ToPlainText({ decode: (bytes: Buffer, encoding: string) => iconv.decode(bytes, encoding), warn: () => {} });
    let text = "";
    toText.on("data", (chunk: Buffer | string) => {
      text += String(chunk);
    });
    toText.on("end", () => resolve(tabbedLinesToRows(text.replace(/\u00a0/g, " "))));
    toText.on("error", reject);
    tokenizer.on("error", reject);
    tokenizer.pipe(toText);
    tokenizer.end(Buffer.from(source, "latin1"));
  });
}
