/**
 * Password hashing with scrypt from node:crypto: memory-hard, so guessing a stolen hash costs memory
 * as well as time. The hash is self-describing (`scrypt$N$r$p$salt$hash`): the parameters can be raised
 * later and old hashes still verify (and can be rehashed on the next sign-in).
 */
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { InputError } from '../errors.ts';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/**
 * 2^15 x 8 x 128 bytes = 32 MiB and some tens of milliseconds per hash: memory-hard enough that
 * guessing on GPUs gains little, small enough that a modest server signs several people in at once.
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1 };
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 1024;

const KEY_BYTES = 32;
const SALT_BYTES = 16;

/** Node refuses scrypt beyond 32 MiB unless maxmem is raised; give it room for exactly what N and r need. */
function maxmem(params: ScryptParams): number {
  return 128 * params.N * params.r * params.p + 128 * params.r * (params.p + 2) + 1024 * 1024;
}

function scrypt(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: maxmem(params) };
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function checkParams(params: ScryptParams): void {
  const { N, r, p } = params;
  if (!Number.isInteger(N) || N < 2 || (N & (N - 1)) !== 0) throw new Error(`scrypt N must be a power of two, not ${N}`);
  if (!Number.isInteger(r) || r < 1 || !Number.isInteger(p) || p < 1) throw new Error(`scrypt r and p must be positive integers, not r=${r} p=${p}`);
}

/** Refuses a password that is too short or absurdly long, naming the rule. */
export function checkPassword(password: unknown, field = 'password'): string {
  if (typeof password !== 'string') throw new InputError(`${field}: required`, [field]);
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    throw new InputError(`${field}: too short: use at least ${MIN_PASSWORD_LENGTH} characters (a passphrase of a few words is easiest)`, [field]);
  }
  if (password.length > MAX_PASSWORD_LENGTH) throw new InputError(`${field}: too long: at most ${MAX_PASSWORD_LENGTH} characters`, [field]);
  return password;
}

/** `scrypt$N$r$p$salt$hash` (salt and hash base64url) for `password`. */
export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  checkParams(params);
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, params);
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** The parameters a stored hash was made with, or null when it is not one of ours. */
export function parseHash(stored: string): { params: ScryptParams; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  try {
    checkParams({ N, r, p });
  } catch {
    return null;
  }
  if (salt.length === 0 || key.length === 0) return null;
  return { params: { N, r, p }, salt, key };
}

/** Whether `password` matches `stored`, in constant time once the key is derived. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await scrypt(password, parsed.salt, parsed.params);
  return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
}

/** Whether a hash was made with weaker parameters than `params` and should be redone. */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return !parsed || parsed.params.N < params.N || parsed.params.r < params.r || parsed.params.p < params.p;
}

/**
 * Costs what a real verification costs, for an unknown user or one without a password: sign-in
 * then takes as long whether or not the username exists, so timing does not reveal who has an account.
 */
export async function burnVerification(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<false> {
  await scrypt(password, Buffer.alloc(SALT_BYTES), params);
  return false;
}

/** A random password for `triage user add` without --password-stdin: 24 characters of base64url (144 bits). */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
