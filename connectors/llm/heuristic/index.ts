/**
 * The offline heuristic reasoner (default). Placeholder shape; filled in by the modules beside it.
 */
import type { Reasoner } from '../types.ts';

const zero = { calls: 0, promptTokens: 0, completionTokens: 0 };

/** Creates the deterministic, offline reasoner. */
export function createHeuristicReasoner(): Reasoner {
  return {
    name: 'heuristic',
    async assess() {
      throw new Error('heuristic reasoner: not implemented yet');
    },
    async analyse() {
      throw new Error('heuristic reasoner: not implemented yet');
    },
    async decide() {
      return {
        value: { decision: 'no_escalation', urgencyLevel: 'standard', primaryReason: 'placeholder', reasons: [], confidence: 0.5 },
        usage: zero,
        source: 'heuristic',
      };
    },
    async respond() {
      return {
        value: { responseMessage: 'Thanks for contacting us.', responseType: 'acknowledgment', tone: 'professional', nextActions: [], followUpRequired: false },
        usage: zero,
        source: 'heuristic',
      };
    },
  };
}
