/**
 * Per-chat settings that persist in the store: the chat's own unit (for
 * "chúng tôi"), the plans it follows, and its reminder preferences. Also records
 * that a chat has written to the bot (Zalo bots may only write to such chats).
 */
import type { Db } from "./db.js";
import { chatKey, type ChatRef } from "../core/channel.js";

export interface ChatSettings {
  chat: string; // "telegram:-100777"
  /** The chat's own agency, set with /donvi. */
  unit: string | null;
  /** Plans this chat follows; null = all plans. */
  planIds: string[] | null;
  remindersEnabled: boolean;
  /** Days before a deadline to send notices (0 = on the day). */
  leadDays: number[];
  /** Local send time "HH:MM" (Asia/Ho_Chi_Minh). */
  sendTime: string;
  /** Last time the chat wrote to the bot (ISO), null if never. */
  lastInboundAt: string | null;
}

export const DEFAULT_LEAD_DAYS = [7, 3, 1, 0];
export const DEFAULT_SEND_TIME = "08:00";

export interface ChatSettingsStore {
  get(chat: ChatRef | string): ChatSettings;
  update(chat: ChatRef | string, patch: Partial<Omit<ChatSettings, "chat">>): ChatSettings;
  /** Chats with reminders switched on. */
  listSubscribed(): ChatSettings[];
  recordInbound(chat: ChatRef | string, at?: Date): void;
  remove(chat: ChatRef | string): void;
}

interface Row {
  chat: string;
  unit: string | null;
  plan_ids: string | null;
  reminders_enabled: number;
  lead_days: string;
  send_time: string;
  last_inbound_at: string | null;
}

const keyOf = (chat: ChatRef | string): string => (typeof chat === "string" ? chat : chatKey(chat));

/** SQLite-backed chat settings on the given database handle. */
export function createChatSettingsStore(db: Db): ChatSettingsStore {
  db.exec(`CREATE TABLE IF NOT EXISTS chat_settings (
    chat TEXT PRIMARY KEY,
    unit TEXT,
    plan_ids TEXT,
    reminders_enabled INTEGER NOT NULL DEFAULT 0,
    lead_days TEXT NOT NULL,
    send_time TEXT NOT NULL,
    last_inbound_at TEXT
  )`);
  const select = db.prepare<[string], Row>("SELECT * FROM chat_settings WHERE chat = ?");
  const upsert = db.prepare(`INSERT INTO chat_settings (chat, unit, plan_ids, reminders_enabled, lead_days, send_time, last_inbound_at)
    VALUES (@chat, @unit, @plan_ids, @reminders_enabled, @lead_days, @send_time, @last_inbound_at)
    ON CONFLICT(chat) DO UPDATE SET unit = excluded.unit, plan_ids = excluded.plan_ids,
      reminders_enabled = excluded.reminders_enabled, lead_days = excluded.lead_days,
      send_time = excluded.send_time, last_inbound_at = excluded.last_inbound_at`);
  const subscribed = db.prepare<[], Row>("SELECT * FROM chat_settings WHERE reminders_enabled = 1 ORDER BY chat");
  const del = db.prepare("DELETE FROM chat_settings WHERE chat = ?");

  const fromRow = (r: Row): ChatSettings => ({
    chat: r.chat,
    unit: r.unit,
    planIds: r.plan_ids === null ? null : (JSON.parse(r.plan_ids) as string[]),
    remindersEnabled: r.reminders_enabled === 1,
    leadDays: JSON.parse(r.lead_days) as number[],
    sendTime: r.send_time,
    lastInboundAt: r.last_inbound_at,
  });
  const defaults = (chat: string): ChatSettings => ({
    chat,
    unit: null,
    planIds: null,
    remindersEnabled: false,
    leadDays: [...DEFAULT_LEAD_DAYS],
    sendTime: DEFAULT_SEND_TIME,
    lastInboundAt: null,
  });
  const get = (chat: ChatRef | string): ChatSettings => {
    const key = keyOf(chat);
    const row = select.get(key);
    return row ? fromRow(row) : defaults(key);
  };
  const save = (s: ChatSettings): void => {
    upsert.run({
      chat: s.chat,
      unit: s.unit,
      plan_ids: s.planIds === null ? null : JSON.stringify(s.planIds),
      reminders_enabled: s.remindersEnabled ? 1 : 0,
      lead_days: JSON.stringify(s.leadDays),
      send_time: s.sendTime,
      last_inbound_at: s.lastInboundAt,
    });
  };
  return {
    get,
    update(chat, patch) {
      const next = { ...get(chat), ...patch };
      save(next);
      return next;
    },
    listSubscribed: () => subscribed.all().map(fromRow),
    recordInbound(chat, at = new Date()) {
      const s = get(chat);
      save({ ...s, lastInboundAt: at.toISOString() });
    },
    remove: (chat) => void del.run(keyOf(chat)),
  };
}
