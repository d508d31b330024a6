/** Section-aware chunks of a plan: one per section (long ones split inside the section), each with a citation header. */
import { createHash } from "node:crypto";
import type { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { PlanMeta, Section, SectionKind } from "../core/types.js";

/** What the search index needs of a parsed plan. */
export interface ChunkSource {
  id: string;
  meta: PlanMeta;
  sections: Section[];
  /** Agencies named in each section (by section id), as written. */
  agenciesBySection?: Map<string, string[]>;
  /** Deadlines of each section (by section id), e.g. ISO dates or the deadline sentence. */
  deadlinesBySection?: Map<string, string[]>;
}

/** One searchable unit: a section, or a part of a long section. */
export interface Chunk {
  /** `${planId}#${order}#${part}`: stable while the plan's sections keep their order. */
  id: string;
  planId: string;
  sectionId: string;
  /** The section's `order` in the plan. */
  order: number;
  /** 0-based part of the section; `parts` is how many there are. */
  part: number;
  parts: number;
  kind: SectionKind;
  planTitle: string;
  /** The plan's number as printed ("187/KH-UBND"), or null. */
  planNumber: string | null;
  /** Headings from the outermost part down to this section's own heading. */
  headingPath: string[];
  /** "<plan title> (<number>) — Mục <id>: <heading path>", repeated in every part. */
  header: string;
  /** This part of the section: its heading and text (split parts overlap). */
  content: string;
  /** `header + "\n" + content`: what is embedded and shown to a model. */
  text: string;
  agencies: string[];
  deadlines: string[];
}

/** Sections whose heading and text together exceed this many characters are split. */
export const SPLIT_ABOVE_CHARS = 1200;
const PART_CHARS = 1000;
const OVERLAP_CHARS = 180;

// Paragraphs, lines, sentences, clauses, then words: never cut a syllable.
// Loaded on the first long section, so paths that never split stay light.
let splitter: Promise<RecursiveCharacterTextSplitter> | null = null;
const getSplitter = () =>
  (splitter ??= import("@langchain/textsplitters").then(
    ({ RecursiveCharacterTextSplitter }) =>
      new RecursiveCharacterTextSplitter({
        chunkSize: PART_CHARS,
        chunkOverlap: OVERLAP_CHARS,
        separators: ["\n\n", "\n", ". ", "; ", ": ", ", ", " - ", " ", ""],
      }),
  ));

/** A chunk's id: `${planId}#${order}#${part}` (stable while the plan's sections keep their order). */
export const chunkId = (planId: string, order: number, part: number): string => `${planId}#${order}#${part}`;

/** sha256 (hex) of a text, used as the content key of chunks and plans. */
export function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Header line that leads every chunk of a section, so each part is self-explaining and citable. */
export function chunkHeader(meta: PlanMeta, sectionId: string, headingPath: string[]): string {
  const title = meta.title.trim() || "Kế hoạch";
  const number = meta.number ? ` (${meta.number})` : "";
  const path = headingPath.filter((h) => h.trim() !== "").join(" › ");
  return `${title}${number} — Mục ${sectionId}${path ? `: ${path}` : ""}`;
}

/**
 * Chunks of a plan, in section order. Each section is one chunk whose text is a
 * header (plan title, number, section id, heading path) then the section's
 * heading and text; a section longer than {@link SPLIT_ABOVE_CHARS} is split at
 * paragraph, line or sentence boundaries with overlap, every part keeping the
 * header. Annex rows (`PL…`) are sections, hence chunks, of their own.
 *
 * Async only because LangChain's splitter is.
 *
 * @example
 * const chunks = await buildChunks({ id: "vu-thu-2024", meta, sections });
 * chunks[0].id; // "vu-thu-2024#0#0"
 */
export async function buildChunks(plan: ChunkSource): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const { section, headingPath, header, body } of sectionBodies(plan)) {
    const parts = body.length > SPLIT_ABOVE_CHARS ? await splitSection(body) : [body];
    parts.forEach((content, part) => {
      chunks.push({
        id: chunkId(plan.id, section.order, part),
        planId: plan.id,
        sectionId: section.id,
        order: section.order,
        part,
        parts: parts.length,
        kind: section.kind,
        planTitle: plan.meta.title,
        planNumber: plan.meta.number,
        headingPath,
        header,
        content,
        text: `${header}\n${content}`,
        agencies: plan.agenciesBySection?.get(section.id) ?? [],
        deadlines: plan.deadlinesBySection?.get(section.id) ?? [],
      });
    });
  }
  return chunks;
}

/** A section with what its chunks are made of: heading path, citation header and body (heading and text). */
export interface SectionBody {
  section: Section;
  headingPath: string[];
  header: string;
  body: string;
}

/**
 * Each section of a plan, in order, with its heading path, chunk header and
 * body: what {@link buildChunks} cuts into chunks, and what a stored chunk's
 * text is rebuilt from (a whole-section chunk's content is its body).
 */
export function sectionBodies(plan: Pick<ChunkSource, "meta" | "sections">): SectionBody[] {
  const out: SectionBody[] = [];
  const sections = [...plan.sections].sort((a, b) => a.order - b.order);
  // Section ids may repeat; a parent is the nearest earlier section with that id.
  const pathById = new Map<string, string[]>();
  for (const section of sections) {
    const parentPath = section.parent !== null ? (pathById.get(section.parent) ?? []) : [];
    const headingPath = [...parentPath, cleanHeading(section.heading)].filter((h) => h !== "");
    pathById.set(section.id, headingPath);
    out.push({
      section,
      headingPath,
      header: chunkHeader(plan.meta, section.id, headingPath),
      body: [cleanHeading(section.heading), section.text.trim()].filter((s) => s !== "").join("\n"),
    });
  }
  return out;
}

function cleanHeading(heading: string): string {
  // Converters leave Markdown around headings ("**II. NHIỆM VỤ**", "## ...").
  return heading.replace(/^#+\s*/, "").replace(/\*\*/g, "").replace(/\s+/g, " ").trim();
}

async function splitSection(body: string): Promise<string[]> {
  const parts = (await (await getSplitter()).splitText(body))
    // The splitter keeps a separator at the start of the next part (". Câu sau").
    .map((p) => p.replace(/^[\s.;:,]+/, "").trim())
    .filter((p) => p !== "");
  // The splitter only overlaps whole pieces no longer than the overlap, and plan
  // bullets are longer: carry the previous part's last sentence(s) over instead.
  return parts.map((part, i) => {
    if (i === 0) return part;
    const prev = parts[i - 1]!;
    if (prev.includes(part.slice(0, 60))) return part;
    return `${overlapTail(prev)}\n${part}`;
  });
}

/** The end of a part to repeat at the start of the next: whole sentences when they fit, else whole words. */
export function overlapTail(text: string, max = OVERLAP_CHARS): string {
  const tail = text.slice(-max);
  // Start after the first sentence or line boundary inside the window, when there is one.
  const boundary = /(?:[.;!?]\s+|\n)(?=\S)/g;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(tail)) !== null) {
    const rest = tail.slice(m.index + m[0].length).trim();
    if (rest.length >= 40) return rest;
    break;
  }
  const space = tail.indexOf(" ");
  return `…${(space >= 0 ? tail.slice(space + 1) : tail).trim()}`;
}
