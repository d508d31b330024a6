#!/usr/bin/env node
/**
 * The command-line interface (docs: cli-contract.md): ingest, plans, show,
 * duties, deadlines, ask, summary, chat, reminders. `--json` prints exactly one
 * JSON document on stdout; logs go to stderr.
 */
import "dotenv/config";
import { Command, CommanderError, Option } from "commander";
import { openApp, type App } from "../app.js";
import { loadConfig } from "../config.js";
import { AppError, PlanNotFoundError, UsageError } from "../core/errors.js";
import { createLogger } from "../core/logger.js";
import { toSummary } from "../answer/planQueries.js";
import { formatDeadlines, formatDuties, formatIngest, formatPlans, formatOutline, formatShow } from "./format.js";
import { registerExtraCommands } from "./extraCommands.js";

interface GlobalOpts {
  store?: string;
  json?: boolean;
}

const program = new Command();
program
  .name("tro-ly-ke-hoach")
  .description("Trợ lý Kế hoạch: đọc kế hoạch, tra cứu nhiệm vụ, thời hạn và hỏi đáp.")
  .option("--store <dir>", "thư mục kho dữ liệu (mặc định $STORE_DIR hoặc .store)")
  .option("--json", "in kết quả dạng JSON (một tài liệu duy nhất trên stdout)")
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

let jsonMode = process.argv.includes("--json");

/** Run an action with the app open; prints JSON or text. */
export async function withApp<T>(cmd: Command, run: (app: App, opts: GlobalOpts) => Promise<T> | T, text: (r: T) => string): Promise<void> {
  const opts = cmd.optsWithGlobals<GlobalOpts>();
  jsonMode = Boolean(opts.json);
  const config = loadConfig({ ...process.env, ...(opts.store ? { STORE_DIR: opts.store } : {}) });
  const logger = createLogger(process.env.LOG_LEVEL ?? "warn", !jsonMode && Boolean(process.stderr.isTTY));
  const app = await openApp(config, logger);
  try {
    const result = await run(app, opts);
    process.stdout.write(jsonMode ? `${JSON.stringify(result)}\n` : `${text(result)}\n`);
  } finally {
    await app.close();
  }
}

const planIdsOpt = (plan?: string | string[]): string[] | undefined => (plan === undefined ? undefined : Array.isArray(plan) ? plan : [plan]);

function requirePlan(app: App, id: string) {
  const plan = app.queries.findPlan(id);
  if (!plan) throw new PlanNotFoundError(id);
  return plan;
}

program
  .command("ingest")
  .description("nạp tệp hoặc thư mục kế hoạch (.docx, .pdf, .txt, .md)")
  .argument("<paths...>", "tệp hoặc thư mục")
  .action(async (paths: string[], _o, cmd: Command) => {
    await withApp(cmd, (app) => app.ingest.ingestPaths(paths).then((r) => ({ plans: r.plans, errors: r.errors.map(({ source, error }) => ({ source, error })) , _full: r })), (r) => formatIngest(r._full));
  });

program
  .command("plans")
  .description("liệt kê các kế hoạch đã nạp")
  .action(async (_o, cmd: Command) => {
    await withApp(cmd, (app) => ({ plans: app.queries.listPlans().map(toSummary) }), (r) => formatPlans(r.plans));
  });

program
  .command("show")
  .description("xem một kế hoạch (hoặc một mục)")
  .argument("<planId>")
  .option("--section <id>", "chỉ một mục, ví dụ IV.8")
  .option("--outline", "cây mục lục: mỗi mục một dòng, kèm cơ quan (vai trò) và thời hạn đọc được")
  .action(async (planId: string, o: { section?: string; outline?: boolean }, cmd: Command) => {
    if (o.outline) {
      await withApp(
        cmd,
        async (app) => {
          const plan = requirePlan(app, planId);
          const raw = app.store.rawText(plan.id) ?? "";
          const [{ parsePlan }, { planOutline }] = await Promise.all([import("../plan/parsePlan.js"), import("../plan/outline.js")]);
          let sections = planOutline(parsePlan(raw));
          if (o.section) sections = sections.filter((s) => s.id === o.section || s.id.startsWith(`${o.section}.`));
          return { plan: toSummary(plan), sections };
        },
        (r) => formatOutline(r.plan, r.sections),
      );
      return;
    }
    await withApp(
      cmd,
      (app) => {
        const plan = requirePlan(app, planId);
        let sections = app.store.sections(plan.id);
        if (o.section) {
          sections = sections.filter((s) => s.id === o.section || s.id.startsWith(`${o.section}.`));
          if (!sections.length) throw new UsageError(`section ${o.section} not found in ${plan.id}`, `Không có mục ${o.section} trong kế hoạch ${plan.id}.`);
        }
        return { plan: toSummary(plan), sections: sections.map(({ id, parent, heading, text }) => ({ id, parent, heading, text })) };
      },
      (r) => formatShow(r.plan, r.sections as never),
    );
  });

