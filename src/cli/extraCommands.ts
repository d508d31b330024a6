/**
 * CLI commands beyond the structured store: ask, summary, chat (console), and
 * reminders. Registered on the main program. What a command needs beyond the
 * store (console chat, reminders, channels) is imported when it runs, so the
 * other commands start without it.
 */
import { Option, type Command } from "commander";
import type { App } from "../app.js";
import { createAssistant } from "../answer/assistant.js";
import { UsageError } from "../core/errors.js";
import type { StoredPlan } from "../store/planStore.js";
import { createChatSettingsStore } from "../store/chatSettings.js";

export interface CliHelpers {
  withApp<T>(cmd: Command, run: (app: App, opts: { store?: string; json?: boolean }) => Promise<T> | T, text: (r: T) => string): Promise<void>;
  requirePlan(app: App, id: string): StoredPlan;
  planIdsOpt(plan?: string | string[]): string[] | undefined;
}

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

export function registerExtraCommands(program: Command, h: CliHelpers): void {
  registerReminders(program, h);
  program
    .command("ask")
    .description("hỏi về các kế hoạch (có hoặc không dấu)")
    .argument("<question...>", "câu hỏi")
    .option("--plan <id>", "chỉ trong kế hoạch này (lặp lại được)", collect)
    .option("--unit <name>", 'đơn vị của người hỏi ("chúng tôi")')
    .addOption(new Option("--at <iso>", "thời điểm tính số ngày còn lại").hideHelp())
    .action(async (words: string[], o: { plan?: string[]; unit?: string; at?: string }, cmd: Command) => {
      await h.withApp(
        cmd,
        async (app) => {
          const planIds = o.plan?.map((p) => h.requirePlan(app, p).id);
          const now = o.at ? new Date(o.at) : undefined;
          if (now && Number.isNaN(now.getTime())) throw new UsageError(`invalid --at ${o.at}`, `Thời điểm --at "${o.at}" không hợp lệ.`);
          return createAssistant(app).ask(words.join(" "), { planIds, unit: o.unit ?? null, now });
        },
        (r) => r.answer,
      );
    });

  program
    .command("summary")
    .description("tóm tắt một kế hoạch cho lãnh đạo")
    .argument("<planId>")
    .action(async (planId: string, _o, cmd: Command) => {
      await h.withApp(cmd, async (app) => createAssistant(app).summary(h.requirePlan(app, planId).id), (r) => r.text);
    });

  program
    .command("chat")
    .description("trò chuyện với trợ lý ngay trong cửa sổ dòng lệnh (/donvi, /kehoach, /trogiup)")
    .option("--plans <dir>", "nạp các kế hoạch trong thư mục này trước (mặc định $PLANS_DIR khi kho trống)")
    .action(async (o: { plans?: string }, cmd: Command) => {
      await h.withApp(
        cmd,
        async (app) => {
          await startConsoleChat(app, o.plans);
          return {};
        },
        () => "Tạm biệt.",
      );
    });
}

