/**
 * A plan's document text as the store keys and keeps it: its content hash and
 * its stored form. Apart from the store (no database here), so parse workers
 * can work both out off the thread that writes the store.
 */
import { createHash } from "node:crypto";
import { deflateRawSync, inflateRawSync } from "node:zlib";

/** Hash of a document text as loaded (loaders return NFC). */
export const contentHash = (text: string): string => createHash("sha256").update(text).digest("hex");

/** Document text → stored form (UTF-8, raw deflate: about a quarter of the size for Vietnamese text). */
export const packText = (text: string): Buffer => deflateRawSync(Buffer.from(text, "utf8"));

/** Stored form → document text. */
export const unpackText = (raw: Buffer): string => inflateRawSync(raw).toString("utf8");

/** A document text with its hash and stored form, worked out once, ahead of the write. */
export interface PreparedText {
  text: string;
  hash: string;
  packed: Buffer;
  /** The parsed plan's stored form (`plan_docs`, see planDoc.ts), when packed ahead of the write too; it must come from parsing `text`. */
  packedDoc?: Buffer;
}

export const prepareText = (text: string): PreparedText => ({ text, hash: contentHash(text), packed: packText(text) });
