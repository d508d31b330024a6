/** Unit tests for rateLimit.ts. */
import { expect, test } from "vitest";
import { createRateLimiter } from "./rateLimit.js";

test("allows N per sliding minute, notifies once, then drops until the window frees", () => {
  const limiter = createRateLimiter(3);
  const at = (s: number) => s * 1000;
  expect([0, 10, 20].map((s) => limiter.hit("u", at(s)))).toEqual(["allow", "allow", "allow"]);
  expect(limiter.hit("u", at(30))).toBe("notify");
  expect(limiter.hit("u", at(31))).toBe("drop");
  expect(limiter.hit("other", at(31))).toBe("allow");
  // The first request leaves the window at 60 s: one more is allowed, then limited again.
  expect(limiter.hit("u", at(60))).toBe("allow");
  expect(limiter.hit("u", at(61))).toBe("notify");
  expect(limiter.hit("u", at(200))).toBe("allow");
});
