/**
 * Domain types shared by the whole core: parsed plans, sections, assignments and
 * deadlines. Channels and the CLI consume these; nothing here knows about them.
 */

/** How the agency is involved in a section (see docs: cli-contract). */
export type Role = "lead" | "partner" | "mention";

export type Recurrence = "none" | "daily" | "weekly" | "monthly" | "quarterly" | "semiannual" | "yearly" | "ongoing";

export type SectionKind = "head" | "part" | "item" | "end" | "annex" | "decision";

export interface PlanMeta {
  title: string;
  /** Document number as printed, e.g. "187/KH-UBND"; null when left blank. */
  number: string | null;
  issuer: string | null;
  place: string | null;
  /** "2021-12-13" | "2024-02" | "2024" | null: the precision printed. */
  issuedDate: string | null;
  /** Year the plan is for (from the title). */
  year: number | null;
  signer: string | null;
  /** "decision" when a Quyết định carries the plan. */
  kind: "plan" | "decision";
}

export interface Section {
  /** Citation id: "II.3", "IV.8.a", "head", "end", "PL.12", "qd.1". May repeat when printed numbering repeats. */
  id: string;
  parent: string | null;
  /** Position in the document, unique within a plan. */
  order: number;
  kind: SectionKind;
  heading: string;
  /** Own body text (children excluded), lines joined with "\n". */
  text: string;
}

/** An agency named in a structured place (label, item heading, sentence, annex column). */
export interface Assignment {
  section: string;
  /** The agency as written in the plan (NFC, cleaned). */
  agency: string;
  role: Role;
  /** Where it was found: "label" | "heading" | "sentence" | "annex". */
  source: "label" | "heading" | "sentence" | "annex";
  /** Document order of its section (section ids repeat when a number is printed twice). */
  order?: number;
}

export interface Deadline {
  section: string;
  kind: "report" | "task";
  /** ISO date (yyyy-mm-dd) or null for recurring / ongoing items. */
  due: string | null;
  start: string | null;
  recurrence: Recurrence;
  /** Anchor of a monthly or quarterly deadline ("trước ngày 16 hằng tháng": 16); else null. */
  dayOfMonth: number | null;
  /** Anchor of a semiannual or yearly deadline, "MM-DD" ("trước ngày 20/11 hằng năm": "11-20"); else null. */
  monthDay?: string | null;
  /** Local time of day, "HH:MM", when printed ("trước 19h00 hằng ngày": "19:00"); else null. */
  timeOfDay?: string | null;
  /** First and last year the plan covers, when it states them ("giai đoạn 2026 - 2030"); else null. */
  periodStart?: number | null;
  periodEnd?: number | null;
  /** The sentence it comes from. */
  text: string;
  /** Agencies responsible, as written. */
  agencies: string[];
  /** Report duties: whom to report to, and through whom ("qua ..."). */
  reportTo: string | null;
  reportVia: string | null;
}

export interface ParsedPlan {
  meta: PlanMeta;
  sections: Section[];
  assignments: Assignment[];
  deadlines: Deadline[];
  /** Agencies named anywhere in the body (as written, deduplicated by key). */
  agencies: string[];
  recipients: string[];
}

/** A plan as stored and listed (contract `Plan`). */
export interface PlanSummary {
  id: string;
  source: string;
  title: string;
  number: string | null;
  issuer: string | null;
  place: string | null;
  issuedDate: string | null;
  year: number | null;
  signer: string | null;
  sections: number;
  tasks: number;
  deadlines: number;
  /** In ingestion results only: set when the text was recovered by OCR (pages recognized, mean word confidence 0-100). */
  ocr?: { pages: number; meanConfidence: number };
}

export interface DutyItem {
  planId: string;
  section: string;
  role: Role;
  via: string | null;
  text: string;
}

export interface DeadlineItem extends Deadline {
  planId: string;
}
