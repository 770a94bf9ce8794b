/**
 * Where the human task service hands tasks to automatic assignment (src/assignment/): a new
 * escalation task is offered to a member, and waiting ones are offered again when room may have
 * appeared. Assignment trouble never fails the caller: the task stays safe in the queue.
 */
import type { Assigner, AssignmentActions, DrainResult } from '../assignment/index.ts';
import type { Logger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import { Mutex } from '../store/mutex.ts';
import { isOpen } from './common.ts';
import type { HumanTask } from './types.ts';

export interface Offers {
  /**
   * An unassigned open escalation task goes to a member when its team assigns automatically; also on a
   * retried handoff, so a crash between opening and assigning does not leave it unoffered.
   */
  offerToMember(task: HumanTask): Promise<HumanTask>;
  /**
   * Re-offers waiting escalation tasks (`drain`): of one team, of the teams listing `member`, or of
   * every team with a strategy. `because` ends each assignment's detail ("when ann became available").
   */
  offerWaiting(options: { team?: string; member?: string; because: string }): Promise<DrainResult[]>;
}

export function createOffers(assigner: Assigner | null, deps: { policy: CompiledPolicy; actions: AssignmentActions; now: () => Date; log: Logger }): Offers {
  const { policy, actions, now, log } = deps;
  // Drains in this process one at a time, so two triggers at once (a presence change and the periodic
  // pass) neither race for the same member nor page the same on-call person twice.
  const drains = new Mutex();

  return {
    async offerToMember(task) {
      if (!assigner || task.type !== 'escalation' || task.assignedTo !== null || !isOpen(task)) return task;
      try {
        const outcome = await assigner.offer(task, now(), actions);
        return outcome.kind === 'assigned' || outcome.kind === 'paged' ? outcome.task : task;
      } catch (error) {
        log.warn({ humanTaskId: task._id, team: task.team, err: (error as Error).message }, 'automatic assignment failed; the task waits in the queue');
        return task;
      }
    },

    async offerWaiting(options) {
      if (!assigner) return [];
      const teams = Object.keys(policy.source.teams).filter((id) => {
        const team = policy.team(id);
        return team.assignment && (options.team === undefined || id === options.team) && (options.member === undefined || team.members.some((m) => m.user === options.member));
      });
      const results: DrainResult[] = [];
      for (const team of teams) {
        try {
          results.push(await drains.run(() => assigner.drain(team, now(), actions, { because: options.because })));
        } catch (error) {
          log.warn({ team, err: (error as Error).message }, 'could not re-offer waiting tasks; they wait in the queue');
        }
      }
      return results;
    },
  };
}
