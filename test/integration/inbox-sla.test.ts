/**
 * The human-task SLA driven by Agenda for real, with short timings: a policy copy gives every
 * priority a few seconds to resolve, the sweep runs every 150 ms, and an escalated seed ticket's
 * human task is warned, breaches, and climbs its team's escalation chain. Each team hears about each
 * step once, however many times the sweep runs.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { EmailMessage } from '../../connectors/types.ts';
import { startApp, type App } from '../../src/app.ts';
import type { HumanTask } from '../../src/human/types.ts';
import { silentLogger } from '../../src/log.ts';
import { SLA_SWEEP_JOB } from '../../src/scheduler/sla-sweep.ts';
import { recordingEmail } from '../support/recording-email.ts';

/** 0.05 min = 3 s to resolve, warned 2.4 s before: a wide window for the warning even on a slow machine. */
const SLA = { resolve_minutes: 0.05, warn_before_minutes: 0.04 };

async function shortSlaPolicy(dir: string): Promise<{ file: string; policy: Record<string, any> }> {
  const policy = parse(await readFile(new URL('../../triage.policy.yaml', import.meta.url), 'utf8')) as Record<string, any>;
  policy.sla = { low: SLA, medium: SLA, high: SLA, critical: SLA };
  const file = join(dir, 'policy.yaml');
  await writeFile(file, stringify(policy));
  return { file, policy };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms; last: ${JSON.stringify(value, null, 1).slice(0, 3000)}`);
    await sleep(50);
  }
}

describe('human-task SLA through Agenda (embedded, short timings)', () => {
  let dir = '';
  let app: App | null = null;

  afterEach(async () => {
    await app?.stop();
    app = null;
    await rm(dir, { recursive: true, force: true });
  });

  it('warns, then moves a breached task up its escalation chain, notifying each team once', async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-inbox-sla-'));
    const { file, policy } = await shortSlaPolicy(dir);
    const sent: { message: EmailMessage; key: string }[] = [];
    app = await startApp({
      env: { TRIAGE_DATA_DIR: dir, TRIAGE_POLICY: file, TRIAGE_LOG_LEVEL: 'silent' },
      log: silentLogger,
      scheduler: true,
      schedulerProcessEvery: 100,
      slaSweepEvery: 150,
      connectors: recordingEmail(sent),
    });
    // Count the passes Agenda runs: the job calls the service's sweepSla at run time.
    const service = app.humanTasks.service;
    const sweep = service.sweepSla.bind(service);
    let sweeps = 0;
    service.sweepSla = async (at?: Date) => {
      sweeps++;
      return sweep(at);
    };

    // The sweep is one recurring Agenda job at the interval asked for.
    const jobs = await app.scheduler!.agenda.queryJobs({ name: SLA_SWEEP_JOB });
    expect(jobs.jobs).toHaveLength(1);
    expect(Number(jobs.jobs[0]!.repeatInterval)).toBe(150);

    const ticket = JSON.parse(await readFile(new URL('../../fixtures/tickets/enterprise-critical.json', import.meta.url), 'utf8')) as unknown;
    const { task: created } = await app.engine.submit(ticket);
    const rested = await app.engine.process(created._id);
    expect(rested.meta.state).toBe('waiting');

    const { items } = await service.list({ taskId: created._id });
    expect(items).toHaveLength(1);
    const opened = items[0]!;
    const chain = [opened.team, ...(policy.teams[opened.team].escalation_chain as string[])];
    expect(opened).toMatchObject({ team: 'engineering', level: 0, status: 'pending', escalationChain: chain });
    expect(chain.length).toBeGreaterThanOrEqual(3);
    const [first, second, third] = chain as [string, string, string];
    const email = (team: string) => policy.teams[team].email as string;
    // Due by the tiny SLA, not the shipped one.
    expect(opened.dueAt.getTime() - opened.createdAt.getTime()).toBe(SLA.resolve_minutes * 60_000);

    const get = async () => (await service.get(opened._id)) as HumanTask;
    // The warning comes first, to the team that owns the task, before it breaches.
    const warned = await waitFor('the SLA warning', get, (t) => t.events.some((e) => e.kind === 'sla_warning'));
    expect(warned.level).toBe(0);
    expect(warned.team).toBe(first);
    expect(warned.events.find((e) => e.kind === 'sla_warning')!.detail).toMatch(/^level 0:/);

    // Then the breach: level 1, the next team of the chain, back in its queue, unassigned.
    const escalated = await waitFor('the escalation to level 1', get, (t) => t.level >= 1);
    expect(escalated.level).toBe(1);
    expect(escalated).toMatchObject({ team: second, queue: policy.teams[second].queue, status: 'pending', assignedTo: null });
    const kinds = escalated.events.map((e) => e.kind);
    expect(kinds).toContain('sla_breach');
    expect(kinds).toContain('escalated');
    expect(kinds.indexOf('sla_warning')).toBeLessThan(kinds.indexOf('sla_breach'));
    expect(escalated.events.find((e) => e.kind === 'escalated')!.detail).toContain(second);
    // A fresh due date from the SLA.
    expect(escalated.dueAt.getTime()).toBeGreaterThan(opened.dueAt.getTime());

    // Let the chain run to its end and the sweep run many more times.
    const atEnd = await waitFor('the escalation to the end of the chain', get, (t) => t.level === chain.length - 1);
    expect(atEnd.team).toBe(third);
    const sweepsAtEnd = sweeps;
    await waitFor('more sweeps', async () => sweeps, (n) => n >= sweepsAtEnd + 5);
    expect(sweeps).toBeGreaterThanOrEqual(10);

    const escalations = (team: string) =>
      sent.filter((s) => s.message.to.includes(email(team)) && s.message.subject.includes('Escalated to you') && s.message.headers?.['X-Triage-Human-Task'] === opened._id);
    const warnings = (team: string) => sent.filter((s) => s.message.to.includes(email(team)) && s.message.subject.includes('Due ') && s.message.headers?.['X-Triage-Human-Task'] === opened._id);
    expect(escalations(second), 'escalation emails to the second team').toHaveLength(1);
    expect(escalations(third), 'escalation emails to the third team').toHaveLength(1);
    expect(escalations(first)).toHaveLength(0);
    expect(escalations(second)[0]!.key).toBe(`${opened._id}:escalated:1`);
    expect(escalations(second)[0]!.message.subject).toContain(`SLA missed by ${first}`);
    expect(warnings(first), 'warnings to the first team').toHaveLength(1);
    expect(warnings(second), 'warnings to the second team').toHaveLength(1);
    expect(warnings(third).length, 'warnings to the third team').toBeLessThanOrEqual(1);
    // One warning and one escalation event per level, whatever the number of sweeps.
    const final = await get();
    expect(final.events.filter((e) => e.kind === 'escalated')).toHaveLength(chain.length - 1);
    const warnedLevels = final.events.filter((e) => e.kind === 'sla_warning').map((e) => e.detail!.split(':')[0]);
    expect(warnedLevels.slice(0, 2)).toEqual(['level 0', 'level 1']);
    expect(new Set(warnedLevels).size).toBe(warnedLevels.length);
    // What a team actually receives: one outbox email about the escalation to the second team.
    const outbox = join(dir, 'outbox', 'email');
    const files = await Promise.all((await readdir(outbox)).map((name) => readFile(join(outbox, name), 'utf8')));
    const toSecond = files.filter((text) => new RegExp(`^To: ${email(second)}`, 'm').test(text) && /^Subject: .*Escalated to you/m.test(text) && text.includes(opened._id));
    expect(toSecond).toHaveLength(1);
    // Past the last team the task stays open (someone must still act), flagged as breached.
    expect(['pending', 'assigned', 'in_progress']).toContain(final.status);
    // The pipeline task still waits for a person.
    expect((await app.store.get(created._id))!.meta.state).toBe('waiting');
  }, 45_000);

  it('keeps the one-minute sweep by default', async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-inbox-sla-'));
    app = await startApp({ env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent' }, log: silentLogger, scheduler: true, schedulerProcessEvery: 100 });
    const jobs = await app.scheduler!.agenda.queryJobs({ name: SLA_SWEEP_JOB });
    expect(jobs.jobs).toHaveLength(1);
    expect(jobs.jobs[0]!.repeatInterval).toBe('1 minute');
  });
});
