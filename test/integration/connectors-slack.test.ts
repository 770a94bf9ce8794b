import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChatConnector, type SlackOptions } from '../../connectors/slack/chat.ts';
import { loadConfig } from '../../src/config.ts';
import { isRetryable, NonRetryableError, RetryAfterError } from '../../src/errors.ts';
import { SlackFake } from '../fakes/slack-server.ts';
import { closedPort, expectNoSecret, failure } from '../support/connector-helpers.ts';

const slack = new SlackFake();
beforeAll(async () => {
  await slack.start();
});
afterAll(async () => {
  await slack.stop();
});
beforeEach(() => slack.reset());

function connector(overrides: Record<string, string> = {}, options: SlackOptions = {}) {
  const config = loadConfig({ SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl, ...overrides });
  return createSlackChatConnector(config, { timeoutMs: 2_000, retries: 1, ...options });
}

const message = {
  channel: '#billing',
  text: 'Ticket T-1 needs Billing',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } }],
  metadata: { event_type: 'triage_handoff', event_payload: { task_id: 'task-1' } },
};

describe('Slack connector against the fake', () => {
  it('posts with the bot token, blocks and the idempotency key in metadata', async () => {
    const delivery = await connector().post(message, 'task-1:handoff:slack');
    const [call] = slack.calls('chat.postMessage');
    expect(call?.headers.authorization).toBe(`Bearer ${slack.token}`);
    expect(call?.body).toMatchObject({
      channel: '#billing',
      text: message.text,
      blocks: message.blocks,
      metadata: { event_type: 'triage_handoff', event_payload: { task_id: 'task-1', idempotency_key: 'task-1:handoff:slack' } },
      unfurl_links: 'false',
    });
    expect(delivery.ref).toMatch(/^slack:C0BILLING:\d+\.\d{6}$/);
  });

  it('finds a message already posted with the same key instead of posting twice', async () => {
    const chat = connector();
    const first = await chat.post(message, 'key-reconcile');
    const second = await chat.post(message, 'key-reconcile');
    expect(second.ref).toBe(first.ref);
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
    // The name was learned as an id from the first answer; history is read by id.
    expect(slack.calls('conversations.history').map((c) => (c.body as { channel: string }).channel)).toEqual(['C0BILLING']);
  });

  it('finds an earlier post after a restart when the policy names the channel by id', async () => {
    await connector().post({ ...message, channel: 'C0BILLING' }, 'key-restart');
    const afterRestart = connector();
    const again = await afterRestart.post({ ...message, channel: 'C0BILLING' }, 'key-restart');
    expect(again.ref).toMatch(/^slack:C0BILLING:/);
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
  });

  it('posts again for a different key', async () => {
    const chat = connector();
    await chat.post({ ...message, channel: 'C0BILLING' }, 'key-a');
    await chat.post({ ...message, channel: 'C0BILLING' }, 'key-b');
    expect(slack.calls('chat.postMessage')).toHaveLength(2);
  });

  it('still posts when the token cannot read history (missing_scope)', async () => {
    slack.scopes.delete('channels:history');
    try {
      const chat = connector();
      await chat.post({ ...message, channel: 'C0BILLING' }, 'key-noscope');
      await chat.post({ ...message, channel: 'C0BILLING' }, 'key-noscope');
      expect(slack.calls('chat.postMessage')).toHaveLength(2);
    } finally {
      slack.scopes.add('channels:history');
    }
  });

  it('maps invalid_auth (HTTP 200) to NonRetryableError naming SLACK_BOT_TOKEN', async () => {
    const secret = 'xoxb-wrong-secret-token';
    const error = await failure(connector({ SLACK_BOT_TOKEN: secret }, { reconcile: false }).post(message, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/SLACK_BOT_TOKEN was rejected \(invalid_auth\)/);
    expect(error.cause).toBeDefined();
    expectNoSecret(error, secret);
  });

  it('maps channel_not_found to NonRetryableError naming the channel', async () => {
    const error = await failure(connector().post({ ...message, channel: '#nowhere' }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/#nowhere.*channel_not_found/);
  });

  it('maps an HTTP 404 (wrong SLACK_API_URL) to NonRetryableError naming SLACK_API_URL', async () => {
    const error = await failure(connector({ SLACK_API_URL: `${slack.url}/wrong/` }, { retries: 0 }).post(message, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/HTTP 404.*SLACK_API_URL/);
  });

  it('maps 429 to RetryAfterError with the Retry-After delay, without waiting inside the call', async () => {
    slack.inject({ path: 'chat.postMessage', status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    const started = Date.now();
    const error = await failure(connector({}, { reconcile: false }).post(message, 'k'));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfterMs).toBe(7_000);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(slack.calls('chat.postMessage')).toHaveLength(1);
  });

  it('retries a 5xx quickly and succeeds when Slack recovers', async () => {
    slack.inject({ path: 'chat.postMessage', status: 503, body: '<html>upstream</html>' });
    const delivery = await connector({}, { reconcile: false }).post(message, 'k');
    expect(delivery.ref).toMatch(/^slack:C0BILLING:/);
    expect(slack.calls('chat.postMessage')).toHaveLength(2);
  });

  it('maps a persistent 5xx to a retryable error after a few quick retries', async () => {
    slack.inject({ path: 'chat.postMessage', status: 500, body: 'oops' }, 10);
    const error = await failure(connector({}, { reconcile: false, retries: 2 }).post(message, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error).not.toBeInstanceOf(RetryAfterError);
    expect(error.message).toMatch(/HTTP 500/);
    expect(slack.calls('chat.postMessage')).toHaveLength(3);
  });

  it('maps a timeout to a retryable error', async () => {
    slack.inject({ path: 'chat.postMessage', delayMs: 1_000 });
    const error = await failure(connector({}, { reconcile: false, retries: 0, timeoutMs: 150 }).post(message, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/timed out.*SLACK_API_URL/);
  });

  it('maps a dropped connection to a retryable error', async () => {
    slack.inject({ path: 'chat.postMessage', close: true });
    const error = await failure(connector({}, { reconcile: false, retries: 0 }).post(message, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/could not be reached/);
  });

  it('maps connection refused to a retryable error naming SLACK_API_URL', async () => {
    const port = await closedPort();
    const chat = connector({ SLACK_API_URL: `http://127.0.0.1:${port}/api/` }, { retries: 0 });
    const error = await failure(chat.post(message, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED.*SLACK_API_URL/);
    expectNoSecret(error, slack.token);
  });
});
