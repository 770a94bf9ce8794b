/**
 * Signed callback links: the customer's email carries `/callback/<token>`, where the token names the
 * ticket and an expiry and is signed with TRIAGE_LINK_SECRET (HMAC-SHA256). Nothing about the token is
 * stored: a forged one fails the signature (403), an old one its expiry (410), and neither touches a task.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { HttpError } from '../server/errors.ts';

/** How long an offered link stays valid. */
export const LINK_TTL_MS = 7 * 24 * 60 * 60_000;
/** The file an embedded deployment keeps its generated secret in, under TRIAGE_DATA_DIR. */
export const LINK_SECRET_FILE = 'link-secret';
export const MIN_LINK_SECRET_CHARS = 32;

interface Claims {
  task: string;
  /** Expiry, epoch milliseconds. */
  exp: number;
}

/** Signs and checks callback tokens; the secret never leaves this object. */
export class CallbackLinks {
  readonly #secret: string;

  constructor(secret: string, private readonly publicUrl: string) {
    if (secret.length < MIN_LINK_SECRET_CHARS) throw new Error(`the callback link secret must be at least ${MIN_LINK_SECRET_CHARS} characters (TRIAGE_LINK_SECRET)`);
    this.#secret = secret;
  }

  private signature(body: string): Buffer {
    return createHmac('sha256', this.#secret).update(body, 'utf8').digest();
  }

  /** A token for `taskId`, valid until `now` + LINK_TTL_MS. */
  token(taskId: string, now: Date): string {
    const body = Buffer.from(JSON.stringify({ task: taskId, exp: now.getTime() + LINK_TTL_MS } satisfies Claims)).toString('base64url');
    return `${body}.${this.signature(body).toString('base64url')}`;
  }

  /** The page a customer opens to pick a slot. */
  url(taskId: string, now: Date): string {
    return new URL(`/callback/${this.token(taskId, now)}`, this.publicUrl).toString();
  }

  /** The task a token names; 403 for a token this server did not sign, 410 for an expired one. */
  verify(token: string, now: Date): { taskId: string; expiresAt: Date } {
    const forged = new HttpError(403, 'this callback link is not valid: it was not issued by us or has been altered; use the link from your email as it is');
    const parts = token.split('.');
    if (parts.length !== 2 || !parts[0] || !parts[1] || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) throw forged;
    // Compared as text: base64url decoding ignores the last character's spare bits, so two spellings would verify.
    const given = Buffer.from(parts[1], 'utf8');
    const expected = Buffer.from(this.signature(parts[0]).toString('base64url'), 'utf8');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forged;
    let claims: Partial<Claims>;
    try {
      claims = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as Partial<Claims>;
    } catch {
      throw forged;
    }
    if (typeof claims.task !== 'string' || typeof claims.exp !== 'number') throw forged;
    if (claims.exp <= now.getTime()) {
      throw new HttpError(410, 'this callback link has expired; reply to our email and we will arrange a call with you');
    }
    return { taskId: claims.task, expiresAt: new Date(claims.exp) };
  }
}

/**
 * The link secret: TRIAGE_LINK_SECRET when set; otherwise, for a deployment on local files, a random
 * one created once in `<TRIAGE_DATA_DIR>/link-secret` (mode 0600) and reused, so links survive a restart.
 * Several processes sharing MongoDB must agree on it, so there it must be configured: without it
 * callbacks are off (null) and a warning names the key.
 */
export async function resolveLinkSecret(config: Pick<Config, 'TRIAGE_LINK_SECRET' | 'TRIAGE_DATA_DIR' | 'MONGODB_URI'>, log: Logger): Promise<string | null> {
  if (config.TRIAGE_LINK_SECRET) return config.TRIAGE_LINK_SECRET;
  if (config.MONGODB_URI !== undefined) {
    log.warn('callbacks are off: set TRIAGE_LINK_SECRET (at least 32 characters, the same in every process) to offer customers a callback link');
    return null;
  }
  const file = join(config.TRIAGE_DATA_DIR, LINK_SECRET_FILE);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= MIN_LINK_SECRET_CHARS) return stored;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const secret = randomBytes(32).toString('base64url');
  await mkdir(config.TRIAGE_DATA_DIR, { recursive: true });
  // Written whole to a temporary file and linked into place: a second process starting at the same
  // moment either wins or reads the complete secret, never a half-written one.
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, `${secret}\n`, { mode: 0o600 });
  await chmod(temp, 0o600);
  try {
    await link(temp, file);
    return secret;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return (await readFile(file, 'utf8')).trim();
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/** The app's link signer, or null when callbacks are off. */
export async function createCallbackLinks(config: Pick<Config, 'TRIAGE_LINK_SECRET' | 'TRIAGE_DATA_DIR' | 'MONGODB_URI' | 'TRIAGE_PUBLIC_URL'>, log: Logger): Promise<CallbackLinks | null> {
  const secret = await resolveLinkSecret(config, log);
  return secret ? new CallbackLinks(secret, config.TRIAGE_PUBLIC_URL) : null;
}
