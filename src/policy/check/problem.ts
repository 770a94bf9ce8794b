/**
 * The shape of what the policy checks report, from finding a problem to placing it in the file.
 */
import type { PolicyProblem, Severity } from '../compile.ts';

/** A problem as a check finds it, with what is needed to place it precisely in the file. */
export interface CheckProblem extends PolicyProblem {
  /** About a key itself (unknown, unread, a mistyped path): placed where the key is written. */
  atKey?: boolean;
  /** The part of a text value the problem is about (a template placeholder), to point inside the text. */
  excerpt?: string;
}

/** A problem placed in the policy file (1-based line and column, when it could be placed). */
export interface LocatedProblem extends PolicyProblem {
  line?: number;
  column?: number;
}

export const severityOf = (problem: PolicyProblem): Severity => problem.severity ?? 'error';
export const isError = (problem: PolicyProblem): boolean => severityOf(problem) === 'error';
