/**
 * `data.callback`: a call the customer booked through the signed link in their email. The server
 * writes `requested`; the callback_booking step checks the slot and books it (or rejects it); the
 * reminder and check jobs and a person's report add to it.
 */
import { z } from 'zod';
import { isoTime } from './support.ts';

export const CALLBACK_STATUSES = ['requested', 'booked', 'rejected'] as const;
export const CALLBACK_OUTCOMES = ['happened', 'missed', 'unconfirmed'] as const;

export const callbackSchema = z.object({
  status: z.enum(CALLBACK_STATUSES),
  /** Start of the 30-minute slot, ISO. */
  slot: isoTime,
  requestedAt: isoTime,
  /** Identifies one booking: reminders and notes are keyed on it, so a new booking gets its own. */
  bookingId: z.string().optional(),
  team: z.string().optional(),
  bookedAt: isoTime.optional(),
  rejectedAt: isoTime.optional(),
  reason: z.string().nullable().optional().describe('why a requested slot was not booked'),
  assignee: z
    .object({
      kind: z.enum(['user', 'team']),
      id: z.string(),
      name: z.string(),
      email: z.string().nullable(),
    })
    .optional()
    .describe('who calls: the assignee of the ticket\'s human task, else its team'),
  humanTaskId: z.string().nullable().optional(),
  confirmation: z.object({ channel: z.string(), to: z.string(), ref: z.string() }).nullable().optional(),
  reminder: z.object({ bookingId: z.string(), sentAt: isoTime, to: z.string(), ref: z.string() }).optional(),
  /** Null while the call is ahead; a new booking clears the last one's. */
  outcome: z.enum(CALLBACK_OUTCOMES).nullable().optional(),
  outcomeAt: isoTime.nullable().optional(),
  outcomeBy: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
});
export type CallbackData = z.infer<typeof callbackSchema>;
