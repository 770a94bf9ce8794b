/**
 * The inbox page: filters (a GET form, so the URL is the view), the count of open tasks, and the
 * table, which htmx re-fetches every few seconds from `/ui/inbox/rows` with the same query.
 */
import { OPEN_STATUSES } from '../../human/common.ts';
import { HUMAN_PRIORITIES } from '../../human/types.ts';
import { html, type Html } from '../html.ts';
import { errorFlash, flashFor } from './format.ts';
import { inboxSearch, type InboxQuery } from './inbox-query.ts';
import { inboxLive, openCount, type InboxModel } from './inbox-rows.ts';

export interface InboxPageModel extends InboxModel {
  /** Teams the principal may filter by, as [id, name]. */
  teams: [string, string][];
  /** Usernames for the assignee filter; empty without a user directory. */
  people: string[];
  flash?: unknown;
  error?: string;
}

function options(values: readonly (readonly [string, string])[], selected: string | undefined, anyLabel: string): Html {
  return html`<option value="">${anyLabel}</option>${values.map(
    ([value, label]) => html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`,
  )}`;
}

function filterForm(model: InboxPageModel): Html {
  const q = model.query;
  const people: [string, string][] = [['me', 'Me'], ['unassigned', 'Unassigned'], ...model.people.map((p): [string, string] => [p, p])];
  if (q.assignee && !people.some(([value]) => value === q.assignee)) people.push([q.assignee, q.assignee]);
  return html`<form method="get" action="/ui" class="filters panel" role="search" aria-label="Filter the inbox">
    <div><label for="f-team">Team</label><select id="f-team" name="team">${options(model.teams, q.team, 'All my teams')}</select></div>
    <div><label for="f-status">Status</label><select id="f-status" name="status">${options(OPEN_STATUSES.map((s) => [s, s.replace('_', ' ')] as const), q.status, 'Any open status')}</select></div>
    <div><label for="f-priority">Priority</label><select id="f-priority" name="priority">${options(HUMAN_PRIORITIES.map((p) => [p, p] as const), q.priority, 'Any priority')}</select></div>
    <div><label for="f-assignee">Assignee</label><select id="f-assignee" name="assignee">${options(people, q.assignee, 'Anyone')}</select></div>
    <div><button type="submit">Apply filters</button> <a href="/ui">Clear</a></div>
  </form>`;
}

export function inboxPage(model: InboxPageModel): Html {
  const search = inboxSearch(model.query, { page: model.query.page });
  return html`<h1>Inbox ${openCount(model.total)}</h1>
${flashFor(model.flash)}${errorFlash(model.error)}
${filterForm(model)}
<div id="inbox-live" hx-get="/ui/inbox/rows${search}" hx-trigger="every 5s" hx-swap="innerHTML">
${inboxLive(model)}
</div>`;
}
