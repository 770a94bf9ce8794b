/**
 * `triage task new` as a user runs it: a question the knowledge base cannot answer is not answered with a
 * guess; it lands in the routed team's queue as a review task the team sees in `human list`, and the
 * ticket waits for that person.
 */
import { afterAll, expect, it } from 'vitest';
import { createCli } from './cli-helper.ts';

const cli = createCli('triage-e2e-queue-');
afterAll(() => cli.cleanup());

it('an unanswerable question is queued for its team with a review task, and the ticket waits', async () => {
  const ticket = { support: { ticket: { id: 'Q-1', subject: 'Custom domain', description: 'Can we serve the portal from our own domain with a wildcard certificate?', customerEmail: 'q@example.com' } } };
  const submitted = cli.json(await cli.run(['task', 'new', '-d', JSON.stringify(ticket), '--json']));
  const task = submitted.task ?? submitted;
  expect(task.meta.state).toBe('waiting');
  expect(task.data.escalationDecision.escalationRecommended).toBe(false);
  expect(task.data.conversationResponse).toMatchObject({ mode: 'queued', queued: { team: 'general_support', humanTaskId: expect.any(String) } });
  expect(task.data.conversationResponse.responseMessage).toMatch(/Support.*personally/);

  const listed = cli.json(await cli.run(['human', 'list', '--json']));
  const items = listed.items ?? listed;
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ _id: task.data.conversationResponse.queued.humanTaskId, type: 'review', team: 'general_support', status: 'pending' });
});
