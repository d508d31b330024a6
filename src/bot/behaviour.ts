/**
 * The conversation, independent of any chat platform: group rules, Vietnamese
 * commands, access control, rate limit, error ids and buttons. Channels turn
 * platform updates into IncomingMessage and call `handle` / `handleButton`.
 */
import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { DateTime } from "luxon";
import type { Answer, Assistant, Citation } from "../core/assistant.js";
import type { ChatRef, IncomingMessage, OutgoingMessage, Button } from "../core/channel.js";
import { chatKey } from "../core/channel.js";
import { AppError } from "../core/errors.js";
import type { DeadlineItem, PlanSummary } from "../core/types.js";
import type { ChatSettings, ChatSettingsStore } from "../store/chatSettings.js";
import type { AccessPolicy } from "./access.js";
import { fold, parseCommand, parseNumberList } from "./commands.js";
import { COMMAND_DESCRIPTIONS, messages, planLabel } from "./messages.js";
import { createRateLimiter } from "./rateLimit.js";
import { ARCHIVE_EXTENSIONS, SUPPORTED_EXTENSIONS } from "../loaders/index.js";

/** Sends one message back to the chat the request came from. */
export type Reply = (message: OutgoingMessage) => Promise<void>;

/** Signals from the behaviour to the channel while it works. */
export interface HandleHooks {
  /** Slow work is starting (channels show "typing…" until `handle` resolves). */
  typing?: () => void;
  /**
   * A progress line for long work (OCR pages): the first call shows it, later
   * calls replace it in place where the platform can edit messages. Never throws.
   */
  progress?: (text: string) => Promise<void>;
}

/** What a command handler gets; extra commands (e.g. /nhacviec) use the same. */
export interface CommandContext {
  msg: IncomingMessage;
  /** Text after the command, trimmed. */
  args: string;
  reply: Reply;
  /** This chat's settings at the time of the message. */
  settings: ChatSettings;
  isAdmin: boolean;
  now: Date;
  hooks: HandleHooks;
}

export type CommandHandler = (ctx: CommandContext) => Promise<void>;

/** A command registered from outside (reminders): handler plus its menu line. */
export interface ExtraCommand {
  run: CommandHandler;
  /** Vietnamese, one line, for /trogiup and the Telegram command menu. */
  description: string;
  adminOnly?: boolean;
}

export interface BehaviourDeps {
  assistant: Assistant;
  settings: ChatSettingsStore;
  access: AccessPolicy;
  logger: Logger;
  now?: () => Date;
  /** More commands by folded name, e.g. { nhacviec: {...} }; they may not replace built-ins. */
  extraCommands?: Record<string, CommandHandler | ExtraCommand>;
  /** Per-user requests per minute (RATE_LIMIT_PER_MINUTE); default 20. */
  rateLimitPerMinute?: number;
  /** Largest file /nap accepts (MAX_FILE_MB); default 20 MB. */
  maxFileBytes?: number;
  /** Time zone for "days left" (TZ_NAME); default Asia/Ho_Chi_Minh. */
  timeZone?: string;
}

export interface Behaviour {
  /** Handle one incoming message; never throws (failures become an apology with an error id). */
  handle(msg: IncomingMessage, reply: Reply, hooks?: HandleHooks): Promise<void>;
  /** Handle a pressed button (`data` as given in OutgoingMessage.buttons). */
  handleButton(chat: ChatRef, userId: string, data: string, reply: Reply, hooks?: HandleHooks): Promise<void>;
  /** Commands with Vietnamese descriptions, for platform menus. */
  readonly commands: { command: string; description: string }[];
  /** The command a user can type instead of pressing a button (text-only channels); null if none. */
  buttonCommand(data: string): string | null;
}

/** File types /nap accepts: every type the loaders read, and .zip archives of them. */
export const ACCEPTED_EXTENSIONS: readonly string[] = [...SUPPORTED_EXTENSIONS, ...ARCHIVE_EXTENSIONS];

