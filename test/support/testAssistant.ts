/**
 * The one place every bot and channel test gets its engine from: the real
 * engine (SQLite store, hnswlib index) over the five sample plans, each test on
 * its own copy of a store built once per test file. `{ engine: "fake" }` gives
 * the canned fake, whose plan text carries "<b> & >" for the HTML-escaping test.
 * The wrapper adds what tests need on top of any engine: a record of calls, a
 * long answer and a failing question.
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openApp } from "../../src/app.js";
import { createAssistant } from "../../src/answer/assistant.js";
import { loadConfig } from "../../src/config.js";
import type { AskContext, Assistant } from "../../src/core/assistant.js";
import { silentLogger } from "../../src/core/logger.js";
import { createFakeAssistant } from "./fakeAssistant.js";

const SAMPLES = join(import.meta.dirname, "../../data/plans");
let template: Promise<string> | null = null;

/** A store with the sample plans ingested and indexed, built once. */
function templateStore(): Promise<string> {
  template ??= (async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "test-template-")), "store");
    const app = await openApp(loadConfig({ STORE_DIR: dir }), silentLogger);
    await app.ingest.ingestPaths([SAMPLES]);
    await app.ensureSearch();
    await app.close();
    return dir;
  })();
  return template;
}

/** The real engine over a fresh copy of the sample store. */
async function realEngine(): Promise<Assistant> {
  const dir = join(mkdtempSync(join(tmpdir(), "test-store-")), "store");
  cpSync(await templateStore(), dir, { recursive: true });
  const app = await openApp(loadConfig({ STORE_DIR: dir }), silentLogger);
  return createAssistant(app);
}

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

/** The engine for tests: the real one unless `{ engine: "fake" }`. */
export async function makeTestAssistant(opts: { engine?: "real" | "fake" } = {}): Promise<TestAssistant> {
  const engine: Assistant = opts.engine === "fake" ? createFakeAssistant() : await realEngine();
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
    async ingestBuffer(buf, fileName, source, opts) {
      ingested.push({ fileName, source, size: buf.length });
      return engine.ingestBuffer(buf, fileName, source, opts);
    },
    removePlan: (planId) => engine.removePlan(planId),
  };
}
