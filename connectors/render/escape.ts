/**
 * Escaping for the places ticket text ends up. Every string in a `HandoffNotice` may come from a
 * customer, so renderers pass each one through here before it reaches a markup language.
 */

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char);
}

/**
 * Text safe inside Slack mrkdwn: Slack reads `<...>` as links and mentions (`<!channel>`,
 * `<https://evil|click>`), and asks for exactly these three characters to be escaped.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One line for a header field: no CR/LF (header injection), collapsed whitespace, bounded length. */
export function oneLine(text: string, max = 150): string {
  return truncate(text.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim(), max);
}

/** Cuts `text` to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) is shown as text or dropped. */
export function safeUrl(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Labels shown for each urgency, loudest first. */
export const URGENCY_LABEL = {
  immediate: 'IMMEDIATE',
  urgent: 'URGENT',
  standard: 'Standard',
  scheduled: 'Scheduled',
} as const;

/** A 0..100 score (the reasoner's scale) for people. */
export function score(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value)}/100` : 'n/a';
}
