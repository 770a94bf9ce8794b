import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { didYouMean, editDistance, nearest } from '../../../src/policy/check/nearest.ts';
import { describeTypes, keysOf, knownDataPaths, resolveDataPath, schemaAtPolicyPath } from '../../../src/policy/check/schema-walk.ts';

// A small stand-in for the task data: wrappers, arrays of objects, enums, ranges, an open object, a record.
const schema = z.object({
  mood: z
    .object({
      level: z.number().min(0).max(100),
      label: z.enum(['calm', 'angry']).nullable(),
      repeat: z.boolean().default(false),
    })
    .optional(),
  items: z.array(z.object({ sku: z.string(), price: z.number().gt(0) })).optional(),
  tags: z.array(z.enum(['vip', 'new'])),
  ticket: z.looseObject({ id: z.string() }),
  extra: z.record(z.string(), z.unknown()).optional(),
  counts: z.record(z.string(), z.number()),
  either: z.union([z.literal('a'), z.object({ inner: z.string() })]),
});

describe('resolveDataPath', () => {
  it('reads through optional, nullable and default wrappers to the field, with its enum values and range', () => {
    const level = resolveDataPath(schema, 'mood.level');
    expect(level).toMatchObject({ status: 'known', throughArray: false });
    if (level.status !== 'known') throw new Error('expected known');
    expect([...level.field.types]).toEqual(['number']);
    expect(level.field.min).toEqual({ value: 0, inclusive: true });
    expect(level.field.max).toEqual({ value: 100, inclusive: true });

    const label = resolveDataPath(schema, 'mood.label');
    if (label.status !== 'known') throw new Error('expected known');
    expect([...label.field.types].sort()).toEqual(['null', 'string']);
    expect(label.field.values).toEqual(['calm', 'angry', null]);

    const repeat = resolveDataPath(schema, 'mood.repeat');
    expect(repeat.status === 'known' && [...repeat.field.types]).toEqual(['boolean']);
  });

  it('reads through arrays as MongoDB does: a name applies to every element, a number picks one', () => {
    const through = resolveDataPath(schema, 'items.price');
    expect(through).toMatchObject({ status: 'known', throughArray: true });
    if (through.status !== 'known') throw new Error('expected known');
    expect(through.field.min).toEqual({ value: 0, inclusive: false });
    expect(resolveDataPath(schema, 'items.0.sku')).toMatchObject({ status: 'known', throughArray: false });
    const tags = resolveDataPath(schema, 'tags');
    if (tags.status !== 'known') throw new Error('expected known');
    expect(tags.field.types.has('array')).toBe(true);
    expect(tags.field.element?.values).toEqual(['vip', 'new']);
  });

  it('says how far a wrong path got, and which paths are open rather than unknown', () => {
    expect(resolveDataPath(schema, 'mood.levle')).toEqual({ status: 'unknown', knownUpTo: 'mood' });
    expect(resolveDataPath(schema, 'nope.deeper')).toEqual({ status: 'unknown', knownUpTo: '' });
    expect(resolveDataPath(schema, 'mood.level.deeper')).toEqual({ status: 'unknown', knownUpTo: 'mood.level' });
    expect(resolveDataPath(schema, 'ticket.customField')).toEqual({ status: 'open', openAt: 'ticket' });
    expect(resolveDataPath(schema, 'extra.anything.at.all')).toEqual({ status: 'open', openAt: 'extra' });
    // A record of typed values: any key is known, with the value's type.
    const count = resolveDataPath(schema, 'counts.whatever');
    expect(count.status === 'known' && [...count.field.types]).toEqual(['number']);
    // A union: the path exists in the alternative that is an object.
    expect(resolveDataPath(schema, 'either.inner').status).toBe('known');
  });
});

describe('knownDataPaths and policy paths', () => {
  it('lists every named path at every depth, reading arrays through', () => {
    const paths = knownDataPaths(schema);
    expect(paths).toEqual(expect.arrayContaining(['mood', 'mood.level', 'mood.label', 'items.sku', 'items.price', 'ticket.id', 'either.inner']));
    expect(paths.some((p) => p.startsWith('counts.'))).toBe(false);
  });

  it('finds the schema at a policy path through records, arrays and defaults', () => {
    const policy = z.object({ teams: z.record(z.string(), z.strictObject({ name: z.string(), chain: z.array(z.string()).default([]) })), rules: z.array(z.object({ if: z.string() })).default([]) });
    expect(keysOf(schemaAtPolicyPath(policy, ['teams', 'any_team']))).toEqual(['name', 'chain']);
    expect(keysOf(schemaAtPolicyPath(policy, ['rules', 3]))).toEqual(['if']);
    expect(schemaAtPolicyPath(policy, ['rules', 'x'])).toEqual([]);
  });

  it('words types for messages', () => {
    expect(describeTypes(['number'])).toBe('a number');
    expect(describeTypes(['number', 'null'])).toBe('a number');
    expect(describeTypes(['string', 'array'])).toBe('a string or a list');
  });
});

describe('nearest spelling', () => {
  it('suggests a plausible typo fix and nothing for an unrelated word', () => {
    expect(editDistance('frustation', 'frustration')).toBe(1);
    expect(nearest('sentimentAnalysis.frustationLevel', ['sentimentAnalysis.frustrationLevel', 'sentimentAnalysis.trajectory'])).toBe('sentimentAnalysis.frustrationLevel');
    expect(nearest('critcal', ['low', 'medium', 'high', 'critical'])).toBe('critical');
    expect(nearest('Critical', ['critical', 'critcal'])).toBe('critical');
    expect(nearest('banana', ['low', 'medium', 'high', 'critical'])).toBeUndefined();
    expect(didYouMean('meduim', ['medium'])).toBe('did you mean "medium"?');
  });
});
