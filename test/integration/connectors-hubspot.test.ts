import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHubspotCrmConnector } from '../../connectors/hubspot/crm.ts';
import { loadConfig } from '../../src/config.ts';
import { isRetryable, NonRetryableError, RetryAfterError } from '../../src/errors.ts';
import { HUBSPOT_RATE_LIMIT_BODY, HubspotFake, hubspotError } from '../fakes/hubspot-server.ts';
import { closedPort, expectNoSecret, failure } from '../support/connector-helpers.ts';

const hubspot = new HubspotFake();
beforeAll(async () => {
  await hubspot.start();
});
afterAll(async () => {
  await hubspot.stop();
});
beforeEach(() => hubspot.reset());

function connector(overrides: Record<string, string> = {}, timeoutMs = 2_000) {
  const config = loadConfig({ HUBSPOT_ACCESS_TOKEN: hubspot.token, HUBSPOT_API_URL: `${hubspot.url}/`, ...overrides });
  return createHubspotCrmConnector(config, { timeoutMs });
}

describe('HubSpot connector against the fake', () => {
  it('sends PATCH /crm/v3/objects/contacts/:id with the Bearer token and properties', async () => {
    const delivery = await connector().updateContact({ contactId: '501', properties: { triage_risk: '91' } }, 'k');
    expect(delivery.ref).toBe('hubspot:501');
    const [request] = hubspot.requests;
    expect(request?.method).toBe('PATCH');
    expect(request?.path).toBe('/crm/v3/objects/contacts/501');
    expect(request?.headers.authorization).toBe(`Bearer ${hubspot.token}`);
    expect(request?.body).toEqual({ properties: { triage_risk: '91' } });
    expect(hubspot.contacts.get('501')?.properties.triage_risk).toBe('91');
  });

  it('addresses a contact by email with idProperty=email', async () => {
    const delivery = await connector().updateContact({ contactId: 'jo@example.com', properties: { hs_lead_status: 'OPEN' } }, 'k');
    expect(delivery.ref).toBe('hubspot:501');
    expect(hubspot.requests[0]?.query).toEqual({ idProperty: 'email' });
  });

  it('maps 401 to NonRetryableError naming HUBSPOT_ACCESS_TOKEN, without the token', async () => {
    const secret = 'pat-na1-wrong-secret';
    const error = await failure(connector({ HUBSPOT_ACCESS_TOKEN: secret }).updateContact({ contactId: '501', properties: {} }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/HUBSPOT_ACCESS_TOKEN was rejected \(HTTP 401 INVALID_AUTHENTICATION/);
    expect(error.cause).toBeDefined();
    expectNoSecret(error, secret);
  });

  it('maps 403 (missing scope) to NonRetryableError naming the scope', async () => {
    hubspot.inject({ status: 403, body: hubspotError('This app hasn\'t been granted all required scopes', 'MISSING_SCOPES') });
    const error = await failure(connector().updateContact({ contactId: '501', properties: {} }, 'k'));
    expect(error).toBeInstanceOf(NonRetryableError);
    expect(error.message).toMatch(/HUBSPOT_ACCESS_TOKEN lacks a scope.*crm\.objects\.contacts\.write/);
  });

  it('maps 404 and 400 VALIDATION_ERROR to NonRetryableError', async () => {
    const missing = await failure(connector().updateContact({ contactId: '999', properties: {} }, 'k'));
    expect(missing).toBeInstanceOf(NonRetryableError);
    expect(missing.message).toMatch(/contact 999 was not found/);
    const invalid = await failure(connector().updateContact({ contactId: '501', properties: { nope: 'x' } }, 'k'));
    expect(invalid).toBeInstanceOf(NonRetryableError);
    expect(invalid.message).toMatch(/HTTP 400 VALIDATION_ERROR: Property values were not valid: nope/);
  });

  it('maps 429 to RetryAfterError honouring Retry-After, without retrying inside the call', async () => {
    hubspot.inject({ status: 429, headers: { 'retry-after': '3' }, body: HUBSPOT_RATE_LIMIT_BODY });
    const error = await failure(connector().updateContact({ contactId: '501', properties: {} }, 'k'));
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfterMs).toBe(3_000);
    expect(hubspot.requests).toHaveLength(1);
  });

  it('falls back to the ten-second window when a 429 has no Retry-After', async () => {
    hubspot.inject({ status: 429, body: HUBSPOT_RATE_LIMIT_BODY });
    const error = await failure(connector().updateContact({ contactId: '501', properties: {} }, 'k'));
    expect((error as RetryAfterError).retryAfterMs).toBe(10_000);
  });

  it('maps 5xx to a retryable error', async () => {
    hubspot.inject({ status: 502, body: '<html>Bad gateway</html>' });
    const error = await failure(connector().updateContact({ contactId: '501', properties: {} }, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error).not.toBeInstanceOf(RetryAfterError);
    expect(error.message).toMatch(/HTTP 502/);
  });

  it('maps a timeout to a retryable error', async () => {
    hubspot.inject({ delayMs: 1_000 });
    const error = await failure(connector({}, 150).updateContact({ contactId: '501', properties: {} }, 'k'));
    expect(isRetryable(error)).toBe(true);
    expect(error.message).toMatch(/timed out.*HUBSPOT_API_URL/);
  });

  it('maps connection refused and a dropped connection to retryable errors', async () => {
    const port = await closedPort();
    const refused = await failure(connector({ HUBSPOT_API_URL: `http://127.0.0.1:${port}` }).updateContact({ contactId: '501', properties: {} }, 'k'));
    expect(isRetryable(refused)).toBe(true);
    expect(refused.message).toMatch(/ECONNREFUSED.*HUBSPOT_API_URL/);
    expectNoSecret(refused, hubspot.token);
    hubspot.inject({ close: true });
    const dropped = await failure(connector().updateContact({ contactId: '501', properties: {} }, 'k'));
    expect(isRetryable(dropped)).toBe(true);
  });
});
