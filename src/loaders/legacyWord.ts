// Word 97-2003 (.doc) to plain text with word-extractor (reads the OLE2 file itself, no LibreOffice needed).

import WordExtractor from "word-extractor";
import { checkOle2File } from "./ole2.js";
import { tabbedLinesToRows } from "./tabbedRows.js";

/**
 * Extracts the body text of a .doc file; table cells come out as `| a | b |` rows.
 * Throws what word-extractor throws on a file that is not a Word 97-2003 document.
 */
export async function docToText(buf: Buffer): Promise<string> {
  checkOle2File(buf);
  const doc = await new WordExtractor().extract(buf);
  // Word marks cell ends with tabs in word-extractor's output; non-breaking spaces become spaces.
  return tabbedLinesToRows(doc.getBody().replace(/\u00a0/g, " "));
}
