/**
 * Generalisation of the heuristic reasoner on hand-written tickets (fixtures/reasoner/generalisation.json),
 * labelled before any tuning. The rules were tuned on the `dev` half only, so every dev ticket must pass;
 * the `heldout` half was measured once after tuning and its accuracy is pinned as a floor.
 */
import { describe, expect, it } from 'vitest';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import {
  assessmentSchema, customerResponseSchema, decisionSchema,
} from '../../../connectors/llm/schemas.ts';
import { accuracy, judge, loadGeneralisationSet } from './heuristic-eval.ts';

const reasoner = createHeuristicReasoner();
const set = loadGeneralisationSet();
const dev = set.filter((t) => t.split === 'dev');
const heldout = set.filter((t) => t.split === 'heldout');

/**
 * Held-out accuracy measured once after tuning on dev (rounded down): category 22/25, priority 23/25,
 * frustration band 20/24, every labelled field right on 18/25 tickets; the rest were 100%.
 */
const HELDOUT_FLOOR: Record<string, number> = {
  category: 0.88, priority: 0.92, frustration: 0.83, complexity: 1, signals: 1, urgency: 1, language: 1, all: 0.72,
};

describe('heuristic reasoner generalisation set', () => {
  it('has at least 40 labelled tickets, split into dev and heldout, with other languages', () => {
    expect(set.length).toBeGreaterThanOrEqual(40);
    expect(dev.length).toBeGreaterThan(15);
    expect(heldout.length).toBeGreaterThan(15);
    expect(set.filter((t) => t.expect.language && t.expect.language !== 'en').length).toBeGreaterThanOrEqual(4);
  });

  it.each(dev.map((t) => [t.id, t.kind, t] as const))('dev %s (%s) meets every label', async (_id, _kind, t) => {
    const { value } = await reasoner.assess(t.ticket);
    const verdicts = judge(t.expect, value);
    const wrong = Object.entries(verdicts).filter(([, ok]) => !ok).map(([field]) => field);
    expect(wrong, JSON.stringify({ expect: t.expect, got: value.classification, frustration: value.analysis.sentiment.frustrationLevel })).toEqual([]);
  });

  it('heldout accuracy stays at or above the measured floor', async () => {
    const verdicts = await Promise.all(heldout.map(async (t) => judge(t.expect, (await reasoner.assess(t.ticket)).value)));
    const devVerdicts = await Promise.all(dev.map(async (t) => judge(t.expect, (await reasoner.assess(t.ticket)).value)));
    const held = accuracy(verdicts);
    const tuned = accuracy(devVerdicts);
    const line = (acc: ReturnType<typeof accuracy>): string =>
      Object.entries(acc).map(([field, a]) => `${field} ${a.right}/${a.total} (${Math.round(a.rate * 100)}%)`).join(', ');
    console.log(`heuristic reasoner accuracy\n  dev:     ${line(tuned)}\n  heldout: ${line(held)}`);
    for (const [field, floor] of Object.entries(HELDOUT_FLOOR)) {
      expect(held[field]?.rate ?? 0, field).toBeGreaterThanOrEqual(floor);
    }
  });

  it('every answer of every method passes its schema on every ticket', async () => {
    for (const t of set) {
      const { value } = await reasoner.assess(t.ticket);
      assessmentSchema.parse(value);
      const input = { ticket: t.ticket, classification: value.classification, analysis: value.analysis };
      for (const overallRisk of [0, 50, 100]) {
        const d = decisionSchema.parse((await reasoner.decide({ ...input, overallRisk })).value);
        expect(d.reasons.length).toBeGreaterThan(0);
      }
      for (const escalating of [false, true]) {
        const r = customerResponseSchema.parse((await reasoner.respond({ ...input, decision: 'x', escalating, teamName: 'Support', expectedWait: 'today' })).value);
        // The customer's description is never pasted back.
        expect(r.responseMessage).not.toContain(t.ticket.description);
      }
    }
  });
});
