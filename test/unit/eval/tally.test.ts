import { describe, expect, it } from 'vitest';
import type { JsonObject } from '../../../src/engine/types.ts';
import { parseSpec } from '../../../src/eval/spec.ts';
import { Tally } from '../../../src/eval/tally.ts';

const SPEC = `data: x.csv
ticket: { description: { column: text } }
measures:
  - id: neg
    title: negative found
    kind: binary
    positive: { mood: angry }
    predicted: { sentimentAnalysis.overallSentiment: { $in: [negative, very_negative] } }
  - id: calm_escalated
    title: calm escalated
    kind: rate
    rows: { mood: calm }
    hit: { escalationDecision.escalationRecommended: true }
    goal: "<= 0.1"
  - id: prio
    title: priority
    kind: multiclass
    label: { column: prio, map: { P1: high, P3: low } }
    predicted: { path: support.classification.priority, map: { critical: high } }
    goals: { recall.high: ">= 0.5" }
`;

const task = (sentiment: string, escalated: boolean, priority: string): JsonObject => ({
  support: { classification: { priority, rationale: ['because'] } },
  sentimentAnalysis: { overallSentiment: sentiment, rationale: ['wording'] },
  escalationDecision: { escalationRecommended: escalated, primaryReason: 'a trigger' },
});

const ROWS: [JsonObject, JsonObject][] = [
  [{ mood: 'angry', prio: 'P1' }, task('negative', true, 'critical')],
  [{ mood: 'angry', prio: 'P1' }, task('neutral', false, 'medium')],
  [{ mood: 'calm', prio: 'P3' }, task('neutral', true, 'low')],
  [{ mood: 'calm', prio: 'P3' }, task('positive', false, 'low')],
];

function run(): ReturnType<Tally['result']>[] {
  const { spec } = parseSpec(SPEC, '/t/spec.yaml');
  const tallies = spec.measures.map((m) => new Tally(m));
  // Observed out of order, as concurrent runs finish: the sample is still in row order.
  for (const i of [3, 2, 1, 0]) {
    const [values, data] = ROWS[i]!;
    for (const t of tallies) t.observe({ row: { index: i + 1, line: i + 2, values }, id: `T${i + 1}`, text: `ticket ${i + 1}`, data });
  }
  return tallies.map((t) => t.result(5));
}

describe('measure tallies', () => {
  it('counts a binary measure and explains each miss with the fields it read', () => {
    const [neg] = run();
    expect(neg!.counts).toEqual({ tp: 1, fp: 0, fn: 1, tn: 2 });
    expect(neg!.pass).toBeNull();
    expect(neg!.misses.sample).toEqual([{
      row: 2, id: 'T2', text: 'ticket 2',
      expected: 'yes (mood=angry)',
      got: 'no (sentimentAnalysis.overallSentiment=neutral)',
      why: 'wording',
    }]);
  });

  it('treats the hits of a rate whose goal asks for a low share as its misses', () => {
    const [, calm] = run();
    expect(calm).toMatchObject({ rows: 2, counts: { hits: 1 }, headline: { metric: 'share', value: 0.5 }, pass: false });
    expect(calm!.goals).toEqual([{ metric: 'share', op: '<=', target: 0.1, text: '<= 0.1', value: 0.5, pass: false }]);
    expect(calm!.misses.sample.map((m) => [m.row, m.expected, m.why])).toEqual([[3, 'no hit', 'a trigger']]);
  });

  it('maps labels and predictions before comparing them', () => {
    const [, , prio] = run();
    expect(prio!.confusion).toEqual({ classes: ['high', 'low', 'medium'], matrix: [[1, 0, 1], [0, 2, 0], [0, 0, 0]] });
    expect(prio!.metrics.accuracy).toBe(0.75);
    expect(prio!.goals[0]).toMatchObject({ metric: 'recall.high', value: 0.5, pass: true });
    expect(prio!.misses.sample[0]).toMatchObject({ row: 2, expected: 'high (P1)', got: 'medium', why: 'because' });
  });
});
