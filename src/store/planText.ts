/**
 * A plan's document text as the store keys it (its content hash), and the
 * stored form of the text in stores written before layout 4. Apart from the
 * store (no database here), so parse workers can hash a text off the thread
 * that writes the store.
 */
import { createHash } from "node:crypto";
import { inflateRawSync } from "node:zlib";

/** Hash of a document text as loaded (loaders return NFC), or of its UTF-8 bytes (the same hash). */
export const contentHash = (text: string | Uint8Array): string => createHash("sha256").update(text).digest("hex");

/** The text's stored form in the `plan_texts` table of stores written before layout 4 (UTF-8, raw deflate) → the text. */
export const unpackLegacyText = (raw: Buffer): string => inflateRawSync(raw).toString("utf8");
