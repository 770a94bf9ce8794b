import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createZendeskTicketingConnector } from '../../connectors/zendesk/ticketing.ts';
import { retryAfterMs } from '../../connectors/zendesk/errors.ts';
import { loadConfig } from '../../src/config.ts';
import { isRetryable, NonRetryableError, RetryAfterError } from '../../src/errors.ts';
import { ZendeskFake } from '../fakes/zendesk-server.ts';
import { closedPort, expectNoSecret, failure } from '../support/connector-helpers.ts';

const zendesk = new ZendeskFake({ tickets: [42, 43] });
beforeAll(async () => {
  await zendesk.start();
});
afterAll(async () => {
  await zendesk.stop();
});
beforeEach(() => zendesk.reset());

function connector(overrides: Record<string, string> = {}, timeoutMs = 2_000) {
  const config = loadConfig({
    ZENDESK_API_URL: `${zendesk.apiUrl}/`,
    ZENDESK_EMAIL: zendesk.email,
    ZENDESK_API_TOKEN: zendesk.apiToken,
    ...overrides,
  });
  return createZendeskTicketingConnector(config, { timeoutMs });
}

const update = { externalId: '42', status: 'open', priority: 'urgent', groupId: 100, tags: ['escalated', 'vip'], internalNote: 'Escalated: <b>risk</b> 91' } as const;

describe('Zendesk connector against the fake', () => {
  it('sends PUT /api/v2/tickets/:id.json with basic token auth and the ticket body', async () => {
    const delivery = await connector().update({ ...update, tags: [...update.tags] }, 'k1');
    expect(delivery.ref).toBe('zendesk:42');
    const [request] = zendesk.requests;
    expect(request?.method).toBe('PUT');
    expect(request?.path).toBe('/api/v2/tickets/42.json');
    const expectedAuth = `Basic ${Buffer.from(`${zendesk.email}/token:${zendesk.apiToken}`).toString('base64')}`;
    expect(request?.headers.authorization).toBe(expectedAuth);
    expect(request?.body).toEqual({
      ticket: { status: 'open', priority: 'urgent', group_id: 100, additional_tags: ['escalated', 'vip'], comment: { body: update.internalNote, public: false } },
    });
    const ticket = zendesk.tickets.get(42);
    expect(ticket?.tags).toEqual(['web', 'escalated', 'vip']);
    expect(ticket?.comments).toEqual([{ body: update.internalNote, public: false }]);
  });

  it('maps a wrong token (401) to NonRetryableError naming the keys, without the token', async () => {
    const secret = 'zd-wrong-secret-token';
    const error = await failure(connector({ ZENDESK_API_TOKEN: secret }).update({ externalId: '42' }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/ZENDESK_EMAIL \/ ZENDESK_API_TOKEN were rejected \(HTTP 401/);
    expect(error.cause).toBeDefined();
    expectNoSecret(error, secret);
  });

  it('maps an unknown ticket (404) to NonRetryableError', async () => {
    const error = await failure(connector().update({ externalId: '999' }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/ticket 999 was not found/);
  });

  it('maps a validation error (422) to NonRetryableError with Zendesk details', async () => {
    const error = await failure(connector().update({ externalId: '42', groupId: 7 }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/HTTP 422: RecordInvalid.*Group: is invalid/);
  });

  it('refuses a non-numeric ticket id without calling Zendesk', async () => {
    const error = await failure(connector().update({ externalId: '../users/1' }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(zendesk.requests).toHaveLength(0);
  });

  it('maps 429 (returned, not thrown, by node-zendesk) to RetryAfterError with the header delay', async () => {
    zendesk.inject({ status: 429, headers: { 'retry-after': '13' }, body: { error: 'TooManyRequests' } });
    const error = await failure(connector().update({ externalId: '42' }, 'k'));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfterMs).toBe(13_000);
  });

  it('maps 502 (returned, not thrown, by node-zendesk) to a retryable error', async () => {
    zendesk.inject({ status: 502, body: '<html>Bad gateway</html>' });
    const error = await failure(connector().update({ externalId: '42' }, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error).not.toBeInstanceOf(RetryAfterError);
    expect(error.message).toMatch(/HTTP 502/);
  });

  it('maps 500 and 503 to retryable errors', async () => {
    zendesk.inject({ status: 500, body: { error: 'InternalError' } });
    zendesk.inject({ status: 503, body: { error: 'Unavailable' } });
    for (const status of [500, 503]) {
      const error = await failure(connector().update({ externalId: '42' }, 'k'));
      expect(isRetryable(error)).toBe(true);
      expect(error.message).toContain(`HTTP ${status}`);
    }
  });

  it('maps a timeout to a retryable error', async () => {
    zendesk.inject({ delayMs: 1_000 });
    const error = await failure(connector({}, 150).update({ externalId: '42' }, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/timed out.*ZENDESK_API_URL/);
  });

  it('maps connection refused to a retryable error naming the URL setting', async () => {
    const port = await closedPort();
    const error = await failure(connector({ ZENDESK_API_URL: `http://127.0.0.1:${port}/api/v2` }).update({ externalId: '42' }, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/ECONNREFUSED.*ZENDESK_SUBDOMAIN \/ ZENDESK_API_URL/);
    expectNoSecret(error, zendesk.apiToken);
  });

  it('maps a dropped connection to a retryable error', async () => {
    zendesk.inject({ close: true });
    const error = await failure(connector().update({ externalId: '42' }, 'k'));
    expect(isRetryable(error)).toBe(true);
  });
});

describe('Retry-After parsing', () => {
  it('reads seconds and HTTP dates', () => {
    expect(retryAfterMs('5', 1)).toBe(5_000);
    expect(retryAfterMs(undefined, 1234)).toBe(1234);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryAfterMs('Wed, 01 Jan 2025 00:00:30 GMT', 1, now)).toBe(30_000);
    expect(retryAfterMs('soon', 99)).toBe(99);
  });
});

describe('Zendesk configuration', () => {
  it('builds the endpoint from the subdomain and refuses a URL in its place', () => {
    const base = { ZENDESK_EMAIL: 'a@b.c', ZENDESK_API_TOKEN: 'tok1' };
    expect(createZendeskTicketingConnector(loadConfig({ ...base, ZENDESK_SUBDOMAIN: 'acme' })).kind).toBe('zendesk');
    expect(() => createZendeskTicketingConnector(loadConfig({ ...base, ZENDESK_SUBDOMAIN: 'https://acme.zendesk.com' }))).toThrow(
      /ZENDESK_SUBDOMAIN must be the account name/,
    );
    expect(() => createZendeskTicketingConnector(loadConfig({ ZENDESK_SUBDOMAIN: 'acme', ZENDESK_EMAIL: 'a@b.c' }))).toThrow(/ZENDESK_API_TOKEN/);
  });
});
