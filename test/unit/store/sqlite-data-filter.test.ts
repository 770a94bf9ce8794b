/**
 * The SQL form of data filters must mean what sift means (the other stores use sift): every filter
 * below runs both ways over the same documents and must select the same ones.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/engine/types.ts';
import { InputError } from '../../../src/errors.ts';
import { compileStoredFilter } from '../../../src/store/filter.ts';
import { encodeDoc } from '../../../src/store/keys.ts';
import { dataFilterSql, MATCH_FUNCTION, registerFilterFunction } from '../../../src/store/sqlite/data-filter.ts';
import { oddData } from '../../store/contract-helpers.ts';

const DOCS: JsonObject[] = [
  { n: 0, customer: { tier: 'gold', email: 'a@x.io' }, tags: ['billing', 'vip'], headers: { 'x.forwarded': 'yes' }, $src: 'mail', items: [{ sku: 'A', qty: 1 }], scores: [1, 3] },
  { n: 1, customer: { tier: 'silver' }, tags: ['billing'], items: [{ sku: 'B', qty: 5 }, { sku: 'A', qty: 2 }], scores: [5, 7] },
  { n: 2, customer: { tier: 'gold' }, tags: [], urgent: true, subject: 'Refund please' },
  { n: 3, customer: { tier: 'bronze' }, headers: { 'x.forwarded': 'no' }, subject: 'refund NOW', urgent: null },
  { n: 4, customer: { tier: 'gold' }, tags: ['vip'], urgent: false },
  { n: 5, customer: 'gold', tier: 5, urgent: 1, score: '5' },
  { n: 6, customer: [{ tier: 'gold' }, { tier: 'silver' }], score: 5.0, big: Number.MAX_SAFE_INTEGER },
  { n: 7, customer: null, score: -1.5, subject: 'a"quote', 'we"ird': 'x', nested: { '0': 'zero', deep: { x: [[1, 2], [3]] } } },
  { n: 8, customer: { tier: ['gold', 'bronze'] }, score: 0, urgent: 0, nested: { '0': 'zero' } },
  { n: 9 },
  oddData(),
];

const FILTERS: JsonObject[] = [
  {},
  { 'customer.tier': 'gold' },
  { 'customer.tier': { $in: ['silver', 'bronze'] } },
  { 'customer.tier': { $nin: ['gold'] } },
  { 'customer.tier': { $ne: 'gold' } },
  { 'customer.tier': { $exists: true } },
  { 'customer.tier': { $exists: false } },
  { 'customer.tier': null },
  { customer: 'gold' },
  { customer: null },
  { customer: { tier: 'gold' } },
  { urgent: true },
  { urgent: false },
  { urgent: 1 },
  { urgent: 0 },
  { urgent: { $exists: true } },
  { urgent: { $in: [true, 1] } },
  { urgent: { $ne: true } },
  { score: 5 },
  { score: '5' },
  { score: { $gt: 0 } },
  { score: { $gte: -1.5, $lt: 5 } },
  { score: { $lte: 0 } },
  { score: { $gt: '4' } },
  { tier: { $gt: 4 } },
  { big: Number.MAX_SAFE_INTEGER },
  { n: { $gte: 1, $lt: 3 } },
  { n: { $ne: 0, $nin: [4, 3] } },
  { n: { $not: { $gt: 1 } } },
  { n: { $in: [] } },
  { n: { $nin: [] } },
  { $or: [{ urgent: true }, { 'customer.tier': 'bronze' }] },
  { $and: [{ 'customer.tier': 'gold' }, { tags: 'vip' }] },
  { $nor: [{ 'customer.tier': 'gold' }] },
  { $nor: [{ urgent: { $exists: true } }, { n: 9 }] },
  { tags: 'billing' },
  { tags: { $all: ['billing', 'vip'] } },
  { tags: { $size: 0 } },
  { 'items.sku': 'A' },
  { 'items.qty': { $gt: 1 } },
  { scores: { $elemMatch: { $gte: 5, $lt: 6 } } },
  { subject: { $regex: '^refund', $options: 'i' } },
  { subject: 'a"quote' },
  { 'we"ird': 'x' },
  { 'nested.0': 'zero' },
  { 'nested.deep.x': [3] },
  { customer: { $type: 'object' } },
  { 'headers.x\\.forwarded': 'yes' },
  { 'headers.x\\.forwarded': { $exists: true } },
  { '\\$src': 'mail' },
  { 'a\\.b': 1 },
  { '~': '~p' },
  { 'nul\u0000key': 'nul' },
  { 'héllo wörld 🎉': 'ünïcödé ✓ 日本語' },
  { 'numbers.huge': { $gt: 1e308 } },
  { 'numbers.tiny': { $gt: 0, $lt: 1e-300 } },
  { 'deep.l1.l2.l3.l4\\.key.\\$l5.~l6': 'bottom' },
];

describe('data filters in SQL', () => {
  let db: Database.Database;
  beforeAll(() => {
    db = new Database(':memory:');
    registerFilterFunction(db);
    db.exec('CREATE TABLE docs (n INTEGER PRIMARY KEY, data TEXT NOT NULL)');
    DOCS.forEach((doc, i) => db.prepare('INSERT INTO docs VALUES (?, ?)').run(i, JSON.stringify(encodeDoc(doc))));
  });
  afterAll(() => db.close());

  const bySql = (filter: JsonObject): number[] => {
    const sql = dataFilterSql(filter, 'data');
    try {
      return db.prepare(`SELECT n FROM docs WHERE ${sql.where} ORDER BY n`).pluck().all(...sql.params) as number[];
    } finally {
      sql.dispose();
    }
  };
  const bySift = (filter: JsonObject): number[] => {
    const test = compileStoredFilter(filter);
    return DOCS.flatMap((doc, i) => (test({ data: encodeDoc(doc) }) ? [i] : []));
  };

  it.each(FILTERS.map((filter) => [JSON.stringify(filter), filter]))('%s selects what sift selects', (_name, filter) => {
    expect(bySql(filter as JsonObject)).toEqual(bySift(filter as JsonObject));
  });

  it('is not vacuous: the filters select different sets', () => {
    const sets = new Set(FILTERS.map((filter) => JSON.stringify(bySql(filter))));
    expect(sets.size).toBeGreaterThan(25);
  });

  it('answers translatable conditions in SQL alone when no array is on the path', () => {
    const strict = new Database(':memory:');
    registerFilterFunction(strict);
    strict.function(MATCH_FUNCTION, () => {
      throw new Error('sift was asked');
    });
    strict.exec('CREATE TABLE docs (n INTEGER PRIMARY KEY, data TEXT NOT NULL)');
    [0, 2, 3, 4, 5, 9].forEach((i) => strict.prepare('INSERT INTO docs VALUES (?, ?)').run(i, JSON.stringify(encodeDoc({ ...DOCS[i]!, tags: null, items: null, scores: null }))));
    const filter = { $or: [{ 'customer.tier': { $in: ['gold', 'silver'] }, n: { $gte: 1 } }, { urgent: { $exists: true, $ne: false } }, { subject: 'refund NOW' }] };
    const sql = dataFilterSql(filter, 'data');
    try {
      expect(strict.prepare(`SELECT n FROM docs WHERE ${sql.where} ORDER BY n`).pluck().all(...sql.params)).toEqual([2, 3, 4, 5]);
    } finally {
      sql.dispose();
      strict.close();
    }
  });

  it('refuses operators outside the allow-list before any SQL is built', () => {
    expect(() => dataFilterSql({ $where: 'true' }, 'data')).toThrow(InputError);
    expect(() => dataFilterSql({ n: { $function: {} } }, 'data')).toThrow(/\$function/);
  });
});
