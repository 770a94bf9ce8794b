/**
 * Builds the `StepContext` a step runs with, and collects what the step asked for on the side
 * (schedules, explanations, flags, usage) so the runner commits it together with the patch.
 */
import type { Connectors } from '../../connectors/types.ts';
import { aroundEachCall, type Reasoner, type ReasonerUsage } from '../../connectors/llm/types.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { Logger } from '../log.ts';
import type { HumanTaskOpener, StepContext, StepSettings } from './step.ts';
import type { EffectRecord, JsonObject, ScheduleRecord, Task, TaskMeta, UsageTotals } from './types.ts';

export interface SideRecords {
  schedules: ScheduleRecord[];
  explanation: string[];
  flags: string[];
  /** Flags to clear from the task at commit. */
  unflags: string[];
  usage: UsageTotals;
  fallbackReasons: string[];
  complete: boolean;
  /** A step the engine runs next regardless of its condition. */
  next: string | null;
}

export interface ContextDeps {
  connectors: Connectors;
  policy: CompiledPolicy;
  log: Logger;
  settings: StepSettings;
  humanTasks: HumanTaskOpener | null;
  now: () => Date;
  /** Current task as the runner holds it (effects are persisted on it mid-step). */
  current: () => Task;
  /** Saves a change to the task's effect records right away, under the runner's lease. */
  persistEffects: (mutate: (effects: EffectRecord[]) => void) => Promise<void>;
  /**
   * Frozen copies shared by the steps of one drive, so a step's read-only view re-copies only what the
   * last commit changed. Without it every call copies the whole task.
   */
  copies?: FrozenCopies;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
}

/**
 * Deep-frozen copies of a task's objects, remembered by the identity of the original.
 *
 * The runner never changes an object of a task in place: a commit replaces the objects along the
 * changed paths (`mergePatch`, new run lists, copied effect lists) and shares the rest. So within one
 * drive an object seen before has the same content, and its frozen copy can be handed out again: each
 * step's view costs a copy of what changed, not of the whole (~20 KB) document. Only for objects that
 * are not changed in place afterwards: one instance per drive.
 */
export class FrozenCopies {
  private readonly copies = new WeakMap<object, unknown>();

  /** A deep-frozen copy of `value`, equal to `deepFreeze(structuredClone(value))`. */
  of<T>(value: T): T {
    return this.copy(value).copy as T;
  }

  /**
   * The copy, and whether it may be handed out again: not when it holds a Date or anything else
   * unusual, which freezing does not protect (`setTime` still works), so one step's view must not
   * share it with the next.
   */
  private copy(value: unknown): { copy: unknown; shareable: boolean } {
    if (value === null || typeof value !== 'object') {
      // structuredClone refuses functions and symbols; so does this copy.
      return { copy: typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value, shareable: true };
    }
    const known = this.copies.get(value);
    if (known !== undefined) return { copy: known, shareable: true };
    let shareable = true;
    let copy: unknown;
    if (Array.isArray(value)) {
      copy = Object.freeze(
        value.map((item: unknown) => {
          const inner = this.copy(item);
          shareable &&= inner.shareable;
          return inner.copy;
        }),
      );
    } else {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) {
        // Dates and anything else unusual: what structuredClone makes of it.
        return { copy: deepFreeze(structuredClone(value)), shareable: false };
      }
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const inner = this.copy((value as Record<string, unknown>)[key]);
        shareable &&= inner.shareable;
        // An own `__proto__` key (from parsed JSON) must stay a key, not become the prototype.
        if (key === '__proto__') Object.defineProperty(out, key, { value: inner.copy, enumerable: true, writable: true, configurable: true });
        else out[key] = inner.copy;
      }
      copy = Object.freeze(out);
    }
    if (shareable) this.copies.set(value, copy);
    return { copy, shareable };
  }
}

/**
 * The step's frozen view of `meta`, each field copied when first read. Most steps never read it, and
 * the run records and effects hold Dates, whose copies cannot be shared between steps (see
 * FrozenCopies): copied up front, every step paid for a copy of every earlier run. A late copy is the
 * same as an early one because the runner never changes a task's objects in place.
 */
