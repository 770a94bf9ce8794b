/**
 * One real pipeline run per sample ticket with the store calls recorded: what the floor replays, and
 * the processed documents the growth scenario seeds with.
 */
import type { HumanTask } from '../../src/human/types.ts';
import type { Task } from '../../src/engine/types.ts';
import { sleep, startBenchApp, storeName } from '../app.ts';
import type { Place } from '../places.ts';
import { callCounts, record, type StoreCall } from '../recorder.ts';
import { FIXTURE_COUNT, ticket } from '../tickets.ts';

export interface Profile {
  /** The storage's name (`sqlite`, `nedb`, `mongodb`). */
  store: string;
  /** One recorded call sequence per sample ticket, from submit to rest. */
  calls: StoreCall[][];
  /** The tasks as they rested. */
  tasks: Task[];
  /** The human tasks the run opened (escalated tickets). */
  humanTasks: HumanTask[];
  /** Store calls per ticket, averaged over the samples, by `store.method`. */
  callsPerTicket: Record<string, number>;
  /** Average size of a rested task as JSON, in bytes. */
  taskBytes: number;
}

export async function profile(place: Place): Promise<Profile> {
  const app = await startBenchApp(place.env);
  try {
    const recording = record({ tasks: app.store, humanTasks: app.humanTasks.store });
    const calls: StoreCall[][] = [];
    const tasks: Task[] = [];
    try {
      for (let i = 0; i < FIXTURE_COUNT; i++) {
        const { task } = await app.engine.submit(ticket(i, 'profile'), 'inbox');
        // What the worker loop does: claim the oldest claimable task and drive it to rest.
        if (!(await app.runner.runNext())) throw new Error('the profile run found nothing to claim');
        // The handoff's notifications finish after the task rests; their reads belong to this ticket.
        await sleep(100);
        calls.push(recording.take());
        tasks.push((await app.store.get(task._id))!);
      }
    } finally {
      recording.stop();
    }
    const humanTasks = (await app.humanTasks.store.list({ limit: 100 })).items;
    const counts = callCounts(calls.flat());
    const callsPerTicket = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / calls.length]));
    const taskBytes = tasks.reduce((sum, t) => sum + Buffer.byteLength(JSON.stringify(t)), 0) / tasks.length;
    return { store: storeName(app), calls, tasks, humanTasks, callsPerTicket, taskBytes };
  } finally {
    await app.stop();
  }
}
