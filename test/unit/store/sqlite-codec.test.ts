import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { fromJson, toJson } from '../../../src/store/sqlite/codec.ts';
import { DATABASE_FILE, SchemaTooNewError, SqliteDatabase } from '../../../src/store/sqlite/database.ts';
import { oddData } from '../../store/contract-helpers.ts';

describe('sqlite codec', () => {
  it('round-trips Dates (nested, in arrays) as Dates, and odd keys exactly', () => {
    const value = { at: new Date(5), list: [{ when: new Date(0) }, [new Date(86_400_000)]], data: oddData(), none: null };
    const back = fromJson<typeof value>(toJson(value));
    expect(back).toEqual(value);
    expect(back.at).toBeInstanceOf(Date);
    expect((back.list[1] as Date[])[0]).toBeInstanceOf(Date);
    expect(Object.keys(back.data)).toContain('__proto__');
    expect(Object.getPrototypeOf(back.data)).toBe(Object.prototype);
  });

  it('never mistakes a payload key for a Date tag', () => {
    const value = { $date: '2024-01-01T00:00:00.000Z', nested: { $date: 1 } };
    expect(fromJson(toJson(value))).toEqual(value);
    expect(toJson(value)).not.toContain('"$date"');
  });

  it('drops undefined fields as the other stores do', () => {
    expect(fromJson(toJson({ a: 1, b: undefined }))).toEqual({ a: 1 });
  });
});

describe('sqlite database file', () => {
  it('opens in WAL with a busy timeout, and refuses a schema newer than it knows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-sqlite-db-'));
    try {
      const database = new SqliteDatabase(dir);
      const db = database.acquire();
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      database.release();
      const raw = new Database(join(dir, DATABASE_FILE));
      raw.pragma('user_version = 99');
      raw.close();
      expect(() => new SqliteDatabase(dir).acquire()).toThrow(SchemaTooNewError);
      expect(() => new SqliteDatabase(dir).acquire()).toThrow(/upgrade triage/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the fix when the data directory is a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'triage-sqlite-db-'));
    try {
      await writeFile(join(dir, 'file'), 'x');
      expect(() => new SqliteDatabase(join(dir, 'file')).acquire()).toThrow(/TRIAGE_DATA_DIR/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
