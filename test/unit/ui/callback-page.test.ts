/**
 * The customer's callback page as rendered: slots grouped under one fieldset per day in the team's
 * zone, each slot under its own day; `lang` and the written dates follow the ticket's language.
 */
import { describe, expect, it } from 'vitest';
import { candidateSlots } from '../../../src/callbacks/slots.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import { bookedPage, pageLanguage, pageWords, slotPage, slotsByDay } from '../../../src/ui/pages/callback.ts';
import { loadRepliesDir, type ReplyTemplates } from '../../../connectors/llm/replies.ts';
import type { SlotOffer } from '../../../src/callbacks/slots.ts';

const FRIDAY_NIGHT = new Date('2027-03-12T23:00:00Z');

/** Three London working days of half hours, as the finance team offers them. */
function londonOffer(): SlotOffer {
  const slots: Date[] = [];
  for (const day of ['2027-03-15', '2027-03-16', '2027-03-17']) {
    for (let h = 9; h < 17; h++) for (const m of ['00', '30']) slots.push(new Date(`${day}T${String(h).padStart(2, '0')}:${m}:00Z`));
  }
  return { team: 'finance', teamName: 'Billing and Finance', zone: 'Europe/London', teamHours: true, slots };
}

/** The day fieldsets of a rendered page: legend and the slot values under it. */
function groups(page: string): { legend: string; values: string[] }[] {
  const out: { legend: string; values: string[] }[] = [];
  for (const match of page.matchAll(/<fieldset class="slot-day">([\s\S]*?)<\/fieldset>/g)) {
    const body = match[1]!;
    const legend = /<legend>([^<]*)<\/legend>/.exec(body)?.[1] ?? '';
    out.push({ legend, values: [...body.matchAll(/name="slot" value="([^"]+)"/g)].map((m) => m[1]!) });
  }
  return out;
}

describe('callback page', () => {
  it('groups the slots by day: one fieldset per day, each slot under its day', () => {
    const offer = londonOffer();
    const page = slotPage(offer, '/callback/x');
    const days = groups(page);
    expect(days.map((d) => d.legend)).toEqual(['Monday, March 15', 'Tuesday, March 16', 'Wednesday, March 17']);
    for (const day of days) {
      expect(day.values).toHaveLength(16);
      const date = { Monday: '2027-03-15', Tuesday: '2027-03-16', Wednesday: '2027-03-17' }[day.legend.split(',')[0]!]!;
      for (const value of day.values) expect(value.startsWith(date)).toBe(true);
    }
    // Every slot is offered exactly once, and only one radio carries `required` (it covers the group).
    expect(days.flatMap((d) => d.values)).toEqual(offer.slots.map((s) => s.toISOString()));
    expect(page.match(/ required>/g)).toHaveLength(1);
    expect(page).toContain('<html lang="en">');
    expect(page).not.toMatch(/<script/);
  });

  it('splits days at midnight in the team zone, not in UTC', () => {
    // 23:30 UTC on the 15th is 08:30 on the 16th in Tokyo.
    const days = slotsByDay([new Date('2027-03-15T14:30:00Z'), new Date('2027-03-15T23:30:00Z')], 'Asia/Tokyo', 'en');
    expect(days.map((d) => [d.key, d.slots.map((s) => s.time)])).toEqual([
      ['2027-03-15', ['11:30 PM']],
      ['2027-03-16', ['8:30 AM']],
    ]);
  });

  it('uses the ticket language for lang and the dates; the fixed English words say lang="en"', () => {
    const language = pageLanguage({ support: { classification: { language: 'de' } } });
    expect(language).toBe('de');
    const page = slotPage(londonOffer(), '/callback/x', { language, booked: new Date('2027-03-16T10:00:00Z') });
    expect(page).toContain('<html lang="de">');
    expect(groups(page).map((d) => d.legend)).toEqual(['Montag, 15. März', 'Dienstag, 16. März', 'Mittwoch, 17. März']);
    expect(page).toMatch(/value="2027-03-15T10:00:00.000Z"> 10:00<\/label>/);
    expect(page).toContain('<h1 lang="en">Book a call</h1>');
    expect(page).toMatch(/booked for <span lang="de">Dienstag, 16\. März um 10:00 [^<]*<\/span>/);
  });

  it('falls back to English for an unknown or malformed language', () => {
    expect(pageLanguage({ support: { classification: { language: 'und' } } })).toBe('en');
    expect(pageLanguage({ support: { classification: { language: 'not a tag!' } } })).toBe('en');
    expect(pageLanguage({})).toBe('en');
    expect(pageLanguage({ support: { classification: { language: 'pt-br' } } })).toBe('pt-BR');
  });

  it('groups what the finance calendar offers into its three working days', async () => {
    const policy = await loadPolicy();
    const offer = candidateSlots(policy, 'finance', FRIDAY_NIGHT);
    const days = groups(slotPage(offer, '/callback/x'));
    expect(days).toHaveLength(3);
    expect(days.map((d) => d.values.length)).toEqual([16, 16, 16]);
  });
});

/** The shipped replies of `language` (replies/<language>.yaml). */
function shipped(language: string): ReplyTemplates {
  return loadRepliesDir(new URL('../../../replies', import.meta.url).pathname).get(language)!;
}

describe('the page in the words of the replies', () => {
  const offer: SlotOffer = {
    zone: 'Europe/Berlin',
    teamName: 'Technik <&>',
    teamHours: true,
    slots: [new Date('2027-03-15T09:00:00Z'), new Date('2027-03-15T09:30:00Z')],
  } as SlotOffer;

  it('a language with callback_page texts gets them, placeholders filled and escaped, unmarked', () => {
    const german = pageWords({ language: 'de', templates: shipped('de') });
    const page = slotPage(offer, '/callback/t', { language: 'de', words: german, booked: new Date('2027-03-15T09:00:00Z') });
    expect(page).toContain('<h1>Anruf vereinbaren</h1>');
    expect(page).toContain('Wählen Sie eine Zeit, zu der Technik &lt;&amp;&gt; Sie anruft');
    expect(page).toContain('Die Zeiten gelten in Europe/Berlin');
    expect(page).toMatch(/Sie haben bereits einen Anruf für Montag, 15\. März/);
    expect(page).not.toContain('lang="en"');
    expect(page).not.toContain('{{');
    const thanks = bookedPage(new Date('2027-03-15T09:00:00Z'), offer, 'de', german);
    expect(thanks).toContain('<h1>Vielen Dank</h1>');
    expect(thanks).toContain('Technik &lt;&amp;&gt; bestätigt ihn per E-Mail');
  });

  it('without texts for the language, the words are English and marked lang="en", the dates stay in the page language', () => {
    const english = pageWords({ language: 'nl', templates: { ...shipped('en'), callback_page: undefined } });
    const page = slotPage(offer, '/callback/t', { language: 'nl', words: english, booked: new Date('2027-03-15T09:00:00Z') });
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('<h1 lang="en">Book a call</h1>');
    expect(page).toMatch(/<span lang="nl">maandag 15 maart/);
  });
});
