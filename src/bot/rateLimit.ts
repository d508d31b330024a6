/**
 * Per-user sliding-window rate limit (RATE_LIMIT_PER_MINUTE). Tells the caller
 * whether to answer, to send the friendly "slow down" notice (once per burst),
 * or to stay silent.
 */

export type RateDecision = "allow" | "notify" | "drop";

export interface RateLimiter {
  /** Count one request by `key` at `now` and decide. */
  hit(key: string, now: number): RateDecision;
}

interface Bucket {
  /** Accepted request times (ms), oldest first; at most `perMinute` entries. */
  times: number[];
  notified: boolean;
}

const WINDOW_MS = 60_000;

/**
 * @example const limiter = createRateLimiter(20); limiter.hit("telegram:42", Date.now())
 */
export function createRateLimiter(perMinute: number): RateLimiter {
  const buckets = new Map<string, Bucket>();
  let lastSweep = 0;

  const sweep = (now: number): void => {
    // Forget idle users now and then so the map does not grow without bound.
    if (now - lastSweep < WINDOW_MS) return;
    lastSweep = now;
    for (const [key, b] of buckets) {
      const last = b.times[b.times.length - 1];
      if (last === undefined || now - last >= WINDOW_MS) buckets.delete(key);
    }
  };

  return {
    hit(key, now) {
      sweep(now);
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { times: [], notified: false };
        buckets.set(key, bucket);
      }
      while (bucket.times.length > 0 && now - bucket.times[0]! >= WINDOW_MS) bucket.times.shift();
      if (bucket.times.length < perMinute) {
        bucket.times.push(now);
        bucket.notified = false;
        return "allow";
      }
      if (bucket.notified) return "drop";
      bucket.notified = true;
      return "notify";
    },
  };
}
