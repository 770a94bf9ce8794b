/**
 * Runs the real escalation decision (`decide` and `preparation` from steps/escalation-decision.ts) on
 * rebuilt data, outside the engine: a step context whose effects, schedules and human tasks refuse to
 * happen, so a replay cannot send or store anything even by mistake.
 */
import { createHeuristicReasoner } from '../../connectors/llm/heuristic/index.ts';
import type { Connectors } from '../../connectors/types.ts';
import { decide, preparation } from '../../steps/escalation-decision.ts';
import type { StepContext } from '../engine/step.ts';
import type { JsonObject } from '../engine/types.ts';
import { silentLogger } from '../log.ts';
import type { CompiledPolicy } from '../policy/compile.ts';

/** What one policy decides for one ticket. */
export interface Redecision {
  decision: string;
  escalated: boolean;
  /** The trigger that fired; null when none did. */
  trigger: string | null;
  /** `policy` or the reasoner that decided an open case. */
  decidedBy: string;
  /** Ids of every trigger whose condition matched (the first one fired). */
  matched: string[];
  team: string | null;
  priority: string | null;
}

function refuse(what: string): never {
  throw new Error(`a policy replay never ${what}; this is a bug in the replay`);
}

/** Connectors that may reason but refuse to send: the offline heuristic reasoner, deterministic. */
function replayConnectors(): Connectors {
  const send = async (): Promise<never> => refuse('sends anything');
  return {
    reasoner: createHeuristicReasoner(),
    email: { kind: 'replay', send },
    chat: { kind: 'replay', post: send },
    ticketing: { kind: 'replay', update: send },
    crm: { kind: 'replay', updateContact: send },
    reports: { kind: 'replay', write: send },
  };
}

/** A decider for `policy`; `now` stamps the (discarded) preparation so the run is repeatable. */
export function createDecider(policy: CompiledPolicy, now: () => Date): (taskId: string, data: JsonObject) => Promise<Redecision> {
  const connectors = replayConnectors();
  return async (taskId, data) => {
    const frozen = Object.freeze(structuredClone(data));
    const ctx: StepContext = {
      taskId,
      stepId: 'escalation_decision',
      attempt: 1,
      data: frozen,
      meta: { runs: [], usage: { calls: 0, promptTokens: 0, completionTokens: 0, byStep: {}, fallbacks: [] }, effects: [], schedules: [], source: { kind: 'cli' }, createdAt: now(), flags: [] },
      connectors,
      policy,
      log: silentLogger,
      settings: { publicUrl: 'http://replay.invalid' },
      humanTasks: null,
      now,
      schedule: () => refuse('schedules a job'),
      complete: () => undefined,
      handoff: () => undefined,
      explain: () => undefined,
      flag: () => undefined,
      unflag: () => undefined,
      recordUsage: () => undefined,
      effect: async () => refuse('performs an effect'),
    };
    const outcome = await decide(ctx, frozen);
    const matched = outcome.evaluated.filter((e) => e.matched === true).map((e) => String(e.id));
    if (!outcome.decision.escalationRecommended) {
      return { decision: outcome.decision.decision, escalated: false, trigger: null, decidedBy: outcome.decidedBy, matched, team: null, priority: null };
    }
    const prep = preparation(ctx, outcome.decision, outcome.trigger, frozen);
    return {
      decision: outcome.decision.decision,
      escalated: true,
      trigger: outcome.trigger?.id ?? null,
      decidedBy: outcome.decidedBy,
      matched,
      team: typeof prep.targetTeam === 'string' ? prep.targetTeam : null,
      priority: typeof prep.priority === 'string' ? prep.priority : null,
    };
  };
}
