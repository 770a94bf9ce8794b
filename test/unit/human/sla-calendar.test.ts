/**
 * Business-time SLAs on the example policy's finance team (Europe/London, Mon-Fri 09:00-17:00,
 * English public holidays): due times and warnings follow its calendar, a critical task counts around
 * the clock, a task moved up the chain gets a due time on the new team's clock, and the SLA pass
 * feeds the /metrics counters. The pass is driven with explicit instants (an injected clock).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConnectors } from '../../../connectors/index.ts';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { createHumanTaskService, type HumanTaskServiceImpl } from '../../../src/human/service.ts';
import type { HumanPriority } from '../../../src/human/types.ts';
import { compilePolicy } from '../../../src/policy/compile.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import type { Policy } from '../../../src/policy/schema.ts';
import { createMetrics } from '../../../src/server/metrics.ts';
import { SqliteHumanTaskStore } from '../../../src/store/sqlite/index.ts';
import humanResolution from '../../../steps/human-resolution.ts';
import { startHarness, type Harness } from '../../support/engine-harness.ts';

const MINUTE = 60_000;
let harness: Harness;
let humans: SqliteHumanTaskStore;
let service: HumanTaskServiceImpl;

/** The example policy, optionally changed, behind a human task service on the harness's clock. */
async function start(change: (policy: Policy) => Policy = (p) => p): Promise<void> {
  harness = await startHarness([humanResolution]);
  humans = new SqliteHumanTaskStore(harness.dir);
  await humans.start();
  const policy = compilePolicy(change((await loadPolicy()).source));
  const connectors = await createConnectors(loadConfig({ TRIAGE_DATA_DIR: harness.dir }), { reasoner: createHeuristicReasoner(), dataDir: harness.dir });
  service = createHumanTaskService({ store: humans, engine: harness.engine, policy, connectors, now: harness.clock.now });
}

afterEach(async () => {
  await humans?.stop();
  await harness?.cleanup();
});

/** Hands a ticket to `team` at `iso` (the clock is set there first). */
async function handOff(iso: string, priority: HumanPriority, team = 'finance') {
  harness.clock.ms = Date.parse(iso);
  const { task: pipeline } = await harness.store.create({ data: { ticket: { subject: 'refund' } }, source: { kind: 'cli' }, now: harness.clock.now() });
  const { task } = await service.openForHandoff({ taskId: pipeline._id, title: `Refund (${priority})`, team, priority });
  return task;
}

