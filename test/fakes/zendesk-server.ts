/**
 * A fake Zendesk Support API: `PUT /api/v2/tickets/{id}.json` and `GET` of the same, with basic auth
 * `{email}/token:{api_token}` checked as Zendesk does, its error bodies (401, 404 RecordNotFound,
 * 422 RecordInvalid) and ticket state (status, priority, group, tags, comments).
 */
import { HttpFake, type RecordedRequest, type Reply } from './http-fake.ts';

export interface ZendeskFakeTicket {
  id: number;
  status: string;
  priority: string | null;
  group_id: number | null;
  tags: string[];
  comments: { body: string; public: boolean }[];
  updated_at: string;
}

export interface ZendeskFakeOptions {
  email?: string;
  apiToken?: string;
  /** Ticket ids that exist. */
  tickets?: number[];
  /** Group ids that exist (422 for others). */
  groups?: number[];
}

const STATUSES = new Set(['new', 'open', 'pending', 'hold', 'solved', 'closed']);
const PRIORITIES = new Set(['low', 'normal', 'high', 'urgent']);
const TICKET_PATH = /^\/api\/v2\/tickets\/(\d+)\.json$/;

export class ZendeskFake extends HttpFake {
  readonly email: string;
  readonly apiToken: string;
  readonly tickets = new Map<number, ZendeskFakeTicket>();
  readonly groups: Set<number>;

  constructor(options: ZendeskFakeOptions = {}) {
    super();
    this.email = options.email ?? 'agent@acme.test';
    this.apiToken = options.apiToken ?? 'zd-fake-api-token-5678';
    this.groups = new Set(options.groups ?? [100, 200]);
    for (const id of options.tickets ?? [42]) {
      this.tickets.set(id, { id, status: 'new', priority: null, group_id: null, tags: ['web'], comments: [], updated_at: new Date().toISOString() });
    }
  }

  /** The value for ZENDESK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/v2`;
  }

  protected handle(request: RecordedRequest): Reply {
    if (!this.authorised(request.headers.authorization)) {
      return { status: 401, headers: { 'www-authenticate': 'Basic realm="Web Password"' }, body: { error: "Couldn't authenticate you" } };
    }
    const match = TICKET_PATH.exec(request.path);
    if (!match) return { status: 404, body: { error: 'InvalidEndpoint', description: 'Not found' } };
    const ticket = this.tickets.get(Number(match[1]));
    if (!ticket) return { status: 404, body: { error: 'RecordNotFound', description: 'Not found' } };
    if (request.method === 'GET') return { status: 200, body: { ticket: view(ticket) } };
    if (request.method !== 'PUT') return { status: 405, body: { error: 'MethodNotAllowed' } };
    return this.updateTicket(ticket, request.body);
  }

  private authorised(header: string | undefined): boolean {
    const match = /^Basic\s+(.+)$/i.exec(header ?? '');
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    return decoded === `${this.email}/token:${this.apiToken}`;
  }

  private updateTicket(ticket: ZendeskFakeTicket, body: unknown): Reply {
    const update = (body as { ticket?: Record<string, unknown> } | undefined)?.ticket;
    if (!update || typeof update !== 'object') {
      return { status: 400, body: { error: 'InvalidValue', description: 'ticket parameter is missing' } };
    }
    const details: Record<string, { description: string }[]> = {};
    if (update.status !== undefined && !STATUSES.has(String(update.status))) details.status = [{ description: 'Status: is invalid' }];
    if (update.priority !== undefined && !PRIORITIES.has(String(update.priority))) details.priority = [{ description: 'Priority: is invalid' }];
    if (update.group_id !== undefined && !this.groups.has(Number(update.group_id))) details.group = [{ description: 'Group: is invalid' }];
    if (Object.keys(details).length) {
      return { status: 422, body: { error: 'RecordInvalid', description: 'Record validation errors', details } };
    }
    if (typeof update.status === 'string') ticket.status = update.status;
    if (typeof update.priority === 'string') ticket.priority = update.priority;
    if (update.group_id !== undefined) ticket.group_id = Number(update.group_id);
    if (Array.isArray(update.tags)) ticket.tags = update.tags.map(String);
    if (Array.isArray(update.additional_tags)) ticket.tags = [...new Set([...ticket.tags, ...update.additional_tags.map(String)])];
    const comment = update.comment as { body?: unknown; public?: unknown } | undefined;
    if (comment && typeof comment.body === 'string') ticket.comments.push({ body: comment.body, public: comment.public !== false });
    ticket.updated_at = new Date().toISOString();
    return { status: 200, body: { ticket: view(ticket), audit: { id: Date.now(), ticket_id: ticket.id, events: [] } } };
  }
}

function view(ticket: ZendeskFakeTicket): Record<string, unknown> {
  const { comments: _comments, ...rest } = ticket;
  return { ...rest, url: `https://fake.zendesk.com/api/v2/tickets/${ticket.id}.json` };
}
