/**
 * Names a policy uses that must be defined elsewhere: teams (routes, triggers, escalation chains),
 * steps (HANDOFF), and trigger ids that must be unique.
 *
 * Reads the policy defensively (any value may be missing or of the wrong type), so the same check
 * runs on a validated policy and on a file that failed validation: one run reports both kinds.
 */
import type { PolicyProblem } from '../compile.ts';
import { didYouMean } from './nearest.ts';

type Loose = Record<string, unknown>;
const asObject = (value: unknown): Loose | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Loose) : undefined);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Every dangling team or step reference and every duplicate trigger id in `policy`. */
export function referenceProblems(policy: unknown, options: { stepIds?: readonly string[] } = {}): PolicyProblem[] {
  const root = asObject(policy) ?? {};
  const problems: PolicyProblem[] = [];
  const teams = asObject(root.teams);
  const teamIds = teams ? Object.keys(teams) : [];
  const requireTeam = (id: unknown, path: (string | number)[]) => {
    // Without a teams section (or with a non-string id) the schema check already says what is wrong.
    if (!teams || typeof id !== 'string' || teamIds.includes(id)) return;
    const suggestion = didYouMean(id, teamIds);
    problems.push({ path, message: `unknown team "${id}"; define it under teams (known: ${teamIds.join(', ')})`, ...(suggestion ? { hint: suggestion } : {}) });
  };

  const routing = asObject(root.routing);
  requireTeam(asObject(routing?.default)?.team, ['routing', 'default', 'team']);
  for (const [category, route] of Object.entries(asObject(routing?.categories) ?? {})) requireTeam(asObject(route)?.team, ['routing', 'categories', category, 'team']);
  for (const [id, team] of Object.entries(teams ?? {})) {
    asArray(asObject(team)?.escalation_chain).forEach((next, i) => requireTeam(next, ['teams', id, 'escalation_chain', i]));
  }

  const seen = new Set<string>();
  asArray(root.triggers).forEach((value, i) => {
    const trigger = asObject(value);
    if (!trigger) return;
    if (typeof trigger.id === 'string') {
      if (seen.has(trigger.id)) problems.push({ path: ['triggers', i, 'id'], message: `duplicate trigger id "${trigger.id}"`, hint: 'give each trigger its own id: decision records name the trigger that fired' });
      seen.add(trigger.id);
    }
    requireTeam(trigger.team, ['triggers', i, 'team']);
    asArray(trigger.notify).forEach((team, j) => requireTeam(team, ['triggers', i, 'notify', j]));
  });

  const { stepIds } = options;
  asArray(root.on_human_complete).forEach((rule, i) => {
    const handoff = asObject(asObject(rule)?.then)?.handoff;
    if (stepIds && typeof handoff === 'string' && !stepIds.includes(handoff)) {
      const suggestion = didYouMean(handoff, stepIds);
      problems.push({ path: ['on_human_complete', i, 'then', 'handoff'], message: `unknown step "${handoff}" (steps: ${stepIds.join(', ')})`, ...(suggestion ? { hint: suggestion } : {}) });
    }
  });
  return problems;
}
