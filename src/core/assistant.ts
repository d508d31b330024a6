/**
 * The engine every chat uses, as one interface: questions, summaries, plans and
 * ingestion. Channels and the CLI talk to this; `createAssistant` (in
 * src/answer/assistant.ts) builds the real one over a store.
 */
import type { DeadlineItem, DutyItem, PlanSummary, Section } from "./types.js";

export interface Citation {
  planId: string;
  section: string;
}

export interface Answer {
  intent: "duties" | "deadline" | "summary" | "plans" | "search" | "who" | "none";
  /** Vietnamese text as the bot sends it (plain text, dates dd/mm/yyyy). */
  answer: string;
  citations: Citation[];
}

export interface AskContext {
  /** Restrict to these plans (a chat's followed plans, or --plan). */
  planIds?: string[];
  /** The asking chat's own agency ("chúng tôi", "đơn vị mình"). */
  unit?: string | null;
  /** The clock, for "days left" (tests pass a fixed date). */
  now?: Date;
}

export interface IngestError {
  source: string;
  error: string;
  /** Vietnamese message for users. */
  userMessage: string;
}

/** Options of one upload: `onProgress` reports OCR pages as they finish (`file` names an archive member). */
export interface IngestUploadOptions {
  onProgress?: (progress: { stage: "ocr"; done: number; total: number; file: string }) => void;
}

export interface IngestResult {
  plans: PlanSummary[];
  errors: IngestError[];
}

export interface Assistant {
  ask(question: string, ctx?: AskContext): Promise<Answer>;
  summary(planId: string): Promise<{ planId: string; text: string; citations: Citation[] }>;
  listPlans(): PlanSummary[];
  /** Resolve a plan from an id, a number ("187/KH-UBND") or words of its title; null if none or ambiguous. */
  findPlan(query: string): PlanSummary | null;
  section(planId: string, sectionId: string): Section | null;
  duties(agency: string, planIds?: string[]): { agency: string; items: DutyItem[] };
  deadlines(opts?: { planIds?: string[]; agency?: string }): DeadlineItem[];
  /** Ingest files or folders from disk. */
  ingestPaths(paths: string[]): Promise<IngestResult>;
  /** Ingest an uploaded file from memory (`source` names it, e.g. "telegram:plan.docx"). */
  ingestBuffer(buf: Buffer, fileName: string, source: string, opts?: IngestUploadOptions): Promise<IngestResult>;
  removePlan(planId: string): Promise<boolean> | boolean;
}
