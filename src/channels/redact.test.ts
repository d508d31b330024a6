/** Unit tests for redact.ts. */
import { expect, test } from "vitest";
import { createRedactor, safeError } from "./redact.js";

test("removes every secret from text and from nested error messages", () => {
  const redact = createRedactor(["123:abc-secret", undefined, "ab"]);
  expect(redact("GET https://api/bot123:abc-secret/getMe (123:abc-secret)")).toBe("GET https://api/bot***/getMe (***)");
  // Too-short "secrets" are ignored rather than blanking common letters.
  expect(redact("ab cd")).toBe("ab cd");
  const err = Object.assign(new Error("request failed"), { error: new Error("to https://x/bot123:abc-secret/a") });
  expect(safeError(err, redact)).toEqual({ name: "Error", message: "request failed (to https://x/bot***/a)" });
});
