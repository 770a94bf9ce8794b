/**
 * Pieces every TaskStore implementation shares, so both backends agree on what a new task looks
 * like, how dedupe keys are formed and which list options are valid.
 */
import { randomBytes } from 'node:crypto';
import type { SourceKind, Task, TaskMeta, TaskSource, TaskState } from '../engine/types.ts';
import { InputError } from '../errors.ts';
import type { CreateTaskInput, ListOptions } from './types.ts';

export const SOURCE_KINDS: readonly SourceKind[] = ['cli', 'inbox', 'zendesk', 'api', 'import'];
export { TASK_STATES } from '../domain/vocabulary.ts';
import { TASK_STATES } from '../domain/vocabulary.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = -1;
let lastRandom: number[] = [];

/**
 * A ULID-style id: 10 characters of milliseconds then 16 random characters, Crockford base32.
 * Ids sort by creation time and, within one millisecond of one process, by creation order
 * (the random part is incremented), which gives a stable tie-breaker for ordering by `createdAt`.
 */
export function newTaskId(nowMs: number = Date.now()): string {
  if (nowMs <= lastTime) {
    nowMs = lastTime;
    let i = lastRandom.length - 1;
    while (i >= 0 && lastRandom[i] === 31) lastRandom[i--] = 0;
    if (i >= 0) lastRandom[i]! += 1;
  } else {
    lastTime = nowMs;
    // Keep the top bit of the random part clear so increments never overflow in practice.
    lastRandom = [...randomBytes(16)].map((byte, i) => (i === 0 ? byte % 16 : byte % 32));
  }
  let time = '';
  for (let t = nowMs, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = CROCKFORD[t % 32]! + time;
  return time + lastRandom.map((digit) => CROCKFORD[digit]).join('');
}

/** The dedupe key of a source, or undefined when it has no external id (such tasks never dedupe). */
export function sourceKey(source: TaskSource): string | undefined {
  return source.externalId === undefined ? undefined : `${source.kind}:${source.externalId}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Checks what `create` was given; throws `InputError` with the offending path. */
export function checkCreateInput(input: CreateTaskInput): void {
  if (!isPlainObject(input.data)) throw new InputError('task data must be a JSON object', ['data']);
  if (!isPlainObject(input.source) || !SOURCE_KINDS.includes(input.source.kind)) {
    throw new InputError(`task source needs a kind: one of ${SOURCE_KINDS.join(', ')}`, ['source', 'kind']);
  }
  const { externalId } = input.source;
  if (externalId !== undefined && (typeof externalId !== 'string' || externalId === '')) {
    throw new InputError('source.externalId must be a non-empty string when given', ['source', 'externalId']);
  }
  if (!(input.now instanceof Date) || Number.isNaN(input.now.getTime())) {
    throw new InputError('now must be a valid Date', ['now']);
  }
}

/** The task `create` stores: `ready`, version 1, empty records. */
export function newTask(id: string, input: CreateTaskInput): Task {
  const source: TaskSource = { kind: input.source.kind };
  if (input.source.externalId !== undefined) source.externalId = input.source.externalId;
  const meta: TaskMeta = {
    state: 'ready',
    version: 1,
    lease: null,
    runAfter: null,
    runs: [],
    usage: { calls: 0, promptTokens: 0, completionTokens: 0, byStep: {}, fallbacks: [] },
    effects: [],
    schedules: [],
    source,
    error: null,
    flags: [],
    createdAt: new Date(input.now.getTime()),
    updatedAt: new Date(input.now.getTime()),
  };
  return { _id: id, data: structuredClone(input.data), meta };
}

/** Normalises `state` to a list (or undefined for all states) and refuses unknown states. */
export function checkStates(state: ListOptions['state']): TaskState[] | undefined {
  if (state === undefined) return undefined;
  const states = Array.isArray(state) ? state : [state];
  for (const s of states) {
    if (!TASK_STATES.includes(s)) {
      throw new InputError(`unknown task state "${String(s)}"; use one of ${TASK_STATES.join(', ')}`, ['state']);
    }
  }
  return states;
}

/** Refuses negative or fractional `skip`/`limit`. `limit: 0` is valid and returns no items. */
export function checkPaging(options: Pick<ListOptions, 'skip' | 'limit'>): { skip: number; limit: number | undefined } {
  const { skip = 0, limit } = options;
  if (!Number.isInteger(skip) || skip < 0) throw new InputError('skip must be a non-negative integer', ['skip']);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new InputError('limit must be a non-negative integer', ['limit']);
  }
  return { skip, limit };
}

/**
 * The insert of a create that dedupes on a unique index: when the index refuses the document
 * because another create of the same key got there first (`isDuplicate`), resolves to that winner
 * (`findWinner`) instead. Resolves null when the document went in; other errors are thrown.
 */
export async function insertOrFindWinner<D>(
  insert: () => Promise<unknown>,
  isDuplicate: (error: unknown) => boolean,
  findWinner: () => Promise<D | null>,
): Promise<D | null> {
  try {
    await insert();
    return null;
  } catch (error) {
    if (!isDuplicate(error)) throw error;
    const winner = await findWinner();
    if (winner) return winner;
    throw error;
  }
}
