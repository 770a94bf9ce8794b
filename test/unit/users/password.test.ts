import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { burnVerification, checkPassword, DEFAULT_SCRYPT, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, needsRehash, parseHash, verifyPassword } from '../../../src/users/password.ts';

const FAST = { N: 1024, r: 8, p: 1 };

describe('password hashing', () => {
  it('defaults to memory-hard scrypt parameters (N=2^15, r=8, p=1: 32 MiB per hash)', () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 1 });
    expect(128 * DEFAULT_SCRYPT.N * DEFAULT_SCRYPT.r).toBeGreaterThanOrEqual(32 * 1024 * 1024);
  });

  it('hashes with the default parameters when none are given, self-described as scrypt$N$r$p$salt$hash', async () => {
    const stored = await hashPassword('a long enough passphrase');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(parseHash(stored)!.params).toEqual(DEFAULT_SCRYPT);
    expect(await verifyPassword('a long enough passphrase', stored)).toBe(true);
  });

  it('uses a fresh 16-byte salt each time and verifies only the right password', async () => {
    const a = await hashPassword('correct horse battery', FAST);
    const b = await hashPassword('correct horse battery', FAST);
    expect(a).not.toBe(b);
    expect(parseHash(a)!.salt).toHaveLength(16);
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterx', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verifies with the parameters stored in the hash, and says when they are weaker than wanted', async () => {
    const weak = await hashPassword('correct horse battery', FAST);
    expect(await verifyPassword('correct horse battery', weak)).toBe(true);
    expect(needsRehash(weak, DEFAULT_SCRYPT)).toBe(true);
    expect(needsRehash(weak, FAST)).toBe(false);
  });

  it('refuses malformed or tampered hashes instead of throwing', async () => {
    const good = await hashPassword('correct horse battery', FAST);
    const parts = good.split('$');
    expect(await verifyPassword('correct horse battery', 'plain-text')).toBe(false);
    expect(await verifyPassword('correct horse battery', ['scrypt', '1000', ...parts.slice(2)].join('$'))).toBe(false); // N not a power of two
    const flipped = [...parts.slice(0, 5), parts[5]!.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))].join('$');
    expect(await verifyPassword('correct horse battery', flipped)).toBe(false);
  });

  it('an unknown user still costs a hash, and never matches', async () => {
    expect(await burnVerification('anything at all', FAST)).toBe(false);
  });

  it(`refuses passwords shorter than ${MIN_PASSWORD_LENGTH} characters with a message saying so`, () => {
    expect(() => checkPassword('short')).toThrow(InputError);
    expect(() => checkPassword('123456789')).toThrow(/at least 10 characters/);
    expect(checkPassword('1234567890')).toBe('1234567890');
    expect(() => checkPassword(undefined)).toThrow(/required/);
  });

  it('generates strong passwords that pass the rules', () => {
    const a = generatePassword();
    expect(a.length).toBeGreaterThanOrEqual(24);
    expect(checkPassword(a)).toBe(a);
    expect(generatePassword()).not.toBe(a);
  });
});