program
  .command("duties")
  .description("nhiệm vụ của một cơ quan, đơn vị")
  .requiredOption("--agency <name>", "tên cơ quan (viết tắt, có hoặc không dấu)")
  .option("--plan <id>", "chỉ trong kế hoạch này")
  .action(async (o: { agency: string; plan?: string }, cmd: Command) => {
    await withApp(
      cmd,
      (app) => {
        const planIds = o.plan ? [requirePlan(app, o.plan).id] : undefined;
        return app.queries.duties(o.agency, planIds);
      },
      (r) => formatDuties(r.agency, r.items),
    );
  });

program
  .command("deadlines")
  .description("các thời hạn và nghĩa vụ báo cáo")
  .option("--plan <id>", "chỉ trong kế hoạch này")
  .option("--agency <name>", "chỉ các thời hạn liên quan đến cơ quan này")
  .addOption(new Option("--ics", "xuất tệp lịch iCalendar (.ics) ra stdout"))
  .action(async (o: { plan?: string; agency?: string; ics?: boolean }, cmd: Command) => {
    await withApp(
      cmd,
      async (app) => {
        const planIds = o.plan ? [requirePlan(app, o.plan).id] : undefined;
        const items = app.queries.deadlines({ planIds, agency: o.agency });
        if (o.ics) {
          const { deadlinesToIcs } = await import("../reminders/ics.js");
          jsonMode = false;
          return { ics: deadlinesToIcs(items, app.queries.listPlans()) };
        }
        return { items };
      },
      (r) => ("ics" in r ? (r.ics as string) : formatDeadlines(r.items)),
    );
  });

program
  .command("agencies")
  .description("các cơ quan, đơn vị được giao việc trong các kế hoạch (tên chuẩn và các cách viết khác)")
  .option("--plan <id>", "chỉ trong kế hoạch này")
  .action(async (o: { plan?: string }, cmd: Command) => {
    await withApp(
      cmd,
      (app) => ({ agencies: app.queries.agencies(o.plan ? [requirePlan(app, o.plan).id] : undefined) }),
      (r) => r.agencies.map((a) => `• ${a.name}${a.aliases.length ? ` (còn viết: ${a.aliases.join("; ")})` : ""} — ${a.plans.join(", ")}`).join("\n") || "Chưa có cơ quan nào.",
    );
  });

program
  .command("remove")
  .description("xóa một kế hoạch khỏi kho")
  .argument("<planId>")
  .action(async (planId: string, _o, cmd: Command) => {
    await withApp(
      cmd,
      async (app) => {
        const plan = requirePlan(app, planId);
        await app.removePlan(plan.id);
        return { removed: plan.id };
      },
      (r) => `Đã xóa kế hoạch ${r.removed}.`,
    );
  });

registerExtraCommands(program, { withApp, requirePlan, planIdsOpt });

/** Print an error: one line on stderr, and the JSON error document with --json. */
function fail(err: unknown): never {
  if (err instanceof CommanderError) {
    if (err.exitCode === 0) process.exit(0);
    if (jsonMode) process.stdout.write(`${JSON.stringify({ error: { code: "usage", message: err.message } })}\n`);
    process.exit(2);
  }
  const code = err instanceof AppError ? err.code : "internal";
  const message = err instanceof AppError ? err.userMessage : err instanceof Error ? err.message : String(err);
  process.stderr.write(`Lỗi: ${message}${err instanceof AppError ? "" : ` (${String(err instanceof Error ? err.stack?.split("\n")[1]?.trim() : "")})`}\n`);
  if (jsonMode) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  process.exit(err instanceof UsageError ? 2 : 1);
}

program.parseAsync(process.argv).catch(fail);
