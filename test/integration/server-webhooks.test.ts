/**
 * The webhooks against a real app: the inbox (dedupe, bad input naming the field, nothing half
 * stored), Zendesk (signature, replay window, mapping) and Slack (signature, replay, claim).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLAIM_ACTION_ID } from '../../connectors/render/slack.ts';
import { api, hook, slackRequest, STACK_LINE, startServerHarness, zendeskHeaders, type ServerHarness } from './server-harness.ts';

let h: ServerHarness;
beforeAll(async () => {
  h = await startServerHarness();
});
afterAll(() => h.close());

const count = async () => (await h.app.store.list({ limit: 1 })).total;
const post = (url: string, payload: unknown, headers: Record<string, string> = hook) =>
  h.server.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });

describe('POST /webhooks/tickets', () => {
  it('accepts a bare ticket with 202 and stores it unprocessed; a repeated delivery answers the same task', async () => {
    const before = await count();
    const ticket = { id: 'WH-1', subject: 'Locked out', description: 'I cannot log in to my account since this morning.', customerEmail: 'ana@example.com' };
    const first = await post('/webhooks/tickets', ticket);
    expect(first.statusCode).toBe(202);
    expect(first.json()).toEqual({ taskId: expect.any(String), created: true });
    const again = await post('/webhooks/tickets', ticket);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual({ taskId: first.json().taskId, created: false });
    expect(await count()).toBe(before + 1);
    // The worker runs it, not the request.
    const task = await h.app.store.get(first.json().taskId);
    expect(task?.meta.state).toBe('ready');
    expect(task?.meta.runs).toHaveLength(0);
    expect(task?.meta.source).toEqual({ kind: 'inbox', externalId: 'WH-1' });
  });

  it('accepts the wrapped form {support:{ticket}}', async () => {
    const res = await post('/webhooks/tickets', { support: { ticket: { id: 'WH-2', description: 'Please send me my invoice.' } } });
    expect(res.statusCode).toBe(202);
    const task = await h.app.store.get(res.json().taskId);
    expect((task?.data.support as { ticket: { id: string } }).ticket.id).toBe('WH-2');
  });

  const BAD: [string, string | object, number, RegExp, string | undefined][] = [
    ['malformed JSON', '{"id": "WH-BAD", "description": ', 400, /not valid JSON/, 'body'],
    ['a missing description', { id: 'WH-BAD-2', subject: 'help' }, 400, /description: required/, 'description'],
    ['a wrapped ticket without description', { support: { ticket: { id: 'WH-BAD-3' } } }, 400, /support\.ticket\.description: required/, 'support.ticket.description'],
    ['accountValue as a string', { id: 'WH-BAD-4', description: 'hi there', accountValue: 'lots' }, 400, /accountValue: expected number/, 'accountValue'],
    ['a bad email', { id: 'WH-BAD-5', description: 'hi there', customerEmail: 'nope' }, 400, /customerEmail: must be an email/, 'customerEmail'],
    ['an array', [], 400, /must be a JSON object/, undefined],
    ['a __proto__ key', '{"id":"WH-BAD-6","description":"x","__proto__":{"polluted":true}}', 400, /not valid JSON/, 'body'],
    ['a 2 MB body', { id: 'WH-BIG', description: 'x'.repeat(2 * 1024 * 1024) }, 413, /larger than the limit/, undefined],
  ];

  it.each(BAD)('refuses %s, naming the problem, and stores nothing', async (_name, payload, status, says, path) => {
    const before = await count();
    const res = await post('/webhooks/tickets', payload);
    expect(res.statusCode).toBe(status);
    expect(res.json().error).toMatch(says);
    if (path) expect(res.json().path).toBe(path);
    expect(res.body).not.toMatch(STACK_LINE);
    expect(await count()).toBe(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: { ...hook, 'content-type': 'text/plain' }, payload: 'hello' });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatch(/application\/json/);
  });

  it('takes JSON only: a form body is 415 naming application/json, here and on the REST API', async () => {
    const form = 'id=WH-FORM&description=help';
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: { ...hook, 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatch(/takes application\/json/);
    const rest = await h.server.inject({ method: 'POST', url: '/api/tasks/any/messages', headers: { ...api, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'content=hi' });
    expect(rest.statusCode).toBe(415);
    expect(rest.json().error).toMatch(/takes application\/json/);
  });

  it('refuses JSON declaring a charset other than UTF-8 with 415; UTF-8 declared is fine', async () => {
    const body = JSON.stringify({ id: 'WH-CS-1', description: 'Caf\u00e9 order never arrived.' });
    const latin = await post('/webhooks/tickets', body, { ...hook, 'content-type': 'application/json; charset=iso-8859-1' });
    expect(latin.statusCode).toBe(415);
    expect(latin.json().error).toMatch(/charset "iso-8859-1".*UTF-8/);
    const utf8 = await post('/webhooks/tickets', body, { ...hook, 'content-type': 'application/json; charset="UTF-8"' });
    expect(utf8.statusCode).toBe(202);
  });

  it('bounds a ticket: 128 KiB in all (extra fields included) and 32,000 characters of description, each named', async () => {
    const before = await count();
    const padded = await post('/webhooks/tickets', { id: 'WH-SIZE-1', description: 'hello', attachment: 'x'.repeat(140_000) });
    expect(padded.statusCode).toBe(400);
    expect(padded.json().error).toMatch(/the limit is 131072 bytes \(128 KiB\) for the whole ticket/);
    const long = await post('/webhooks/tickets', { id: 'WH-SIZE-2', description: 'y'.repeat(32_001) });
    expect(long.statusCode).toBe(400);
    expect(long.json()).toMatchObject({ path: 'description', error: expect.stringMatching(/at most 32000 characters/) });
    // The longest description in a 3-byte script still fits the ticket limit.
    const widest = await post('/webhooks/tickets', { id: 'WH-SIZE-3', description: '\u20ac'.repeat(32_000) });
    expect(widest.statusCode).toBe(202);
    expect(await count()).toBe(before + 1);
  });

  it('answers an unknown route with 404 JSON', async () => {
    const res = await h.server.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('no route GET /nope; see /openapi.json');
  });
});

describe('POST /webhooks/zendesk', () => {
  const body = JSON.stringify({
    ticket: {
      id: 4711,
      subject: 'Export broken',
      description: 'The CSV export fails with an error since yesterday.',
      requester: { email: 'ops@acme.example', name: 'Ops Team', id: 99 },
      priority: 'High',
      tags: 'export billing',
      status: 'new',
    },
  });

  it('accepts a signed webhook, maps it and dedupes on the Zendesk id', async () => {
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(body), payload: body });
    expect(res.statusCode).toBe(202);
    const task = await h.app.store.get(res.json().taskId);
    expect(task?.meta.source).toEqual({ kind: 'zendesk', externalId: '4711' });
    expect((task?.data.support as { ticket: unknown }).ticket).toMatchObject({
      id: 'zendesk-4711',
      externalId: '4711',
      subject: 'Export broken',
      description: 'The CSV export fails with an error since yesterday.',
      customerEmail: 'ops@acme.example',
      customerId: '99',
      priority: 'high',
      tags: ['export', 'billing'],
    });
    const again = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(body), payload: body });
    expect(again.json()).toEqual({ taskId: res.json().taskId, created: false });
  });

  it('maps an event webhook (detail) with latest_comment as the message', async () => {
    const event = JSON.stringify({ type: 'zen:event-type:ticket.created', detail: { id: '4712', subject: 'Hi', latest_comment: { body: 'My order never arrived.' }, tags: ['shipping'] } });
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(event), payload: event });
    expect(res.statusCode).toBe(202);
    const task = await h.app.store.get(res.json().taskId);
    expect((task?.data.support as { ticket: unknown }).ticket).toMatchObject({ externalId: '4712', description: 'My order never arrived.' });
  });

  it('refuses a forged signature, a stale timestamp, missing headers, and bad bodies; stores nothing', async () => {
    const before = await count();
    const forged = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(body, undefined, 'wrong-secret'), payload: body });
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error).toMatch(/invalid X-Zendesk-Webhook-Signature/);
    const tampered = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(body), payload: body.replace('4711', '4799') });
    expect(tampered.statusCode).toBe(401);
    const old = new Date(Date.now() - 6 * 60_000).toISOString();
    const stale = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(body, old), payload: body });
    expect(stale.statusCode).toBe(401);
    expect(stale.json().error).toMatch(/replay/);
    const bare = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: { 'content-type': 'application/json' }, payload: body });
    expect(bare.statusCode).toBe(401);
    // Unsigned garbage is refused for its signature, before anything parses it.
    const garbage = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: { 'content-type': 'application/json' }, payload: '{nope' });
    expect(garbage.statusCode).toBe(401);
    const signedGarbage = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders('{nope'), payload: '{nope' });
    expect(signedGarbage.statusCode).toBe(400);
    expect(signedGarbage.json().error).toMatch(/not valid JSON/);
    // Only JSON, checked before anything is parsed: a form body or another charset is 415 even when signed.
    const form = 'ticket[id]=4800&ticket[description]=x';
    const formRes = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: { ...zendeskHeaders(form), 'content-type': 'application/x-www-form-urlencoded' }, payload: form });
    expect(formRes.statusCode).toBe(415);
    expect(formRes.json().error).toMatch(/takes application\/json/);
    const latin = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: { ...zendeskHeaders(body), 'content-type': 'application/json; charset=latin1' }, payload: body });
    expect(latin.statusCode).toBe(415);
    const noId = JSON.stringify({ ticket: { description: 'x' } });
    const missing = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(noId), payload: noId });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ path: 'ticket.id' });
    const noText = JSON.stringify({ ticket: { id: 5000, subject: 'x' } });
    const empty = await h.server.inject({ method: 'POST', url: '/webhooks/zendesk', headers: zendeskHeaders(noText), payload: noText });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error).toMatch(/description: required/);
    expect(await count()).toBe(before);
  });
});

describe('POST /webhooks/slack/interactions', () => {
  const claimPayload = (humanTaskId: string, user = 'U0ANA') => ({
    type: 'block_actions',
    user: { id: user, username: 'ana', name: 'ana' },
    actions: [{ action_id: CLAIM_ACTION_ID, value: humanTaskId, type: 'button' }],
    message: { blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Escalation' } }, { type: 'actions', block_id: 'handoff_actions', elements: [] }] },
    response_url: 'https://hooks.slack.com/actions/T/1/x',
  });
  const send = (request: { payload: string; headers: Record<string, string> }) =>
    h.server.inject({ method: 'POST', url: '/webhooks/slack/interactions', headers: request.headers, payload: request.payload });

  it('claims the human task for the Slack user and answers with the updated message; a second user is told who holds it', async () => {
    const human = await h.human.service.create({ type: 'review', title: 'Check refund', team: 'finance', priority: 'high' });
    const res = await send(slackRequest(claimPayload(human._id)));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ replace_original: true, text: expect.stringContaining('Claimed by <@U0ANA>') });
    expect(res.json().blocks.some((b: { type: string }) => b.type === 'actions')).toBe(false);
    const claimed = await h.human.service.get(human._id);
    expect(claimed.assignedTo).toBe('slack:U0ANA');

    const other = await send(slackRequest(claimPayload(human._id, 'U0BOB')));
    expect(other.statusCode).toBe(200);
    expect(other.json()).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining('<@U0ANA> has already claimed it') });
    expect((await h.human.service.get(human._id)).assignedTo).toBe('slack:U0ANA');
  });

  it('acknowledges other actions and says so for an unknown task', async () => {
    const other = await send(slackRequest({ type: 'block_actions', user: { id: 'U1' }, actions: [{ action_id: 'view_human_task_context' }] }));
    expect(other.statusCode).toBe(200);
    const unknown = await send(slackRequest(claimPayload('no-such-task')));
    expect(unknown.statusCode).toBe(200);
    expect(unknown.json().text).toMatch(/no longer exists/);
  });

  it('refuses forged, replayed and unsigned requests without claiming', async () => {
    const human = await h.human.service.create({ type: 'review', title: 'Check', team: 'finance', priority: 'low' });
    const forged = await send(slackRequest(claimPayload(human._id), undefined, 'wrong-secret'));
    expect(forged.statusCode).toBe(401);
    const replayed = await send(slackRequest(claimPayload(human._id), Math.floor(Date.now() / 1000) - 6 * 60));
    expect(replayed.statusCode).toBe(401);
    expect(replayed.json().error).toMatch(/replay/);
    const signed = slackRequest(claimPayload(human._id));
    const tampered = await send({ ...signed, payload: signed.payload.replace('U0ANA', 'U0EVE') });
    expect(tampered.statusCode).toBe(401);
    const unsigned = await h.server.inject({ method: 'POST', url: '/webhooks/slack/interactions', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: signed.payload });
    expect(unsigned.statusCode).toBe(401);
    expect((await h.human.service.get(human._id)).status).toBe('pending');
  });

  it('takes only the form body Slack sends: JSON is 415 naming application/x-www-form-urlencoded', async () => {
    const signed = slackRequest({ type: 'block_actions', user: { id: 'U0ANA' } });
    const json = JSON.stringify({ payload: '{}' });
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/slack/interactions', headers: { ...signed.headers, 'content-type': 'application/json' }, payload: json });
    expect(res.statusCode).toBe(415);
    expect(res.json().error).toMatch(/takes application\/x-www-form-urlencoded/);
  });

  it('names what is wrong in a signed but malformed payload', async () => {
    const res = await send(slackRequest({ type: 'block_actions' }));
    expect(res.statusCode).toBe(400);
    expect(res.json().path).toBe('payload.user');
  });
});
