/**
 * Starts users on top of a started app: the store its configuration selects and the service with the
 * session and throttle limits from the configuration. The caller stops it before stopping the app.
 */
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { TaskStore } from '../store/types.ts';
import { createUserStore } from './index.ts';
import type { ScryptParams } from './password.ts';
import { createUserService, type UserServiceImpl } from './service.ts';
import type { UserStore } from './store.ts';

export interface Users {
  store: UserStore;
  service: UserServiceImpl;
  stop(): Promise<void>;
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

export async function startUsers(app: { config: Config; store: TaskStore; policy: CompiledPolicy; log: Logger }, options: UsersOptions = {}): Promise<Users> {
  const store = await createUserStore(app.config, app.store);
  await store.start();
  const service = createUserService({
    store,
    teams: () => Object.keys(app.policy.source.teams),
    log: app.log,
    ...userLimits(app.config),
    ...(options.now ? { now: options.now } : {}),
    ...(options.scrypt ? { scrypt: options.scrypt } : {}),
  });
  return { store, service, stop: () => store.stop() };
}
