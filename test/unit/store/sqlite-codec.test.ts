import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { codecOf, CURRENT_DICTIONARY_ID, fromJson, fromPacked, pack, toJson, toPacked, unpack } from '../../../src/store/sqlite/codec.ts';
import { DICTIONARY_1 } from '../../../src/store/sqlite/dictionary.ts';
import { registerFilterFunction } from '../../../src/store/sqlite/data-filter.ts';
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

/** A run record as the engine writes it (toJson of a RunRecord). */
const RUN = {
  stepId: 'escalation_decision', attempt: 1, worker: 'host:4242:ab12cd', startedAt: new Date('2026-03-01T10:00:00.120Z'),
  finishedAt: new Date('2026-03-01T10:00:00.131Z'), durationMs: 11, outcome: 'ok',
  matched: JSON.stringify({ sentimentAnalysis: { $type: 'object' }, escalationRisk: { $type: 'object' }, escalationDecision: { $exists: false } }),
  fieldsWritten: ['escalationDecision', 'escalationPreparation'],
  explanation: ['policy trigger "specialist_needed" matched: {"support.classification.complexity":{"$in":["complex","expert_required"]}}', 'routed to Technical Support (category integration)'],
  inputHash: '3febfec8e074bec8',
};

describe('sqlite deflate codec', () => {
  it('keeps dictionary 1 byte for byte: blobs already written need exactly these bytes', () => {
    // Changing the dictionary would make every blob written with it unreadable: add dictionary 2 instead.
    expect(DICTIONARY_1.length).toBe(10_518);
    expect(createHash('sha256').update(DICTIONARY_1).digest('hex')).toBe('850ef537910997e0162bd372377eb3e6b9eb139c8b821f47633a381dae8c4366');
  });

  it('round-trips documents through the dictionary codec, marked in the first byte', () => {
    for (const value of [RUN, { a: 1 }, {}, { data: oddData(), at: new Date(7), text: 'é ✓ \u0000 ' + 'x'.repeat(70_000) }]) {
      const packed = toPacked(value);
      expect(codecOf(packed)).toBe(CURRENT_DICTIONARY_ID);
      expect(packed[0]).toBe((1 << 3) | 0b110);
      expect(fromPacked(packed)).toEqual(value);
    }
    // The dictionary earns its keep on small documents.
    const json = toJson(RUN);
    expect(pack(json).length).toBeLessThan(deflateRawSync(json).length * 0.6);
  });

  it('still reads blobs of version 2 and older (plain raw deflate, codec 0), and TEXT as it is', () => {
    const json = toJson(RUN);
    const old = deflateRawSync(json);
    expect(codecOf(old)).toBe(0);
    expect(unpack(old)).toBe(json);
    expect(pack(json, 0)).toEqual(old);
    expect(unpack(json)).toBe(json);
  });

  it('cannot read an old blob as a dictionary one: no raw deflate stream starts with the mark', () => {
    // The mark sets bits 1-2 of the first byte: block type 3, reserved, which zlib refuses to inflate.
    for (let byte = 0; byte < 256; byte++) {
      if ((byte & 0b110) !== 0b110) continue;
      expect(() => inflateRawSync(Buffer.from([byte, 0, 0, 0, 0, 0, 0, 0]))).toThrow(/invalid block type/);
    }
    // And what zlib writes, at every level and strategy, never starts so.
    const samples = ['', 'a', toJson(RUN), toJson({ data: oddData() }), 'z'.repeat(100_000)];
    const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED];
    for (const text of samples) {
      for (let level = 0; level <= 9; level++) {
        for (const strategy of strategies) expect(codecOf(deflateRawSync(text, { level, strategy }))).toBe(0);
      }
    }
  });

  it('names the fix for a dictionary it does not know (a newer triage wrote it)', () => {
    const packed = pack('{"a":1}');
    packed[0] = (7 << 3) | 0b110;
    expect(() => unpack(packed)).toThrow(/dictionary 7.*upgrade triage/);
  });

  it('triage_json() inflates either codec', () => {
    const db = new Database(':memory:');
    try {
      registerFilterFunction(db);
      const json = toJson(RUN);
      const read = db.prepare('SELECT triage_json(?)').pluck();
      expect(read.get(pack(json))).toBe(json);
      expect(read.get(pack(json, 0))).toBe(json);
    } finally {
      db.close();
    }
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
