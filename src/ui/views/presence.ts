/**
 * Presence as the workspace shows it: what a person set, and when their teams' hours make them count
 * as away right now, that too, team by team (src/assignment/presence.ts decides). The header control
 * is a plain form (select + button) so it works without script.
 */
import { effectivePresence } from '../../assignment/presence.ts';
import type { Team } from '../../policy/schema.ts';
import type { Principal } from '../../server/principal.ts';
import { PRESENCES, type Presence } from '../../users/types.ts';
import { html, type Html } from '../html.ts';

export interface PresenceView {
  /** As the person set it. */
  presence: Presence;
  /** Why it does not hold right now, e.g. "away: outside team hours" (absent when it holds). */
  note?: string;
}

/** The presence of someone in `teams` (policy team ids) at `at`, with a note when a team's hours overrule it. */
export function presenceView(user: { presence: Presence; teams: string[] }, teams: Record<string, Pick<Team, 'calendar' | 'name'>>, at: Date): PresenceView {
  const differing: { team: string; presence: Presence; because?: string }[] = [];
  const known = user.teams.filter((id) => teams[id]);
  for (const id of known) {
    const effective = effectivePresence(user, teams[id]!, at);
    if (effective.presence !== user.presence) differing.push({ team: teams[id]!.name, presence: effective.presence, ...(effective.because ? { because: effective.because } : {}) });
  }
  if (differing.length === 0) return { presence: user.presence };
  // Every team overrules it the same way: one short note; otherwise name the teams it applies to.
  const reason = (d: (typeof differing)[number], where = '') => `${d.presence}${where}${d.because ? `: ${d.because}` : ''}`;
  const alike = new Set(differing.map((d) => reason(d)));
  if (differing.length === known.length && alike.size === 1) return { presence: user.presence, note: [...alike][0]! };
  return { presence: user.presence, note: differing.map((d) => reason(d, ` in ${d.team}`)).join('; ') };
}

/** Read-only text: "available (away: outside team hours)". */
export function presenceText(view: PresenceView): Html {
  return html`<span class="presence-state presence-${view.presence}">${view.presence}</span>${view.note ? html` <span class="presence-note">(${view.note})</span>` : ''}`;
}

/**
 * What the page header needs to draw the control: the view and where to come back to after the POST.
 * Set per request by the /ui scope (src/ui/pages/presence.ts) and read by the layout, which is
 * synchronous and has no request: keyed by the request's principal object, so it lives as long as
 * the request does.
 */
export interface HeaderPresence extends PresenceView {
  returnTo: string;
}

const byPrincipal = new WeakMap<Principal, HeaderPresence>();

export function rememberHeaderPresence(principal: Principal, value: HeaderPresence): void {
  byPrincipal.set(principal, value);
}

export function headerPresenceOf(principal: Principal | undefined): HeaderPresence | undefined {
  return principal ? byPrincipal.get(principal) : undefined;
}

/** The header's form: the current value selected, a labelled select and a submit button. */
export function presenceControl(value: HeaderPresence, csrf: string | undefined): Html {
  return html`<form method="post" action="/ui/me/presence" class="presence" id="presence-form">
  ${csrf ? html`<input type="hidden" name="_csrf" value="${csrf}">` : ''}<input type="hidden" name="next" value="${value.returnTo}">
  <label for="presence-select">Presence</label>
  <select id="presence-select" name="presence"${value.note ? html` aria-describedby="presence-note"` : ''}>${PRESENCES.map(
    (p) => html`<option value="${p}"${p === value.presence ? html` selected` : ''}>${p}</option>`,
  )}</select>
  <button type="submit" class="secondary small">Set</button>
  ${value.note ? html`<span class="presence-note" id="presence-note">(${value.note})</span>` : ''}
</form>`;
}
