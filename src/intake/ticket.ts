/**
 * Validation of a submitted ticket. Everything from outside passes here before a task exists, so a
 * bad ticket is refused whole with the path of what is wrong, and nothing is half-stored.
 *
 * Fields the pipeline does not know are kept as they are (keys with `.` or `$` included); the store
 * encodes such keys losslessly.
 */
import { z } from 'zod';
import type { JsonObject } from '../engine/types.ts';
import { nestedDeeperThan } from '../engine/depth.ts';
import { InputError } from '../errors.ts';

/**
 * Longer descriptions are refused: a ticket is a message, not an attachment. 32,000 characters is
 * some 5,000 words, room for an e-mail with its quoted thread, and at most 96 KB of UTF-8 in any
 * script, so a maximal description always fits in MAX_TICKET_BYTES.
 */
export const MAX_DESCRIPTION_CHARS = 32_000;
/**
 * The whole submission as serialised, unknown extra fields included: this bounds what one ticket adds
 * to the store (it was 512 KB, and 40 such tickets grew a store by 355 MB).
 */
export const MAX_TICKET_BYTES = 128 * 1024;
const MAX_DEPTH = 32;

const text = (max: number) => z.string().max(max, `too long: at most ${max} characters`);

export const ticketSchema = z
  .looseObject({
    id: text(200).min(1, 'must not be empty').optional(),
    subject: text(1000).optional(),
    description: text(MAX_DESCRIPTION_CHARS).optional(),
    message: text(MAX_DESCRIPTION_CHARS).optional(),
    customerEmail: z.email('must be an email address').optional(),
    channel: text(50).optional(),
    customerId: text(200).optional(),
    customerTier: text(50).optional(),
    accountValue: z.number().finite().nonnegative().optional(),
    previousTicketCount: z.number().int().nonnegative().optional(),
    supportHistory: z.array(text(500)).max(1000).optional(),
    escalationHistory: z.array(text(500)).max(1000).optional(),
    externalId: text(200).optional(),
    hubspotContactId: text(200).optional(),
  })
  .superRefine((ticket, ctx) => {
    const body = ticket.description ?? ticket.message;
    if (body === undefined || body.trim() === '') {
      ctx.addIssue({ code: 'custom', path: ['description'], message: 'required: the customer\'s message (description or message)' });
    }
  });

export type TicketInput = z.infer<typeof ticketSchema>;

/**
 * Accepts task data `{ support: { ticket } }` or a bare ticket, and returns the task data to store.
 * Throws an InputError naming the first problem's path, e.g. `support.ticket.description: required`.
 */
export function parseTicketSubmission(input: unknown): { data: JsonObject; ticket: TicketInput } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InputError('a ticket must be a JSON object such as {"support":{"ticket":{"description":"..."}}}');
  }
  // Depth first: serialising input nested thousands deep would overflow the stack before the size check.
  if (nestedDeeperThan(input, MAX_DEPTH)) throw new InputError(`the ticket is nested deeper than ${MAX_DEPTH} levels`);
  const size = Buffer.byteLength(JSON.stringify(input));
  if (size > MAX_TICKET_BYTES) {
    throw new InputError(`the ticket is ${size} bytes; the limit is ${MAX_TICKET_BYTES} bytes (${MAX_TICKET_BYTES / 1024} KiB) for the whole ticket, extra fields included (description at most ${MAX_DESCRIPTION_CHARS} characters)`);
  }
  const record = input as Record<string, unknown>;
  const wrapped = 'support' in record;
  const support = record.support;
  if (wrapped && (typeof support !== 'object' || support === null || Array.isArray(support) || !('ticket' in support))) {
    throw new InputError('support.ticket: required; submit {"support":{"ticket":{...}}} or the ticket object itself', ['support', 'ticket']);
  }
  const rawTicket = wrapped ? (support as Record<string, unknown>).ticket : record;
  const prefix = wrapped ? ['support', 'ticket'] : [];
  const parsed = ticketSchema.safeParse(rawTicket);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = [...prefix, ...issue.path.map(String)];
      const message = issue.code === 'invalid_type' ? `expected ${issue.expected}` : issue.message;
      return { path, text: `${path.join('.') || 'ticket'}: ${message}` };
    });
    throw new InputError(problems.map((p) => p.text).join('; '), problems[0]?.path ?? []);
  }
  const data = (wrapped ? { ...record, support: { ...(support as object), ticket: rawTicket } } : { support: { ticket: rawTicket } }) as JsonObject;
  return { data, ticket: parsed.data };
}
