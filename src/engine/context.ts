/**
 * Builds the `StepContext` a step runs with, and collects what the step asked for on the side
 * (schedules, explanations, flags, usage) so the runner commits it together with the patch.
 */
import type { Connectors } from '../../connectors/types.ts';
import { aroundEachCall, type Reasoner, type ReasonerUsage } from '../../connectors/llm/types.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { Logger } from '../log.ts';
import type { HumanTaskOpener, StepContext, StepSettings } from './step.ts';
import type { EffectRecord, JsonObject, ScheduleRecord, Task, UsageTotals } from './types.ts';

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
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
  return value;
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
  const data = deepFreeze(structuredClone(task.data));
  const meta = deepFreeze(structuredClone({
    runs: task.meta.runs,
    usage: task.meta.usage,
    effects: task.meta.effects,
    schedules: task.meta.schedules,
    source: task.meta.source,
    createdAt: task.meta.createdAt,
    flags: task.meta.flags,
  }));

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
