/** Text embedders for the vector index: OpenAI-compatible when configured, else a local hashing embedder. */
import type { OpenAIEmbeddings } from "@langchain/openai";
import type { Config } from "../config.js";
import { phrases, QUESTION_SYLLABLES } from "./terms.js";

/**
 * An embedder (LangChain's `Embeddings` shape) with a stable `id` naming the
 * model, its dimension and server: cached vectors and persisted indexes are
 * valid only for the same id.
 */
export interface SearchEmbedder {
  readonly id: string;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}

/** Options of {@link LocalHashEmbedder}. */
export interface LocalHashEmbedderOptions {
  /** Vector length (default 512). */
  dimensions?: number;
}

// Function syllables that carry little meaning on their own: down-weighted as unigrams.
const FUNCTION_SYLLABLES = new Set([
  "va", "cac", "cua", "la", "co", "duoc", "cho", "voi", "trong", "nhung", "de", "tai", "theo", "ve", "mot",
  "nay", "do", "thi", "se", "da", "dang", "tren", "tu", "den", "khi", "cung", "nhu", "hoac", "ma", "moi", "neu",
]);

const WEIGHT_UNIGRAM = 1;
const WEIGHT_FUNCTION_UNIGRAM = 0.25;
const WEIGHT_BIGRAM = 1;
const WEIGHT_CHARGRAM = 0.3;

/**
 * An embedder that needs no model, no download and no network: signed feature
 * hashing of the diacritic-folded text, with agency abbreviations expanded
 * ("UBND" = "Ủy ban nhân dân"). Features are syllables, pairs of adjacent
 * syllables, and character 3- and 4-grams inside each syllable; counts are
 * damped (1 + ln tf) and the vector is L2-normalized, so cosine similarity
 * measures weighted feature overlap. Deterministic: same text, same vector.
 *
 * What it captures: lexical and morphological overlap. "cong an huyen" and
 * "Công an huyện" get the same vector; texts sharing syllables and word pairs
 * ("kinh phí", "báo cáo") are close; a mistyped or partly accented syllable
 * still shares character n-grams. What it does not capture: synonyms and
 * meaning ("tiền" vs "kinh phí", "hạn chót" vs "thời hạn" are unrelated to it),
 * word order beyond adjacent pairs, or anything a trained model knows. Hash
 * collisions add a little noise (512 dimensions by default). It is a fallback
 * that keeps hybrid search working offline; lexical BM25 does most of the work.
 */
export class LocalHashEmbedder implements SearchEmbedder {
  readonly id: string;
  readonly dimensions: number;
  private readonly counter = new FeatureCounter();

  constructor(options: LocalHashEmbedderOptions = {}) {
    this.dimensions = options.dimensions ?? 512;
    if (!Number.isInteger(this.dimensions) || this.dimensions < 16) {
      throw new RangeError(`LocalHashEmbedder: dimensions must be an integer ≥ 16, got ${this.dimensions}`);
    }
    this.id = `local-hash-v1-${this.dimensions}`;
  }

  /** Embed texts (synchronously computed; async for the LangChain interface). */
  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  /** Embed a question: like a document, without the syllables that only shape a question ("gì", "nào", "ai"). */
  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text, QUESTION_SYLLABLES);
  }

  /** The vector of one text, ignoring the syllables in `skip`. */
  embed(text: string, skip?: ReadonlySet<string>): number[] {
    // Features are keyed by 32-bit hashes with their kind mixed in, counted per kind.
    const counter = this.counter;
    counter.clear();
    for (const all of phrases(text)) {
      const syls = skip ? all.filter((s) => !skip.has(s)) : all;
      let prev = 0;
      for (let i = 0; i < syls.length; i++) {
        const s = syls[i]!;
        const h = syllableHash(s);
        const isFunction = FUNCTION_SYLLABLES.has(s);
        counter.add(mix(h ^ (isFunction ? 0x7f4a7c15 : 0x9e3779b9)), isFunction ? WEIGHT_FUNCTION_UNIGRAM : WEIGHT_UNIGRAM);
        if (i > 0) counter.add(mix(Math.imul(prev, 0x01000193) ^ h ^ 0x85ebca6b), WEIGHT_BIGRAM);
        if (s.length >= 2 && !isFunction) addCharGrams(counter, s);
        prev = h;
      }
    }
    const vec = new Float64Array(this.dimensions);
    counter.forEach((key, weight, n) => {
      // Sublinear tf, then a signed hashed bucket (sign from bits the bucket does not use).
      const value = weight * (1 + Math.log(n));
      vec[key % this.dimensions]! += (mix(key ^ 0x27d4eb2f) & 1) === 1 ? -value : value;
    });
    let norm = 0;
    for (const v of vec) norm += v * v;
    if (norm === 0) {
      // Empty text: a fixed unit vector, so cosine distance stays defined.
      const out = new Array<number>(this.dimensions).fill(0);
      out[0] = 1;
      return out;
    }
    const inv = 1 / Math.sqrt(norm);
    return Array.from(vec, (v) => v * inv);
  }
}

// Folded syllables are a small closed set (a few thousand): hash each once.
const syllableHashes = new Map<string, number>();

