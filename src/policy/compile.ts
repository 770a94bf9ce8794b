/**
 * Turns a validated policy into what the steps use: compiled conditions and resolved routes.
 * Every cross-reference (teams named by routes, triggers, chains; steps named by HANDOFF) is checked here.
 */
import { compileCondition, type CompiledCondition } from '../engine/matcher.ts';
import { InputError, errorMessage } from '../errors.ts';
import { compileLanguageSections, type ReplyCatalog } from '../knowledge/catalog.ts';
import type { KnowledgeBase } from '../knowledge/index.ts';
import type { Policy, Route, Team, Trigger } from './schema.ts';
import { policyVersion } from './version.ts';

export interface CompiledTrigger extends Trigger {
  compiled: CompiledCondition;
}

export interface CompiledHumanRule {
  compiled: CompiledCondition;
  then: Policy['on_human_complete'][number]['then'];
}

export interface CompiledPolicy {
  readonly source: Policy;
  /**
   * A content hash of the validated policy (defaults applied, so formatting and comments do not
   * change it); every decision records the version it was made under.
   */
  readonly version: string;
  readonly triggers: CompiledTrigger[];
  readonly onHumanComplete: CompiledHumanRule[];
  /** The route for a category, falling back to the default route. */
  route(category: string): Route;
  team(id: string): Team & { id: string };
  /** The indexed articles and the confidence an answer needs; null when the policy names none. */
  readonly knowledge: { base: KnowledgeBase; minConfidence: number } | null;
  /** Customer-facing templates per language. */
  readonly replies: ReplyCatalog;
}

/** A problem found in a policy, with the path of the offending value. */
export interface PolicyProblem {
  path: (string | number)[];
  message: string;
}

export class PolicyError extends InputError {
  override name = 'PolicyError';
  constructor(
    readonly problems: PolicyProblem[],
    readonly file?: string,
  ) {
    super(`${file ?? 'policy'} has ${problems.length} problem(s):\n${problems.map((p) => `  ${p.path.join('.')}: ${p.message}`).join('\n')}`);
  }
}

export function compilePolicy(policy: Policy, options: { stepIds?: string[] } = {}): CompiledPolicy {
  const problems: PolicyProblem[] = [];
  const teamIds = Object.keys(policy.teams);
  const requireTeam = (id: string | undefined, path: (string | number)[]) => {
    if (id !== undefined && !policy.teams[id]) {
      problems.push({ path, message: `unknown team "${id}"; define it under teams (known: ${teamIds.join(', ')})` });
    }
  };

  requireTeam(policy.routing.default.team, ['routing', 'default', 'team']);
  for (const [category, route] of Object.entries(policy.routing.categories)) {
    requireTeam(route?.team, ['routing', 'categories', category, 'team']);
  }
  for (const [id, team] of Object.entries(policy.teams)) {
    team.escalation_chain.forEach((next, i) => requireTeam(next, ['teams', id, 'escalation_chain', i]));
  }

  const seen = new Set<string>();
  const triggers: CompiledTrigger[] = [];
  policy.triggers.forEach((trigger, i) => {
    if (seen.has(trigger.id)) problems.push({ path: ['triggers', i, 'id'], message: `duplicate trigger id "${trigger.id}"` });
    seen.add(trigger.id);
    requireTeam(trigger.team, ['triggers', i, 'team']);
    trigger.notify.forEach((team, j) => requireTeam(team, ['triggers', i, 'notify', j]));
    try {
      triggers.push({ ...trigger, compiled: compileCondition(trigger.when, `triggers[${i}].when`) });
    } catch (error) {
      problems.push({ path: ['triggers', i, 'when'], message: errorMessage(error).replace(/^triggers\[\d+\]\.when: /, '') });
    }
  });

  const onHumanComplete: CompiledHumanRule[] = [];
  policy.on_human_complete.forEach((rule, i) => {
    if (typeof rule.then === 'object' && options.stepIds && !options.stepIds.includes(rule.then.handoff)) {
      problems.push({ path: ['on_human_complete', i, 'then', 'handoff'], message: `unknown step "${rule.then.handoff}" (steps: ${options.stepIds.join(', ')})` });
    }
    try {
      onHumanComplete.push({ compiled: compileCondition(rule.if, `on_human_complete[${i}].if`), then: rule.then });
    } catch (error) {
      problems.push({ path: ['on_human_complete', i, 'if'], message: errorMessage(error).replace(/^on_human_complete\[\d+\]\.if: /, '') });
    }
  });

  const languageSections = compileLanguageSections(policy);
  problems.push(...languageSections.problems);

  if (problems.length > 0) throw new PolicyError(problems);

  return {
    source: policy,
    version: policyVersion(policy),
    triggers,
    onHumanComplete,
    knowledge: languageSections.knowledge,
    replies: languageSections.replies as ReplyCatalog,
    route: (category) => policy.routing.categories[category as keyof typeof policy.routing.categories] ?? policy.routing.default,
    team: (id) => {
      const team = policy.teams[id];
      if (!team) throw new InputError(`unknown team "${id}"`);
      return { id, ...team };
    },
  };
}
