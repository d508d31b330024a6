/**
 * The one place every bot and channel test gets its engine from. Today it is the
 * canned fake; switching `makeTestAssistant` to the real engine over the sample
 * plans moves all end-to-end tests at once. The wrapper adds what tests need on
 * top of any engine: a record of calls, a long answer and a failing question.
 */
import type { AskContext, Assistant } from "../../src/core/assistant.js";
import { createFakeAssistant } from "./fakeAssistant.js";

/** Facts the tests rely on; they hold for the fake and for data/plans/vu-thu-2024.txt. */
export const FIXTURE = {
  planId: "vu-thu-2024",
  unit: "Công an huyện",
  unitSection: "V.7",
  unitQuestion: "Công an huyện phải làm gì?",
  /** Makes the wrapper answer with about 5,000 characters in paragraphs. */
  longQuestion: "Cho tôi bản báo cáo dài",
  /** Makes the wrapper's ask() throw an unexpected error. */
  failingQuestion: "Gây lỗi hệ thống giúp tôi",
} as const;

/** An engine plus the record tests inspect. */
export interface TestAssistant extends Assistant {
  readonly asks: { question: string; ctx: AskContext }[];
  readonly ingested: { fileName: string; source: string; size: number }[];
  /** The ~5,000-character answer returned for FIXTURE.longQuestion. */
  readonly longAnswer: string;
}

const LONG_ANSWER = Array.from(
  { length: 10 },
  (_, i) => `Đoạn ${i + 1}. ${"Nội dung báo cáo chi tiết về việc triển khai kế hoạch. ".repeat(9).trim()}`,
).join("\n\n");

/** The engine for tests. */
export async function makeTestAssistant(): Promise<TestAssistant> {
  const engine: Assistant = createFakeAssistant();
  return withTestHooks(engine);
}

function withTestHooks(engine: Assistant): TestAssistant {
  const asks: TestAssistant["asks"] = [];
  const ingested: TestAssistant["ingested"] = [];
  return {
    asks,
    ingested,
    longAnswer: LONG_ANSWER,
    async ask(question, ctx = {}) {
      asks.push({ question, ctx });
      if (question.includes("báo cáo dài")) {
        return { intent: "search", answer: LONG_ANSWER, citations: [{ planId: FIXTURE.planId, section: "II.1" }] };
      }
      if (question.includes("lỗi hệ thống")) throw new TypeError("Cannot read properties of undefined (reading 'sections')");
      return engine.ask(question, ctx);
    },
    summary: (planId) => engine.summary(planId),
    listPlans: () => engine.listPlans(),
    findPlan: (query) => engine.findPlan(query),
    section: (planId, sectionId) => engine.section(planId, sectionId),
    duties: (agency, planIds) => engine.duties(agency, planIds),
    deadlines: (opts) => engine.deadlines(opts),
    ingestPaths: (paths) => engine.ingestPaths(paths),
    async ingestBuffer(buf, fileName, source) {
      ingested.push({ fileName, source, size: buf.length });
      return engine.ingestBuffer(buf, fileName, source);
    },
    removePlan: (planId) => engine.removePlan(planId),
  };
}
