/**
 * The customer's callback page: the free slots grouped by day (a fieldset per day, its times in rows
 * of radio buttons), and the answers to it. Seen by customers who are not signed in, so it has no
 * navigation, no script, and nothing of the ticket but the team's name; the slots are shown in the
 * team's zone.
 *
 * Dates and times are written in the ticket's language (`support.classification.language`), which is
 * also the page's `lang`. The page's words are the `callback_page` texts of replies/<lang>.yaml for
 * that language (the policy's reply catalog resolves it), else English; words in another language than
 * the page's carry their own `lang` so a screen reader reads them right, and the dates inside them
 * carry the page's.
 */
import { defaultReplies, type ReplyTemplates } from '../../../connectors/llm/replies.ts';
import { formatSlot, type SlotOffer } from '../../callbacks/slots.ts';
import type { JsonObject } from '../../engine/types.ts';
import { html, type Html } from '../html.ts';

export type CallbackPageTexts = NonNullable<ReplyTemplates['callback_page']>;

/** The page's words and the language they are in. */
export interface PageWords {
  language: string;
  texts: CallbackPageTexts;
}

/** The shipped English words, for a language (or a replies folder) without `callback_page`. */
export function englishWords(): PageWords {
  const texts = defaultReplies().callback_page;
  if (!texts) throw new Error('replies/en.yaml has no callback_page texts');
  return { language: 'en', texts };
}

/** The words for a page in `language` from resolved reply templates: theirs when they have the section, else English. */
export function pageWords(resolved: { language: string; templates: ReplyTemplates }): PageWords {
  return resolved.templates.callback_page ? { language: resolved.language, texts: resolved.templates.callback_page } : englishWords();
}

/** A text with its placeholders filled by (escaped) values or markup. */
function sentence(template: string, values: Record<string, Html | string>): Html {
  const parts = template.split(/\{\{\s*([a-z_]+)\s*\}\}/);
  return html`${parts.map((part, i) => (i % 2 === 1 ? (values[part] ?? `{{${part}}}`) : part))}`;
}

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

const primary = (language: string) => language.split('-')[0]!.toLowerCase();

/** The `lang` of words in `words` on a page in `page`: none when they are the page's language. */
function langAttr(page: string, words: string): Html {
  return primary(page) === primary(words) ? html`` : html` lang="${words}"`;
}

/** A date written in the page's language, inside a sentence in `words`. */
function localized(page: string, words: string, text: string): Html {
  return primary(page) === primary(words) ? html`${text}` : html`<span lang="${page}">${text}</span>`;
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
  /** The page's words (see `pageWords`); English when absent. */
  words?: PageWords;
}

/** The slots to choose from, one fieldset per day. */
export function slotPage(offer: SlotOffer, action: string, options: SlotPageOptions = {}): string {
  const language = options.language ?? 'en';
  const { language: wordsLanguage, texts } = options.words ?? englishWords();
  const lang = langAttr(language, wordsLanguage);
  const hours = offer.teamHours
    ? html`<p class="muted"${lang}>${sentence(texts.hours, { zone: offer.zone, team: offer.teamName })}</p>`
    : html`<p class="muted"${lang}>${sentence(texts.no_hours, { team: offer.teamName })}</p>`;
  const booked = options.booked
    ? html`<p class="flash ok"${lang}>${sentence(texts.booked, { time: localized(language, wordsLanguage, formatSlot(options.booked, offer.zone, language)) })}</p>`
    : '';
  // Errors come from the server in English.
  const error = options.error ? html`<p class="flash error" role="alert"${langAttr(language, 'en')}>${options.error}</p>` : '';
  const days = slotsByDay(offer.slots, offer.zone, language);
  const form =
    offer.slots.length === 0
      ? html`<p${lang}>${texts.none_free}</p>`
      : html`<form method="post" action="${action}" class="slots">
  <fieldset class="slot-picker">
    <legend${lang}>${sentence(texts.pick, { team: offer.teamName })}</legend>
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
  <p><button type="submit"${lang}>${texts.submit}</button></p>
</form>`;
  return frame(texts.title, language, html`<h1${lang}>${texts.title}</h1>${error}${booked}${hours}${form}`);
}

/** The answer to a booking. */
export function bookedPage(slot: Date, offer: Pick<SlotOffer, 'zone' | 'teamName'>, language = 'en', words: PageWords = englishWords()): string {
  const lang = langAttr(language, words.language);
  const time = localized(language, words.language, formatSlot(slot, offer.zone, language));
  return frame(
    words.texts.thanks_title,
    language,
    html`<h1${lang}>${words.texts.thanks_title}</h1><p class="flash ok" role="status"${lang}>${sentence(words.texts.thanks, { time, team: offer.teamName })}</p>`,
  );
}

/** A refused link or booking, said plainly; the ticket is unknown here, so in English. */
export function callbackErrorPage(status: number, message: string): string {
  const title = status === 410 ? 'This link has expired' : status === 403 ? 'This link is not valid' : status === 409 ? 'That time is taken' : 'We could not book the call';
  return frame(title, 'en', html`<h1>${title}</h1><p class="flash error" role="alert">${message}</p>`);
}
