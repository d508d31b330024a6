/** The logging interface the search modules use (pino's logger satisfies it). */

/** Structured logger: a context object first, then a message (pino style). */
export interface SearchLogger {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** A logger that drops everything (the default when none is given). */
export const noopLogger: SearchLogger = {
  warn: () => {},
  info: () => {},
  debug: () => {},
};
