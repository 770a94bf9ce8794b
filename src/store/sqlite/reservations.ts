/**
 * Reservations on triage.sqlite (`TaskStore.reserve`/`release`): one row per key, the key its primary
 * key, so the `INSERT OR IGNORE` of two processes racing for one key lets exactly one row in. The
 * table belongs to this module (like the scheduler's to its backend) and is created on first use, so
 * the schema's versions stay as they are and an older file needs no migration.
 */
import type { Reservation } from '../types.ts';
import type { SqliteDatabase } from './database.ts';

const CREATE = `CREATE TABLE IF NOT EXISTS reservations (
  key    TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  at     INTEGER NOT NULL
) WITHOUT ROWID`;

const prepared = new WeakSet<SqliteDatabase>();

/** Creates the table on this database's first reservation (it then stays in the file). */
function ensureTable(database: SqliteDatabase): void {
  if (prepared.has(database)) return;
  database.write(() => database.db.exec(CREATE));
  prepared.add(database);
}

export function reserveIn(database: SqliteDatabase, key: string, holder: string, now: Date): Reservation {
  ensureTable(database);
  return database.write(() => {
    database.statement('INSERT OR IGNORE INTO reservations (key, holder, at) VALUES (?, ?, ?)').run(key, holder, now.getTime());
    const row = database.statement('SELECT key, holder, at FROM reservations WHERE key = ?').get(key) as { key: string; holder: string; at: number };
    return { key: row.key, holder: row.holder, at: new Date(row.at) };
  });
}

export function releaseIn(database: SqliteDatabase, key: string, holder: string): boolean {
  ensureTable(database);
  return database.statement('DELETE FROM reservations WHERE key = ? AND holder = ?').run(key, holder).changes === 1;
}
