/**
 * A fake HubSpot CRM API: `PATCH /crm/v3/objects/contacts/{id}` (also `?idProperty=email`) with a
 * Bearer private-app token, HubSpot's error body `{ status: 'error', message, correlationId, category }`
 * and contact state.
 */
import { randomUUID } from 'node:crypto';
import { bearerToken, HttpFake, type RecordedRequest, type Reply } from './http-fake.ts';

export interface HubspotFakeContact {
  id: string;
  properties: Record<string, string>;
  updatedAt: string;
}

export interface HubspotFakeOptions {
  token?: string;
  /** Contacts that exist: id -> email. */
  contacts?: Record<string, string>;
  /** Property names that exist; others are a VALIDATION_ERROR. */
  properties?: string[];
}

const CONTACT_PATH = /^\/crm\/v3\/objects\/contacts\/([^/]+)$/;

/** HubSpot's error body. */
export function hubspotError(message: string, category: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

/** The 429 body HubSpot sends for its ten-second window. */
export const HUBSPOT_RATE_LIMIT_BODY = hubspotError('You have reached your ten_secondly_rolling limit.', 'RATE_LIMITS', {
  errorType: 'RATE_LIMIT',
  policyName: 'TEN_SECONDLY_ROLLING',
});

export class HubspotFake extends HttpFake {
  readonly token: string;
  readonly contacts = new Map<string, HubspotFakeContact>();
  readonly propertyNames: Set<string>;

  constructor(options: HubspotFakeOptions = {}) {
    super();
    this.token = options.token ?? 'pat-na1-fake-0000-1111';
    this.propertyNames = new Set(options.properties ?? ['email', 'firstname', 'lifecyclestage', 'hs_lead_status', 'triage_last_escalation', 'triage_risk']);
    for (const [id, email] of Object.entries(options.contacts ?? { '501': 'jo@example.com' })) {
      this.contacts.set(id, { id, properties: { email }, updatedAt: new Date().toISOString() });
    }
  }

  protected handle(request: RecordedRequest): Reply {
    const token = bearerToken(request.headers);
    if (token !== this.token) {
      return {
        status: 401,
        body: hubspotError(
          token ? 'Authentication credentials not found. This API supports OAuth 2.0 authentication.' : 'Authentication credentials not found.',
          'INVALID_AUTHENTICATION',
        ),
      };
    }
    const match = CONTACT_PATH.exec(request.path);
    if (!match?.[1] || request.method !== 'PATCH') return { status: 404, body: hubspotError('resource not found', 'OBJECT_NOT_FOUND') };
    const key = decodeURIComponent(match[1]);
    const contact =
      request.query.idProperty === 'email'
        ? [...this.contacts.values()].find((c) => c.properties.email === key)
        : this.contacts.get(key);
    if (!contact) return { status: 404, body: hubspotError('resource not found', 'OBJECT_NOT_FOUND') };
    const properties = (request.body as { properties?: Record<string, unknown> } | undefined)?.properties;
    if (!properties || typeof properties !== 'object') {
      return { status: 400, body: hubspotError('Invalid input JSON on line 1', 'VALIDATION_ERROR') };
    }
    const unknown = Object.keys(properties).filter((name) => !this.propertyNames.has(name));
    if (unknown.length) {
      return {
        status: 400,
        body: hubspotError(`Property values were not valid: ${unknown.join(', ')} does not exist`, 'VALIDATION_ERROR', {
          errors: unknown.map((name) => ({ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } })),
        }),
      };
    }
    for (const [name, value] of Object.entries(properties)) contact.properties[name] = String(value);
    contact.updatedAt = new Date().toISOString();
    return {
      status: 200,
      body: { id: contact.id, properties: contact.properties, createdAt: contact.updatedAt, updatedAt: contact.updatedAt, archived: false },
    };
  }
}
