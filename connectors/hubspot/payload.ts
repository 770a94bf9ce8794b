/**
 * The HubSpot contact-update request for a `ContactUpdate`, shared by the HubSpot connector and the outbox.
 */
import type { ContactUpdate } from '../types.ts';

/**
 * A contact is addressed by record id, or by email when the id looks like one (HubSpot's
 * `idProperty=email`), so a ticket that only knows the customer's address can still update them.
 */
export function hubspotIdProperty(contactId: string): 'email' | undefined {
  return contactId.includes('@') ? 'email' : undefined;
}

/** Path and query of `PATCH /crm/v3/objects/contacts/{id}`. */
export function hubspotContactPath(contactId: string): string {
  const idProperty = hubspotIdProperty(contactId);
  const path = `/crm/v3/objects/contacts/${encodeURIComponent(contactId)}`;
  return idProperty ? `${path}?idProperty=${idProperty}` : path;
}

/** Body of the update request. */
export function hubspotContactBody(update: ContactUpdate): { properties: Record<string, string> } {
  return { properties: { ...update.properties } };
}