describe('business-time SLAs', () => {
  it('a high ticket handed off on Thursday 23:00 before Good Friday is due on the next business day, warned 30 business minutes before', async () => {
    await start();
    // Thursday 2 April 2026 23:00 BST; Friday 3 (Good Friday) and Monday 6 (Easter Monday) are closed.
    const task = await handOff('2026-04-02T22:00:00Z', 'high');
    // 240 business minutes from Tuesday 7 April 09:00 BST: 13:00 BST.
    expect(task.dueAt.toISOString()).toBe('2026-04-07T12:00:00.000Z');
    // Nothing over the long weekend, nor a minute before the warning time (12:30 BST).
    for (const quiet of ['2026-04-03T10:00:00Z', '2026-04-06T16:00:00Z', '2026-04-07T11:29:59Z']) {
      expect((await service.sweepSla(new Date(quiet))).warned).toEqual([]);
    }
    const warning = await service.sweepSla(new Date('2026-04-07T11:30:00Z'));
    expect(warning.warned).toEqual([task._id]);
    expect(warning.events).toEqual([{ kind: 'warning', humanTaskId: task._id, team: 'finance', priority: 'high', at: new Date('2026-04-07T11:30:00Z') }]);
    expect((await service.sweepSla(new Date('2026-04-07T11:59:59Z'))).escalated).toEqual([]);
    expect((await service.sweepSla(new Date('2026-04-07T12:00:00Z'))).escalated).toEqual([task._id]);
  });

  it('a high ticket handed off at 23:00 on the Friday before the early May bank holiday is due on Tuesday, warned before it', async () => {
    await start();
    // Friday 1 May 2026 23:00 BST; Monday 4 May is a bank holiday in England.
    const task = await handOff('2026-05-01T22:00:00Z', 'high');
    // 240 business minutes from Tuesday 5 May 09:00 BST: 13:00 BST.
    expect(task.dueAt.toISOString()).toBe('2026-05-05T12:00:00.000Z');
    expect((await service.sweepSla(new Date('2026-05-04T12:00:00Z'))).warned).toEqual([]);
    expect((await service.sweepSla(new Date('2026-05-05T11:30:00Z'))).warned).toEqual([task._id]);
  });

  it('a critical ticket counts around the clock: due 60 minutes after Thursday 23:00', async () => {
    await start();
    const task = await handOff('2026-04-02T22:00:00Z', 'critical');
    expect(task.dueAt.toISOString()).toBe('2026-04-02T23:00:00.000Z');
    expect((await service.sweepSla(new Date('2026-04-02T22:45:00Z'))).warned).toEqual([task._id]);
  });

  it('medium tickets (1440 business minutes = three 8-hour days) at four moments of a week', async () => {
    await start();
    // The week of Monday 9 March 2026 (GMT, no holiday).
    const due = async (iso: string) => (await handOff(iso, 'medium')).dueAt.toISOString();
    expect(await due('2026-03-09T10:00:00Z')).toBe('2026-03-12T10:00:00.000Z'); // Monday 10:00 -> Thursday 10:00
    expect(await due('2026-03-13T16:30:00Z')).toBe('2026-03-18T16:30:00.000Z'); // Friday 16:30 -> Wednesday 16:30
    expect(await due('2026-03-13T23:00:00Z')).toBe('2026-03-18T17:00:00.000Z'); // Friday 23:00 -> Wednesday 17:00
    expect(await due('2026-03-14T12:00:00Z')).toBe('2026-03-18T17:00:00.000Z'); // Saturday 12:00 -> Wednesday 17:00
    // A team without a calendar counts around the clock, as before.
    expect((await handOff('2026-03-14T12:00:00Z', 'medium', 'general_support')).dueAt.toISOString()).toBe('2026-03-15T12:00:00.000Z');
  });

  it('warns before a weekend when the warning time falls before it, though the due time is days away on the wall clock', async () => {
    await start();
    // Friday 13 March 13:15 GMT + 240 business minutes = Monday 16 March 09:15; warned 30 business minutes before: Friday 16:45.
    const task = await handOff('2026-03-13T13:15:00Z', 'high');
    expect(task.dueAt.toISOString()).toBe('2026-03-16T09:15:00.000Z');
    expect((await service.sweepSla(new Date('2026-03-13T16:44:00Z'))).warned).toEqual([]);
    expect((await service.sweepSla(new Date('2026-03-13T16:45:00Z'))).warned).toEqual([task._id]);
  });

  it('a task moved up the chain gets a due time on the next team\'s calendar', async () => {
    // Management gets finance's calendar in this policy; general_support (no calendar) escalates to it.
    await start((p) => ({ ...p, teams: { ...p.teams, management: { ...p.teams.management!, calendar: p.teams.finance!.calendar } } }));
    // Friday 13 March 2026 16:00 GMT, general_support counts around the clock: due 20:00.
    const task = await handOff('2026-03-13T16:00:00Z', 'high', 'general_support');
    expect(task.dueAt.toISOString()).toBe('2026-03-13T20:00:00.000Z');
    expect((await service.sweepSla(new Date('2026-03-13T20:00:00Z'))).escalated).toEqual([task._id]);
    const moved = await service.get(task._id);
    expect(moved.team).toBe('senior_support');
    // senior_support has no calendar either: 4 wall-clock hours; then management, in London office hours.
    expect(moved.dueAt.toISOString()).toBe('2026-03-14T00:00:00.000Z');
    expect((await service.sweepSla(new Date('2026-03-14T00:00:00Z'))).escalated).toEqual([task._id]);
    const top = await service.get(task._id);
    expect(top.team).toBe('management');
    // Saturday 00:00 -> Monday 09:00 + 240 business minutes = Monday 16 March 13:00.
    expect(top.dueAt.toISOString()).toBe('2026-03-16T13:00:00.000Z');
  });

  it('feeds the /metrics SLA counters on a warning and on a breach', async () => {
    await start();
    const metrics = createMetrics({ defaultMetrics: false });
    metrics.attachHumanTasks(service);
    metrics.attachHumanTasks(service); // attached twice (two servers): still counted once
    const count = async (name: string) => Number(new RegExp(`^${name}\\{team="finance",priority="high"\\} (\\d+)$`, 'm').exec(await metrics.render())?.[1] ?? 0);
    const task = await handOff('2026-03-09T10:00:00Z', 'high');
    expect(await count('triage_sla_warnings_total')).toBe(0);
    await service.sweepSla(new Date(task.dueAt.getTime() - 30 * MINUTE));
    expect(await count('triage_sla_warnings_total')).toBe(1);
    expect(await count('triage_sla_breaches_total')).toBe(0);
    await service.sweepSla(task.dueAt);
    await service.sweepSla(task.dueAt); // a second pass finds nothing new
    expect(await count('triage_sla_warnings_total')).toBe(1);
    expect(await count('triage_sla_breaches_total')).toBe(1);
  });
});
