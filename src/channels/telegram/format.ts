/**
 * Telegram formatting: plain text to HTML parse mode (every character of plan
 * text escaped), chunks under 4,096 characters, buttons as an inline keyboard.
 */
import { InlineKeyboard } from "grammy";
import type { Button, OutgoingMessage } from "../../core/channel.js";
import { splitText } from "../split.js";

/** Telegram's limit for one message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** Escape text for Telegram's HTML parse mode (the three characters it requires). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function toInlineKeyboard(rows: Button[][] | undefined): InlineKeyboard | undefined {
  if (!rows || rows.length === 0) return undefined;
  return InlineKeyboard.from(rows.map((row) => row.map((b) => InlineKeyboard.text(b.text, b.data))));
}

/** HTML chunks of a message, each under the limit once escaped; buttons go with the last. */
export function toTelegramChunks(message: OutgoingMessage, limit = TELEGRAM_TEXT_LIMIT): string[] {
  return splitText(message.text, limit, (s) => escapeHtml(s).length).map(escapeHtml);
}
