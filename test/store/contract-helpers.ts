/** Shared fixtures for the TaskStore contract suite. */
import type { JsonObject, Task, TaskMeta, TaskSource } from '../../src/engine/types.ts';
import type { CreateTaskInput, TaskStore } from '../../src/store/types.ts';

/** A fixed clock origin: the contract never depends on wall-clock time. */
export const T0 = new Date('2024-03-01T09:00:00.000Z');

/** `T0` plus `seconds`. */
export function at(seconds: number): Date {
  return new Date(T0.getTime() + seconds * 1000);
}

export function input(data: JsonObject, options: { source?: TaskSource; now?: Date } = {}): CreateTaskInput {
  return { data, source: options.source ?? { kind: 'cli' }, now: options.now ?? T0 };
}

/** Creates one task per entry, each a second after the previous, and returns them in order. */
export async function createMany(store: TaskStore, datas: JsonObject[], startSecond = 0): Promise<Task[]> {
  const tasks: Task[] = [];
  for (const [i, data] of datas.entries()) {
    tasks.push((await store.create(input(data, { now: at(startSecond + i) }))).task);
  }
  return tasks;
}

/** Saves `task` with `meta` fields replaced, at its current version. */
export function saveMeta(store: TaskStore, task: Task, meta: Partial<TaskMeta>, data?: JsonObject): Promise<Task> {
  return store.save({ ...task, data: data ?? task.data, meta: { ...task.meta, ...meta } }, task.meta.version);
}

/** Puts a task in `state` (through claim + save, as the engine would) and returns the saved task. */
export async function moveTo(store: TaskStore, task: Task, state: TaskMeta['state']): Promise<Task> {
  const fresh = await store.get(task._id);
  if (!fresh) throw new Error(`task ${task._id} vanished`);
  return saveMeta(store, fresh, { state, lease: null });
}

/** Values of a JSON-ish document that every backend must round-trip exactly. */
export const ODD_DATA: JsonObject = {
  'a.b': 1,
  $x: { '$y.z': [{ 'k.1': true, 'k$': null }] },
  '~': '~p',
  '~p': '~~',
  '~~': 'tilde',
  '~d': '$',
  '~e': 'not empty',
  '~u': 'not proto',
  'a\\.b': 'backslash',
  'x$': 'dollar at the end',
  '.leading': 'dot',
  'trailing.': 'dot',
  '..': 'dots',
  $: 'just a dollar',
  '': 'empty key',
  'nul\u0000key': 'nul',
  'héllo wörld 🎉': 'ünïcödé ✓ 日本語',
  deep: { l1: { l2: { l3: { 'l4.key': [{ $l5: { '~l6': 'bottom' } }] } } } },
  items: [
    { name: 'first', tags: ['x', 'y'], sub: [{ 'd.e': 1 }, { f: [] }] },
    { name: 'second', tags: [], sub: [] },
  ],
  numbers: {
    maxSafe: Number.MAX_SAFE_INTEGER,
    minSafe: Number.MIN_SAFE_INTEGER,
    huge: 1.7976931348623157e308,
    tiny: 5e-324,
    fraction: 0.1 + 0.2,
    negative: -42,
    zero: 0,
    int32Edge: 2147483648,
  },
  // Arrays of arrays: FerretDB 1.x cannot store them as such, yet webhook payloads contain them.
  matrix: [[1, 2], [], [[{ 'in.ner': ['x'] }]]],
  flags: { yes: true, no: false, nothing: null },
  empties: { object: {}, array: [], string: '' },
};

/**
 * ODD_DATA plus an own `__proto__` key, as `JSON.parse` produces from a webhook payload
 * (an object literal cannot express it: there `__proto__` sets the prototype).
 */
export function oddData(): JsonObject {
  const data = structuredClone(ODD_DATA);
  Object.defineProperty(data, '__proto__', {
    value: JSON.parse('{"polluted":true,"__proto__":{"deeper":1}}'),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return data;
}
