/**
 * The customer's callback page: a form of radio buttons, one per free slot, and the answers to it.
 * Seen by customers who are not signed in, so it has no navigation, no script, and nothing of the
 * ticket but the team's name; the slots are shown in the team's zone.
 */
import { formatSlot, type SlotOffer } from '../../callbacks/slots.ts';
import { html, type Html } from '../html.ts';

function frame(title: string, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/ui/assets/app.css">
</head>
<body>
<main id="main">
${body}
</main>
</body>
</html>`.value;
}

/** The slots to choose from; `error` is said above the form (a slot taken meanwhile). */
export function slotPage(offer: SlotOffer, action: string, options: { error?: string; booked?: Date | null } = {}): string {
  const hours = offer.teamHours
    ? html`<p class="muted">Times are in ${offer.zone}, during ${offer.teamName}'s working hours.</p>`
    : html`<p class="muted">${offer.teamName} has no published working hours, so these are 09:00-17:00 UTC on the next three days.</p>`;
  const booked = options.booked ? html`<p class="flash ok">You already have a call booked for ${formatSlot(options.booked, offer.zone)}. Picking another time moves it.</p>` : '';
  const error = options.error ? html`<p class="flash error" role="alert">${options.error}</p>` : '';
  const form =
    offer.slots.length === 0
      ? html`<p>There is no free time for a call in the next few days. Reply to our email and we will get back to you.</p>`
      : html`<form method="post" action="${action}">
  <fieldset>
    <legend>Pick a time for ${offer.teamName} to call you</legend>
    ${offer.slots.map(
      (slot, i) => html`<label class="check"><input type="radio" name="slot" value="${slot.toISOString()}"${i === 0 ? html` required` : ''}> ${formatSlot(slot, offer.zone)}</label>`,
    )}
  </fieldset>
  <p><button type="submit">Book this call</button></p>
</form>`;
  return frame('Book a call', html`<h1>Book a call</h1>${error}${booked}${hours}${form}`);
}

/** The answer to a booking. */
export function bookedPage(slot: Date, offer: Pick<SlotOffer, 'zone' | 'teamName'>): string {
  return frame(
    'Call requested',
    html`<h1>Thank you</h1><p class="flash ok" role="status">We have your request for a call at ${formatSlot(slot, offer.zone)}. ${offer.teamName} will confirm it by email.</p>`,
  );
}

/** A refused link or booking, said plainly. */
export function callbackErrorPage(status: number, message: string): string {
  const title = status === 410 ? 'This link has expired' : status === 403 ? 'This link is not valid' : status === 409 ? 'That time is taken' : 'We could not book the call';
  return frame(title, html`<h1>${title}</h1><p class="flash error" role="alert">${message}</p>`);
}
