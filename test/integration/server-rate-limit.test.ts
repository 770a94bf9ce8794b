/**
 * Rate limits over real sockets: a token's budget per minute ends in 429 with Retry-After, other
 * credentials and the webhooks keep theirs, and /healthz is never limited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, hook, startServerHarness, zendeskHeaders, type ServerHarness } from './server-harness.ts';

let h: ServerHarness;
let base: string;
beforeAll(async () => {
  h = await startServerHarness({ env: { TRIAGE_RATE_LIMIT_PER_MINUTE: '5', TRIAGE_WEBHOOK_RATE_LIMIT_PER_MINUTE: '3' } });
  base = await h.server.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => h.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });
const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('rate limits', () => {
  it('the 6th API request with the same token is 429 with Retry-After; other credentials and /healthz are unaffected', async () => {
    for (let i = 0; i < 5; i++) expect((await get('/api/tasks', api)).status).toBe(200);
    const limited = await get('/api/tasks', api);
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(((await limited.json()) as { error: string }).error).toMatch(/at most 5 requests per minute/);
    // Every API route shares the token's budget.
    expect((await get('/api/human-tasks', api)).status).toBe(429);

    // The webhook token has its own budget, and so does an unauthenticated caller (by IP and route).
    const ticket = JSON.stringify({ id: 'RL-1', description: 'I cannot log in to my account.' });
    expect((await post('/webhooks/tickets', ticket, hook)).status).toBe(202);
    expect((await get('/openapi.json')).status).toBe(200);
    const zendesk = JSON.stringify({ ticket: { id: 9001, description: 'The export is broken.' } });
    expect((await post('/webhooks/zendesk', zendesk, zendeskHeaders(zendesk))).status).toBe(202);
    for (let i = 0; i < 10; i++) expect((await get('/healthz')).status).toBe(200);
  });

  it('a webhook has its own budget, separate from the API', async () => {
    const body = (i: number) => JSON.stringify({ id: `RL-W-${i}`, description: 'My invoice is wrong.' });
    // RL-1 above spent one of the webhook token's three.
    expect((await post('/webhooks/tickets', body(2), hook)).status).toBe(202);
    expect((await post('/webhooks/tickets', body(3), hook)).status).toBe(202);
    const limited = await post('/webhooks/tickets', body(4), hook);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Zendesk, keyed by its IP and route, still has two left.
    const zendesk = JSON.stringify({ ticket: { id: 9002, description: 'Still broken.' } });
    expect((await post('/webhooks/zendesk', zendesk, zendeskHeaders(zendesk))).status).toBe(202);
  });

  it('an invented token does not earn a fresh budget: it counts as its IP', async () => {
    // /openapi.json needs no token; the first test spent one of this IP's five there.
    for (let i = 0; i < 4; i++) expect((await get('/openapi.json', { authorization: `Bearer invented-${i}` })).status).toBe(200);
    expect((await get('/openapi.json', { authorization: 'Bearer invented-9' })).status).toBe(429);
  });
});
