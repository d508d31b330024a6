/**
 * The real Assistant (src/core/assistant.ts) over a store: ingestion, look-ups,
 * questions and summaries. Channels and the CLI use only this.
 */
import type { Assistant } from "../core/assistant.js";
import type { App } from "../app.js";
import { toSummary } from "./planQueries.js";

/** Build the Assistant of an opened app. */
export function createAssistant(app: App): Assistant {
  return {
    // The engine brings the search index in step before its first search.
    ask: (question, ctx) => app.engine.ask(question, ctx),
    summary: async (planId) => {
      await app.ensureSearch();
      return app.engine.summary(planId);
    },
    listPlans: () => app.queries.listPlans().map(toSummary),
    findPlan: (q) => {
      const p = app.queries.findPlan(q);
      return p ? toSummary(p) : null;
    },
    section: (planId, sectionId) => app.queries.section(planId, sectionId),
    duties: (agency, planIds) => app.queries.duties(agency, planIds),
    deadlines: (opts) => app.queries.deadlines(opts),
    ingestPaths: (paths) => app.ingest.ingestPaths(paths),
    ingestBuffer: (buf, fileName, source, opts) => app.ingest.ingestBuffer(buf, fileName, source, opts),
    removePlan: (planId) => app.removePlan(planId),
  };
}
