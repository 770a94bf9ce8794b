/**
 * Every protected route refuses a caller without the right credential, before reading its body; a
 * server with no token configured refuses everyone; tokens never reach the log.
 */
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, API_TOKEN, hook, startServerHarness, WEBHOOK_TOKEN, type ServerHarness } from './server-harness.ts';

const PROTECTED: { method: 'GET' | 'POST'; url: string; token: 'api' | 'hook' }[] = [
  { method: 'POST', url: '/webhooks/tickets', token: 'hook' },
  { method: 'GET', url: '/api/tasks', token: 'api' },
  { method: 'GET', url: '/api/tasks/some-id', token: 'api' },
  { method: 'POST', url: '/api/tasks/some-id/messages', token: 'api' },
  { method: 'GET', url: '/api/human-tasks', token: 'api' },
  { method: 'POST', url: '/api/human-tasks', token: 'api' },
  { method: 'GET', url: '/api/human-tasks/some-id', token: 'api' },
  { method: 'POST', url: '/api/human-tasks/some-id/claim', token: 'api' },
  { method: 'POST', url: '/api/human-tasks/some-id/assign', token: 'api' },
  { method: 'POST', url: '/api/human-tasks/some-id/resolve', token: 'api' },
  { method: 'GET', url: '/metrics', token: 'api' },
];

let h: ServerHarness;
const logLines: string[] = [];

beforeAll(async () => {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  h = await startServerHarness({ env: { TRIAGE_LOG_LEVEL: 'debug' }, log: pino({ level: 'debug' }, sink) });
});
afterAll(() => h.close());

describe('credentials', () => {
  it.each(PROTECTED)('$method $url: 401 without credentials, with a wrong token, and with the other token', async ({ method, url, token }) => {
    // Even an invalid body gets 401, not 400: credentials are checked before the body is read.
    const payload = method === 'POST' ? '{"not json' : undefined;
    const wrongToken = token === 'api' ? WEBHOOK_TOKEN : API_TOKEN;
    const attempts = [
      {},
      { authorization: 'Bearer nope' },
      { authorization: `Basic ${Buffer.from(`x:${token === 'api' ? API_TOKEN : WEBHOOK_TOKEN}`).toString('base64')}` },
      { authorization: `Bearer ${wrongToken}` },
    ];
    for (const headers of attempts) {
      const res = await h.server.inject({ method, url, headers: { ...headers, 'content-type': 'application/json' }, ...(payload ? { payload } : {}) });
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      expect(res.json().error).toMatch(/credentials/);
    }
  });

  it('the right token passes', async () => {
    expect((await h.server.inject({ method: 'GET', url: '/api/tasks', headers: api })).statusCode).toBe(200);
    const res = await h.server.inject({ method: 'POST', url: '/webhooks/tickets', headers: hook, payload: { id: 'AUTH-1', description: 'hello, my invoice is wrong' } });
    expect(res.statusCode).toBe(202);
  });

  it('open routes need nothing', async () => {
    expect((await h.server.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await h.server.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
  });

  it('never logs a token', async () => {
    await h.server.inject({ method: 'GET', url: '/api/tasks', headers: api });
    await h.server.inject({ method: 'GET', url: '/api/tasks', headers: { authorization: 'Bearer wrong-token-value' } });
    const log = logLines.join('');
    expect(log).toContain('/api/tasks');
    expect(log).not.toContain(API_TOKEN);
    expect(log).not.toContain('wrong-token-value');
  });
});

describe('a server without tokens configured', () => {
  let bare: ServerHarness;
  beforeAll(async () => {
    bare = await startServerHarness({ env: { TRIAGE_API_TOKEN: '', TRIAGE_WEBHOOK_TOKEN: '' } });
  });
  afterAll(() => bare.close());

  it('refuses the API, the webhook and metrics with 403 naming the setting', async () => {
    for (const { method, url, token } of PROTECTED) {
      const res = await bare.server.inject({ method, url, headers: token === 'api' ? api : hook });
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error).toMatch(token === 'api' ? /TRIAGE_API_TOKEN/ : /TRIAGE_WEBHOOK_TOKEN/);
    }
  });
});
