import { describe, expect, it } from 'vitest';
import { SignInThrottle } from '../../../src/users/throttle.ts';

const MINUTE = 60_000;

function clock(start = Date.parse('2024-03-01T09:00:00Z')) {
  let t = start;
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

describe('SignInThrottle', () => {
  it('locks a username after the limit of failures in the window, then frees it as failures age out', () => {
    const c = clock();
    const throttle = new SignInThrottle({ perUser: 3, perIp: 100, windowMs: 15 * MINUTE }, c.now);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs('ann', `10.0.0.${i}`)).toBe(0);
      throttle.fail('ann', `10.0.0.${i}`);
      c.advance(MINUTE);
    }
    // Three failures at 0, 1 and 2 minutes; now is 3 minutes: the first ages out at 15.
    expect(throttle.retryAfterMs('ann', '10.0.0.9')).toBe(12 * MINUTE);
    expect(throttle.retryAfterMs('bob', '10.0.0.9')).toBe(0);
    c.advance(12 * MINUTE - 1);
    expect(throttle.retryAfterMs('ann', '10.0.0.9')).toBe(1);
    c.advance(1);
    expect(throttle.retryAfterMs('ann', '10.0.0.9')).toBe(0);
  });

  it('locks an address trying many usernames', () => {
    const c = clock();
    const throttle = new SignInThrottle({ perUser: 100, perIp: 4, windowMs: 15 * MINUTE }, c.now);
    for (let i = 0; i < 4; i++) throttle.fail(`user${i}`, '192.0.2.1');
    expect(throttle.retryAfterMs('someone-else', '192.0.2.1')).toBe(15 * MINUTE);
    expect(throttle.retryAfterMs('someone-else', '192.0.2.2')).toBe(0);
  });

  it('a success clears the username, not the address', () => {
    const c = clock();
    const throttle = new SignInThrottle({ perUser: 2, perIp: 3, windowMs: 15 * MINUTE }, c.now);
    throttle.fail('ann', '192.0.2.1');
    throttle.fail('ann', '192.0.2.1');
    expect(throttle.retryAfterMs('ann', '192.0.2.9')).toBeGreaterThan(0);
    throttle.succeed('ann');
    expect(throttle.retryAfterMs('ann', '192.0.2.9')).toBe(0);
    throttle.fail('bob', '192.0.2.1');
    expect(throttle.retryAfterMs('carol', '192.0.2.1')).toBe(15 * MINUTE);
  });
});
