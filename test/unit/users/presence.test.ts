/**
 * Presence values and accounts stored before presence existed.
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { checkPresence } from '../../../src/users/input.ts';
import { fromStoredUser, sameTurn, toStoredUser } from '../../../src/users/store.ts';
import { newUser, T0 } from '../../integration/users-contract.ts';

describe('presence', () => {
  it('accepts the three values and names them for anything else', () => {
    expect(['available', 'away', 'offline'].map(checkPresence)).toEqual(['available', 'away', 'offline']);
    for (const bad of ['busy', '', undefined, 3]) {
      expect(() => checkPresence(bad)).toThrow(InputError);
    }
    expect(() => checkPresence('busy')).toThrow(/presence: one of available, away, offline/);
  });

  it('reads an account stored before presence and assignment as available and never assigned', () => {
    const { presence: _p, lastAssigned: _l, ...old } = toStoredUser(newUser({ username: 'ann' }));
    expect(fromStoredUser(old)).toMatchObject({ username: 'ann', presence: 'available', lastAssigned: {} });
  });

  it('compares turns by instant, null only with null', () => {
    expect(sameTurn(undefined, null)).toBe(true);
    expect(sameTurn(T0, null)).toBe(false);
    expect(sameTurn(null, T0)).toBe(false);
    expect(sameTurn(new Date(T0.getTime()), T0)).toBe(true);
    expect(sameTurn(new Date(T0.getTime() + 1), T0)).toBe(false);
  });
});
