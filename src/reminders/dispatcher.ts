/**
 * The reminder dispatcher: under a lease in the store, materializes due notices
 * in the outbox, sends them through each chat's channel within rate limits, and
 * records every sent notice.
 *
 * Delivery guarantee: at least once. A notice is recorded only after the channel
 * accepted it, so a crash between sending and recording sends that notice again
 * after restart: with `maxInFlight` 1 (the default) at most one duplicate per crash
 * (at most `maxInFlight` in general). In normal operation the sent log's unique key
 * (chat, deadline, occurrence, lead) means a notice is never sent twice.
 */
import { AppError, ChannelSendError } from "../core/errors.js";
import { parseChatKey, type Channel, type Platform } from "../core/channel.js";
import type { Db } from "../store/db.js";
import { renderNotice } from "./noticeText.js";
import { createLease, createOutbox, type Lease, type Outbox, type OutboxRow } from "./outbox.js";
import { RateLimiter, type RateOptions } from "./rateLimit.js";
import { DEFAULT_ZONE, type Notice } from "./schedule.js";
import { silentLogger, type ReminderLogger } from "./source.js";

/** Real time for rate limits, leases and pauses (tests may pass a fake). */
export interface Timer {
  now(): number;
  /** Resolve after `ms`, or early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock and setTimeout. */
export const realTimer: Timer = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const t = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(t);
        signal?.removeEventListener("abort", done);
        resolve();
      }
      signal?.addEventListener("abort", done, { once: true });
    }),
};

/** Dependencies and tuning of the dispatcher. */
export interface DispatcherOptions {
  db: Db;
  /** Channels by platform; a chat on a platform without a channel fails (and is retried later). */
  channels: Partial<Record<Platform, Channel>>;
  /** All notices of subscribed chats at `at` (see createNoticeSource). */
  source: (at: Date) => Notice[] | Promise<Notice[]>;
  /** The schedule's "now" (default: the wall clock). */
  clock?: () => Date;
  logger?: ReminderLogger;
  /** Default: Telegram's limits, 30 per second overall and 20 per minute per chat. */
  rate?: RateOptions;
  /** Seconds between ticks once started (REMINDER_TICK_SECONDS; default 60). */
  tickSeconds?: number;
  /** Lease length; renewed while dispatching (default 60 s). */
  leaseTtlMs?: number;
  /** Lease owner id (default host/pid/random). */
  owner?: string;
  /** Attempts before a failing notice is given up (default 5). */
  maxAttempts?: number;
  /** Sends in flight at once; also the most duplicates one crash can cause (default 1). */
  maxInFlight?: number;
  /** 429 replies tolerated for one notice within a run before it counts as failed (default 20). */
  max429Retries?: number;
  /** Materialize notices this far ahead in the outbox (default 24 h). */
  lookaheadMs?: number;
  zone?: string;
  timer?: Timer;
}

/** What one pass did. */
export interface RunResult {
  sent: number;
  failed: number;
  /** Recorded without sending: deadline passed, superseded by a later notice, or marked done. */
  skipped: number;
  /** True when another dispatcher holds the lease: nothing was done. */
  lockedOut: boolean;
}

/** Sends due notices from the outbox, once, within rate limits. */
export interface Dispatcher {
  /** One pass at `at` (default: the clock): sync the outbox, send what is due, record it. */
  runOnce(at?: Date): Promise<RunResult>;
  /** Run a pass now and then every tick. */
  start(): void;
  /** Stop ticking, wait for sends in flight to be recorded, release the lease. */
  stop(): Promise<void>;
  readonly owner: string;
  readonly outbox: Outbox;
  /** Owner id of the current lease holder, if any. */
  lockHolder(): string | null;
}

/** The lease is held by another dispatcher on this store. */
export class DispatcherLockedError extends AppError {
  readonly code = "reminders_locked";
  readonly userMessage = "Bộ gửi nhắc việc đang chạy ở một tiến trình khác.";
  constructor(readonly holder: string | null) {
    super(`another reminder dispatcher holds the lock${holder ? ` (${holder})` : ""}`);
    this.name = "DispatcherLockedError";
  }
}

