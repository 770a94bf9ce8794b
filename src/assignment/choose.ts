/**
 * The three strategies, as pure functions over the members who could take a task now (available,
 * with spare capacity). Each returns the member and a sentence saying why, which goes on the task.
 *
 * Round robin is "longest since their last assignment in this team" (never assigned first, then in
 * the policy's member order): with everyone available it cycles through the members in order, and a
 * member who was away gets the next task on their return instead of losing their turn.
 */
import type { AssignmentStrategy } from '../policy/people-schema.ts';

export interface Candidate {
  username: string;
  /** Position in the team's `members` list. */
  order: number;
  skills: readonly string[];
  capacity: number;
  /** Open tasks assigned to them now. */
  load: number;
  /** When the assignment last gave them a task in this team; null: never. */
  lastAssigned: Date | null;
}

export interface Choice {
  candidate: Candidate;
  why: string;
}

type Compare = (a: Candidate, b: Candidate) => number;

const byTurn: Compare = (a, b) => (a.lastAssigned?.getTime() ?? -Infinity) - (b.lastAssigned?.getTime() ?? -Infinity) || a.order - b.order;
const byLoad: Compare = (a, b) => a.load - b.load || byTurn(a, b);

function overlap(candidate: Candidate, tags: readonly string[]): string[] {
  const wanted = new Set(tags.map((t) => t.toLowerCase()));
  return candidate.skills.filter((s) => wanted.has(s.toLowerCase()));
}

const load = (c: Candidate) => `${c.load} of ${c.capacity} open tasks`;
const turn = (c: Candidate) => (c.lastAssigned ? `last assigned ${c.lastAssigned.toISOString()}` : 'not assigned before');

/** The member `strategy` picks among `candidates` (none: null), for a task tagged `skillTags`. */
export function choose(strategy: AssignmentStrategy, candidates: readonly Candidate[], skillTags: readonly string[]): Choice | null {
  if (candidates.length === 0) return null;
  const others = candidates.length - 1;
  switch (strategy) {
    case 'round_robin': {
      const [first] = [...candidates].sort(byTurn);
      return { candidate: first!, why: `next in turn (${turn(first!)}; ${others} other available member(s))` };
    }
    case 'least_loaded': {
      const [first] = [...candidates].sort(byLoad);
      return { candidate: first!, why: `fewest open tasks (${load(first!)}; ${others} other available member(s))` };
    }
    case 'best_skill_match': {
      const scored = candidates.map((c) => ({ c, skills: overlap(c, skillTags) }));
      scored.sort((a, b) => b.skills.length - a.skills.length || byLoad(a.c, b.c));
      const best = scored[0]!;
      const matched = best.skills.length > 0 ? `skills ${best.skills.join(', ')} match the task's tags` : `no available member has the task's skills (${skillTags.join(', ') || 'none tagged'})`;
      return { candidate: best.c, why: `${matched}; then fewest open tasks (${load(best.c)})` };
    }
  }
}
