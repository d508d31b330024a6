// Answers in progress, tracked so a channel can stop gracefully: stop taking updates, then wait for these.

export interface Inflight {
  /** Track a promise until it settles; returns it. */
  track<T>(p: Promise<T>): Promise<T>;
  /** Wait until every tracked promise has settled, or `timeoutMs` has passed. */
  drain(timeoutMs?: number): Promise<void>;
  readonly size: number;
}

/** A set of answers in progress. */
export function createInflight(): Inflight {
  const pending = new Set<Promise<unknown>>();
  return {
    track(p) {
      pending.add(p);
      void p.finally(() => pending.delete(p)).catch(() => undefined);
      return p;
    },
    async drain(timeoutMs = 30_000) {
      if (pending.size === 0) return;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...pending]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
    get size() {
      return pending.size;
    },
  };
}
