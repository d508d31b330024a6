/** The reminder outbox in SQLite: pending notices, the sent log, done marks, snoozes and the dispatcher lease. */
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "../store/db.js";
import {
  DEFAULT_ZONE,
  deadlineEndMs,
  leadTag,
  selectDue,
  snoozeNotice,
  type DeliveryState,
  type DueCandidate,
  type DueSelection,
  type Notice,
} from "./schedule.js";

/** A pending notice as stored. */
export interface OutboxRow extends DueCandidate {
  id: string;
  sendAtMs: number;
  deadlineEndMs: number;
  origin: "schedule" | "snooze";
  attempts: number;
  notice: Notice;
}

/** How a notice left the outbox: delivered, deliberately not sent, or given up after repeated failures. */
export type RecordStatus = "sent" | "skipped" | "failed";

/** Why a notice was skipped. */
export type SkipReason = "passed" | "superseded" | "done";

/** What a sync changed in the outbox. */
export interface SyncResult {
  added: number;
  removed: number;
  /** Pending notices whose deadline passed before they could be sent (catch-up skipped them). */
  passed: OutboxRow[];
  /** Pending notices a later notice of the same deadline replaced before they were sent. */
  superseded: OutboxRow[];
}

/** Outcome of "Nhắc lại sau 1 ngày". */
export interface SnoozeResult {
  status: "snoozed" | "too_late" | "not_found";
  notice?: Notice;
}

/** The outbox API the dispatcher and the chat commands use. */
export interface Outbox {
  /**
   * Bring pending notices in line with the schedule at `at`: add those whose send
   * time is within `lookaheadMs` and not yet recorded, drop pending ones that are no
   * longer scheduled, and record as skipped those whose deadline passed.
   */
  sync(notices: Notice[], at: Date, lookaheadMs?: number): SyncResult;
  /** Pending notices due at `at`; superseded, passed and done ones are recorded as skipped on the way. */
  takeDue(at: Date): DueSelection<OutboxRow>;
  /** Record a delivered notice (unique key: chat, deadline, occurrence, lead). False if it was already recorded. */
  recordSent(row: OutboxRow, sentAtMs: number): boolean;
  /** Record a failed attempt; after `maxAttempts` the notice is recorded as failed and leaves the outbox. */
  recordFailure(row: OutboxRow, reason: string, at: Date, maxAttempts: number): "retry" | "gave_up";
  /** Mark a deadline done for a chat: no further notices for it there. */
  markDone(chat: string, deadlineKey: string, at: Date): void;
  isDone(chat: string, deadlineKey: string): boolean;
  /** Schedule the notice `id` again for the chat at `until`. */
  snooze(chat: string, id: string, until: Date): SnoozeResult;
  /** A notice sent to or pending for the chat, by its short id (button data). */
  findNotice(chat: string, id: string): Notice | null;
  /** A notice by its short id alone (ids are unique across chats), for text hints of buttons. */
  findNoticeById(id: string): Notice | null;
  /** Delivery state for the pure due-selection (CLI `reminders due`). */
  deliveryState(): DeliveryState;
  /** Pending snooze notices (not part of the computed schedule). */
  pendingSnoozes(chat?: string): Notice[];
  counts(): { pending: number; sent: number; skipped: number; failed: number };
  /** Forget cached keys (call when another process may have written, e.g. after taking over the lease). */
  invalidateCache(): void;
}

// Both hot tables are WITHOUT ROWID with few indexes: each sent notice is one
// commit, and every b-tree it touches is pages written to the WAL.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS reminder_outbox (
  key TEXT PRIMARY KEY,
  id TEXT NOT NULL,
  chat TEXT NOT NULL,
  deadline TEXT NOT NULL,
  occurrence TEXT NOT NULL,
  send_at INTEGER NOT NULL,
  deadline_end INTEGER NOT NULL,
  origin TEXT NOT NULL DEFAULT 'schedule',
  payload TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0,
  last_error TEXT,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reminder_outbox_group ON reminder_outbox(chat, deadline, occurrence);
