/**
 * Checks on model output beyond its schema. The customer reply is the one free-text field that leaves the
 * system, so it must not carry a contact point the model picked (possibly because the ticket asked it to).
 */
import type { CustomerResponse } from '../schemas.ts';

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;
const URL_LIKE = /\b(?:https?:\/\/|www\.)\S+|\b[a-z0-9-]+\.(?:com|net|org|io|co|xyz|ru|info|biz)\b(?:\/\S*)?/i;

/** Returns a reason to reject a reply containing an email address or URL, or undefined when it is clean. */
export function rejectContactDetails(response: CustomerResponse): string | undefined {
  const texts = [response.responseMessage, ...response.nextActions];
  if (texts.some((text) => EMAIL.test(text))) return 'reply contained an email address (only the policy chooses addresses)';
  if (texts.some((text) => URL_LIKE.test(text))) return 'reply contained a URL (only the policy chooses links)';
  return undefined;
}
