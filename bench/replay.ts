/**
 * Replays one ticket's recorded store calls on a store: the same methods, in the same order, with the
 * same documents (only ids, versions, times and the source id change, so nothing is deduplicated and
 * every version check passes). This is the floor: what the pipeline's storage work costs with no
 * engine, no steps and no connectors around it.
 */
import type { HumanTask, NewHumanTask } from '../src/human/types.ts';
import type { ClaimOptions, CreateTaskInput, ListOptions } from '../src/store/types.ts';
import type { Task, TaskSource } from '../src/engine/types.ts';
import type { StoreCall, Stores } from './recorder.ts';

/** Milliseconds spent per `store.method` during replays, summed. */
export type Breakdown = Record<string, number>;

export async function replayTicket(stores: Stores, calls: readonly StoreCall[], uniqueId: string, breakdown?: Breakdown): Promise<void> {
  const ids = new Map<string, string>();
  const id = (recorded: string | undefined) => (recorded === undefined ? undefined : (ids.get(recorded) ?? recorded));
  const rekey = (key: string) => {
    let out = key;
    for (const [from, to] of ids) out = out.split(from).join(to);
    return out;
  };
  let source: TaskSource | undefined;
  let version = 0;
  const humanVersion = new Map<string, number>();
  for (const call of calls) {
    const started = performance.now();
    const a = call.args;
    switch (`${call.store}.${call.method}`) {
      case 'tasks.create': {
        const input = a[0] as CreateTaskInput;
        source = { ...input.source, externalId: uniqueId };
        const { task } = await stores.tasks.create({ data: input.data, source, now: new Date() });
        ids.set((call.result as { task: Task }).task._id, task._id);
        version = task.meta.version;
        break;
      }
      case 'tasks.claim': {
        const options = a[0] as ClaimOptions;
        const taskId = id(options.taskId);
        const task = await stores.tasks.claim({ ...options, now: new Date(), ...(taskId ? { taskId } : {}) });
        if (call.result && !task) throw new Error('the floor replay found nothing to claim where the pipeline claimed a task');
        if (task) version = task.meta.version;
        break;
      }
      case 'tasks.save': {
        const task = a[0] as Task;
        const saved = await stores.tasks.save({ ...task, _id: id(task._id)!, meta: { ...task.meta, version: version + 1, source: source ?? task.meta.source } }, version);
        version = saved.meta.version;
        break;
      }
      case 'tasks.get':
        await stores.tasks.get(id(a[0] as string)!);
        break;
      case 'tasks.list':
        await stores.tasks.list(a[0] as ListOptions);
        break;
      case 'tasks.count':
        await stores.tasks.count(a[0] as ListOptions);
        break;
      case 'tasks.nextRunAfter':
        await stores.tasks.nextRunAfter();
        break;
      case 'humanTasks.create': {
        const input = a[0] as NewHumanTask;
        const { task } = await stores.humanTasks.create({ ...input, key: rekey(input.key), ...(input.taskId ? { taskId: id(input.taskId)! } : {}) }, new Date());
        ids.set((call.result as { task: HumanTask }).task._id, task._id);
        humanVersion.set(task._id, task.version);
        break;
      }
      case 'humanTasks.get':
        await stores.humanTasks.get(id(a[0] as string)!);
        break;
      case 'humanTasks.list': {
        const filter = a[0] as Parameters<Stores['humanTasks']['list']>[0];
        await stores.humanTasks.list({ ...filter, ...(filter.taskId ? { taskId: id(filter.taskId)! } : {}) });
        break;
      }
      case 'humanTasks.save': {
        const task = a[0] as HumanTask;
        const htId = id(task._id)!;
        const current = humanVersion.get(htId) ?? (a[1] as number);
        const saved = await stores.humanTasks.save({ ...task, _id: htId, key: rekey(task.key), ...(task.taskId ? { taskId: id(task.taskId)! } : {}), version: current + 1 }, current);
        humanVersion.set(htId, saved.version);
        break;
      }
      case 'humanTasks.dueBefore':
        await stores.humanTasks.dueBefore(new Date());
        break;
      default:
        throw new Error(`the floor cannot replay ${call.store}.${call.method}; add it to bench/replay.ts`);
    }
    if (breakdown) {
      const key = `${call.store}.${call.method}`;
      breakdown[key] = (breakdown[key] ?? 0) + performance.now() - started;
    }
  }
}
