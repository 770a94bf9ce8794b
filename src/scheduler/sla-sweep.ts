/**
 * The human-task SLA as a recurring Agenda job: every pass warns before due times and moves breached
 * tasks up their escalation chain (the inbox's `sweepSla` does the work and is safe to run twice;
 * Agenda's lock keeps two workers from running the same pass at once). Due and warning times follow
 * each team's calendar (src/calendar/sla-clock.ts), so the pass runs around the clock even though a
 * business-clock task only warns or breaches during its team's hours.
 */
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Scheduler } from './index.ts';

export const SLA_SWEEP_JOB = 'human_sla_sweep';

export interface SlaSweepResultCounts {
  warned: unknown[];
  escalated: unknown[];
  breachedAtEnd: unknown[];
  failed: unknown[];
}

export async function startSlaSweep(
  scheduler: Scheduler,
  sweep: () => Promise<SlaSweepResultCounts>,
  options: { every?: string | number; log: Logger; onResult?: (result: SlaSweepResultCounts) => void },
): Promise<void> {
  const agenda = scheduler.agenda;
  agenda.define(SLA_SWEEP_JOB, async () => {
    const result = await sweep();
    if (result.warned.length + result.escalated.length + result.breachedAtEnd.length + result.failed.length > 0) {
      options.log.info(
        { warned: result.warned.length, escalated: result.escalated.length, breachedAtEnd: result.breachedAtEnd.length, failed: result.failed.length },
        'SLA sweep',
      );
    }
    options.onResult?.(result);
  });
  try {
    await agenda.every(options.every ?? '1 minute', SLA_SWEEP_JOB);
  } catch (error) {
    throw new Error(`could not schedule the SLA sweep: ${errorMessage(error)}`, { cause: error });
  }
}
