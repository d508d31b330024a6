/** The Telegram channel (grammY). */
export * from "./channel.js";
export { escapeHtml, toTelegramChunks, TELEGRAM_TEXT_LIMIT } from "./format.js";
