/**
 * People over a started app: the service over the storage's user store, with the session and
 * throttle limits from the configuration. The storage opens and closes the store.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { ScryptParams } from './password.ts';
import { createUserService, type UserServiceImpl } from './service.ts';
import type { UserStore } from './store.ts';

export interface Users {
  store: UserStore;
  service: UserServiceImpl;
}

export interface UsersOptions {
  now?: () => Date;
  /** Tests lower the hashing cost; the default is memory-hard. */
  scrypt?: ScryptParams;
}

/** The limits the configuration sets. */
export function userLimits(config: Config) {
  return {
    sessions: { idleMs: config.TRIAGE_SESSION_IDLE_HOURS * 3_600_000, maxMs: config.TRIAGE_SESSION_MAX_DAYS * 86_400_000 },
    throttle: {
      perUser: config.TRIAGE_SIGNIN_MAX_FAILURES_PER_USER,
      perIp: config.TRIAGE_SIGNIN_MAX_FAILURES_PER_IP,
      windowMs: config.TRIAGE_SIGNIN_WINDOW_MINUTES * 60_000,
    },
  };
}

export function startUsers(app: { config: Config; policy: CompiledPolicy; log: Logger }, store: UserStore, options: UsersOptions = {}): Users {
  const service = createUserService({
    store,
    teams: () => Object.keys(app.policy.source.teams),
    log: app.log,
    ...userLimits(app.config),
    ...(options.now ? { now: options.now } : {}),
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
  });
  return { store, service };
}