CREATE TABLE IF NOT EXISTS reminder_sent (
  chat TEXT NOT NULL,
  deadline TEXT NOT NULL,
  occurrence TEXT NOT NULL,
  lead TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  send_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  payload TEXT,
  PRIMARY KEY (chat, deadline, occurrence, lead)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reminder_sent_id ON reminder_sent(id);
CREATE TABLE IF NOT EXISTS reminder_done (
  chat TEXT NOT NULL,
  deadline_key TEXT NOT NULL,
  done_at INTEGER NOT NULL,
  PRIMARY KEY (chat, deadline_key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reminder_snooze (
  chat TEXT NOT NULL,
  deadline_key TEXT NOT NULL,
  until INTEGER NOT NULL,
  notice_key TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (chat, deadline_key, until)
);
CREATE TABLE IF NOT EXISTS reminder_lock (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  acquired_at INTEGER NOT NULL
);
`;

/** Create the reminder tables if missing (idempotent). */
export function ensureReminderSchema(db: Db): void {
  db.exec(SCHEMA);
}

interface DbRow {
  key: string;
  id: string;
  chat: string;
  deadline: string;
  occurrence: string;
  send_at: number;
  deadline_end: number;
  origin: "schedule" | "snooze";
  payload: string;
  attempts: number;
  last_sent?: number | null;
}

function toRow(r: DbRow): OutboxRow {
  const notice = JSON.parse(r.payload) as Notice;
  return {
    key: r.key,
    id: r.id,
    chat: r.chat,
    deadlineKey: `${r.deadline}|${r.occurrence}`,
    due: r.occurrence,
    sendAt: notice.sendAt,
    sendAtMs: r.send_at,
    deadlineEndMs: r.deadline_end,
    origin: r.origin,
    attempts: r.attempts,
    notice,
  };
}

/** Split a deadline key "planId|section|due" into the sent log's deadline and occurrence columns. */
function splitDeadlineKey(deadlineKey: string): { deadline: string; occurrence: string } {
  const i = deadlineKey.lastIndexOf("|");
  return { deadline: deadlineKey.slice(0, i), occurrence: deadlineKey.slice(i + 1) };
}

/** Retry delay after the n-th failed attempt: 1, 5, 15, 60 minutes, then hourly. */
export function retryDelayMs(attempts: number): number {
  const minutes = [1, 5, 15, 60][attempts - 1] ?? 60;
  return minutes * 60_000;
}

const SENT_KEY = "chat || '|' || deadline || '|' || occurrence || '|' || lead";

/** The SQLite outbox on a store's database handle. */
export function createOutbox(db: Db, options: { zone?: string } = {}): Outbox {
  const zone = options.zone ?? DEFAULT_ZONE;
  ensureReminderSchema(db);

  const insertPending = db.prepare(`INSERT INTO reminder_outbox
    (key, id, chat, deadline, occurrence, send_at, deadline_end, origin, payload, created_at)
    VALUES (@key, @id, @chat, @deadline, @occurrence, @send_at, @deadline_end, @origin, @payload, @created_at)
    ON CONFLICT(key) DO NOTHING`);
  const deletePending = db.prepare<[string]>("DELETE FROM reminder_outbox WHERE key = ?");
  const selectPendingRow = db.prepare<[string], DbRow>("SELECT * FROM reminder_outbox WHERE key = ?");
  const selectPendingScheduleKeys = db.prepare<[], { key: string }>("SELECT key FROM reminder_outbox WHERE origin = 'schedule'");
  const selectAllPendingKeys = db.prepare<[], { key: string }>("SELECT key FROM reminder_outbox");
  const selectRecordedKeys = db.prepare<[], { key: string }>(`SELECT ${SENT_KEY} AS key FROM reminder_sent`);
  const selectDueRows = db.prepare<[number, number], DbRow>(`SELECT o.*,
      (SELECT MAX(s.send_at) FROM reminder_sent s
        WHERE s.chat = o.chat AND s.deadline = o.deadline AND s.occurrence = o.occurrence AND s.status = 'sent') AS last_sent
    FROM reminder_outbox o WHERE o.send_at <= ? AND o.next_attempt_at <= ?`);
  const selectOlderInGroup = db.prepare<[string, string, string, number], DbRow>(
    "SELECT * FROM reminder_outbox WHERE chat = ? AND deadline = ? AND occurrence = ? AND send_at < ?",
  );
  const selectGroupRows = db.prepare<[string, string, string], DbRow>(
    "SELECT * FROM reminder_outbox WHERE chat = ? AND deadline = ? AND occurrence = ?",
  );
  const insertRecord = db.prepare(`INSERT INTO reminder_sent
    (chat, deadline, occurrence, lead, id, status, reason, send_at, recorded_at, payload)
    VALUES (@chat, @deadline, @occurrence, @lead, @id, @status, @reason, @send_at, @recorded_at, @payload)
    ON CONFLICT DO NOTHING`);
  const lastSent = db.prepare<[string, string, string], { m: number | null }>(
    "SELECT MAX(send_at) AS m FROM reminder_sent WHERE chat = ? AND deadline = ? AND occurrence = ? AND status = 'sent'",
  );
  const updateFailure = db.prepare<[number, number, string, string]>(
    "UPDATE reminder_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE key = ?",
  );
  const insertDone = db.prepare<[string, string, number]>(
    "INSERT INTO reminder_done (chat, deadline_key, done_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const selectDone = db.prepare<[string, string], { one: number }>(
    "SELECT 1 AS one FROM reminder_done WHERE chat = ? AND deadline_key = ?",
  );
  const selectAllDone = db.prepare<[], { chat: string; deadline_key: string }>("SELECT chat, deadline_key FROM reminder_done");
  const insertSnooze = db.prepare<[string, string, number, string, number]>(
    "INSERT INTO reminder_snooze (chat, deadline_key, until, notice_key, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
  );
  const findPendingById = db.prepare<[string, string], { payload: string }>(
    "SELECT payload FROM reminder_outbox WHERE id = ? AND chat = ? LIMIT 1",
  );
  const findSentById = db.prepare<[string, string], { payload: string | null }>(
    "SELECT payload FROM reminder_sent WHERE id = ? AND chat = ? AND payload IS NOT NULL LIMIT 1",
  );
  const findAnyById = db.prepare<[string, string], { payload: string | null }>(
    "SELECT payload FROM reminder_sent WHERE id = ? AND payload IS NOT NULL UNION ALL SELECT payload FROM reminder_outbox WHERE id = ? LIMIT 1",
  );
  const selectSnoozes = db.prepare<[], { payload: string; chat: string }>(
    "SELECT payload, chat FROM reminder_outbox WHERE origin = 'snooze' ORDER BY send_at",
  );
  const countPending = db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM reminder_outbox");
  const countStatus = db.prepare<[], { status: string; n: number }>("SELECT status, COUNT(*) AS n FROM reminder_sent GROUP BY status");

  /** Keys pending or recorded, cached while this handle is the only writer of schedule rows. */
  let known: Set<string> | null = null;
  let pendingSchedule: Set<string> | null = null;
  const loadCaches = (): { known: Set<string>; pendingSchedule: Set<string> } => {
    if (!known || !pendingSchedule) {
      known = new Set([...selectAllPendingKeys.all().map((r) => r.key), ...selectRecordedKeys.all().map((r) => r.key)]);
      pendingSchedule = new Set(selectPendingScheduleKeys.all().map((r) => r.key));
    }
    return { known, pendingSchedule };
  };

  const record = (
    row: Pick<OutboxRow, "key" | "id" | "chat" | "deadlineKey" | "sendAtMs" | "notice">,
    status: RecordStatus,
    reason: string | null,
    atMs: number,
    keepPayload: boolean,
  ): boolean => {
    const n = row.notice;
    const { deadline, occurrence } = splitDeadlineKey(row.deadlineKey);
    const info = insertRecord.run({
      chat: row.chat,
      deadline,
      occurrence,
      lead: leadTag(n.phase, n.lead, row.sendAtMs),
      id: row.id,
      status,
      reason,
      send_at: row.sendAtMs,
      recorded_at: atMs,
      payload: keepPayload ? JSON.stringify(n) : null,
    });
    deletePending.run(row.key);
    known?.add(row.key);
    pendingSchedule?.delete(row.key);
    return info.changes > 0;
  };

  const isDone = (chat: string, deadlineKey: string): boolean => selectDone.get(chat, deadlineKey) !== undefined;
  const doneSet = (): Set<string> => new Set(selectAllDone.all().map((r) => `${r.chat}\u0000${r.deadline_key}`));

  const rowFromNotice = (n: Notice, origin: "schedule" | "snooze", nowMs: number) => {
    const { deadline, occurrence } = splitDeadlineKey(n.deadlineKey);
    return {
      key: n.key,
      id: n.id,
      chat: n.chat,
      deadline,
      occurrence,
      send_at: Date.parse(n.sendAt),
      deadline_end: deadlineEndMs(n.due, zone),
      origin,
      payload: JSON.stringify(n),
      created_at: nowMs,
    };
  };

  const syncTx = db.transaction((notices: Notice[], at: Date, lookaheadMs: number): SyncResult => {
    const atMs = at.getTime();
    const caches = loadCaches();
    const done = doneSet();
    const wanted = new Set<string>();
    const latestWanted = new Map<string, number>();
    let added = 0;
    for (const n of notices) {
      const sendAtMs = Date.parse(n.sendAt);
      if (sendAtMs > atMs + lookaheadMs) continue;
      if (atMs >= deadlineEndMs(n.due, zone)) continue;
      wanted.add(n.key);
      const group = `${n.chat}\u0000${n.deadlineKey}`;
      if (sendAtMs <= atMs && sendAtMs > (latestWanted.get(group) ?? -Infinity)) latestWanted.set(group, sendAtMs);
      if (caches.known.has(n.key)) continue;
      if (done.has(`${n.chat}\u0000${n.deadlineKey}`)) continue;
      const info = insertPending.run(rowFromNotice(n, "schedule", atMs));
      caches.known.add(n.key);
      if (info.changes > 0) {
        caches.pendingSchedule.add(n.key);
        added++;
      }
    }
    let removed = 0;
    const passed: OutboxRow[] = [];
    const superseded: OutboxRow[] = [];
    for (const key of [...caches.pendingSchedule]) {
      if (wanted.has(key)) continue;
      const r = selectPendingRow.get(key);
      caches.pendingSchedule.delete(key);
      if (!r) continue;
      const row = toRow(r);
      if (atMs >= row.deadlineEndMs) {
        record(row, "skipped", "passed", atMs, false);
        passed.push(row);
      } else if ((latestWanted.get(`${row.chat}\u0000${row.deadlineKey}`) ?? -Infinity) > row.sendAtMs) {
        // The schedule left it out because a later notice of the same deadline is due now.
        record(row, "skipped", "superseded", atMs, false);
        superseded.push(row);
      } else {
        // No longer scheduled (unsubscribed, settings or plan changed): forget it so it can come back.
        deletePending.run(key);
        caches.known.delete(key);
        removed++;
      }
    }
    return { added, removed, passed, superseded };
  });

  const takeDueTx = db.transaction((at: Date): DueSelection<OutboxRow> => {
    const atMs = at.getTime();
    const done = doneSet();
    const lastSentBy = new Map<string, number>();
    const open: OutboxRow[] = [];
    for (const r of selectDueRows.all(atMs, atMs)) {
      const row = toRow(r);
      if (done.has(`${row.chat}\u0000${row.deadlineKey}`)) {
        record(row, "skipped", "done", atMs, false);
        continue;
      }
      if (r.last_sent != null) lastSentBy.set(`${row.chat}\u0000${row.deadlineKey}`, r.last_sent);
      open.push(row);
    }
    const sel = selectDue(
      open,
      at,
      {
        isRecorded: () => false,
        isDone: () => false,
        lastSentAt: (chat, deadlineKey) => lastSentBy.get(`${chat}\u0000${deadlineKey}`),
      },
      zone,
    );
    for (const row of sel.passed) record(row, "skipped", "passed", atMs, false);
    for (const row of sel.superseded) record(row, "skipped", "superseded", atMs, false);
    return sel;
  });

  const recordSentTx = db.transaction((row: OutboxRow, sentAtMs: number): boolean => {
    const fresh = record(row, "sent", null, sentAtMs, true);
    const { deadline, occurrence } = splitDeadlineKey(row.deadlineKey);
    for (const older of selectOlderInGroup.all(row.chat, deadline, occurrence, row.sendAtMs)) {
      record(toRow(older), "skipped", "superseded", sentAtMs, false);
    }
    return fresh;
  });

  const markDoneTx = db.transaction((chat: string, deadlineKey: string, at: Date) => {
    insertDone.run(chat, deadlineKey, at.getTime());
    const { deadline, occurrence } = splitDeadlineKey(deadlineKey);
    for (const r of selectGroupRows.all(chat, deadline, occurrence)) record(toRow(r), "skipped", "done", at.getTime(), false);
  });

  const findNotice = (chat: string, id: string): Notice | null => {
    const p = findSentById.get(id, chat)?.payload ?? findPendingById.get(id, chat)?.payload ?? null;
    return p ? (JSON.parse(p) as Notice) : null;
  };

  return {
    sync: (notices, at, lookaheadMs = 0) => syncTx(notices, at, lookaheadMs),
    takeDue: (at) => takeDueTx(at),
    recordSent: (row, sentAtMs) => recordSentTx(row, sentAtMs),
    recordFailure(row, reason, at, maxAttempts) {
      const attempts = row.attempts + 1;
      if (attempts >= maxAttempts) {
        record(row, "failed", reason.slice(0, 500), at.getTime(), true);
        return "gave_up";
      }
      updateFailure.run(attempts, at.getTime() + retryDelayMs(attempts), reason.slice(0, 500), row.key);
      return "retry";
    },
    markDone: (chat, deadlineKey, at) => markDoneTx(chat, deadlineKey, at),
    isDone,
    snooze(chat, id, until) {
      const original = findNotice(chat, id);
      if (!original) return { status: "not_found" };
      if (until.getTime() >= deadlineEndMs(original.due, zone)) return { status: "too_late", notice: original };
      const n = snoozeNotice(original, until, zone);
      db.transaction(() => {
        insertPending.run(rowFromNotice(n, "snooze", Date.now()));
        insertSnooze.run(chat, n.deadlineKey, Date.parse(n.sendAt), n.key, Date.now());
      })();
      return { status: "snoozed", notice: n };
    },
    findNotice,
    findNoticeById(id) {
      const p = findAnyById.get(id, id)?.payload;
      return p ? (JSON.parse(p) as Notice) : null;
    },
    deliveryState() {
      const recorded = new Set(selectRecordedKeys.all().map((r) => r.key));
      const done = doneSet();
      return {
        isRecorded: (key) => recorded.has(key),
        isDone: (chat, deadlineKey) => done.has(`${chat}\u0000${deadlineKey}`),
        lastSentAt: (chat, deadlineKey) => {
          const { deadline, occurrence } = splitDeadlineKey(deadlineKey);
          return lastSent.get(chat, deadline, occurrence)?.m ?? undefined;
        },
      };
    },
    pendingSnoozes(chat) {
      return selectSnoozes
        .all()
        .filter((r) => chat === undefined || r.chat === chat)
        .map((r) => JSON.parse(r.payload) as Notice);
    },
    counts() {
      const c = { pending: countPending.get()?.n ?? 0, sent: 0, skipped: 0, failed: 0 };
      for (const r of countStatus.all()) {
        if (r.status === "sent" || r.status === "skipped" || r.status === "failed") c[r.status] = r.n;
      }
      return c;
    },
    invalidateCache() {
      known = null;
      pendingSchedule = null;
    },
  };
}

/** A lease on a named lock row: only its holder may dispatch. */
export interface Lease {
  readonly owner: string;
  /** Take the lock if free, expired, held by a dead process on this host, or already ours. */
  acquire(): boolean;
  /** Extend our lease; false if we lost it. */
  renew(): boolean;
  release(): void;
  holder(): { owner: string; expiresAt: number } | null;
}

/** Lease name, owner, length and clocks (tests pass fakes). */
export interface LeaseOptions {
  name?: string;
  /** Unique owner id; default "<host>/<pid>/<random>". */
  owner?: string;
  ttlMs?: number;
  now?: () => number;
  /** Whether a lock owner id refers to a live process; default checks pids on this host. */
  isOwnerAlive?: (owner: string) => boolean;
}

/** The default owner id: host, pid and a random suffix. */
export function defaultOwnerId(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString("hex")}`;
}

/** A lock owner is alive unless it ran on this host and its process is gone. */
export function isLocalOwnerAlive(owner: string): boolean {
  const [host, pidText] = owner.split("/");
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The dispatcher lock: one row in `reminder_lock` with an owner and an expiry, renewed while dispatching. */
export function createLease(db: Db, options: LeaseOptions = {}): Lease {
  ensureReminderSchema(db);
  const name = options.name ?? "dispatcher";
  const owner = options.owner ?? defaultOwnerId();
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const alive = options.isOwnerAlive ?? isLocalOwnerAlive;
  const select = db.prepare<[string], { owner: string; expires_at: number }>("SELECT owner, expires_at FROM reminder_lock WHERE name = ?");
  const upsert = db.prepare<[string, string, number, number]>(`INSERT INTO reminder_lock (name, owner, expires_at, acquired_at) VALUES (?, ?, ?, ?)
    ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, acquired_at = excluded.acquired_at`);
  const extend = db.prepare<[number, string, string]>("UPDATE reminder_lock SET expires_at = ? WHERE name = ? AND owner = ?");
  const del = db.prepare<[string, string]>("DELETE FROM reminder_lock WHERE name = ? AND owner = ?");

  const acquireTx = db.transaction((): boolean => {
    const t = now();
    const row = select.get(name);
    if (row && row.owner === owner) {
      extend.run(t + ttlMs, name, owner);
      return true;
    }
    if (row && row.expires_at > t && alive(row.owner)) return false;
    upsert.run(name, owner, t + ttlMs, t);
    return true;
  });
  return {
    owner,
    acquire: () => acquireTx.immediate(),
    renew: () => extend.run(now() + ttlMs, name, owner).changes > 0,
    release: () => void del.run(name, owner),
    holder() {
      const r = select.get(name);
      return r ? { owner: r.owner, expiresAt: r.expires_at } : null;
    },
  };
}
