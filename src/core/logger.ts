/**
 * The application logger (pino) writing to stderr, so stdout stays free for the
 * CLI's JSON. Secrets are redacted.
 */
import pino, { type Logger } from "pino";

export type { Logger };

/** Create the logger; `pretty` for people at a terminal. */
export function createLogger(level: string = process.env.LOG_LEVEL ?? "info", pretty = false): Logger {
  const redact = { paths: ["token", "*.token", "apiKey", "*.apiKey", "authorization", "*.authorization"], censor: "[redacted]" };
  if (pretty) {
    return pino({ level, redact }, pino.transport({ target: "pino-pretty", options: { destination: 2, colorize: false, translateTime: "SYS:HH:MM:ss" } }));
  }
  return pino({ level, redact }, pino.destination(2));
}

/** A logger that drops everything (tests, `--json` runs that must stay silent). */
export const silentLogger: Logger = pino({ level: "silent" });
