/**
 * Records the store calls a real pipeline run makes: every method of the app's TaskStore and
 * HumanTaskStore is wrapped in place (the runner and the inbox service hold these same objects), and
 * each call is kept with a copy of its arguments and result, so the floor can replay the same
 * sequence with the same documents.
 */
import type { HumanTaskStore } from '../src/human/types.ts';
import type { TaskStore } from '../src/store/types.ts';

export type StoreName = 'tasks' | 'humanTasks';

export interface StoreCall {
  store: StoreName;
  method: string;
  args: unknown[];
  result: unknown;
}

export interface Stores {
  tasks: TaskStore;
  humanTasks: HumanTaskStore;
}

export const METHODS: Record<StoreName, readonly string[]> = {
  tasks: ['create', 'get', 'claim', 'save', 'list', 'count', 'nextRunAfter'],
  humanTasks: ['create', 'get', 'list', 'save', 'dueBefore'],
};

export interface Recording {
  /** Calls since the last `take()`, in order. */
  take(): StoreCall[];
  /** Puts the original methods back. */
  stop(): void;
}

export function record(stores: Stores): Recording {
  let calls: StoreCall[] = [];
  const restore: (() => void)[] = [];
  for (const name of Object.keys(METHODS) as StoreName[]) {
    const target = stores[name] as unknown as Record<string, unknown>;
    for (const method of METHODS[name]) {
      const original = target[method];
      if (typeof original !== 'function') continue;
      const own = Object.prototype.hasOwnProperty.call(target, method);
      target[method] = async (...args: unknown[]) => {
        const copy = structuredClone(args);
        const result: unknown = await (original as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        calls.push({ store: name, method, args: copy, result: structuredClone(result) });
        return result;
      };
      restore.push(() => {
        if (own) target[method] = original;
        else delete target[method];
      });
    }
  }
  return {
    take() {
      const taken = calls;
      calls = [];
      return taken;
    },
    stop() {
      for (const undo of restore) undo();
    },
  };
}

/** `create: 1, claim: 1, save: 12, ...` per store, in first-seen order. */
export function callCounts(calls: readonly StoreCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) {
    const key = `${call.store}.${call.method}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
