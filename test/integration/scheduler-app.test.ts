/**
 * The follow-ups end to end on the embedded backend: a seed ticket goes through `startApp`, its
 * schedule records become Agenda jobs, and the jobs' results land in the task. The policy copy sets
 * every timing to 0 minutes, so the jobs are due as soon as they are synced.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { EmailMessage } from '../../connectors/types.ts';
import { startApp, type App } from '../../src/app.ts';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { createScheduler, surveyKey, type Scheduler } from '../../src/scheduler/index.ts';
import { SqliteAgendaBackend } from '../../src/store/sqlite/agenda/index.ts';
import { recordingEmail } from '../support/recording-email.ts';

const ZERO = { immediate: 0, urgent: 0, standard: 0, scheduled: 0 };

async function zeroTimingsPolicy(dir: string): Promise<string> {
  const policy = parse(await readFile(new URL('../../triage.policy.yaml', import.meta.url), 'utf8')) as Record<string, unknown>;
  policy.timings = {
    ...(policy.timings as object),
    escalate_after_minutes: ZERO,
    follow_up_minutes: ZERO,
    resolution_check_minutes: 0,
    satisfaction_survey_minutes: 0,
    outcome_analysis_minutes: 0,
  };
  const file = join(dir, 'policy.yaml');
  await writeFile(file, stringify(policy));
  return file;
}

async function waitForData(app: App, id: string, check: (data: JsonObject) => boolean): Promise<Task> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const task = await app.store.get(id);
    if (task && check(task.data)) return task;
    if (Date.now() > deadline) throw new Error(`the follow-ups did not land in time; data keys: ${Object.keys(task?.data ?? {}).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const obj = (value: unknown): JsonObject => (value && typeof value === 'object' ? (value as JsonObject) : {});

describe('scheduler with the app (embedded)', () => {
  let dir = '';
  let app: App | null = null;
  let scheduler: Scheduler | null = null;

  afterEach(async () => {
    await scheduler?.stop();
    await app?.stop();
    await rm(dir, { recursive: true, force: true });
    scheduler = null;
    app = null;
  });

  it('turns a handed-off ticket’s schedules into jobs once, and their results land in the task', async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-scheduler-app-'));
    const sent: { message: EmailMessage; key: string }[] = [];
    app = await startApp({
      env: { TRIAGE_DATA_DIR: dir, TRIAGE_POLICY: await zeroTimingsPolicy(dir), TRIAGE_LOG_LEVEL: 'silent' },
      connectors: recordingEmail(sent),
    });
    const ticket = JSON.parse(await readFile(new URL('../../fixtures/tickets/enterprise-critical.json', import.meta.url), 'utf8')) as unknown;
    const { task: created } = await app.engine.submit(ticket);
    const rested = await app.engine.process(created._id);
    const jobs = rested.meta.schedules.map((s) => s.job).sort();
    expect(jobs).toEqual(['handoff_follow_up', 'outcome_analysis', 'resolution_check', 'satisfaction_survey']);

    scheduler = createScheduler({ ...app, backend: await app.storage.schedulerBackend(), processEvery: 100 });
    await scheduler.start();
    const first = await scheduler.sync(rested);
    expect(first.scheduled).toHaveLength(4);
    // A worker re-syncing the same task (after a restart, say) adds nothing.
    const again = await scheduler.sync(rested);
    expect(again).toEqual({ scheduled: [], unchanged: first.scheduled, unknown: [] });

    const task = await waitForData(app, created._id, (data) => {
      const tracking = obj(data.outcomeTracking);
      return Boolean(obj(data.handoffComplete).followUp && tracking.resolutionCheck && obj(tracking.satisfactionSurvey).status && tracking.finalAnalysis);
    });
    const followUp = obj(obj(task.data.handoffComplete).followUp);
    expect(followUp.humanResolved).toBe(false);
    expect(typeof followUp.checkedAt).toBe('string');
    expect(obj(obj(task.data.outcomeTracking).resolutionCheck).escalated).toBe(true);
    // The engineering team's human task is still open: the survey waits for the person's resolution.
    const survey = obj(obj(task.data.outcomeTracking).satisfactionSurvey);
    expect(survey).toMatchObject({ status: 'deferred' });
    expect(sent.filter((s) => s.key === surveyKey(created._id))).toHaveLength(0);
    expect(obj(obj(task.data.outcomeTracking).finalAnalysis)).toMatchObject({ escalated: true, openForMs: expect.any(Number) });
    // The handoff's own data is kept: the follow-up merges into it.
    expect(obj(task.data.handoffComplete).delivered).toBe(true);

    // One Agenda job per record, even after the jobs ran and the task was synced again.
    await scheduler.sync((await app.store.get(created._id)) as Task);
    expect((await scheduler.agenda.queryJobs({ data: { taskId: created._id } })).total).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(sent.filter((s) => s.key === surveyKey(created._id))).toHaveLength(0);
  });

  it('reports a data directory it cannot write as a start error, not an unhandled rejection', async () => {
    dir = await mkdtemp(join(tmpdir(), 'triage-scheduler-app-'));
    const blocker = join(dir, 'not-a-dir');
    await writeFile(blocker, 'x');
    app = await startApp({ env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent' } });
    scheduler = createScheduler({ ...app, backend: new SqliteAgendaBackend({ filename: join(blocker, 'jobs.sqlite') }) });
    await expect(scheduler.start()).rejects.toThrow(/could not connect its sqlite backend.*TRIAGE_DATA_DIR/s);
  });
});
