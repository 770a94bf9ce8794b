/**
 * A claim from Slack replaces the handoff message through the interaction's `response_url`, and only
 * when that URL points at Slack (here: the Slack-compatible server configured with SLACK_API_URL).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_ACTION_ID } from '../../connectors/render/slack.ts';
import { slackRequest, startServerHarness, type ServerHarness } from './server-harness.ts';

const received: { url: string; body: Record<string, unknown> }[] = [];
const slack = createServer((request: IncomingMessage, response) => {
  let text = '';
  request.on('data', (chunk) => (text += chunk));
  request.on('end', () => {
    received.push({ url: request.url ?? '', body: JSON.parse(text || '{}') });
    response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
let h: ServerHarness;
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => slack.listen(0, '127.0.0.1', resolve));
  port = (slack.address() as AddressInfo).port;
  h = await startServerHarness({ env: { SLACK_API_URL: `http://127.0.0.1:${port}/api/`, SLACK_BOT_TOKEN: 'xoxb-test-token' } });
});

afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => slack.close(() => resolve()));
});

async function waitFor(predicate: () => boolean, ms = 3_000): Promise<void> {
  const until = Date.now() + ms;
  while (!predicate() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('Slack message update after a claim', () => {
  it('posts the claimed message to an allowed response_url and never to another origin', async () => {
    const send = (humanTaskId: string, responseUrl: string) => {
      const request = slackRequest({
        type: 'block_actions',
        user: { id: 'U0ANA', name: 'ana' },
        actions: [{ action_id: CLAIM_ACTION_ID, value: humanTaskId, type: 'button' }],
        message: { blocks: [{ type: 'actions', block_id: 'handoff_actions', elements: [] }] },
        response_url: responseUrl,
      });
      return h.server.inject({ method: 'POST', url: '/webhooks/slack/interactions', headers: request.headers, payload: request.payload });
    };
    const first = await h.human.service.create({ type: 'review', title: 'Check refund', team: 'finance', priority: 'high' });
    expect((await send(first._id, `http://127.0.0.1:${port}/actions/T1/1/abc`)).statusCode).toBe(200);
    await waitFor(() => received.length > 0);
    expect(received).toEqual([{ url: '/actions/T1/1/abc', body: expect.objectContaining({ replace_original: true, text: expect.stringContaining('Claimed by <@U0ANA>') }) }]);

    const second = await h.human.service.create({ type: 'review', title: 'Another', team: 'finance', priority: 'low' });
    // Same server, other origin spelling: not Slack as configured, so not called.
    expect((await send(second._id, `http://localhost:${port}/actions/T1/2/def`)).statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(1);
    expect((await h.human.service.get(second._id)).assignedTo).toBe('slack:U0ANA');
  });
});
