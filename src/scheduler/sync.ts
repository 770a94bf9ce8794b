/**
 * Turning a task's `meta.schedules` into Agenda jobs, idempotently. A record is one run: its key
 * (`<taskId>:<job>`) plus its `runAt`. Syncing the same record again finds its job and changes
 * nothing, even after the job ran; a step that re-recorded the key with another time replaces the
 * pending run instead of adding a second one.
 */
import type { Agenda } from 'agenda';
import type { ScheduleRecord, Task } from '../engine/types.ts';
import type { ScheduledJobData } from './jobs/types.ts';

export interface SyncResult {
  /** Records that became new Agenda jobs. */
  scheduled: string[];
  /** Records that already had their job. */
  unchanged: string[];
  /** Records naming a job this scheduler does not define (left alone, reported). */
  unknown: string[];
}

function jobData(task: Task, record: ScheduleRecord): ScheduledJobData {
  return { taskId: task._id, key: record.key, runAt: new Date(record.runAt).toISOString(), stepId: record.stepId, payload: record.payload };
}

/** Makes sure every schedule record of `task` has its Agenda job; safe to call any number of times. */
export async function enqueueSchedules(agenda: Agenda, task: Task, knownJobs: ReadonlySet<string>): Promise<SyncResult> {
  const result: SyncResult = { scheduled: [], unchanged: [], unknown: [] };
  for (const record of task.meta.schedules) {
    if (!knownJobs.has(record.job)) {
      result.unknown.push(record.key);
      continue;
    }
    const data = jobData(task, record);
    const { jobs } = await agenda.queryJobs({ name: record.job, data: { key: record.key } });
    if (jobs.some((job) => (job.data as ScheduledJobData).runAt === data.runAt)) {
      result.unchanged.push(record.key);
      continue;
    }
    // The key was rescheduled: a run that has not started yet is superseded by the new one.
    for (const stale of jobs) {
      if (!stale.lastRunAt && !stale.lockedAt) await agenda.cancel({ id: stale._id });
    }
    const job = agenda.create(record.job, data);
    job.schedule(new Date(record.runAt));
    // insertOnly on (key, runAt): two workers syncing the same task at once still make one job.
    job.unique({ 'data.key': data.key, 'data.runAt': data.runAt }, { insertOnly: true });
    await job.save();
    result.scheduled.push(record.key);
  }
  return result;
}
