/**
 * Sign-in throttling: failed attempts are counted per username and per client address in a sliding
 * window; past the limit further attempts are refused until the oldest failure leaves the window.
 * Counting per username stops guessing one person's password from many addresses; per address stops
 * one client trying a common password against many usernames.
 *
 * In process memory: each server process counts on its own, and a restart forgets. That bounds
 * guessing per process, which is what it is for; it is not an account lock-out.
 */

export interface ThrottleLimits {
  perUser: number;
  perIp: number;
  windowMs: number;
}

/** Entries kept at most; beyond it the stalest are dropped, so a flood of usernames cannot exhaust memory. */
const MAX_KEYS = 50_000;

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limits: ThrottleLimits,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private recent(key: string, at: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => t > at - this.limits.windowMs);
    if (list.length === 0) this.failures.delete(key);
    else this.failures.set(key, list);
    return list;
  }

  /** Milliseconds until another attempt is allowed for this username and address; 0 when allowed now. */
  retryAfterMs(username: string, ip: string): number {
    const at = this.now().getTime();
    const waits = [
      [this.recent(`u:${username}`, at), this.limits.perUser],
      [this.recent(`ip:${ip}`, at), this.limits.perIp],
    ] as const;
    let wait = 0;
    for (const [list, limit] of waits) {
      if (list.length >= limit) {
        // The attempt becomes possible once enough failures have aged out to fall below the limit.
        const freeing = list[list.length - limit]!;
        wait = Math.max(wait, freeing + this.limits.windowMs - at);
      }
    }
    return Math.max(0, wait);
  }

  /** Records a failed attempt against both the username and the address. */
  fail(username: string, ip: string): void {
    const at = this.now().getTime();
    for (const key of [`u:${username}`, `ip:${ip}`]) {
      const list = this.recent(key, at);
      list.push(at);
      this.failures.delete(key); // re-insert so the map stays in least-recently-failed order
      this.failures.set(key, list);
    }
    while (this.failures.size > MAX_KEYS) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  /** A successful sign-in clears the username's failures (the address keeps its count). */
  succeed(username: string): void {
    this.failures.delete(`u:${username}`);
  }
}