function registerReminders(program: Command, h: CliHelpers): void {
  const reminders = program.command("reminders").description("nhắc hạn: đăng ký, xem và gửi thông báo");
  const atOf = (iso: string): Date => {
    const at = new Date(iso);
    if (Number.isNaN(at.getTime())) throw new UsageError(`invalid --at ${iso}`, `Thời điểm --at "${iso}" không hợp lệ (dạng 2019-11-01T08:00:00+07:00).`);
    return at;
  };
  const remindersCli = () => import("../reminders/cli.js");
  const context = (app: App) => ({
    db: app.db,
    data: createAssistant(app),
    weekendToFriday: app.config.REMINDER_WEEKEND_TO_FRIDAY,
    zone: app.config.TZ_NAME,
  });

  reminders
    .command("subscribe")
    .description("bật nhắc hạn cho một cuộc trò chuyện")
    .requiredOption("--chat <platform:id>", "ví dụ telegram:-100777")
    .option("--plan <id>", "chỉ kế hoạch này (lặp lại được)", collect)
    .option("--unit <name>", "đơn vị của nhóm: chỉ nhắc hạn liên quan đến đơn vị")
    .action(async (o: { chat: string; plan?: string[]; unit?: string }, cmd: Command) => {
      await h.withApp(
        cmd,
        async (app) =>
          (await remindersCli()).subscribe(app.db, o.chat, {
            planIds: o.plan,
            unit: o.unit,
            defaults: { leadDays: app.config.REMINDER_LEAD_DAYS, sendTime: app.config.REMINDER_TIME },
            plans: createAssistant(app),
          }),
        (r) => `Đã bật nhắc hạn cho ${r.chat}: ${r.planIds ? `kế hoạch ${r.planIds.join(", ")}` : "tất cả kế hoạch"}${r.unit ? `, đơn vị ${r.unit}` : ""}; nhắc trước ${r.leadDays.join(", ")} ngày lúc ${r.sendTime}.`,
      );
    });

  reminders
    .command("unsubscribe")
    .description("tắt nhắc hạn cho một cuộc trò chuyện")
    .requiredOption("--chat <platform:id>")
    .action(async (o: { chat: string }, cmd: Command) => {
      await h.withApp(cmd, async (app) => (await remindersCli()).unsubscribe(app.db, o.chat), (r) => `Đã tắt nhắc hạn cho ${r.chat}.`);
    });

  reminders
    .command("due")
    .description("liệt kê (không gửi) các thông báo đến hạn tại một thời điểm")
    .requiredOption("--at <iso>", "thời điểm, ví dụ 2019-11-01T08:00:00+07:00")
    .action(async (o: { at: string }, cmd: Command) => {
      await h.withApp(
        cmd,
        async (app) => (await remindersCli()).due(context(app), atOf(o.at)),
        (r) => (r.notices.length ? r.notices.map((n) => `• ${n.chat} — ${n.sendAt}\n${n.text}`).join("\n\n") : "Không có thông báo nào đến hạn."),
      );
    });

  reminders
    .command("run")
    .description("gửi các thông báo đến hạn tại một thời điểm qua các kênh đã cấu hình")
    .requiredOption("--at <iso>", "thời điểm, ví dụ 2019-11-01T08:00:00+07:00")
    .action(async (o: { at: string }, cmd: Command) => {
      await h.withApp(
        cmd,
        async (app) => {
          const { createSendOnlyChannels } = await import("../channels/sendOnly.js");
          return (await remindersCli()).run(context(app), atOf(o.at), createSendOnlyChannels(app.config, createChatSettingsStore(app.db), app.logger));
        },
        (r) => `Đã gửi ${r.sent} thông báo, lỗi ${r.failed}.`,
      );
    });
}

/** The console chat over an opened app: the same behaviour the bots use. */
export async function startConsoleChat(app: App, plansDir?: string): Promise<void> {
  const dir = plansDir ?? (app.store.list().length === 0 ? app.config.PLANS_DIR : undefined);
  if (dir) {
    const r = await app.ingest.ingestPaths([dir]);
    process.stderr.write(`Đã nạp ${r.plans.length} kế hoạch từ ${dir}${r.errors.length ? `, ${r.errors.length} tệp lỗi` : ""}.\n`);
  }
  await app.ensureSearch();
  const [{ createBehaviour }, { createAccessPolicy }, { runConsoleChat }] = await Promise.all([
    import("../bot/behaviour.js"),
    import("../bot/access.js"),
    import("../channels/console/index.js"),
  ]);
  const behaviour = createBehaviour({
    assistant: createAssistant(app),
    settings: createChatSettingsStore(app.db),
    access: createAccessPolicy(),
    logger: app.logger,
  });
  process.stderr.write("Trợ lý Kế hoạch — gõ câu hỏi, hoặc /trogiup để xem các lệnh. Ctrl+D để thoát.\n");
  await runConsoleChat({ behaviour, input: process.stdin, output: process.stdout });
}
