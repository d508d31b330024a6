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
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  return db;
}
