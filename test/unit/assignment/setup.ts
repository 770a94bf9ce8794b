/**
 * Automatic assignment on real parts: SQLite task, human task and user stores in one temp folder, a
 * real Engine, the example policy with a `finance` team the test describes (members, strategy,
 * calendar with an on-call rotation), the outbox connectors or given ones, a controllable clock and a
 * logger whose lines the test can read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { createConnectors } from '../../../connectors/index.ts';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import type { Connectors } from '../../../connectors/types.ts';
import { loadConfig } from '../../../src/config.ts';
import { createHumanTaskService, type HumanTaskServiceImpl } from '../../../src/human/service.ts';
import type { HumanPriority, HumanTask } from '../../../src/human/types.ts';
import { compilePolicy, type CompiledPolicy } from '../../../src/policy/compile.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { teamSchema } from '../../../src/policy/schema.ts';
import { SqliteHumanTaskStore } from '../../../src/store/sqlite/index.ts';
import { SqliteUserStore } from '../../../src/store/sqlite/users.ts';
import { createUserService, type UserServiceImpl } from '../../../src/users/service.ts';
import humanResolution from '../../../steps/human-resolution.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';

/** Monday 5 January 2026, 10:00 UTC: finance (UTC, Mon-Fri 09:00-17:00) is open. */
export const MONDAY_10 = Date.parse('2026-01-05T10:00:00Z');
export const SATURDAY_10 = Date.parse('2026-01-10T10:00:00Z');

/** The calendar of the test team: office hours, and carol then dan on call, a week each from 5 January. */
export const FINANCE_CALENDAR = {
  timezone: 'UTC',
  hours: { 'mon-fri': '09:00-17:00' },
  on_call: { members: ['carol', 'dan'], every: '1 week', hand_over: 'mon 09:00', starting: '2026-01-05' },
};

export interface AssignmentSetup {
  harness: Harness;
  humans: SqliteHumanTaskStore;
  userStore: SqliteUserStore;
  users: UserServiceImpl;
  policy: CompiledPolicy;
  service: HumanTaskServiceImpl;
  /** Another service on the same stores, as a second process or a restart would have. */
  secondService(): HumanTaskServiceImpl;
  /** Adds a user in finance (and optionally sets presence). */
  person(username: string, options?: { presence?: 'available' | 'away' | 'offline'; email?: string; slackUserId?: string; teams?: string[] }): Promise<void>;
  /** Opens the escalation task of a new pipeline task. */
  handOff(title: string, options?: { priority?: HumanPriority; skillTags?: string[]; taskId?: string }): Promise<HumanTask>;
  /** Raw emails in the outbox addressed to `address`. */
  emailsTo(address: string): string[];
  /** Log lines at warn level and above, parsed. */
  warnings: { msg: string; [key: string]: unknown }[];
  cleanup(): Promise<void>;
}

/** `finance` is the input form of the team section (as written in YAML), merged over the example's. */
export async function startAssignment(finance: Record<string, unknown>, options: { connectors?: (dir: string) => Promise<Connectors> } = {}): Promise<AssignmentSetup> {
  const harness = await startHarness([humanResolution]);
  harness.clock.ms = MONDAY_10;
  const humans = new SqliteHumanTaskStore(harness.dir);
  const userStore = new SqliteUserStore(harness.dir);
  await humans.start();
  await userStore.start();
  const source = (await loadPolicy()).source;
  const { business_hours: _legacy, ...example } = source.teams.finance!;
  const team = teamSchema.parse({ ...example, calendar: FINANCE_CALENDAR, ...finance });
  const policy = compilePolicy({ ...source, teams: { ...source.teams, finance: team } });
  const connectors = (await options.connectors?.(harness.dir)) ?? await createConnectors(loadConfig({ TRIAGE_DATA_DIR: harness.dir }), { reasoner: createHeuristicReasoner(), dataDir: harness.dir });
  const warnings: AssignmentSetup['warnings'] = [];
  const log = pino({ level: 'warn' }, { write: (line: string) => warnings.push(JSON.parse(line) as AssignmentSetup['warnings'][number]) });
  const make = () => createHumanTaskService({ store: humans, engine: harness.engine, policy, connectors, now: harness.clock.now, log, users: userStore });
  const users = createUserService({ store: userStore, teams: () => Object.keys(policy.source.teams), now: harness.clock.now });
  let tasks = 0;
  const outboxEmails = (): string[] => {
    try {
      return readdirSync(join(harness.dir, 'outbox', 'email')).filter((f) => !f.endsWith('.tmp'));
    } catch {
      return [];
    }
  };
  const setup: AssignmentSetup = {
    harness,
    humans,
    userStore,
    users,
    policy,
    service: make(),
    secondService: make,
    warnings,
    async person(username, opts = {}) {
      await users.create({
        username,
        role: 'agent',
        teams: opts.teams ?? ['finance'],
        email: opts.email ?? `${username}@example.com`,
        ...(opts.slackUserId ? { slackUserId: opts.slackUserId } : {}),
      });
      if (opts.presence) await users.setPresence(username, opts.presence);
    },
    async handOff(title: string, opts: { priority?: HumanPriority; skillTags?: string[]; taskId?: string } = {}) {
      const taskId = opts.taskId ?? (await harness.store.create({ data: { ticket: { subject: title } }, source: { kind: 'cli', externalId: `t${++tasks}` }, now: harness.clock.now() })).task._id;
      const { task } = await setup.service.openForHandoff({ taskId, title, team: 'finance', priority: opts.priority ?? 'medium', ...(opts.skillTags ? { skillTags: opts.skillTags } : {}) });
      return task;
    },
    emailsTo(address) {
      return outboxEmails()
        .map((f) => readFileSync(join(harness.dir, 'outbox', 'email', f), 'utf8'))
        .filter((mail) => new RegExp(`^To: .*${address.replace(/[.]/g, '\\.')}`, 'm').test(mail));
    },
    async cleanup() {
      await userStore.stop();
      await humans.stop();
      await harness.cleanup();
    },
  };
  return setup;
}
