/**
 * Re-offering waiting escalation tasks as a recurring Agenda job. The in-process triggers (a presence
 * change, a task resolved or moved) miss what happens elsewhere: a person set available with the CLI
 * (another process), a team whose hours just began (nobody changed anything; the clock did), a task
 * moved up its escalation chain by the SLA sweep. Each pass drains every team with an assignment
 * strategy; a drain is safe to run twice (held tasks are not offered, on-call is paged once per
 * task), and Agenda's lock keeps two workers from running the same pass at once.
 */
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Scheduler } from '../index.ts';

export const ASSIGNMENT_DRAIN_JOB = 'assignment_drain';

/** What one pass did, per team (the assigner's `DrainResult`, as far as this job reads it). */
export interface DrainCounts {
  team: string;
  assigned: unknown[];
  paged: unknown[];
}

export async function startAssignmentDrain(
  scheduler: Scheduler,
  drain: () => Promise<DrainCounts[]>,
  options: { every?: string | number; log: Logger; onResult?: (result: DrainCounts[]) => void },
): Promise<void> {
  const agenda = scheduler.agenda;
  agenda.define(ASSIGNMENT_DRAIN_JOB, async () => {
    const result = await drain();
    const assigned = result.reduce((n, r) => n + r.assigned.length, 0);
    const paged = result.reduce((n, r) => n + r.paged.length, 0);
    if (assigned + paged > 0) options.log.info({ assigned, paged }, 'assignment drain');
    options.onResult?.(result);
  });
  try {
    await agenda.every(options.every ?? '1 minute', ASSIGNMENT_DRAIN_JOB);
  } catch (error) {
    throw new Error(`could not schedule the assignment drain: ${errorMessage(error)}`, { cause: error });
  }
}
