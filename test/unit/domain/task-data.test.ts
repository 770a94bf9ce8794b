/**
 * The task-data schema stays introspectable: a dotted path used in a policy condition can be walked
 * through it to the type, range and allowed values of the field.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { taskDataSchema } from '../../../src/domain/task-data.ts';
import { PRIORITIES, URGENCY_LEVELS } from '../../../src/domain/vocabulary.ts';

/** The schema at `path`, through optional/nullable wrappers and arrays; undefined when unknown. */
function at(path: string): z.ZodType | undefined {
  let node: z.ZodType | undefined = taskDataSchema;
  for (const key of path.split('.')) {
    while (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType;
    if (node instanceof z.ZodArray) node = node.element as z.ZodType;
    node = node instanceof z.ZodObject ? (node.shape as Record<string, z.ZodType>)[key] : undefined;
    if (!node) return undefined;
  }
  while (node instanceof z.ZodOptional || node instanceof z.ZodNullable) node = node.unwrap() as z.ZodType;
  return node;
}

describe('taskDataSchema', () => {
  it('resolves policy paths to their types', () => {
    const frustration = at('sentimentAnalysis.frustrationLevel');
    expect(frustration).toBeInstanceOf(z.ZodNumber);
    expect([(frustration as z.ZodNumber).minValue, (frustration as z.ZodNumber).maxValue]).toEqual([0, 100]);
    expect((at('support.classification.priority') as z.ZodEnum).options).toEqual([...PRIORITIES]);
    expect((at('escalationDecision.urgencyLevel') as z.ZodEnum).options).toEqual([...URGENCY_LEVELS]);
    expect((at('support.classification.escalationSignals') as z.ZodArray).element).toBeInstanceOf(z.ZodEnum);
    expect(at('escalationAgent.conversationHistory.role')).toBeInstanceOf(z.ZodEnum);
    expect(at('sentimentAnalysis.frustrationLevl')).toBeUndefined();
  });

  it('keeps every top-level field optional, and the ticket and human resolution open', () => {
    expect(taskDataSchema.safeParse({}).success).toBe(true);
    expect(taskDataSchema.safeParse({ support: { ticket: { description: 'x', anything: { a: 1 } } }, human: { needs_agent: true } }).success).toBe(true);
    expect(taskDataSchema.safeParse({ sentimentAnalysis: { overallSentiment: 'neutral', frustrationLevel: 101, repeatIssue: false, specificIssue: '' } }).success).toBe(false);
  });

  it('describes fields for policy authors', () => {
    expect(at('sentimentAnalysis.frustrationLevel')?.description).toContain('0..100');
  });
});
