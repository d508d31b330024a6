/** Sliding-window rate limits for outgoing notices: a global cap per second and a cap per chat per minute. */

/** Allowed sending rates (Telegram: about 30 messages per second overall, 20 per minute per group). */
export interface RateOptions {
  globalPerSec: number;
  perChatPerMin: number;
  /** Extra milliseconds added to each window so network jitter cannot push two windows' worth into one (default 50). */
  marginMs?: number;
}

/** At most `limit` events in any `windowMs` window (a log of the last `limit` event times). */
class SlidingWindow {
  private readonly times: number[] = [];
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until one more event is allowed (0 = now). */
  waitMs(now: number): number {
    this.prune(now);
    if (this.times.length < this.limit) return 0;
    return this.times[0]! + this.windowMs - now;
  }

  take(now: number): void {
    this.prune(now);
    this.times.push(now);
  }

  get empty(): boolean {
    return this.times.length === 0;
  }

  private prune(now: number): void {
    while (this.times.length > 0 && this.times[0]! + this.windowMs <= now) this.times.shift();
  }
}

/**
 * The dispatcher's limiter: a global window, one window per chat, and back-off
 * pauses set from 429 replies (`retry_after`).
 */
export class RateLimiter {
  private readonly global: SlidingWindow;
  private readonly chats = new Map<string, SlidingWindow>();
  private readonly chatPausedUntil = new Map<string, number>();
  private globalPausedUntil = 0;
  private readonly perChatPerMin: number;
  private readonly marginMs: number;

  constructor(options: RateOptions) {
    this.marginMs = options.marginMs ?? 50;
    this.global = new SlidingWindow(Math.max(1, options.globalPerSec), 1000 + this.marginMs);
    this.perChatPerMin = Math.max(1, options.perChatPerMin);
  }

  /** Milliseconds before anything may be sent (global window or global pause). */
  globalWaitMs(now: number): number {
    return Math.max(0, this.globalPausedUntil - now, this.global.waitMs(now));
  }

  /** Milliseconds before this chat may receive a message (its own window or pause). */
  chatWaitMs(chat: string, now: number): number {
    const paused = (this.chatPausedUntil.get(chat) ?? 0) - now;
    const w = this.chats.get(chat);
    return Math.max(0, paused, w ? w.waitMs(now) : 0);
  }

  /** Count one message to `chat` sent at `now`. */
  take(chat: string, now: number): void {
    this.global.take(now);
    let w = this.chats.get(chat);
    if (!w) {
      w = new SlidingWindow(this.perChatPerMin, 60_000 + this.marginMs);
      this.chats.set(chat, w);
    }
    w.take(now);
    if (this.chats.size > 50_000) this.pruneChats(now);
  }

  /**
   * Back off after a 429: the chat waits `retryAfterSec`; everyone waits up to
   * `globalCapSec` of it (we cannot tell a per-chat limit from the global one).
   */
  backOff(chat: string, retryAfterSec: number, now: number, globalCapSec = 1): void {
    const ms = Math.max(0, retryAfterSec) * 1000;
    this.chatPausedUntil.set(chat, Math.max(this.chatPausedUntil.get(chat) ?? 0, now + ms));
    this.globalPausedUntil = Math.max(this.globalPausedUntil, now + Math.min(ms, globalCapSec * 1000));
  }

  private pruneChats(now: number): void {
    for (const [chat, w] of this.chats) if (w.waitMs(now) === 0 && w.empty) this.chats.delete(chat);
    for (const [chat, until] of this.chatPausedUntil) if (until <= now) this.chatPausedUntil.delete(chat);
  }
}
