/**
 * Model answers through any OpenAI-compatible server (ChatOpenAI from
 * @langchain/openai): the model sees only the retrieved sections, numbered and
 * fenced as data; its citations are checked afterwards and any that do not
 * point at a retrieved section are removed. Failures raise LlmUnavailableError
 * so callers fall back to the offline answer.
 */
import type { ChatOpenAI } from "@langchain/openai";
import type { Citation } from "../core/assistant.js";
import { LlmUnavailableError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { Section } from "../core/types.js";
import { DateTime } from "luxon";
import { ZONE } from "../core/dates.js";
import { sectionLabel } from "./wording.js";

export interface RetrievedSection {
  planId: string;
  section: string;
  planLabel: string;
  heading: string;
  text: string;
}

export interface LlmAnswerer {
  answer(input: { question: string; sections: RetrievedSection[]; unitNote: string; today: Date }): Promise<{ text: string; citations: Citation[] } | null>;
  summarize(input: { planLabel: string; title: string; planId: string; sections: Section[] }): Promise<{ text: string; citations: Citation[] } | null>;
}

export interface LlmConfig {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  LLM_MODEL: string;
  LLM_TIMEOUT_MS: number;
}

const MAX_SECTION_CHARS = 2500;
const MAP_GROUP_CHARS = 6000;

/** Fence a section as data; fence markers inside plan text are neutralized. */
export function fenceSections(sections: Array<Pick<RetrievedSection, "planLabel" | "section" | "heading" | "text">>): string {
  return sections
    .map((s, i) => {
      const n = i + 1;
      const body = `${s.planLabel} — ${sectionLabel(s.section)}${s.heading ? `: ${s.heading}` : ""}\n${s.text.slice(0, MAX_SECTION_CHARS)}`.replace(/<<<|>>>/g, "‹‹");
      return `<<<TAI_LIEU ${n}>>>\n${body}\n<<<HET_TAI_LIEU ${n}>>>`;
    })
    .join("\n\n");
}

/**
 * Keep only citations [n] that point at a retrieved section; rewrite them as
 * section labels. Returns null when no valid citation is left.
 */
export function checkCitations(text: string, sections: Array<Pick<RetrievedSection, "planId" | "section">>): { text: string; citations: Citation[] } | null {
  const citations: Citation[] = [];
  const out = text.replace(/\[(\s*\d+(?:\s*[,;]\s*\d+)*\s*)\]/g, (_m, list: string) => {
    const labels: string[] = [];
    for (const raw of list.split(/[,;]/)) {
      const s = sections[Number(raw.trim()) - 1];
      if (!s) continue;
      if (!citations.some((c) => c.planId === s.planId && c.section === s.section)) citations.push({ planId: s.planId, section: s.section });
      labels.push(sectionLabel(s.section));
    }
    return labels.length ? `[${[...new Set(labels)].join(", ")}]` : "";
  });
  if (!citations.length) return null;
  return { text: out.replace(/[ \t]+([.,;])/g, "$1").replace(/[ \t]{2,}/g, " ").trim(), citations };
}

/** Fill a prompt file; the prompt loader (and LangChain's templates) load on the first model call. */
const renderPrompt = async (name: string, values: Record<string, string>): Promise<string> => (await import("./prompts.js")).renderPrompt(name, values);

/** Create the model client, or null when no API key is configured. The client library loads on the first call. */
export function createLlmAnswerer(config: LlmConfig, logger: Logger): LlmAnswerer | null {
  if (!config.OPENAI_API_KEY) return null;
  let model: Promise<ChatOpenAI> | null = null;
  const client = () =>
    (model ??= import("@langchain/openai").then(
      ({ ChatOpenAI }) =>
        new ChatOpenAI({
          model: config.LLM_MODEL,
          apiKey: config.OPENAI_API_KEY,
          temperature: 0,
          timeout: config.LLM_TIMEOUT_MS,
          maxRetries: 1,
          configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
        }),
    ));

  const call = async (system: string, user: string): Promise<string> => {
    try {
      const [chat, { HumanMessage, SystemMessage }] = await Promise.all([client(), import("@langchain/core/messages")]);
      const res = await chat.invoke([new SystemMessage(system), new HumanMessage(user)]);
      const content = typeof res.content === "string" ? res.content : res.content.map((c) => ("text" in c ? c.text : "")).join("");
      if (!content.trim()) throw new Error("empty completion");
      return content;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      logger.warn({ model: config.LLM_MODEL, reason }, "LLM call failed");
      throw new LlmUnavailableError(reason, { cause: err });
    }
  };

  return {
    async answer({ question, sections, unitNote, today }) {
      const system = await renderPrompt("answer", { today: DateTime.fromJSDate(today, { zone: ZONE }).toFormat("dd/MM/yyyy"), unitNote });
      const user = await renderPrompt("answer-user", { sections: fenceSections(sections), question });
      const raw = await call(system, user);
      const checked = checkCitations(raw, sections);
      if (!checked) logger.warn("LLM answer had no valid citation; using the offline answer");
      return checked;
    },
    async summarize({ planLabel, title, planId, sections }) {
      const retrieved: RetrievedSection[] = sections
        .filter((s) => s.kind !== "head" && (s.text || s.heading))
        .map((s) => ({ planId, section: s.id, planLabel, heading: s.heading, text: s.text }));
      // Map: notes per group of sections (numbering is global, so citations stay valid); reduce: one summary.
      const groups: Array<Array<{ s: RetrievedSection; n: number }>> = [[]];
      let size = 0;
      retrieved.forEach((s, i) => {
        const len = s.text.length + s.heading.length;
        if (size + len > MAP_GROUP_CHARS && (groups[groups.length - 1]?.length ?? 0) > 0) {
          groups.push([]);
          size = 0;
        }
        groups[groups.length - 1]?.push({ s, n: i + 1 });
        size += len;
      });
      const notes: string[] = [];
      for (const g of groups) {
        const fenced = g
          .map(({ s, n }) => `<<<TAI_LIEU ${n}>>>\n${`${sectionLabel(s.section)}${s.heading ? `: ${s.heading}` : ""}\n${s.text.slice(0, MAX_SECTION_CHARS)}`.replace(/<<<|>>>/g, "‹‹")}\n<<<HET_TAI_LIEU ${n}>>>`)
          .join("\n\n");
        notes.push(await call(await renderPrompt("summary-map", { sections: fenced }), "Liệt kê các ý chính."));
      }
      const final = await call(await renderPrompt("summary-reduce", { title, planLabel, notes: notes.join("\n") }), "Viết bản tóm tắt.");
      return checkCitations(final, retrieved);
    },
  };
}
