/** Unit tests for format.ts. */
import { expect, test } from "vitest";
import { escapeHtml, toInlineKeyboard, toTelegramChunks } from "./format.js";

test("escapes exactly what Telegram's HTML mode requires", () => {
  expect(escapeHtml(`Công an huyện: <b> & > "x"`)).toBe(`Công an huyện: &lt;b&gt; &amp; &gt; "x"`);
});

test("chunks are measured after escaping", () => {
  const text = `${"<".repeat(1000)}\n\n${"<".repeat(1000)}`;
  const chunks = toTelegramChunks({ text });
  expect(chunks).toHaveLength(2);
  for (const c of chunks) expect(c.length).toBeLessThanOrEqual(4096);
  expect(chunks[0]).toBe("&lt;".repeat(1000));
});

test("buttons become an inline keyboard, rows kept", () => {
  expect(toInlineKeyboard(undefined)).toBeUndefined();
  const kb = toInlineKeyboard([[{ text: "A", data: "a" }], [{ text: "B", data: "b" }]]);
  expect(kb?.inline_keyboard).toEqual([[{ text: "A", callback_data: "a" }], [{ text: "B", callback_data: "b" }]]);
});
