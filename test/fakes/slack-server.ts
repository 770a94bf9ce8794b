/**
 * A fake Slack Web API: `POST /api/<method>` with form or JSON bodies, Bearer tokens checked the way
 * Slack does (HTTP 200 with `{ ok: false, error: 'invalid_auth' }`), a channel directory, and message
 * history with metadata so reconciliation can be tested.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { bearerToken, HttpFake, type RecordedRequest, type Reply } from './http-fake.ts';

export interface SlackFakeMessage {
  channel: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export interface SlackFakeOptions {
  token?: string;
  /** Channel name (without #) -> id. */
  channels?: Record<string, string>;
  /** Scopes the token has; `conversations.history` needs `channels:history`. */
  scopes?: string[];
}

// Slack form-encodes nested arguments as JSON strings.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'metadata']);

export class SlackFake extends HttpFake {
  readonly token: string;
  readonly channels: Map<string, string>;
  readonly messages: SlackFakeMessage[] = [];
  scopes: Set<string>;
  private sequence = 0;

  constructor(options: SlackFakeOptions = {}) {
    super();
    this.token = options.token ?? 'xoxb-fake-token-1234';
    this.channels = new Map(Object.entries(options.channels ?? { billing: 'C0BILLING', escalations: 'C0ESCALATE' }));
    this.scopes = new Set(options.scopes ?? ['chat:write', 'channels:history']);
  }

  /** The value for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Requests to one method, e.g. `chat.postMessage`. */
  calls(method: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === `/api/${method}`);
  }

  protected override parseBody(raw: string, headers: IncomingHttpHeaders): unknown {
    if (!raw) return {};
    if ((headers['content-type'] ?? '').includes('application/json')) return JSON.parse(raw) as unknown;
    const fields: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(raw)) {
      fields[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
    }
    return fields;
  }

  protected handle(request: RecordedRequest): Reply {
    if (request.method !== 'POST' || !request.path.startsWith('/api/')) return { status: 404, body: 'not found' };
    const method = request.path.slice('/api/'.length);
    const args = (request.body ?? {}) as Record<string, unknown>;
    const token = bearerToken(request.headers) ?? (typeof args.token === 'string' ? args.token : undefined);
    if (!token) return fail('not_authed');
    if (token !== this.token) return fail('invalid_auth');
    switch (method) {
      case 'chat.postMessage':
        return this.postMessage(args);
      case 'chat.update':
        return this.update(args);
      case 'conversations.history':
        return this.history(args);
      case 'auth.test':
        return ok({ url: 'https://fake.slack.com/', team: 'Fake', user: 'triage', team_id: 'T0FAKE', user_id: 'U0BOT' });
      default:
        return { status: 404, body: { ok: false, error: 'unknown_method' } };
    }
  }

  /** Like Slack, chat.postMessage accepts a channel name or id; history and update take ids only. */
  private channelId(value: unknown, acceptName = false): string | undefined {
    if (typeof value !== 'string') return undefined;
    const name = value.replace(/^#/, '');
    if (acceptName && this.channels.has(name)) return this.channels.get(name);
    return [...this.channels.values()].includes(value) ? value : undefined;
  }

  /** As Slack does for a bot token, a user id as the channel is that user's direct message with the app (a D… id). */
  private directMessage(value: unknown): string | undefined {
    return typeof value === 'string' && /^[UW][A-Z0-9]{2,}$/.test(value) ? `D${value.slice(1)}` : undefined;
  }

  private postMessage(args: Record<string, unknown>): Reply {
    const channel = this.channelId(args.channel, true) ?? this.directMessage(args.channel);
    if (!channel) return fail('channel_not_found');
    if (!args.text && !args.blocks) return fail('no_text');
    if (args.blocks !== undefined && !Array.isArray(args.blocks)) return fail('invalid_blocks');
    const metadata = args.metadata as SlackFakeMessage['metadata'] | undefined;
    if (metadata && (typeof metadata.event_type !== 'string' || typeof metadata.event_payload !== 'object')) {
      return fail('invalid_metadata_format');
    }
    this.sequence += 1;
    const message: SlackFakeMessage = {
      channel,
      ts: `${Math.floor(Date.now() / 1000)}.${String(this.sequence).padStart(6, '0')}`,
      ...(typeof args.text === 'string' ? { text: args.text } : {}),
      ...(args.blocks ? { blocks: args.blocks as unknown[] } : {}),
      ...(metadata ? { metadata } : {}),
    };
    this.messages.push(message);
    return ok({ channel, ts: message.ts, message: { type: 'message', user: 'U0BOT', ...message } });
  }

  private update(args: Record<string, unknown>): Reply {
    const channel = this.channelId(args.channel);
    if (!channel) return fail('channel_not_found');
    const message = this.messages.find((m) => m.channel === channel && m.ts === args.ts);
    if (!message) return fail('message_not_found');
    if (typeof args.text === 'string') message.text = args.text;
    if (Array.isArray(args.blocks)) message.blocks = args.blocks;
    return ok({ channel, ts: message.ts, text: message.text });
  }

  private history(args: Record<string, unknown>): Reply {
    if (!this.scopes.has('channels:history')) return fail('missing_scope', { needed: 'channels:history', provided: [...this.scopes].join(',') });
    const channel = this.channelId(args.channel);
    if (!channel) return fail('channel_not_found');
    const oldest = Number(args.oldest ?? 0);
    const limit = Number(args.limit ?? 100);
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const messages = this.messages
      .filter((m) => m.channel === channel && Number(m.ts) >= oldest)
      .reverse()
      .slice(0, limit)
      .map(({ metadata, channel: _channel, ...rest }) => ({ type: 'message', user: 'U0BOT', ...rest, ...(withMetadata && metadata ? { metadata } : {}) }));
    return ok({ messages, has_more: false });
  }
}

function ok(data: Record<string, unknown>): Reply {
  return { status: 200, body: { ok: true, ...data } };
}

/** Slack reports API errors with HTTP 200. */
function fail(error: string, extra: Record<string, unknown> = {}): Reply {
  return { status: 200, body: { ok: false, error, ...extra } };
}
