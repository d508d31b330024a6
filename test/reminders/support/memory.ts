/** In-memory test doubles for reminder tests: a recording channel, a virtual timer, a capturing logger, a temp store. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Channel, OutgoingMessage, Platform } from "../../../src/core/channel.js";
import { openDatabase, type Db } from "../../../src/store/db.js";
import type { Timer } from "../../../src/reminders/dispatcher.js";
import type { ReminderLogger } from "../../../src/reminders/source.js";

export interface RecordingChannel extends Channel {
  sent: { chatId: string; message: OutgoingMessage; at: number }[];
  /** Called before each send; throw to fail it. */
  before?: (chatId: string, attempt: number) => void | Promise<void>;
}

/** A channel that records what it sends; `now` stamps each message. */
export function recordingChannel(platform: Platform = "telegram", now: () => number = Date.now): RecordingChannel {
  let attempt = 0;
  const ch: RecordingChannel = {
    platform,
    sent: [],
    async send(chatId, message) {
      attempt++;
      if (ch.before) await ch.before(chatId, attempt);
      ch.sent.push({ chatId, message, at: now() });
    },
  };
  return ch;
}

/** Virtual time: sleeping advances the clock at once. */
export function virtualTimer(start = 0): Timer & { advance(ms: number): void } {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += Math.max(0, ms);
    },
    advance: (ms) => {
      t += ms;
    },
  };
}

export interface CapturedLog {
  level: string;
  obj: object;
  msg?: string;
}

/** A logger that keeps every entry. */
export function captureLogger(): ReminderLogger & { entries: CapturedLog[] } {
  const entries: CapturedLog[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void entries.push({ level, obj, msg });
  return { entries, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** A fresh store folder in the system temp dir, removed by `cleanup`. */
export function tempStore(): { dir: string; open(): Db; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "reminders-"));
  const handles: Db[] = [];
  return {
    dir,
    open() {
      const db = openDatabase(dir);
      handles.push(db);
      return db;
    },
    cleanup() {
      for (const h of handles) if (h.open) h.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
