/**
 * A plan's document text as the store keys it: its content hash, and with it,
 * when worked out ahead of the write, the stored form of the text and its parsed
 * plan (see planDoc.ts). Apart from the store (no database here), so parse
 * workers can work both out off the thread that writes the store.
 */
import { createHash } from "node:crypto";
import { inflateRawSync } from "node:zlib";

/** Hash of a document text as loaded (loaders return NFC). */
export const contentHash = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The text's stored form in the `plan_texts` table of stores written before layout 4 (UTF-8, raw deflate) → the text. */
export const unpackLegacyText = (raw: Buffer): string => inflateRawSync(raw).toString("utf8");

/** A document text with its hash, worked out once, ahead of the write. */
export interface PreparedText {
  text: string;
  hash: string;
  /** The stored form of the text with its parsed plan (`packPlan`), when packed ahead of the write too; it must come from parsing `text`. */
  packed?: Buffer;
}

export const prepareText = (text: string): PreparedText => ({ text, hash: contentHash(text) });
