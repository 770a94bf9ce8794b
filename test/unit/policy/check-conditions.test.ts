import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkCondition } from '../../../src/policy/check/conditions.ts';
import { referenceProblems } from '../../../src/policy/check/references.ts';
import { checkPlainText, checkTemplate } from '../../../src/policy/check/templates.ts';
import { unreadSettingProblems } from '../../../src/policy/check/unread.ts';

const schema = z.object({
  sentimentAnalysis: z.object({ frustrationLevel: z.number().min(0).max(100), repeatIssue: z.boolean(), specificIssue: z.string() }).optional(),
  support: z.object({
    classification: z.object({ priority: z.enum(['low', 'medium', 'high', 'critical']), escalationSignals: z.array(z.enum(['churn_threat', 'legal_threats'])) }).optional(),
    ticket: z.looseObject({ subject: z.string().optional() }),
  }),
  history: z.array(z.object({ role: z.enum(['customer', 'agent']), content: z.string() })).optional(),
});

const summary = (problems: ReturnType<typeof checkCondition>) => problems.map((p) => ({ path: p.path, severity: p.severity ?? 'error', message: p.message, hint: p.hint }));

describe('conditions against the data schema', () => {
  it('reports a mistyped path with the nearest known one', () => {
    const problems = checkCondition({ 'sentimentAnalysis.frustationLevel': { $gte: 70 } }, schema);
    expect(summary(problems)).toEqual([
      { path: ['sentimentAnalysis.frustationLevel'], severity: 'error', message: 'unknown path "sentimentAnalysis.frustationLevel"', hint: 'did you mean "sentimentAnalysis.frustrationLevel"?' },
    ]);
  });

  it('without a close spelling, lists the fields where the path went wrong', () => {
    const [problem] = checkCondition({ 'sentimentAnalysis.mood': 'angry' }, schema);
    expect(problem?.message).toBe('unknown path "sentimentAnalysis.mood"');
    expect(problem?.hint).toBe('known fields under "sentimentAnalysis": sentimentAnalysis.frustrationLevel, sentimentAnalysis.repeatIssue, sentimentAnalysis.specificIssue');
  });

  it('a field the schema does not list under an open object is a warning that says why', () => {
    const [problem] = checkCondition({ 'support.ticket.plan': 'gold' }, schema);
    expect(problem?.severity).toBe('warning');
    expect(problem?.message).toMatch(/"support\.ticket" is open/);
    expect(checkCondition({ 'support.ticket.subject': { $regex: 'refund' } }, schema)).toEqual([]);
  });

  it('a string compared with a number says how to write the number', () => {
    const problems = checkCondition({ 'sentimentAnalysis.frustrationLevel': { $gte: '70' }, 'sentimentAnalysis.repeatIssue': 'true' }, schema);
    expect(summary(problems)).toEqual([
      { path: ['sentimentAnalysis.frustrationLevel', '$gte'], severity: 'error', message: 'compares a number with the string "70", so it never holds', hint: 'write 70 without quotes' },
      { path: ['sentimentAnalysis.repeatIssue'], severity: 'error', message: 'compares a boolean with the string "true", so it never holds', hint: 'write true without quotes' },
    ]);
  });

  it('an enum value that does not exist names the nearest allowed one, element by element in $in', () => {
    const problems = checkCondition({ $or: [{ 'support.classification.priority': 'critcal' }, { 'support.classification.priority': { $in: ['high', 'urgnet'] } }] }, schema);
    expect(summary(problems)).toEqual([
      { path: ['$or', 0, 'support.classification.priority'], severity: 'error', message: 'unknown value "critcal", so it never holds', hint: 'did you mean "critical"? allowed: low, medium, high, critical' },
      { path: ['$or', 1, 'support.classification.priority', '$in', 1], severity: 'error', message: 'unknown value "urgnet", so it never holds', hint: 'allowed: low, medium, high, critical' },
    ]);
  });

  it('checks a list field element-wise and accepts the forms MongoDB allows on it', () => {
    expect(checkCondition({ 'support.classification.escalationSignals': 'churn_threat' }, schema)).toEqual([]);
    expect(checkCondition({ 'support.classification.escalationSignals': { $size: 0 } }, schema)).toEqual([]);
    expect(checkCondition({ 'support.classification.escalationSignals': { $all: ['churn_threat', 'legal_threat'] } }, schema).map((p) => p.path)).toEqual([['support.classification.escalationSignals', '$all', 1]]);
    expect(checkCondition({ 'history.role': 'agent', 'history.0.content': { $exists: true } }, schema)).toEqual([]);
  });

  it('refuses operators that cannot hold on the field: $size and $regex on a number, $type of another kind', () => {
    const problems = checkCondition({ 'sentimentAnalysis.frustrationLevel': { $size: 2, $regex: '9', $type: 'string' } }, schema);
    expect(problems.map((p) => p.path.at(-1))).toEqual(['$size', '$regex', '$type']);
    expect(problems.map((p) => p.message)).toEqual([
      '$size counts a list\'s items, but the field is a number',
      '$regex matches text, but the field is a number',
      '$type string never holds: the field is a number',
    ]);
    expect(checkCondition({ 'sentimentAnalysis.frustrationLevel': { $type: 'number', $exists: true } }, schema)).toEqual([]);
  });

  it('warns about a bound past the field\'s range, and checks inside $not and $elemMatch', () => {
    const [range] = checkCondition({ 'sentimentAnalysis.frustrationLevel': { $gt: 100 } }, schema);
    expect(range).toMatchObject({ severity: 'warning', message: '$gt 100 never holds: the field is >= 0 and <= 100' });
    expect(checkCondition({ 'sentimentAnalysis.frustrationLevel': { $not: { $lt: '5' } } }, schema).map((p) => p.path)).toEqual([['sentimentAnalysis.frustrationLevel', '$not', '$lt']]);
    const inside = checkCondition({ history: { $elemMatch: { role: 'custmer', contnt: 'x' } } }, schema);
    expect(inside.map((p) => [p.path.at(-1), p.message])).toEqual([
      ['role', 'unknown value "custmer", so it never holds'],
      ['contnt', 'unknown path "contnt"'],
    ]);
    expect(inside[1]?.hint).toBe('did you mean "content"?');
  });
});