/**
 * Create the dispatcher.
 * @example
 * const dispatcher = createDispatcher({ db, channels: { telegram }, source, logger });
 * dispatcher.start();
 * process.on("SIGTERM", () => void dispatcher.stop());
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const clock = options.clock ?? (() => new Date());
  const log = options.logger ?? silentLogger;
  const timer = options.timer ?? realTimer;
  const zone = options.zone ?? DEFAULT_ZONE;
  const maxAttempts = options.maxAttempts ?? 5;
  const maxInFlight = Math.max(1, options.maxInFlight ?? 1);
  const max429 = options.max429Retries ?? 20;
  const lookaheadMs = options.lookaheadMs ?? 24 * 3600_000;
  const tickMs = (options.tickSeconds ?? 60) * 1000;
  const leaseTtlMs = options.leaseTtlMs ?? 60_000;
  const outbox = createOutbox(options.db, { zone });
  const lease: Lease = createLease(options.db, { owner: options.owner, ttlMs: leaseTtlMs, now: () => timer.now() });
  const limiter = new RateLimiter(options.rate ?? { globalPerSec: 30, perChatPerMin: 20 });

  let holding = false;
  let started = false;
  let abort = new AbortController();
  let tickTimer: NodeJS.Timeout | null = null;
  let current: Promise<unknown> = Promise.resolve();
  let lockedLogged = false;

  const acquire = (): boolean => {
    const ok = lease.acquire();
    if (ok && !holding) {
      outbox.invalidateCache();
      log.info({ owner: lease.owner }, "reminders: dispatcher lease acquired");
      lockedLogged = false;
    }
    if (!ok && !lockedLogged) {
      log.info({ owner: lease.owner, holder: lease.holder()?.owner }, "reminders: another dispatcher holds the lease; standing by");
      lockedLogged = true;
    }
    holding = ok;
    return ok;
  };

  const logSkipped = (rows: OutboxRow[], reason: string): void => {
    if (rows.length === 0) return;
    const level = reason === "passed" ? "warn" : "info";
    log[level](
      { reason, count: rows.length, notices: rows.slice(0, 10).map((r) => r.key) },
      reason === "passed" ? "reminders: deadline passed before the notice could be sent; skipped" : `reminders: notices skipped (${reason})`,
    );
  };

  const pass = async (at: Date): Promise<RunResult> => {
    const result: RunResult = { sent: 0, failed: 0, skipped: 0, lockedOut: false };
    if (!acquire()) return { ...result, lockedOut: true };
    const signal = abort.signal;

    try {
      const notices = await options.source(at);
      const sync = outbox.sync(notices, at, lookaheadMs);
      result.skipped += sync.passed.length + sync.superseded.length;
      logSkipped(sync.passed, "passed");
      logSkipped(sync.superseded, "superseded");
      if (sync.added > 0 || sync.removed > 0) log.debug({ added: sync.added, removed: sync.removed }, "reminders: outbox synced");
    } catch (err) {
      log.error({ err }, "reminders: could not compute the schedule; sending what is already pending");
    }

    const selection = outbox.takeDue(at);
    result.skipped += selection.passed.length + selection.superseded.length;
    logSkipped(selection.passed, "passed");
    logSkipped(selection.superseded, "superseded");
    const queue = selection.due;
    if (queue.length === 0) return result;
    log.info({ due: queue.length, at: at.toISOString() }, "reminders: sending due notices");

    const busy = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    const tooMany = new Map<string, number>();
    let lastRenew = timer.now();
    let lost = false;

    const sendOne = async (row: OutboxRow): Promise<void> => {
      try {
        if (outbox.isDone(row.chat, row.deadlineKey)) {
          outbox.markDone(row.chat, row.deadlineKey, at);
          result.skipped++;
          return;
        }
        try {
          const { platform, chatId } = parseChatKey(row.chat);
          const channel = options.channels[platform];
          if (!channel) throw new ChannelSendError(platform, chatId, `no ${platform} channel configured`);
          await channel.send(chatId, renderNotice(row.notice, at, zone));
        } catch (err) {
          if (err instanceof ChannelSendError && err.retryAfterSec !== undefined) {
            const n = (tooMany.get(row.key) ?? 0) + 1;
            tooMany.set(row.key, n);
            limiter.backOff(row.chat, err.retryAfterSec, timer.now());
            if (n <= max429 && !signal.aborted) {
              queue.unshift(row);
              return;
            }
          }
          const reason = err instanceof Error ? err.message : String(err);
          const outcome = outbox.recordFailure(row, reason, at, maxAttempts);
          result.failed++;
          log[outcome === "gave_up" ? "error" : "warn"]({ notice: row.key, attempts: row.attempts + 1, reason }, outcome === "gave_up" ? "reminders: notice failed for good" : "reminders: notice failed; will retry");
          return;
        }
        // The crash window: sent but not yet recorded (see the module comment).
        outbox.recordSent(row, timer.now());
        result.sent++;
      } finally {
        busy.delete(row.chat);
      }
    };

    while ((queue.length > 0 || inFlight.size > 0) && !lost) {
      if (signal.aborted && inFlight.size === 0) break;
      if (inFlight.size >= maxInFlight || queue.length === 0 || signal.aborted) {
        await Promise.race(inFlight);
        continue;
      }
      const now = timer.now();
      if (now - lastRenew > leaseTtlMs / 3) {
        if (!lease.renew()) {
          lost = true;
          log.error({ owner: lease.owner }, "reminders: lease lost; stopping this pass");
          break;
        }
        lastRenew = now;
      }
      const globalWait = limiter.globalWaitMs(now);
      if (globalWait > 0) {
        await timer.sleep(globalWait, signal);
        continue;
      }
      let pick = -1;
      let soonest = Infinity;
      for (let i = 0; i < queue.length; i++) {
        const chat = queue[i]!.chat;
        if (busy.has(chat)) continue;
        const w = limiter.chatWaitMs(chat, now);
        if (w === 0) {
          pick = i;
          break;
        }
        soonest = Math.min(soonest, w);
      }
      if (pick < 0) {
        if (inFlight.size > 0 && soonest === Infinity) await Promise.race(inFlight);
        else await timer.sleep(Number.isFinite(soonest) ? soonest : 50, signal);
        continue;
      }
      const row = queue.splice(pick, 1)[0]!;
      busy.add(row.chat);
      limiter.take(row.chat, now);
      const p: Promise<void> = sendOne(row)
        .catch((err: unknown) => {
          result.failed++;
          log.error({ notice: row.key, err }, "reminders: could not record a notice");
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await Promise.all(inFlight);
    return result;
  };

  // Passes never overlap: each waits for the previous one.
  const runOnce = (at: Date = clock()): Promise<RunResult> => {
    const next = current.then(
      () => pass(at),
      () => pass(at),
    );
    current = next.catch(() => undefined);
    return next;
  };

  const tick = async (): Promise<void> => {
    if (!started) return;
    try {
      const r = await runOnce(clock());
      if (r.sent > 0 || r.failed > 0) log.info({ sent: r.sent, failed: r.failed, skipped: r.skipped }, "reminders: pass done");
    } catch (err) {
      log.error({ err }, "reminders: pass failed");
    }
    if (started) tickTimer = setTimeout(() => void tick(), tickMs);
  };

  return {
    owner: lease.owner,
    outbox,
    runOnce,
    lockHolder: () => lease.holder()?.owner ?? null,
    start() {
      if (started) return;
      started = true;
      tickTimer = setTimeout(() => void tick(), 0);
    },
    async stop() {
      started = false;
      if (tickTimer) clearTimeout(tickTimer);
      tickTimer = null;
      abort.abort();
      await current;
      if (holding) lease.release();
      holding = false;
      abort = new AbortController();
    },
  };
}
