/**
 * Updating the Slack message a button was pressed on. Slack ignores the HTTP answer's body for Block
 * Kit messages; the interaction's `response_url` is how an app replaces the original message.
 *
 * The URL comes inside a signed payload, and is still only called when it points at Slack (or at the
 * Slack-compatible server configured with SLACK_API_URL), so a payload can never make this server call
 * an arbitrary address.
 */
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';

const SLACK_HOOKS = 'https://hooks.slack.com';

export function allowedResponseUrl(url: string, slackApiUrl: string | undefined): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const allowed = [SLACK_HOOKS, ...(slackApiUrl ? [new URL(slackApiUrl).origin] : [])];
  return allowed.includes(target.origin);
}

/** Posts `message` to `url` without holding up Slack's three-second acknowledgement. */
export function replaceOriginal(url: string, message: Record<string, unknown>, log: Logger, timeoutMs = 5_000): Promise<void> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
    signal: AbortSignal.timeout(timeoutMs),
  })
    .then((response) => {
      if (!response.ok) log.warn({ status: response.status }, 'Slack did not accept the message update');
    })
    .catch((error: unknown) => log.warn({ err: errorMessage(error) }, 'could not update the Slack message'));
}
