/**
 * The Slack Claim button with users: a Slack id mapped to a user claims as that user (refused when
 * they are disabled or outside the task's team); an unmapped Slack id claims as `slack:<id>`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_ACTION_ID } from '../../connectors/render/slack.ts';
import { slackRequest, startServerHarness, type ServerHarness } from './server-harness.ts';
import { addUser } from './users-helper.ts';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServerHarness();
  await addUser(h.app, { username: 'root', role: 'admin' });
  await addUser(h.app, { username: 'ann', role: 'agent', teams: ['finance'], slackUserId: 'U0ANN' });
  await addUser(h.app, { username: 'eve', role: 'agent', teams: ['engineering'], slackUserId: 'U0EVE' });
  await addUser(h.app, { username: 'dan', role: 'agent', teams: ['finance'], slackUserId: 'U0DAN' });
  await h.app.users.service.update('dan', { disabled: true });
});
afterAll(() => h.close());

const press = (humanTaskId: string, slackUser: string) => {
  const request = slackRequest({ type: 'block_actions', user: { id: slackUser }, actions: [{ action_id: CLAIM_ACTION_ID, value: humanTaskId }] });
  return h.server.inject({ method: 'POST', url: '/webhooks/slack/interactions', headers: request.headers, payload: request.payload });
};
const open = () => h.human.service.create({ type: 'review', title: 'Refund', team: 'finance', priority: 'high' });

describe('Slack Claim button and users', () => {
  it('records the mapped user\'s username as claimant', async () => {
    const task = await open();
    const res = await press(task._id, 'U0ANN');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ replace_original: true });
    const stored = await h.human.service.get(task._id);
    expect(stored.assignedTo).toBe('ann');
    expect(stored.events.at(-1)).toMatchObject({ kind: 'claimed', by: 'ann' });
  });

  it('refuses a mapped user outside the task\'s team, and a disabled one, with an ephemeral note', async () => {
    const task = await open();
    const outsider = await press(task._id, 'U0EVE');
    expect(outsider.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/belongs to team finance.*eve/) });
    const disabled = await press(task._id, 'U0DAN');
    expect(disabled.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(/\(dan\) is disabled/) });
    expect((await h.human.service.get(task._id)).status).toBe('pending');
  });

  it('keeps claiming as slack:<id> for Slack users no triage user maps to', async () => {
    const task = await open();
    await press(task._id, 'U0STRANGER');
    expect((await h.human.service.get(task._id)).assignedTo).toBe('slack:U0STRANGER');
  });
});