function syllableHash(s: string): number {
  let h = syllableHashes.get(s);
  if (h === undefined) {
    h = fnv1a(s, 0, s.length);
    if (syllableHashes.size < 100_000) syllableHashes.set(s, h);
  }
  return h;
}

// Character 3- and 4-grams of "<syllable>", hashed in place without building strings.
function addCharGrams(counter: FeatureCounter, s: string): void {
  const marked = `<${s}>`;
  for (let n = 3; n <= 4; n++) {
    for (let j = 0; j + n <= marked.length; j++) {
      counter.add(mix(fnv1a(marked, j, j + n) ^ (n === 3 ? 0x165667b1 : 0xd3a2646c)), WEIGHT_CHARGRAM);
    }
  }
}

/** Counts of hashed features in an open-addressing table that grows and is reused between texts. */
class FeatureCounter {
  private keys = new Uint32Array(4096);
  private counts = new Uint32Array(4096);
  private weights = new Float32Array(4096);
  private used: number[] = [];

  clear(): void {
    for (const slot of this.used) this.counts[slot] = 0;
    this.used.length = 0;
  }

  add(key: number, weight: number): void {
    if (this.used.length * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = key & mask;
    while (this.counts[slot] !== 0 && this.keys[slot] !== key) slot = (slot + 1) & mask;
    if (this.counts[slot] === 0) {
      this.keys[slot] = key;
      this.weights[slot] = weight;
      this.used.push(slot);
    }
    this.counts[slot]!++;
  }

  forEach(fn: (key: number, weight: number, count: number) => void): void {
    for (const slot of this.used) fn(this.keys[slot]!, this.weights[slot]!, this.counts[slot]!);
  }

  private grow(): void {
    const entries = this.used.map((slot) => [this.keys[slot]!, this.weights[slot]!, this.counts[slot]!] as const);
    const size = this.keys.length * 2;
    this.keys = new Uint32Array(size);
    this.counts = new Uint32Array(size);
    this.weights = new Float32Array(size);
    this.used = [];
    const mask = size - 1;
    for (const [key, weight, count] of entries) {
      let slot = key & mask;
      while (this.counts[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.weights[slot] = weight;
      this.counts[slot] = count;
      this.used.push(slot);
    }
  }
}

function fnv1a(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// murmur3 finalizer: spreads a 32-bit key over all bits.
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Whether an embedder is (or wraps) the local hashing embedder, judged by its id. */
export function isLocalEmbedder(embedder: SearchEmbedder): boolean {
  return embedder.id.startsWith("local-hash-");
}

/** Settings {@link createEmbedder} reads: the config's model variables and a few tunables. */
export type EmbedderConfig = Pick<Config, "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "EMBEDDING_MODEL"> & {
  /** Request timeout for the remote embedder (default 30 000 ms). */
  timeoutMs?: number;
  /** Texts per embeddings request (default 128). */
  batchSize?: number;
  /** Retries on 429/5xx by LangChain's caller (default 2). */
  maxRetries?: number;
  /** Output dimensions for models that support it (text-embedding-3-*). */
  dimensions?: number;
  /** Dimensions of the local embedder (default 512). */
  localDimensions?: number;
};

/**
 * The configured embedder: `OpenAIEmbeddings` (any OpenAI-compatible server via
 * `OPENAI_BASE_URL`) when `OPENAI_API_KEY` is set, else {@link LocalHashEmbedder}.
 *
 * @example
 * const embedder = createEmbedder(loadConfig());
 * embedder.id; // "local-hash-v1-512" or "openai:text-embedding-3-small@https://api.openai.com/v1"
 */
export function createEmbedder(config: EmbedderConfig): SearchEmbedder {
  if (!config.OPENAI_API_KEY) return new LocalHashEmbedder({ dimensions: config.localDimensions });
  const baseURL = config.OPENAI_BASE_URL ?? "https://api.openai.com/v1";
  const dims = config.dimensions ? `/${config.dimensions}` : "";
  return new RemoteEmbedder(`openai:${config.EMBEDDING_MODEL}${dims}@${baseURL.replace(/\/+$/, "")}`, async () => {
    const { OpenAIEmbeddings } = await import("@langchain/openai");
    return new OpenAIEmbeddings({
      model: config.EMBEDDING_MODEL,
      apiKey: config.OPENAI_API_KEY,
      configuration: { baseURL },
      timeout: config.timeoutMs ?? 30_000,
      batchSize: config.batchSize ?? 128,
      maxRetries: config.maxRetries ?? 2,
      ...(config.dimensions ? { dimensions: config.dimensions } : {}),
    });
  });
}

/** `OpenAIEmbeddings`, created (and its library loaded) on the first call, so offline paths never load it. */
export class RemoteEmbedder implements SearchEmbedder {
  private client: Promise<OpenAIEmbeddings> | null = null;

  constructor(
    readonly id: string,
    private readonly create: () => Promise<OpenAIEmbeddings>,
  ) {}

  /** The underlying LangChain embeddings client. */
  embeddings(): Promise<OpenAIEmbeddings> {
    return (this.client ??= this.create().catch((err: unknown) => {
      this.client = null;
      throw err;
    }));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return (await this.embeddings()).embedDocuments(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    return (await this.embeddings()).embedQuery(text);
  }
}
