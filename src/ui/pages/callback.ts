/**
 * The customer's callback page: the free slots grouped by day (a fieldset per day, its times in rows
 * of radio buttons), and the answers to it. Seen by customers who are not signed in, so it has no
 * navigation, no script, and nothing of the ticket but the team's name; the slots are shown in the
 * team's zone.
 *
 * Dates and times are written in the ticket's language (`support.classification.language`), which is
 * also the page's `lang`. The page's own fixed words stay English: replies/<lang>.yaml has no texts for
 * this page. Those English sentences carry `lang="en"` so a screen reader reads them as English, and
 * the dates inside them carry the page's language.
 */
import { formatSlot, type SlotOffer } from '../../callbacks/slots.ts';
import type { JsonObject } from '../../engine/types.ts';
import { html, type Html } from '../html.ts';

/** The ticket's language as a BCP 47 tag Intl accepts, or `en` (also for `und`, unknown). */
export function pageLanguage(data: Readonly<JsonObject> | undefined): string {
  const support = data?.support as JsonObject | undefined;
  const classification = support?.classification as JsonObject | undefined;
  const language = classification?.language;
  if (typeof language !== 'string' || language.trim() === '' || language.trim().toLowerCase() === 'und') return 'en';
  try {
    const [canonical] = Intl.getCanonicalLocales(language.trim());
    return canonical && canonical.length <= 35 ? canonical : 'en';
  } catch {
    return 'en';
  }
}

const isEnglish = (language: string) => language === 'en' || language.startsWith('en-');

/** Text in English on a page that may be in another language. */
function enAttr(language: string): Html {
  return isEnglish(language) ? html`` : html` lang="en"`;
}

/** A date written in the page's language, inside an English sentence. */
function localized(language: string, text: string): Html {
  return isEnglish(language) ? html`${text}` : html`<span lang="${language}">${text}</span>`;
}

function frame(title: string, language: string, body: Html): string {
  return html`<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<link rel="stylesheet" href="/ui/assets/app.css">
</head>
<body>
<main id="main" class="callback">
${body}
</main>
</body>
</html>`.value;
}

/** Calendar day of `at` in `zone`, as a sortable key (yyyy-mm-dd). */
function dayKey(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

function formatter(language: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(language, options);
  } catch {
    return new Intl.DateTimeFormat('en', options);
  }
}

export interface SlotDay {
  /** yyyy-mm-dd in the team's zone. */
  key: string;
  /** "Monday, 15 March" in the page's language. */
  label: string;
  slots: { at: Date; time: string }[];
}

/** The slots by calendar day in the team's zone, in order, with the day and time written in `language`. */
export function slotsByDay(slots: readonly Date[], zone: string, language: string): SlotDay[] {
  const dayLabel = formatter(language, { weekday: 'long', day: 'numeric', month: 'long', timeZone: zone });
  // `numeric` hours: "9:30 AM" in English fits a phone's three columns where "09:30 AM" wraps.
  const time = formatter(language, { hour: 'numeric', minute: '2-digit', timeZone: zone });
  const days: SlotDay[] = [];
  for (const at of slots) {
    const key = dayKey(at, zone);
    let day = days.at(-1);
    if (!day || day.key !== key) {
      day = { key, label: dayLabel.format(at), slots: [] };
      days.push(day);
    }
    day.slots.push({ at, time: time.format(at) });
  }
  return days;
}

export interface SlotPageOptions {
  /** Said above the form (a slot taken meanwhile). */
  error?: string;
  booked?: Date | null;
  /** The ticket's language (see `pageLanguage`); English when absent. */
  language?: string;
}

/** The slots to choose from, one fieldset per day. */
export function slotPage(offer: SlotOffer, action: string, options: SlotPageOptions = {}): string {
  const language = options.language ?? 'en';
  const en = enAttr(language);
  const hours = offer.teamHours
    ? html`<p class="muted"${en}>Times are in ${offer.zone}, during ${offer.teamName}'s working hours.</p>`
    : html`<p class="muted"${en}>${offer.teamName} has no published working hours, so these are 09:00-17:00 UTC on the next three days.</p>`;
  const booked = options.booked
    ? html`<p class="flash ok"${en}>You already have a call booked for ${localized(language, formatSlot(options.booked, offer.zone, language))}. Picking another time moves it.</p>`
    : '';
  const error = options.error ? html`<p class="flash error" role="alert"${en}>${options.error}</p>` : '';
  const days = slotsByDay(offer.slots, offer.zone, language);
  const form =
    offer.slots.length === 0
      ? html`<p${en}>There is no free time for a call in the next few days. Reply to our email and we will get back to you.</p>`
      : html`<form method="post" action="${action}" class="slots">
  <fieldset class="slot-picker">
    <legend${en}>Pick a time for ${offer.teamName} to call you</legend>
    ${days.map(
      (day, d) => html`<fieldset class="slot-day">
      <legend>${day.label}</legend>
      <div class="slot-times">${day.slots.map(
        (slot, i) =>
          html`<label class="slot"><input type="radio" name="slot" value="${slot.at.toISOString()}"${d === 0 && i === 0 ? html` required` : ''}> ${slot.time}</label>`,
      )}</div>
    </fieldset>`,
    )}
  </fieldset>
  <p><button type="submit"${en}>Book this call</button></p>
</form>`;
  return frame('Book a call', language, html`<h1${en}>Book a call</h1>${error}${booked}${hours}${form}`);
}

/** The answer to a booking. */
export function bookedPage(slot: Date, offer: Pick<SlotOffer, 'zone' | 'teamName'>, language = 'en'): string {
  const en = enAttr(language);
  return frame(
    'Call requested',
    language,
    html`<h1${en}>Thank you</h1><p class="flash ok" role="status"${en}>We have your request for a call at ${localized(language, formatSlot(slot, offer.zone, language))}. ${offer.teamName} will confirm it by email.</p>`,
  );
}

/** A refused link or booking, said plainly; the ticket is unknown here, so in English. */
export function callbackErrorPage(status: number, message: string): string {
  const title = status === 410 ? 'This link has expired' : status === 403 ? 'This link is not valid' : status === 409 ? 'That time is taken' : 'We could not book the call';
  return frame(title, 'en', html`<h1>${title}</h1><p class="flash error" role="alert">${message}</p>`);
}
