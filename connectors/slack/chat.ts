/**
 * Chat over Slack's Web API with `@slack/web-api`. Configured by SLACK_BOT_TOKEN and, for a proxy,
 * Enterprise Grid or a test server, SLACK_API_URL.
 */
import { LogLevel, WebClient, type ChatPostMessageArguments } from '@slack/web-api';
import { ConfigError, type Config } from '../../src/config.ts';
import type { ChatConnector, ChatMessage, Delivery } from '../types.ts';
import { mapSlackError } from './errors.ts';
import { slackPostArguments } from './payload.ts';

type SlackConfig = Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>;

/** Tuning for tests; production uses the defaults. */
export interface SlackOptions {
  /** Per-request timeout in ms. */
  timeoutMs?: number;
  /** Quick retries inside one send, before the engine's own backoff takes over. */
  retries?: number;
  /**
   * Look in the channel's recent history for a message carrying the same idempotency key before
   * posting, so a send that timed out after Slack accepted it is not posted again. Needs the
   * `channels:history` scope (without it the lookup is skipped) and a channel id, either given
   * in the policy or learned from an earlier post by this process.
   */
  reconcile?: boolean;
}

/** How far back reconciliation looks; a retried send comes within hours, not days. */
const RECONCILE_WINDOW_S = 24 * 60 * 60;

/** Slack channel ids (C…, G…, D…); names like `#billing` are only accepted by chat.postMessage. */
const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

/** Posts messages with chat.postMessage; `ref` is `slack:<channel id>:<ts>`. */
export class SlackChatConnector implements ChatConnector {
  readonly kind = 'slack';
  /** Channel name -> id, learned from chat.postMessage answers, so history can be read by id. */
  private readonly channelIds = new Map<string, string>();

  constructor(
    private readonly client: WebClient,
    private readonly config: SlackConfig,
    private readonly reconcile: boolean,
  ) {}

  async post(message: ChatMessage, idempotencyKey: string): Promise<Delivery> {
    const args = slackPostArguments(message, idempotencyKey);
    const knownId = CHANNEL_ID.test(message.channel) ? message.channel : this.channelIds.get(message.channel);
    if (this.reconcile && knownId) {
      const existing = await this.findPosted(knownId, idempotencyKey);
      if (existing) return { ref: `slack:${knownId}:${existing}` };
    }
    try {
      const result = await this.client.chat.postMessage(args as ChatPostMessageArguments);
      const channelId = result.channel ?? message.channel;
      this.channelIds.set(message.channel, channelId);
      return { ref: `slack:${channelId}:${result.ts ?? ''}` };
    } catch (error) {
      throw mapSlackError(error, this.config, message.channel);
    }
  }

  /**
   * The ts of a message already posted to `channelId` with `idempotencyKey`, if any. Slack's history
   * API takes ids only: a policy that names channels by id gets this check even after a restart. A
   * failed lookup is not an error: the post that follows reports the real problem, and a missing
   * scope only means no deduplication.
   */
  async findPosted(channelId: string, idempotencyKey: string): Promise<string | undefined> {
    try {
      const oldest = String(Math.floor(Date.now() / 1000) - RECONCILE_WINDOW_S);
      const history = await this.client.conversations.history({ channel: channelId, oldest, limit: 100, include_all_metadata: true });
      const match = history.messages?.find(
        (item) => (item.metadata?.event_payload as Record<string, unknown> | undefined)?.idempotency_key === idempotencyKey,
      );
      return match?.ts;
    } catch {
      return undefined;
    }
  }
}

/** Validates SLACK_BOT_TOKEN and SLACK_API_URL and builds the connector without calling Slack. */
export function createSlackChatConnector(config: SlackConfig, options: SlackOptions = {}): SlackChatConnector {
  const token = config.SLACK_BOT_TOKEN;
  if (!token) throw new ConfigError('SLACK_BOT_TOKEN is not set');
  if (!/^xox[a-z]-/.test(token)) {
    throw new ConfigError('SLACK_BOT_TOKEN does not look like a Slack token (expected xoxb-...; the bot token from "OAuth & Permissions")');
  }
  let slackApiUrl: string | undefined;
  if (config.SLACK_API_URL) {
    // The SDK joins method names onto this string, so it must end with a slash.
    slackApiUrl = config.SLACK_API_URL.endsWith('/') ? config.SLACK_API_URL : `${config.SLACK_API_URL}/`;
  }
  const client = new WebClient(token, {
    ...(slackApiUrl ? { slackApiUrl } : {}),
    timeout: options.timeoutMs ?? 10_000,
    // The SDK's default policy retries for ~30 minutes; the engine's backoff is the long-term retry.
    retryConfig: { retries: options.retries ?? 2, factor: 2, minTimeout: 250, maxTimeout: 2_000, randomize: true },
    // Waiting out a 429 inside the call would hold a worker; the engine schedules the retry instead.
    rejectRateLimitedCalls: true,
    logLevel: LogLevel.ERROR,
    // The SDK follows absolute URLs passed as method names; triage never does, so refuse them.
    allowAbsoluteUrls: false,
  });
  return new SlackChatConnector(client, { SLACK_BOT_TOKEN: token, SLACK_API_URL: slackApiUrl }, options.reconcile ?? true);
}
