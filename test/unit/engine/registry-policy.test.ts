import { describe, expect, it } from 'vitest';
import { steps } from '../../../steps/index.ts';
import { compileRegistry } from '../../../src/engine/registry.ts';
import { defineStep } from '../../../src/engine/step.ts';
import { parsePolicy } from '../../../src/policy/load.ts';
import { PIPELINE_STEP_IDS } from '../../support/pipeline-steps.ts';
import { readFile } from 'node:fs/promises';

const noop = async () => ({});

describe('step registry', () => {
  it('accepts the eight pipeline steps in order, then the steps that react to later events', () => {
    expect(compileRegistry(steps).ids()).toEqual([...PIPELINE_STEP_IDS, 'human_resolution', 'survey_after_human', 'survey_reply', 'callback_booking', 'customer_reply']);
  });

  it('refuses duplicate ids, bad ids and conditions with code-running operators, naming each', () => {
    const bad = [
      defineStep({ id: 'same', title: 'a', condition: { a: 1 }, run: noop }),
      defineStep({ id: 'same', title: 'b', condition: { b: 1 }, run: noop }),
      defineStep({ id: 'Bad-Id', title: 'c', condition: { c: 1 }, run: noop }),
      defineStep({ id: 'sneaky', title: 'd', condition: { $where: 'this.a' }, run: noop }),
    ];
    let message = '';
    try {
      compileRegistry(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/duplicate id "same"/);
    expect(message).toMatch(/Bad-Id.*lower_snake_case/);
    expect(message).toMatch(/sneaky.*\$where/);
  });
});

describe('policy loader', () => {
  it('loads the example policy', async () => {
    const text = await readFile('triage.policy.yaml', 'utf8');
    const policy = parsePolicy(text, 'triage.policy.yaml');
    expect(policy.triggers.map((t) => t.id)).toContain('relationship_risk');
    expect(policy.route('integration').team).toBe('technical_support');
    expect(policy.route('no_such_category').team).toBe('general_support');
  });

  it('reports an unknown team with the line it is on', async () => {
    const text = (await readFile('triage.policy.yaml', 'utf8')).replace('billing: { team: finance', 'billing: { team: accounts');
    const line = text.split('\n').findIndex((l) => l.includes('team: accounts')) + 1;
    expect(() => parsePolicy(text, 'p.yaml')).toThrow(new RegExp(`p\\.yaml:${line}:\\d+ at routing\\.categories\\.billing\\.team: unknown team "accounts"`));
  });
});
