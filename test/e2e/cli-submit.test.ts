/**
 * `task new -d JSON`: bare and wrapped tickets, resubmission of the same ticket id, and `--async`.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createCli, filesUnder, STACK_LINE } from './cli-helper.ts';

const cli = createCli('triage-e2e-submit-');
afterAll(() => cli.cleanup());
const outboxCount = () => filesUnder(path.join(cli.dataDir, 'outbox')).length;

const bare = {
  id: 'E2E-BARE-1',
  subject: 'Cannot log in',
  description: 'I forgot my password and cannot sign in to my account. How do I reset it?',
  customerEmail: 'bare@example.com',
};
const wrapped = {
  support: {
    ticket: {
      id: 'E2E-WRAPPED-1',
      subject: 'Invoice copy',
      description: 'Could you send me a copy of my last invoice, please?',
      customerEmail: 'wrapped@example.com',
    },
  },
};

describe('task new -d JSON', () => {
  let bareTaskId = '';

  it('accepts a bare ticket and stores it as support.ticket, processed to a resting point', async () => {
    const result = await cli.run(['task', 'new', '-d', JSON.stringify(bare), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const task = cli.json(result);
    bareTaskId = task._id;
    expect(task.data.support.ticket).toEqual(bare);
    expect(task.meta.state).toBe('done');
    expect(task.meta.runs.length).toBeGreaterThan(0);
    expect(task.data.escalationDecision).toBeDefined();
  });

  it('accepts a wrapped ticket {support:{ticket}} unchanged; with info logs on, stdout is still one JSON document', async () => {
    const result = await cli.run(['task', 'new', '-d', JSON.stringify(wrapped), '--json'], { env: { TRIAGE_LOG_LEVEL: 'info' } });
    expect(result.code, result.stderr).toBe(0);
    // Logs go to stderr only.
    expect(result.stderr.trim().length).toBeGreaterThan(0);
    const task = cli.json(result);
    expect(task._id).not.toBe(bareTaskId);
    expect(task.data.support.ticket).toEqual(wrapped.support.ticket);
    expect(task.meta.state).toBe(task.data.conversationResponse.mode === 'queued' ? 'waiting' : 'done');
    expect(task.data.performanceAnalysis).toBeDefined();
  });

  it('the same ticket id again returns the same task and sends nothing new', async () => {
    const before = outboxCount();
    expect(before).toBeGreaterThan(0);
    // Same ticket id, sent again (here wrapped instead of bare): one ticket, one task.
    const again = await cli.run(['task', 'new', '-d', JSON.stringify({ support: { ticket: bare } }), '--json']);
    expect(again.code, again.stderr).toBe(0);
    const task = cli.json(again);
    expect(task._id).toBe(bareTaskId);
    expect(again.stderr).toMatch(/already submitted/);
    expect(again.stderr).toContain(bareTaskId);
    expect(outboxCount()).toBe(before);

    const list = cli.json(await cli.run(['task', 'list', '--json']));
    expect(list.total).toBe(2);
  });

  it('--async stores the task ready, with no step run', async () => {
    const ticket = { id: 'E2E-ASYNC-1', description: 'My webhook deliveries fail with a 500 error since this morning.' };
    const before = outboxCount();
    const result = await cli.run(['task', 'new', '--async', '-d', JSON.stringify(ticket), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const task = cli.json(result);
    expect(task.meta.state).toBe('ready');
    expect(task.meta.runs).toEqual([]);
    expect(task.meta.effects).toEqual([]);
    expect(Object.keys(task.data)).toEqual(['support']);

    const shown = await cli.run(['task', 'show', task._id, '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    const stored = cli.json(shown);
    expect(stored.meta.state).toBe('ready');
    expect(stored.meta.runs).toEqual([]);
    expect(stored.data).toEqual({ support: { ticket } });
    expect(outboxCount()).toBe(before);
    expect(STACK_LINE.test(result.stderr + shown.stderr)).toBe(false);
  });
});
