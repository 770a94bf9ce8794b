/**
 * The Zendesk ticket-update request for a `TicketUpdate`, shared by the Zendesk connector and the outbox.
 */
import type { TicketUpdate } from '../types.ts';

/** Body of `PUT /api/v2/tickets/{id}.json`. */
export interface ZendeskTicketBody {
  ticket: {
    status?: string;
    priority?: string;
    group_id?: number;
    additional_tags?: string[];
    comment?: { body: string; public: false };
  };
}

/**
 * Tags go in `additional_tags`: `tags` would replace every tag agents and other integrations set.
 * The note is a private comment, so the customer never sees triage's internal reasoning.
 */
export function zendeskTicketBody(update: TicketUpdate): ZendeskTicketBody {
  return {
    ticket: {
      ...(update.status ? { status: update.status } : {}),
      ...(update.priority ? { priority: update.priority } : {}),
      ...(update.groupId !== undefined ? { group_id: update.groupId } : {}),
      ...(update.tags?.length ? { additional_tags: update.tags } : {}),
      ...(update.internalNote ? { comment: { body: update.internalNote, public: false as const } } : {}),
    },
  };
}

/** Path of the update request; the id is encoded because it comes from a webhook. */
export function zendeskTicketPath(externalId: string): string {
  return `/api/v2/tickets/${encodeURIComponent(externalId)}.json`;
}
