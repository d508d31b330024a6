/** The console chat (readline). */
export * from "./channel.js";