function lazyMetaView(source: TaskMeta, copies: FrozenCopies): StepContext['meta'] {
  const made: Partial<StepContext['meta']> = {};
  const field = <K extends keyof StepContext['meta']>(key: K): StepContext['meta'][K] =>
    key in made ? made[key]! : (made[key] = copies.of(source[key]));
  // Getters of an object literal, not defineProperty in a loop: this runs for every step.
  return Object.freeze({
    get runs() {
      return field('runs');
    },
    get usage() {
      return field('usage');
    },
    get effects() {
      return field('effects');
    },
    get schedules() {
      return field('schedules');
    },
    get source() {
      return field('source');
    },
    get createdAt() {
      return field('createdAt');
    },
    get flags() {
      return field('flags');
    },
  });
}

/**
 * The reasoner as a step sees it: every answer's usage (and fallback reason) is recorded on the step's
 * run by itself, so no step can forget to count a model call.
 */
function recordingReasoner(inner: Reasoner, record: (usage: ReasonerUsage, fallbackReason?: string) => void): Reasoner {
  return aroundEachCall(inner, async (call) => {
    const answer = await call();
    record(answer.usage, answer.fallbackReason);
    return answer;
  });
}

export function createStepContext(stepId: string, attempt: number, deps: ContextDeps): { ctx: StepContext; side: SideRecords } {
  const task = deps.current();
  const side: SideRecords = {
    schedules: [],
    explanation: [],
    flags: [],
    unflags: [],
    usage: { calls: 0, promptTokens: 0, completionTokens: 0 },
    fallbackReasons: [],
    complete: false,
    next: null,
  };
  const copies = deps.copies ?? new FrozenCopies();
  const data = copies.of(task.data);
  const meta = lazyMetaView(task.meta, copies);

  const recordUsage = (usage: ReasonerUsage, fallbackReason?: string): void => {
    side.usage.calls += usage.calls;
    side.usage.promptTokens += usage.promptTokens;
    side.usage.completionTokens += usage.completionTokens;
    if (fallbackReason) side.fallbackReasons.push(fallbackReason);
  };
  const ctx: StepContext = {
    taskId: task._id,
    stepId,
    attempt,
    data,
    meta,
    connectors: { ...deps.connectors, reasoner: recordingReasoner(deps.connectors.reasoner, recordUsage) },
    policy: deps.policy,
    log: deps.log.child({ taskId: task._id, stepId }),
    settings: deps.settings,
    humanTasks: deps.humanTasks,
    now: deps.now,
    schedule(job, runAt, payload) {
      side.schedules.push({ job, runAt, payload: structuredClone(payload) as JsonObject, stepId, key: `${task._id}:${job}` });
    },
    complete() {
      side.complete = true;
    },
    handoff(stepId) {
      side.next = stepId;
    },
    explain(reason) {
      side.explanation.push(reason);
    },
    flag(name) {
      if (!side.flags.includes(name)) side.flags.push(name);
      side.unflags = side.unflags.filter((flag) => flag !== name);
    },
    unflag(name) {
      side.flags = side.flags.filter((flag) => flag !== name);
      if (!side.unflags.includes(name)) side.unflags.push(name);
    },
    recordUsage,
    async effect({ channel, name, target }, send) {
      const key = `${task._id}:${stepId}:${name}`;
      const existing = deps.current().meta.effects.find((effect) => effect.key === key);
      if (existing?.status === 'sent') return { ref: existing.ref ?? '', skipped: true };
      const at = deps.now();
      await deps.persistEffects((effects) => {
        const record = effects.find((effect) => effect.key === key);
        if (record) {
          record.status = 'pending';
          record.updatedAt = at;
          delete record.error;
        }
        else effects.push({ key, channel, stepId, status: 'pending', target, createdAt: at, updatedAt: at });
      });
      try {
        const delivery = await send(key);
        await deps.persistEffects((effects) => {
          const record = effects.find((effect) => effect.key === key);
          if (record) Object.assign(record, { status: 'sent', ref: delivery.ref, updatedAt: deps.now() });
        });
        return { ref: delivery.ref, skipped: false };
      } catch (error) {
        await deps.persistEffects((effects) => {
          const record = effects.find((effect) => effect.key === key);
          if (record) Object.assign(record, { status: 'failed', error: error instanceof Error ? error.message : String(error), updatedAt: deps.now() });
        });
        throw error;
      }
    },
  };
  return { ctx, side };
}
