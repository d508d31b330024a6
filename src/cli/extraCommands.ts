/**
 * CLI commands beyond the structured store: ask, summary, chat, reminders.
 * Registered on the main program; each is filled in by its module.
 */
import type { Command } from "commander";
import type { App } from "../app.js";
import type { StoredPlan } from "../store/planStore.js";

export interface CliHelpers {
  withApp<T>(cmd: Command, run: (app: App, opts: { store?: string; json?: boolean }) => Promise<T> | T, text: (r: T) => string): Promise<void>;
  requirePlan(app: App, id: string): StoredPlan;
  planIdsOpt(plan?: string | string[]): string[] | undefined;
}

export function registerExtraCommands(_program: Command, _h: CliHelpers): void {}
