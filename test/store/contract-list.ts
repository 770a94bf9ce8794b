/** Contract: list and count with states, data filters, paging; refused operators. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { InputError } from '../../src/errors.ts';
import type { TaskStore } from '../../src/store/types.ts';
import { createMany, moveTo } from './contract-helpers.ts';

const TICKETS: JsonObject[] = [
  { n: 0, customer: { tier: 'gold', email: 'a@x.io' }, tags: ['billing', 'vip'], headers: { 'x.forwarded': 'yes' }, $src: 'mail', items: [{ sku: 'A', qty: 1 }], scores: [1, 3] },
  { n: 1, customer: { tier: 'silver' }, tags: ['billing'], items: [{ sku: 'B', qty: 5 }, { sku: 'A', qty: 2 }], scores: [5, 7] },
  { n: 2, customer: { tier: 'gold' }, tags: [], urgent: true, subject: 'Refund please' },
  { n: 3, customer: { tier: 'bronze' }, headers: { 'x.forwarded': 'no' }, subject: 'refund NOW' },
  { n: 4, customer: { tier: 'gold' }, tags: ['vip'], urgent: false },
];

export function listContract(store: () => TaskStore): void {
  describe('list and count', () => {
    let tasks: Task[];
    beforeEach(async () => {
      tasks = await createMany(store(), TICKETS);
      await moveTo(store(), tasks[1]!, 'waiting');
      await moveTo(store(), tasks[2]!, 'done');
      await moveTo(store(), tasks[3]!, 'waiting');
    });

    const ns = async (options: Parameters<TaskStore['list']>[0]): Promise<number[]> =>
      (await store().list(options)).items.map((t) => t.data.n as number);

    it('lists everything newest first with the total', async () => {
      const result = await store().list({});
      expect(result.total).toBe(5);
      expect(result.items.map((t) => t.data.n)).toEqual([4, 3, 2, 1, 0]);
      expect(result.items[4]).toEqual(await store().get(tasks[0]!._id));
    });

    it('filters by one state or several', async () => {
      expect(await ns({ state: 'waiting' })).toEqual([3, 1]);
      expect(await ns({ state: ['ready', 'done'] })).toEqual([4, 2, 0]);
      expect(await ns({ state: [] })).toEqual([]);
      expect(await store().count({ state: 'ready' })).toBe(2);
      expect(await store().count({ state: ['waiting', 'done'] })).toBe(3);
    });

    it('filters on data with nested paths and operators', async () => {
      expect(await ns({ filter: { 'customer.tier': 'gold' } })).toEqual([4, 2, 0]);
      expect(await ns({ filter: { 'customer.tier': { $in: ['silver', 'bronze'] } } })).toEqual([3, 1]);
      expect(await ns({ filter: { urgent: { $exists: true } } })).toEqual([4, 2]);
      expect(await ns({ filter: { urgent: { $exists: false } } })).toEqual([3, 1, 0]);
      expect(await ns({ filter: { $or: [{ urgent: true }, { 'customer.tier': 'bronze' }] } })).toEqual([3, 2]);
      expect(await ns({ filter: { $and: [{ 'customer.tier': 'gold' }, { tags: 'vip' }] } })).toEqual([4, 0]);
      expect(await ns({ filter: { $nor: [{ 'customer.tier': 'gold' }] } })).toEqual([3, 1]);
      expect(await ns({ filter: { n: { $gte: 1, $lt: 3 } } })).toEqual([2, 1]);
      expect(await ns({ filter: { n: { $ne: 0, $nin: [4, 3] } } })).toEqual([2, 1]);
      expect(await ns({ filter: { n: { $not: { $gt: 1 } } } })).toEqual([1, 0]);
    });

    it('filters on arrays', async () => {
      expect(await ns({ filter: { tags: 'billing' } })).toEqual([1, 0]);
      expect(await ns({ filter: { tags: { $all: ['billing', 'vip'] } } })).toEqual([0]);
      expect(await ns({ filter: { tags: { $size: 0 } } })).toEqual([2]);
      expect(await ns({ filter: { 'items.sku': 'A' } })).toEqual([1, 0]);
      expect(await ns({ filter: { 'items.qty': { $gt: 1 } } })).toEqual([1]);
      // Operator-form $elemMatch only: FerretDB 1.x refuses field names inside $elemMatch.
      expect(await ns({ filter: { scores: { $elemMatch: { $gte: 5, $lt: 6 } } } })).toEqual([1]);
      expect(await ns({ filter: { scores: { $elemMatch: { $gt: 1, $lt: 4 } } } })).toEqual([0]);
    });

    it('filters with $type using MongoDB type names', async () => {
      expect(await ns({ filter: { customer: { $type: 'object' } } })).toEqual([4, 3, 2, 1, 0]);
      expect(await ns({ filter: { urgent: { $type: 'bool' } } })).toEqual([4, 2]);
      expect(await ns({ filter: { subject: { $type: ['string', 'null'] } } })).toEqual([3, 2]);
    });

    it('filters with $regex and $options', async () => {
      expect(await ns({ filter: { subject: { $regex: '^refund', $options: 'i' } } })).toEqual([3, 2]);
      expect(await ns({ filter: { subject: { $regex: '^refund' } } })).toEqual([3]);
    });

    it('filters on keys that contain a dot or start with $ (escaped with a backslash)', async () => {
      expect(await ns({ filter: { 'headers.x\\.forwarded': 'yes' } })).toEqual([0]);
      expect(await ns({ filter: { 'headers.x\\.forwarded': { $exists: true } } })).toEqual([3, 0]);
      expect(await ns({ filter: { '\\$src': 'mail' } })).toEqual([0]);
      // Unescaped, the dot is a path separator: headers -> x -> forwarded, which no ticket has.
      expect(await ns({ filter: { 'headers.x.forwarded': 'yes' } })).toEqual([]);
    });

    it('combines state and data filter', async () => {
      expect(await ns({ state: 'ready', filter: { 'customer.tier': 'gold' } })).toEqual([4, 0]);
      expect(await store().count({ state: 'waiting', filter: { 'customer.tier': 'gold' } })).toBe(0);
      expect(await store().count({ filter: { 'customer.tier': 'gold' } })).toBe(3);
      expect(await store().count({})).toBe(5);
    });

    it('pages with skip and limit while total counts every match', async () => {
      expect(await store().list({ limit: 2 })).toMatchObject({ total: 5 });
      expect(await ns({ limit: 2 })).toEqual([4, 3]);
      expect(await ns({ skip: 2, limit: 2 })).toEqual([2, 1]);
      expect(await ns({ skip: 4, limit: 2 })).toEqual([0]);
      expect(await store().list({ skip: 10 })).toEqual({ items: [], total: 5 });
      expect(await store().list({ limit: 0 })).toEqual({ items: [], total: 5 });
      const filtered = await store().list({ filter: { 'customer.tier': 'gold' }, skip: 1, limit: 1 });
      expect(filtered.total).toBe(3);
      expect(filtered.items.map((t) => t.data.n)).toEqual([2]);
    });

    it('refuses bad paging and unknown states', async () => {
      await expect(store().list({ skip: -1 })).rejects.toBeInstanceOf(InputError);
      await expect(store().list({ limit: 1.5 })).rejects.toBeInstanceOf(InputError);
      await expect(store().list({ state: 'bogus' as never })).rejects.toBeInstanceOf(InputError);
    });

    it.each([
      ['$where', { $where: 'this.n > 1' }],
      ['$function', { n: { $function: { body: 'return true', args: [], lang: 'js' } } }],
      ['$expr', { $expr: { $gt: ['$n', 1] } }],
      ['$accumulator', { n: { $accumulator: {} } }],
      ['$jsonSchema', { $jsonSchema: {} }],
      ['$foo', { n: { $foo: 1 } }],
      ['$where', { $or: [{ n: 1 }, { $where: 'true' }] }],
      ['$expr', { items: { $elemMatch: { $expr: true } } }],
      ['$where', { tags: { $not: { $where: 'true' } } }],
      ['$type', { n: { $type: 'function' } }],
      ['$mod', { n: { $mod: [2, 0] } }],
    ] as [string, JsonObject][])('refuses %s with an InputError naming it', async (op, filter) => {
      for (const call of [() => store().list({ filter }), () => store().count({ filter })]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toContain(op);
      }
    });
  });
}
