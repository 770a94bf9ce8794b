/**
 * The chat.postMessage arguments for a `ChatMessage`, shared by the Slack connector and the outbox so
 * the outbox shows the request Slack would receive.
 */
import type { ChatMessage } from '../types.ts';

/** The metadata event type every triage message carries unless the caller chose one. */
export const DEFAULT_EVENT_TYPE = 'triage_message';

/** Arguments of `chat.postMessage`. */
export interface SlackPostArguments {
  channel: string;
  text: string;
  blocks?: unknown[];
  metadata: { event_type: string; event_payload: Record<string, string> };
  unfurl_links: false;
  unfurl_media: false;
}

/**
 * The idempotency key always travels in the message metadata, so a send whose outcome is unknown
 * (timeout after Slack accepted it) can be found in the channel history instead of posted twice.
 */
export function slackPostArguments(message: ChatMessage, idempotencyKey: string): SlackPostArguments {
  return {
    channel: message.channel,
    text: message.text,
    ...(message.blocks ? { blocks: message.blocks } : {}),
    metadata: {
      event_type: message.metadata?.event_type ?? DEFAULT_EVENT_TYPE,
      event_payload: { ...message.metadata?.event_payload, idempotency_key: idempotencyKey },
    },
    // Links in customer text must not expand into previews inside the team's channel.
    unfurl_links: false,
    unfurl_media: false,
  };
}
