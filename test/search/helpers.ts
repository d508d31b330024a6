/** Test support for search: temporary store folders and an embedder wrapper that counts calls. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SearchEmbedder } from "../../src/search/embedder.js";

/** A fresh temporary folder; remove it with `cleanup()`. */
export function tempStore(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "search-test-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Wraps an embedder and counts `embedDocuments` calls and texts. */
export class CountingEmbedder implements SearchEmbedder {
  readonly id: string;
  calls = 0;
  texts = 0;
  queries = 0;

  constructor(private readonly inner: SearchEmbedder, id?: string) {
    this.id = id ?? inner.id;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls++;
    this.texts += texts.length;
    return this.inner.embedDocuments(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    this.queries++;
    return this.inner.embedQuery(text);
  }
}

/** Cosine similarity of two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / (Math.sqrt(na) * Math.sqrt(nb) || 1);
}
