/**
 * Opens the embedded SQLite database of a store folder. Each module that keeps
 * data (plans, search, chats, reminders) creates its own tables on the handle it
 * is given, with CREATE TABLE IF NOT EXISTS, so modules stay independent.
 */
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

export type Db = Database.Database;

export const DB_FILE = "plans.sqlite";

/** Open (creating if needed) the database in `storeDir`. */
export function openDatabase(storeDir: string): Db {
  mkdirSync(storeDir, { recursive: true });
  const db = new Database(join(storeDir, DB_FILE));
  // Pages freed by replaced plans and merged index segments go back to the file system
  // (see releaseFreePages); takes effect on a new file, or at the next VACUUM.
  db.pragma("auto_vacuum = INCREMENTAL");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}

/** Ask for a VACUUM (after a migration freed much space); run by {@link vacuumIfRequested}. */
export function requestVacuum(db: Db): void {
  db.exec("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  db.prepare("INSERT OR REPLACE INTO store_meta (key, value) VALUES ('vacuum', '1')").run();
}

/** Give the space freed by migrations back to the file system, once (a few seconds on a large store). */
export function vacuumIfRequested(db: Db): boolean {
  db.exec("CREATE TABLE IF NOT EXISTS store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  if (!db.prepare("SELECT 1 FROM store_meta WHERE key = 'vacuum'").get()) return false;
  db.prepare("DELETE FROM store_meta WHERE key = 'vacuum'").run();
  // Also turns incremental auto-vacuum on for files made before it was set.
  db.pragma("auto_vacuum = INCREMENTAL");
  db.exec("VACUUM");
  db.pragma("wal_checkpoint(TRUNCATE)");
  return true;
}

/** Give free pages back to the file system (after bulk writes: replaced plans, merged index segments); returns how many. */
export function releaseFreePages(db: Db): number {
  const free = db.pragma("freelist_count", { simple: true }) as number;
  if (free > 0) db.pragma("incremental_vacuum");
  return free;
}
