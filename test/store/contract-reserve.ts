/** Contract: reservations, the one exclusive-claim primitive (callback slots use it). */
import { describe, expect, it } from 'vitest';
import type { TaskStore } from '../../src/store/types.ts';
import { at } from './contract-helpers.ts';

export function reserveContract(store: () => TaskStore): void {
  describe('reserve and release', () => {
    it('gives a free key to the first holder and keeps it from the next', async () => {
      expect(await store().reserve('slot:a', 'task-1', at(1))).toEqual({ key: 'slot:a', holder: 'task-1', at: at(1) });
      expect(await store().reserve('slot:a', 'task-2', at(2))).toEqual({ key: 'slot:a', holder: 'task-1', at: at(1) });
      // The holder asking again gets its own reservation back, unchanged.
      expect(await store().reserve('slot:a', 'task-1', at(3))).toEqual({ key: 'slot:a', holder: 'task-1', at: at(1) });
      // Other keys are independent.
      expect((await store().reserve('slot:b', 'task-2', at(4))).holder).toBe('task-2');
    });

    it('releases only the holder\'s own reservation, after which the key is free again', async () => {
      await store().reserve('slot:a', 'task-1', at(1));
      expect(await store().release('slot:a', 'task-2')).toBe(false);
      expect((await store().reserve('slot:a', 'task-2', at(2))).holder).toBe('task-1');
      expect(await store().release('slot:a', 'task-1')).toBe(true);
      expect(await store().release('slot:a', 'task-1')).toBe(false);
      expect(await store().reserve('slot:a', 'task-2', at(3))).toEqual({ key: 'slot:a', holder: 'task-2', at: at(3) });
      expect(await store().release('never-taken', 'task-1')).toBe(false);
    });

    it('lets exactly one of many concurrent holders take a key', async () => {
      const holders = ['t1', 't2', 't3', 't4', 't5', 't6'];
      const results = await Promise.all(holders.map((holder, i) => store().reserve('slot:race', holder, at(10 + i))));
      const winners = new Set(results.map((r) => r.holder));
      expect(winners.size).toBe(1);
      const winner = [...winners][0]!;
      expect(holders).toContain(winner);
      // Every caller was told the same winner, and the store agrees.
      expect((await store().reserve('slot:race', 'late', at(30))).holder).toBe(winner);
    });
  });
}
