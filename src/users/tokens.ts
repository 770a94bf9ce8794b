/**
 * Secrets handed to browsers and scripts: personal API tokens (`trg_<id>_<secret>`) and session ids.
 * Only sha256 digests are stored, so a copy of the database signs nobody in; the id part of a token
 * lets the server find its owner without scanning every user.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'trg_';

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** A new personal token: the text shown once, its id and the digest to store. */
export function newApiToken(): { token: string; id: string; hash: string } {
  const id = randomBytes(6).toString('hex');
  const token = `${TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { token, id, hash: sha256(token) };
}

/** The id of a personal token, or null when the text is not shaped like one. */
export function apiTokenId(token: string): string | null {
  return /^trg_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/.exec(token)?.[1] ?? null;
}

/** A new session id (the cookie value, 256 random bits) and the digest stored for it. */
export function newSessionId(): { id: string; hash: string } {
  const id = randomBytes(32).toString('base64url');
  return { id, hash: sha256(id) };
}

/** A random CSRF token. */
export function newCsrfToken(): string {
  return randomBytes(32).toString('base64url');
}
