/**
 * The spec's four seed tickets through the real CLI, then listing and showing them as a user would.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PostalMime from 'postal-mime';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCli, filesUnder, ROOT, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-seeds-');
afterAll(() => cli.cleanup());

interface Policy {
  teams: Record<string, { email: string; slack_channel?: string }>;
}
const policy = parseYaml(readFileSync(path.join(ROOT, 'triage.policy.yaml'), 'utf8')) as Policy;
const seedSpec = JSON.parse(readFileSync('/work/shared/seeds/seed-cases.json', 'utf8')) as { cases: { name: string; input: { support: { ticket: { id: string; description: string } } } }[] };

const FIXTURES = {
  standard: 'fixtures/tickets/standard-password-reset.json',
  enterprise: 'fixtures/tickets/enterprise-critical.json',
  technical: 'fixtures/tickets/complex-technical.json',
  repeat: 'fixtures/tickets/frustrated-repeat.json',
} as const;
type Seed = keyof typeof FIXTURES;

const results = {} as Record<Seed, CliResult>;
const tasks = {} as Record<Seed, any>;

interface Effect {
  channel: string;
  stepId: string;
  status: string;
  target?: string;
  ref?: string;
}
const effects = (seed: Seed): Effect[] => tasks[seed].meta.effects;

beforeAll(async () => {
  // One data dir for all four: the embedded store is single-process, so they run one after another.
  for (const seed of Object.keys(FIXTURES) as Seed[]) {
    results[seed] = await cli.run(['task', 'new', '-f', FIXTURES[seed], '--json']);
  }
}, 60_000);

describe('seeds through `task new -f FILE --json`', () => {
  it('each prints one task document {_id, data, meta}; self-resolved ones end done, escalated ones wait for their human task', () => {
    for (const seed of Object.keys(FIXTURES) as Seed[]) {
      const result = results[seed];
      expect(result.code, `${seed}: ${result.stderr}`).toBe(0);
      const task = cli.json(result);
      tasks[seed] = task;
      expect(Object.keys(task).sort()).toEqual(['_id', 'data', 'meta']);
      expect(typeof task._id).toBe('string');
      if (seed === 'standard') {
        expect(task.meta.state).toBe('done');
      } else {
        // A person owns an escalated ticket now: the task waits for the human task's resolution.
        expect(task.meta.state).toBe('waiting');
        expect(typeof task.data.handoffComplete.humanTaskId).toBe('string');
        expect(task.data.handoffComplete.awaitingHuman).toBe(true);
      }
      // The fixture is the spec's input, stored as given.
      const fixture = JSON.parse(readFileSync(path.join(ROOT, FIXTURES[seed]), 'utf8'));
      expect(task.data.support.ticket).toEqual(fixture.support.ticket);
      expect(STACK_LINE.test(result.stderr)).toBe(false);
    }
    // The fixtures are the seed file's inputs.
    expect(seedSpec.cases.map((c) => c.input.support.ticket.id).sort()).toEqual(
      (Object.keys(FIXTURES) as Seed[]).map((s) => tasks[s].data.support.ticket.id).sort(),
    );
  });

  it('standard password reset: answered automatically, no handoff', () => {
    const { data } = tasks.standard;
    expect(data.escalationDecision.decision).toBe('no_escalation');
    expect(data.escalationDecision.escalationRecommended).toBe(false);
    expect(['account', 'general_inquiry']).toContain(data.support.classification.category);
    expect(data.support.classification.priority).toBe('medium');
    expect(data.sentimentAnalysis.frustrationLevel).toBeLessThan(30);
    const reply: string = data.conversationResponse.responseMessage;
    expect(reply.length).toBeGreaterThan(40);
    expect(reply).toMatch(/reset/i);
    expect(reply).toMatch(/password/i);
    expect(data.handoffComplete).toBeUndefined();
    expect(data.escalationPreparation).toBeUndefined();
    const fx = effects('standard');
    expect(fx.filter((e) => e.channel === 'slack' || e.stepId === 'human_handoff')).toEqual([]);
    // The reply went to the customer.
    expect(fx.some((e) => e.channel === 'email' && e.target === 'user@example.com' && e.status === 'sent')).toBe(true);
  });

  it('enterprise critical: immediate escalation to engineering with Slack and the team email', () => {
    const { data } = tasks.enterprise;
    expect(data.escalationDecision.decision).toBe('immediate_escalation');
    expect(data.escalationPreparation.targetTeam).toBe('engineering');
    expect(data.support.classification).toMatchObject({ category: 'technical', priority: 'critical', complexity: 'expert_required' });
    expect(data.sentimentAnalysis.frustrationLevel).toBeGreaterThan(90);
    const team = policy.teams.engineering!;
    const fx = effects('enterprise');
    expect(fx.some((e) => e.channel === 'slack' && e.status === 'sent' && e.target === team.slack_channel)).toBe(true);
    expect(fx.some((e) => e.channel === 'email' && e.stepId === 'human_handoff' && e.status === 'sent' && e.target === team.email)).toBe(true);
    expect(data.handoffComplete).toBeDefined();
  });

  it('complex technical: specialist escalation to technical_support with the specific issue kept', () => {
    const { data } = tasks.technical;
    expect(data.escalationDecision.decision).toBe('specialist_escalation');
    expect(data.escalationPreparation.targetTeam).toBe('technical_support');
    expect(data.support.classification).toMatchObject({ category: 'integration', priority: 'high', complexity: 'complex' });
    const pkg = data.escalationPreparation.contextPackage;
    const description: string = data.support.ticket.description;
    const issue: string = pkg.ticketSummary.specificIssue;
    expect(issue.length).toBeGreaterThan(20);
    expect(description).toContain(issue);
    // The technical detail the specialist needs (the order.items shape) travels in the package.
    expect(JSON.stringify(pkg)).toContain('order.items');
    expect(JSON.stringify(pkg.conversationHistory)).toContain(description);
    const team = policy.teams.technical_support!;
    expect(effects('technical').some((e) => e.stepId === 'human_handoff' && e.channel === 'email' && e.target === team.email && e.status === 'sent')).toBe(true);
  });

  it('frustrated repeat customer: management escalation for relationship risk, management notified', () => {
    const { data } = tasks.repeat;
    expect(data.escalationDecision.decision).toBe('management_escalation');
    expect(data.support.classification).toMatchObject({ category: 'billing', priority: 'high' });
    expect(Array.isArray(data.support.classification.escalationSignals)).toBe(true);
    expect(data.support.classification.escalationSignals.length).toBeGreaterThan(0);
    expect(data.sentimentAnalysis.frustrationLevel).toBeGreaterThan(85);
    expect(data.sentimentAnalysis.repeatIssue).toBe(true);
    expect(data.escalationDecision.primaryReason).toMatch(/relationship risk/i);
    const management = policy.teams.management!;
    expect(effects('repeat').some((e) => e.target === management.email && e.status === 'sent')).toBe(true);
  });

  it('writes every sent effect to the outbox; the handoff email is a real .eml with the context JSON attached', async () => {
    const outbox = path.join(cli.dataDir, 'outbox');
    const files = filesUnder(outbox);
    expect(files.length).toBeGreaterThan(0);
    for (const seed of Object.keys(FIXTURES) as Seed[]) {
      for (const effect of effects(seed).filter((e) => e.status === 'sent' && (e.channel === 'email' || e.channel === 'slack'))) {
        expect(effect.ref, `${seed} ${effect.channel} ${effect.target}`).toBeTruthy();
        expect(files.map((f) => path.join('outbox', f))).toContain(path.normalize(effect.ref!));
      }
    }
    const enterprise = tasks.enterprise;
    const handoff = effects('enterprise').find((e) => e.channel === 'email' && e.stepId === 'human_handoff' && e.target === policy.teams.engineering!.email)!;
    expect(handoff.ref).toMatch(/\.eml$/);
    const email = await PostalMime.parse(readFileSync(path.join(cli.dataDir, handoff.ref!)));
    expect(email.to?.map((a) => a.address)).toContain(policy.teams.engineering!.email);
    expect(email.subject).toContain('TICK-ENT-001');
    expect(email.text).toContain('TICK-ENT-001');
    const json = email.attachments.filter((a) => a.mimeType === 'application/json');
    expect(json.length).toBe(1);
    const content = json[0]!.content;
    const context = JSON.parse(typeof content === 'string' ? content : new TextDecoder().decode(content as ArrayBuffer));
    expect(JSON.stringify(context)).toContain('TICK-ENT-001');
    expect(JSON.stringify(context)).toContain(enterprise.data.sentimentAnalysis.specificIssue);

    const slack = effects('enterprise').find((e) => e.channel === 'slack')!;
    const message = JSON.parse(readFileSync(path.join(cli.dataDir, slack.ref!), 'utf8'));
    expect(JSON.stringify(message)).toContain(policy.teams.engineering!.slack_channel!);
  });
});

describe('task list', () => {
  it('filters by state and data: exactly the escalated seeds, as { items, total }', async () => {
    const result = await cli.run(['task', 'list', '--state', 'waiting', '--filter', '{"escalationDecision.escalationRecommended": true}', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const list = cli.json(result);
    expect(Object.keys(list).sort()).toEqual(['items', 'total']);
    expect(list.total).toBe(3);
    const ids = (list.items as { _id: string }[]).map((t) => t._id).sort();
    expect(ids).toEqual([tasks.enterprise._id, tasks.technical._id, tasks.repeat._id].sort());
    expect(ids).not.toContain(tasks.standard._id);
  });

  it('refuses a $where filter with a clear message and no stack trace', async () => {
    const result = await cli.run(['task', 'list', '--filter', '{"$where": "1"}', '--json']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('$where');
    expect(STACK_LINE.test(result.stderr)).toBe(false);
    expect(result.stdout).toBe('');
  });

  it('refuses an unknown --state', async () => {
    const result = await cli.run(['task', 'list', '--state', 'finished']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/--state/);
    expect(STACK_LINE.test(result.stderr)).toBe(false);
  });
});

describe('task show', () => {
  it('prints every step run with what matched and why', async () => {
    const task = tasks.enterprise;
    const result = await cli.run(['task', 'show', task._id]);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toContain(task._id);
    const runs = task.meta.runs as { stepId: string; explanation: string[] }[];
    expect(runs.length).toBeGreaterThanOrEqual(8);
    expect((out.match(/^\s+matched\s/gm) ?? []).length).toBe(runs.length);
    expect((out.match(/^\s+why\s/gm) ?? []).length).toBe(runs.reduce((n, r) => n + r.explanation.length, 0));
    let at = 0;
    for (const run of runs) {
      const found = out.indexOf(run.stepId, at);
      expect(found, `step ${run.stepId} in order`).toBeGreaterThan(-1);
      at = found;
    }
    expect(out).toContain('critical_business_risk');
  });

  it('--json prints the stored task document', async () => {
    const result = await cli.run(['task', 'show', tasks.repeat._id, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const shown = cli.json(result);
    expect(shown._id).toBe(tasks.repeat._id);
    expect(shown.data).toEqual(tasks.repeat.data);
    expect(shown.meta.runs).toEqual(tasks.repeat.meta.runs);
  });

  it('an unknown id exits non-zero with a clear message', async () => {
    const result = await cli.run(['task', 'show', 'NO-SUCH-TASK']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/no task with id NO-SUCH-TASK/);
    expect(STACK_LINE.test(result.stderr)).toBe(false);
    expect(result.stdout).toBe('');
  });
});
