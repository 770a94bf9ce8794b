import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { parseSpec } from '../../../src/eval/spec.ts';

const GOOD = `data: tickets.csv
ticket:
  description: { column: text }
  channel: chat
measures:
  - id: calm_escalated
    title: calm tickets escalated
    kind: rate
    rows: { mood: calm }
    hit: { escalationDecision.escalationRecommended: true }
    goal: "<= 0.05"
  - id: priority
    title: priority
    kind: multiclass
    label: { column: prio, map: { P1: high, P2: medium, P3: low } }
    predicted: { path: support.classification.priority, map: { critical: high } }
    goals: { accuracy: ">= 0.6", recall.high: ">= 0.6" }
`;

function problem(text: string): string {
  try {
    parseSpec(text, '/specs/demo.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the spec was accepted');
}

describe('eval spec', () => {
  it('accepts a good spec, resolves the data file beside it and infers the format', () => {
    const loaded = parseSpec(GOOD, '/specs/demo.yaml');
    expect(loaded.dataFile).toBe('/specs/tickets.csv');
    expect(loaded.format).toBe('csv');
    expect(loaded.spec.measures.map((m) => m.id)).toEqual(['calm_escalated', 'priority']);
  });

  it.each([
    ['an unknown key, at its line', GOOD.replace('    goal: "<= 0.05"', '    gaol: "<= 0.05"'), /^demo\.yaml:11:5 at measures\.0\.gaol: unknown key "gaol"/],
    ['a missing required key', GOOD.replace('    title: calm tickets escalated\n', ''), /^demo\.yaml:\d+:\d+ at measures\.0\.title: required: add "title"/],
    ['a goal that is no comparison', GOOD.replace('"<= 0.05"', '"low"'), /demo\.yaml:11:11 at measures\.0\.goal: a goal is a comparison/],
    ['an operator outside the allow-list', GOOD.replace('{ mood: calm }', '{ $where: "this.mood" }'), /demo\.yaml:9:11 at measures\.0\.rows: .*\$where is not allowed/],
    ['a goal on an unknown class', GOOD.replace('recall.high', 'recall.urgent'), /at measures\.1\.goals\.recall\.urgent: unknown class "urgent"; the classes are high, medium, low/],
    ['a goal on an unknown number', GOOD.replace('recall.high', 'recal.high'), /at measures\.1\.goals\.recal\.high: unknown number/],
    ['a duplicate measure id', GOOD.replace('id: priority', 'id: calm_escalated'), /at measures\.1\.id: duplicate measure id "calm_escalated"/],
    ['an unknown measure kind', GOOD.replace('kind: rate', 'kind: ratio'), /at measures\.0\.kind: /],
    ['an unknown transform', GOOD.replace('{ column: text }', '{ column: text, transform: unescape }'), /demo\.yaml:3:\d+ at ticket\.description\.transform: Invalid option: expected one of "unescape_newlines"/],
    ['a ticket without a description', GOOD.replace('  description: { column: text }\n', ''), /at ticket: required: add "description"/],
    ['a data file of unknown format', GOOD.replace('tickets.csv', 'tickets.xlsx'), /at format: cannot tell the format of tickets\.xlsx/],
    ['bad YAML', 'data: [unclosed\n', /^demo\.yaml:\d+:\d+: YAML syntax/],
    ['no measures', 'data: a.csv\nticket: { description: { column: t } }\nmeasures: []\n', /at measures: /],
  ])('refuses %s, naming the key and where it is', (_name, text, says) => {
    expect(problem(text)).toMatch(says);
  });

  it('says how many more problems there are', () => {
    expect(problem(GOOD.replace('kind: rate', 'kind: ratio').replace('id: priority', 'id: Priority'))).toMatch(/\(and 1 more problem\)$/);
  });

  it('refuses the same headline goal given twice', () => {
    expect(problem(GOOD.replace('goal: "<= 0.05"', 'goal: "<= 0.05"\n    goals: { share: "<= 0.1" }'))).toMatch(/at measures\.0\.goal: give the share goal once/);
  });
});