describe('templates', () => {
  it('reports an unclosed placeholder, one that is not a path, and mistyped paths, each with its excerpt', () => {
    const problems = checkTemplate('Issue {{sentimentAnalysis.frustation}} for {{ a b }} and {{unclosed', ['triggers', 0, 'reason'], schema);
    expect(problems.map((p) => [p.excerpt, p.message, p.hint])).toEqual([
      ['{{sentimentAnalysis.frustation}}', 'unknown path "sentimentAnalysis.frustation"', 'did you mean "sentimentAnalysis.frustrationLevel"?'],
      ['{{ a b }}', '"{{ a b }}" is not a path: it is printed as written', 'put one dotted path of the task data between {{ and }}, as in {{support.customer.tier}}'],
      ['{{unclosed', 'unclosed "{{unclosed": it is printed as written', 'close it with "}}", as in {{sentimentAnalysis.specificIssue}}'],
    ]);
    expect(problems.every((p) => p.path.join('.') === 'triggers.0.reason')).toBe(true);
    expect(checkTemplate('{{sentimentAnalysis.specificIssue}} ({{ support.classification.priority }})', [], schema)).toEqual([]);
  });

  it('a name after a list fills in nothing in a template; a position does', () => {
    expect(checkTemplate('{{history.content}}', [], schema).map((p) => p.message)).toEqual(['"history.content" reads a field inside a list, which a template fills with nothing']);
    expect(checkTemplate('{{history.0.content}}', [], schema)).toEqual([]);
  });

  it('braces in a text sent as written are a warning', () => {
    expect(checkPlainText('Sorry {{name}}', ['on_error', 'respond'])).toMatchObject([{ severity: 'warning', excerpt: '{{name}}' }]);
    expect(checkPlainText('Sorry for the wait', [])).toEqual([]);
  });
});

describe('references and unread settings', () => {
  const policy = {
    teams: { finance: { skills: ['billing'], members: ['ana'] }, support: {} },
    routing: { default: { team: 'support' }, categories: { billing: { team: 'finanse' } } },
    triggers: [{ id: 'a', team: 'support', notify: ['nobody'] }, { id: 'a' }],
    on_human_complete: [{ if: {}, then: { handoff: 'customer_respons' } }],
  };

  it('names every dangling team and step, and duplicate trigger ids, with the nearest spelling', () => {
    const problems = referenceProblems(policy, { stepIds: ['customer_response', 'intake'] });
    expect(problems.map((p) => [p.path.join('.'), p.hint ?? null])).toEqual([
      ['routing.categories.billing.team', 'did you mean "finance"?'],
      ['triggers.0.notify.0', null],
      ['triggers.1.id', 'give each trigger its own id: decision records name the trigger that fired'],
      ['on_human_complete.0.then.handoff', 'did you mean "customer_response"?'],
    ]);
    expect(problems[0]?.message).toBe('unknown team "finanse"; define it under teams (known: finance, support)');
  });

  it('reads a file that failed validation without throwing', () => {
    expect(referenceProblems({ teams: 'oops', triggers: [null, 3, { notify: 'x' }] })).toEqual([]);
    expect(referenceProblems(undefined)).toEqual([]);
  });

  it('reports each unread setting where it is written, with what to do', () => {
    const problems = unreadSettingProblems(policy);
    // Members are read (src/assignment/), so only the team's skills are reported.
    expect(problems.map((p) => p.path.join('.'))).toEqual(['teams.finance.skills']);
    expect(problems[0]).toMatchObject({ atKey: true, message: expect.stringMatching(/^"skills" has no effect: /), hint: expect.stringMatching(/skill_tags/) });
    expect(unreadSettingProblems({ teams: { x: { name: 'X' } } })).toEqual([]);
  });
});