const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Telegram limits callback data to 64 bytes; longer actions go through a registry. */
const MAX_BUTTON_DATA_BYTES = 64;
const MAX_REGISTERED_BUTTONS = 5000;
const MAX_LIST_ITEMS = 25;
const MAX_ITEM_CHARS = 400;
const MAX_SECTION_BUTTONS = 3;

type Builtin = (ctx: CommandContext) => Promise<void>;

/**
 * Build the conversation over the engine and the chat settings store.
 * @example
 * const behaviour = createBehaviour({ assistant, settings, access, logger });
 * await behaviour.handle(msg, async (m) => channel.send(msg.chat.chatId, m));
 */
export function createBehaviour(deps: BehaviourDeps): Behaviour {
  const { assistant, settings, access } = deps;
  const log = deps.logger;
  const now = deps.now ?? (() => new Date());
  const limiter = createRateLimiter(deps.rateLimitPerMinute ?? 20);
  const maxFileBytes = deps.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const zone = deps.timeZone ?? "Asia/Ho_Chi_Minh";
  const refusedChats = new Set<string>();
  const buttonRegistry = new Map<string, string>();
  let buttonCounter = 0;

  // ---- buttons -------------------------------------------------------------

  const encodeAction = (action: string): string => {
    if (Buffer.byteLength(action, "utf8") <= MAX_BUTTON_DATA_BYTES) return action;
    const key = `r:${(++buttonCounter).toString(36)}`;
    buttonRegistry.set(key, action);
    if (buttonRegistry.size > MAX_REGISTERED_BUTTONS) {
      const oldest = buttonRegistry.keys().next().value;
      if (oldest !== undefined) buttonRegistry.delete(oldest);
    }
    return key;
  };
  const decodeAction = (data: string): string | null => (data.startsWith("r:") ? (buttonRegistry.get(data) ?? null) : data);
  const sectionButton = (planId: string, section: string): Button => ({
    text: messages.buttonSection(section),
    data: encodeAction(`sec:${planId}:${section}`),
  });
  const summaryButton = (planId: string): Button => ({ text: messages.buttonSummary(), data: encodeAction(`sum:${planId}`) });

  type Action = { kind: "section"; planId: string; section: string } | { kind: "summary"; planId: string };
  const parseAction = (data: string): Action | null => {
    const action = decodeAction(data);
    if (!action) return null;
    if (action.startsWith("sec:")) {
      const rest = action.slice(4);
      const i = rest.lastIndexOf(":");
      if (i <= 0 || i === rest.length - 1) return null;
      return { kind: "section", planId: rest.slice(0, i), section: rest.slice(i + 1) };
    }
    if (action.startsWith("sum:") && action.length > 4) return { kind: "summary", planId: action.slice(4) };
    return null;
  };

  // ---- plans and formatting -------------------------------------------------

  /** Plans in a stable order (newest year first, then title), as numbered in /kehoach. */
  const orderedPlans = (): PlanSummary[] =>
    [...assistant.listPlans()].sort(
      (a, b) => (b.year ?? 0) - (a.year ?? 0) || a.title.localeCompare(b.title, "vi") || a.id.localeCompare(b.id),
    );
  const planById = (): Map<string, PlanSummary> => new Map(assistant.listPlans().map((p) => [p.id, p]));
  const labelOf = (plans: Map<string, PlanSummary>, planId: string): string => {
    const p = plans.get(planId);
    return p ? planLabel(p) : `Kế hoạch ${planId}`;
  };

  /** Resolve "2" (list number), an id, a document number or title words. */
  const resolvePlan = (query: string): PlanSummary | null => {
    const q = query.trim();
    if (/^\d{1,3}$/.test(q)) {
      const p = orderedPlans()[Number(q) - 1];
      if (p) return p;
    }
    return assistant.findPlan(q);
  };

  const sourcesLine = (citations: Citation[], plans: Map<string, PlanSummary>): string | null => {
    const groups = new Map<string, string[]>();
    for (const c of citations) {
      const list = groups.get(c.planId) ?? [];
      if (!list.includes(c.section)) list.push(c.section);
      groups.set(c.planId, list);
    }
    if (groups.size === 0) return null;
    return messages.sources([...groups].map(([planId, sections]) => ({ label: labelOf(plans, planId), sections })));
  };

  const citationButtons = (citations: Citation[], withSummary: boolean): Button[][] | undefined => {
    const seen = new Set<string>();
    const row: Button[] = [];
    for (const c of citations) {
      const key = `${c.planId}\u0000${c.section}`;
      if (seen.has(key) || ["head", "end"].includes(c.section)) continue;
      seen.add(key);
      row.push(sectionButton(c.planId, c.section));
      if (row.length >= MAX_SECTION_BUTTONS) break;
    }
    const rows: Button[][] = row.map((b) => [b]);
    const first = citations[0];
    if (withSummary && first) rows.push([summaryButton(first.planId)]);
    return rows.length > 0 ? rows : undefined;
  };

  const withSources = (text: string, citations: Citation[]): OutgoingMessage => {
    const plans = planById();
    const sources = sourcesLine(citations, plans);
    return {
      text: sources ? `${text.trim()}\n\n${sources}` : text.trim(),
      buttons: citationButtons(citations, true),
    };
  };

  const clip = (text: string): string => {
    const flat = text.replace(/\s*\n\s*/g, " ").trim();
    return flat.length > MAX_ITEM_CHARS ? `${flat.slice(0, MAX_ITEM_CHARS - 1)}…` : flat;
  };

  const followedPlanIds = (s: ChatSettings): string[] | undefined => s.planIds ?? undefined;

  // ---- commands --------------------------------------------------------------

  const ask = async (ctx: CommandContext, question: string): Promise<void> => {
    ctx.hooks.typing?.();
    const answer: Answer = await assistant.ask(question, {
      planIds: followedPlanIds(ctx.settings),
      unit: ctx.settings.unit,
      now: ctx.now,
    });
    await ctx.reply(withSources(answer.answer, answer.citations));
  };

  const showSection = async (reply: Reply, planId: string, sectionId: string): Promise<void> => {
    const section = assistant.section(planId, sectionId);
    if (!section) {
      await reply({ text: messages.sectionNotFound(sectionId) });
      return;
    }
    await reply({
      text: messages.sectionText(labelOf(planById(), planId), section.id, section.heading, section.text),
      buttons: [[summaryButton(planId)]],
    });
  };

  const summarize = async (reply: Reply, hooks: HandleHooks, planId: string): Promise<void> => {
    hooks.typing?.();
    const summary = await assistant.summary(planId);
    const plans = planById();
    const sources = sourcesLine(summary.citations, plans);
    const head = labelOf(plans, planId);
    await reply({
      text: [`Tóm tắt ${head[0]!.toLowerCase()}${head.slice(1)}:`, "", summary.text.trim(), ...(sources ? ["", sources] : [])].join(
        "\n",
      ),
      buttons: citationButtons(summary.citations, false),
    });
  };

  /** Group list items by plan: a label line, then the items. */
  const groupedByPlan = <T extends { planId: string }>(items: T[], line: (item: T) => string): string[] => {
    const plans = planById();
    const byPlan = new Map<string, T[]>();
    for (const item of items) byPlan.set(item.planId, [...(byPlan.get(item.planId) ?? []), item]);
    const lines: string[] = [];
    for (const [planId, list] of byPlan) {
      lines.push("", `${labelOf(plans, planId)}:`);
      for (const item of list) lines.push(line(item));
    }
    return lines;
  };

  const daysUntil = (iso: string, at: Date): number => {
    const today = DateTime.fromJSDate(at, { zone }).startOf("day");
    const due = DateTime.fromISO(iso, { zone }).startOf("day");
    return Math.round(due.diff(today, "days").days);
  };

  const sortDeadlines = (items: DeadlineItem[], at: Date): DeadlineItem[] => {
    const rank = (d: DeadlineItem): number => {
      if (!d.due) return 2;
      return daysUntil(d.due, at) >= 0 ? 0 : 1;
    };
    return [...items].sort((a, b) => {
      const r = rank(a) - rank(b);
      if (r !== 0) return r;
      if (a.due && b.due) return rank(a) === 0 ? a.due.localeCompare(b.due) : b.due.localeCompare(a.due);
      return 0;
    });
  };

  const builtins: Record<string, Builtin> = {
    start: async (ctx) => ctx.reply({ text: messages.welcome() }),

    trogiup: async (ctx) => ctx.reply({ text: messages.help(extraDescriptions) }),

    hoi: async (ctx) => {
      if (!ctx.args) return ctx.reply({ text: messages.askUsage() });
      await ask(ctx, ctx.args);
    },

    nhiemvu: async (ctx) => {
      const agency = ctx.args || ctx.settings.unit;
      if (!agency) return ctx.reply({ text: messages.needUnit("nhiemvu") });
      ctx.hooks.typing?.();
      const result = assistant.duties(agency, followedPlanIds(ctx.settings));
      if (result.items.length === 0) return ctx.reply({ text: messages.dutiesNone(result.agency || agency) });
      const shown = result.items.slice(0, MAX_LIST_ITEMS);
      const lines = [
        messages.dutiesHeader(result.agency || agency, result.items.length),
        ...groupedByPlan(shown, (d) => messages.dutyItem(d.section, d.role, d.via, clip(d.text))),
      ];
      if (result.items.length > shown.length) lines.push("", messages.moreItems(result.items.length - shown.length));
      const citations = shown.map((d) => ({ planId: d.planId, section: d.section }));
      await ctx.reply({ text: lines.join("\n"), buttons: citationButtons(citations, false) });
    },

    hanchot: async (ctx) => {
      const everyone = ["tat ca", "all"].includes(fold(ctx.args));
      const agency = everyone ? null : ctx.args || ctx.settings.unit || null;
      ctx.hooks.typing?.();
      const items = sortDeadlines(
        assistant.deadlines({ planIds: followedPlanIds(ctx.settings), agency: agency ?? undefined }),
        ctx.now,
      );
      if (items.length === 0) return ctx.reply({ text: messages.deadlinesNone(agency) });
      const shown = items.slice(0, MAX_LIST_ITEMS);
      const lines = [
        messages.deadlinesHeader(agency, items.length),
        ...groupedByPlan(shown, (d) => {
          const when = messages.deadlineWhen(d) + (d.due ? messages.daysLeft(daysUntil(d.due, ctx.now)) : "");
          return messages.deadlineItem(when, d.section, clip(d.text));
        }),
      ];
      if (items.length > shown.length) lines.push("", messages.moreItems(items.length - shown.length));
      await ctx.reply({
        text: lines.join("\n"),
        buttons: citationButtons(
          shown.map((d) => ({ planId: d.planId, section: d.section })),
          false,
        ),
      });
    },

    tomtat: async (ctx) => {
      if (ctx.args) {
        const plan = resolvePlan(ctx.args);
        if (!plan) return ctx.reply({ text: messages.planNotFound(ctx.args) });
        return summarize(ctx.reply, ctx.hooks, plan.id);
      }
      const all = orderedPlans();
      const followed = ctx.settings.planIds ? all.filter((p) => ctx.settings.planIds!.includes(p.id)) : all;
      if (all.length === 0) return ctx.reply({ text: messages.plansNone() });
      if (followed.length === 1) return summarize(ctx.reply, ctx.hooks, followed[0]!.id);
      const lines = [messages.summaryChoose(), ...all.map((p, i) => `${i + 1}. ${p.number ? `${p.number}: ` : ""}${p.title}`)];
      await ctx.reply({
        text: lines.join("\n"),
        buttons: followed.slice(0, 8).map((p) => [{ text: clipButton(`Tóm tắt: ${p.number ?? p.title}`), data: encodeAction(`sum:${p.id}`) }]),
      });
    },

    kehoach: async (ctx) => {
      const all = orderedPlans();
      if (all.length === 0) return ctx.reply({ text: messages.plansNone() });
      const args = fold(ctx.args).trim();
      if (!args) {
        const followed = ctx.settings.planIds;
        return ctx.reply({
          text: messages.plansList(
            all.map((plan, i) => ({ index: i + 1, plan, followed: followed === null || followed.includes(plan.id) })),
            followed === null,
          ),
        });
      }
      if (["tat ca", "tatca", "all", "*"].includes(args)) {
        settings.update(ctx.msg.chat, { planIds: null });
        return ctx.reply({ text: messages.plansFollowAll() });
      }
      const numbers = parseNumberList(ctx.args);
      let chosen: PlanSummary[];
      if (numbers) {
        const bad = numbers.filter((n) => n < 1 || n > all.length).map(String);
        if (bad.length > 0) return ctx.reply({ text: messages.plansBadChoice(bad, all.length) });
        chosen = numbers.map((n) => all[n - 1]!);
      } else {
        const plan = assistant.findPlan(ctx.args);
        if (!plan) return ctx.reply({ text: messages.planNotFound(ctx.args) });
        chosen = [plan];
      }
      settings.update(ctx.msg.chat, { planIds: chosen.map((p) => p.id) });
      await ctx.reply({ text: messages.plansFollowed(chosen.map((p) => (p.number ? `${p.number}: ${p.title}` : p.title))) });
    },

    donvi: async (ctx) => {
      if (!ctx.args) return ctx.reply({ text: messages.unitShow(ctx.settings.unit) });
      if (["bo", "xoa", "huy"].includes(fold(ctx.args))) {
        settings.update(ctx.msg.chat, { unit: null });
        return ctx.reply({ text: messages.unitCleared() });
      }
      const unit = ctx.args.normalize("NFC").replace(/\s+/g, " ").slice(0, 150).trim();
      settings.update(ctx.msg.chat, { unit });
      await ctx.reply({ text: messages.unitSet(unit) });
    },

    muc: async (ctx) => {
      const [sectionId, ...rest] = ctx.args.split(/\s+/).filter(Boolean);
      if (!sectionId) return ctx.reply({ text: messages.sectionUsage() });
      const planQuery = rest.join(" ");
      if (planQuery) {
        const plan = resolvePlan(planQuery);
        if (!plan) return ctx.reply({ text: messages.planNotFound(planQuery) });
        return showSection(ctx.reply, plan.id, sectionId);
      }
      const candidates = (ctx.settings.planIds ?? orderedPlans().map((p) => p.id)).filter(
        (id) => assistant.section(id, sectionId) !== null,
      );
      if (candidates.length === 0) return ctx.reply({ text: messages.sectionNotFound(sectionId) });
      if (candidates.length > 1) return ctx.reply({ text: messages.sectionAmbiguous(sectionId) });
      await showSection(ctx.reply, candidates[0]!, sectionId);
    },

    nap: async (ctx) => {
      if (!ctx.isAdmin) return ctx.reply({ text: messages.adminOnly() });
      const doc = ctx.msg.document;
      if (!doc) {
        return ctx.reply({ text: ctx.msg.chat.platform === "zalo" ? messages.napNotSupported() : messages.napUsage() });
      }
      const fileName = doc.fileName.normalize("NFC");
      const ext = /\.[^.]+$/.exec(fileName.toLowerCase())?.[0] ?? "";
      if (!ACCEPTED_EXTENSIONS.includes(ext)) return ctx.reply({ text: messages.napBadType(fileName) });
      const maxMb = Math.round(maxFileBytes / (1024 * 1024));
      if (doc.size !== undefined && doc.size > maxFileBytes) {
        return ctx.reply({ text: messages.napTooBig(doc.size / (1024 * 1024), maxMb) });
      }
      ctx.hooks.typing?.();
      const buf = await doc.fetch();
      if (buf.length > maxFileBytes) return ctx.reply({ text: messages.napTooBig(buf.length / (1024 * 1024), maxMb) });
      // One progress line per upload, updated as OCR pages finish; a line is only redrawn when its text changes.
      let shown = "";
      let pending: Promise<void> = Promise.resolve();
      const onProgress = ({ done, total, file }: { done: number; total: number; file: string }) => {
        const text = messages.ocrProgress(Math.min(done + 1, total), total, file === fileName ? null : file);
        if (text === shown || !ctx.hooks.progress) return;
        shown = text;
        pending = pending.then(() => ctx.hooks.progress?.(text));
      };
      const result = await assistant.ingestBuffer(buf, fileName, `${ctx.msg.chat.platform}:${fileName}`, { onProgress });
      await pending;
      log.info(
        { chat: chatKey(ctx.msg.chat), user: ctx.msg.userId, file: fileName, plans: result.plans.map((p) => p.id), errors: result.errors.length },
        "plan upload",
      );
      const parts: string[] = [];
      if (result.plans.length > 0) {
        parts.push(messages.napDone(result.plans));
        // A chat that follows chosen plans also follows what its admin just added.
        const current = settings.get(ctx.msg.chat).planIds;
        if (current) {
          settings.update(ctx.msg.chat, { planIds: [...new Set([...current, ...result.plans.map((p) => p.id)])] });
        }
      }
      if (result.errors.length > 0) parts.push(messages.napFailed(result.errors.map((e) => e.userMessage)));
      if (parts.length === 0) parts.push(messages.napFailed([]));
      await ctx.reply({ text: parts.join("\n\n") });
    },

    xoa: async (ctx) => {
      if (!ctx.isAdmin) return ctx.reply({ text: messages.adminOnly() });
      if (!ctx.args) return ctx.reply({ text: messages.xoaUsage() });
      const plan = resolvePlan(ctx.args);
      if (!plan) return ctx.reply({ text: messages.planNotFound(ctx.args) });
      if (!assistant.removePlan(plan.id)) return ctx.reply({ text: messages.planNotFound(ctx.args) });
      log.info({ chat: chatKey(ctx.msg.chat), user: ctx.msg.userId, planId: plan.id }, "plan removed");
      const current = settings.get(ctx.msg.chat).planIds;
      if (current?.includes(plan.id)) settings.update(ctx.msg.chat, { planIds: current.filter((id) => id !== plan.id) });
      await ctx.reply({ text: messages.xoaDone(planLabel(plan)) });
    },
  };

  const extras = new Map<string, ExtraCommand>();
  for (const [rawName, value] of Object.entries(deps.extraCommands ?? {})) {
    const name = fold(rawName.replace(/^\//, ""));
    if (builtins[name]) throw new Error(`extra command /${name} would replace a built-in command`);
    extras.set(name, typeof value === "function" ? { run: value, description: name } : value);
  }
  const extraDescriptions = Object.fromEntries([...extras].map(([name, c]) => [name, c.description]));

  const menuOrder = ["hoi", "nhiemvu", "hanchot", "tomtat", "kehoach", "donvi", "muc", ...extras.keys(), "trogiup", "nap", "xoa"];
  const commands = menuOrder.map((command) => ({
    command,
    description: COMMAND_DESCRIPTIONS[command] ?? extras.get(command)?.description ?? command,
  }));

  // ---- gate and error handling ---------------------------------------------------

  const sendSafely = async (reply: Reply, message: OutgoingMessage, chat: ChatRef): Promise<void> => {
    try {
      await reply(message);
    } catch (err) {
      log.warn({ chat: chatKey(chat), err: describeError(err) }, "could not deliver a reply");
    }
  };

  /** Access and rate limit; sends the refusal or the notice itself. True when the request may proceed. */
  const admit = async (chat: ChatRef, userId: string, isPrivate: boolean, reply: Reply): Promise<boolean> => {
    const key = chatKey(chat);
    const allowed = access.isChatAllowed(chat) || (isPrivate && access.isAdmin(chat.platform, userId));
    if (!allowed) {
      if (!refusedChats.has(key)) {
        if (refusedChats.size > 10_000) refusedChats.clear();
        refusedChats.add(key);
        log.warn({ chat: key, user: userId }, "chat is not in the allow-list: refused");
        await sendSafely(reply, { text: messages.accessDenied() }, chat);
      } else {
        log.debug({ chat: key, user: userId }, "chat is not in the allow-list: ignored");
      }
      return false;
    }
    const decision = limiter.hit(`${chat.platform}:${userId}`, now().getTime());
    if (decision === "allow") return true;
    log.info({ chat: key, user: userId }, "rate limit reached");
    if (decision === "notify") await sendSafely(reply, { text: messages.rateLimited() }, chat);
    return false;
  };

  const guarded = async (chat: ChatRef, userId: string, reply: Reply, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (err) {
      if (err instanceof AppError) {
        log.info({ chat: chatKey(chat), user: userId, code: err.code, reason: err.message }, "request refused by the engine");
        await sendSafely(reply, { text: err.userMessage }, chat);
        return;
      }
      const errorId = randomBytes(4).toString("hex").toUpperCase();
      log.error({ errorId, chat: chatKey(chat), user: userId, err }, "request failed");
      await sendSafely(reply, { text: messages.internalError(errorId) }, chat);
    }
  };

  return {
    commands,

    buttonCommand(data) {
      const action = parseAction(data);
      if (!action) return null;
      return action.kind === "section" ? `/muc ${action.section} ${action.planId}` : `/tomtat ${action.planId}`;
    },

    async handle(msg, reply, hooks = {}) {
      const text = msg.text.normalize("NFC").trim();
      const command = parseCommand(text);
      const isGroup = msg.chatType === "group";
      const known = command ? Boolean(builtins[command.name] ?? extras.get(command.name)) : false;
      // In groups: commands (ours, or any command explicitly addressed to us), mentions and replies.
      if (isGroup && !(msg.addressedToBot || known)) return;
      if (!(await admit(msg.chat, msg.userId, !isGroup, reply))) return;

      await guarded(msg.chat, msg.userId, reply, async () => {
        const chatSettings = settings.get(msg.chat);
        const ctx: CommandContext = {
          msg,
          args: command?.args ?? text,
          reply,
          settings: chatSettings,
          isAdmin: access.isAdmin(msg.chat.platform, msg.userId),
          now: now(),
          hooks,
        };
        if (!command) {
          if (text) return ask(ctx, text);
          if (msg.document && !isGroup) return reply({ text: messages.documentHint() });
          return reply({ text: isGroup ? messages.emptyQuestion() : messages.onlyText() });
        }
        const builtin = builtins[command.name];
        if (builtin) return builtin(ctx);
        const extra = extras.get(command.name);
        if (extra) {
          if (extra.adminOnly && !ctx.isAdmin) return reply({ text: messages.adminOnly() });
          return extra.run(ctx);
        }
        await reply({ text: messages.unknownCommand(command.name) });
      });
    },

    async handleButton(chat, userId, data, reply, hooks = {}) {
      // Buttons carry no chat type; a private chat's id is its user's id on Telegram and Zalo.
      if (!(await admit(chat, userId, chat.chatId === userId, reply))) return;
      await guarded(chat, userId, reply, async () => {
        const action = parseAction(data);
        if (!action) return reply({ text: messages.buttonExpired() });
        if (action.kind === "section") return showSection(reply, action.planId, action.section);
        await summarize(reply, hooks, action.planId);
      });
    },
  };
}

/** Button labels stay short on small screens. */
function clipButton(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** An error as a log field without its stack (for expected, external failures). */
export function describeError(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message };
  return { name: "Error", message: String(err) };
}
