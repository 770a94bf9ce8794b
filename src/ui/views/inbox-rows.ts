/**
 * The inbox table: one row per open human task, most urgent first, with the live SLA countdown and
 * the Claim / Assign controls. The same markup is the polled fragment (`/ui/inbox/rows`), so the page
 * and its refresh can never drift apart.
 */
import type { HumanTask } from '../../human/types.ts';
import { canAssign, canSeeTeam, type Principal } from '../../server/principal.ts';
import { html, type Html } from '../html.ts';
import { csrfField } from '../layout.ts';
import { countdown, obj, priorityBadge, statusBadge, str } from './format.ts';
import { inboxSearch, PAGE_SIZE, type InboxQuery } from './inbox-query.ts';

export interface InboxModel {
  items: HumanTask[];
  total: number;
  query: InboxQuery;
  principal: Principal;
  csrf: string;
  now: Date;
  teamName: (id: string) => string;
  /** Usernames a lead may assign to, by team; null when there is no user directory (a text box then). */
  assignees: Map<string, string[]> | null;
}

/** Where a task's details are: its ticket's page, or its own page for a stand-alone task. */
export function taskHref(task: Pick<HumanTask, '_id' | 'taskId'>): string {
  return task.taskId ? `/ui/tasks/${encodeURIComponent(task.taskId)}#human-task` : `/ui/human-tasks/${encodeURIComponent(task._id)}`;
}

/**
 * The ticket's subject, id and customer from the context package (the handoff's shape, or a plain
 * `ticket` object): the inbox never reads the pipeline tasks, so a page costs one store query.
 */
export function ticketSummary(task: HumanTask): { subject: string; ticketId?: string; customer?: string } {
  const context = obj(task.context);
  const summary = obj(context.ticketSummary);
  const ticket = obj(context.ticket);
  const fields = obj(context.fields);
  const profile = obj(context.customerProfile);
  const subject = str(summary.subject) ?? str(ticket.subject) ?? task.title;
  const ticketId = str(summary.id) ?? str(ticket.id) ?? str(fields['support.ticket.id']);
  const email = str(fields['support.ticket.customerEmail']) ?? str(ticket.customerEmail);
  const tier = str(profile.tier) ?? str(fields['support.customer.tier']);
  const who = email ?? str(profile.id);
  const customer = who && tier ? `${who} (${tier})` : (who ?? tier);
  return { subject, ...(ticketId ? { ticketId } : {}), ...(customer ? { customer } : {}) };
}

function assignControl(task: HumanTask, model: InboxModel, next: string, label: string): Html {
  const id = `assign-${task._id}`;
  const names = model.assignees?.get(task.team);
  const input = names?.length
    ? html`<select id="${id}" name="assignedTo" required>
        <option value="">Choose a person</option>
        ${names.map((name) => html`<option value="${name}"${name === task.assignedTo ? html` selected` : ''}>${name}</option>`)}
      </select>`
    : html`<input type="text" id="${id}" name="assignedTo" required autocomplete="off" placeholder="username">`;
  return html`<form method="post" action="/ui/human-tasks/${task._id}/assign" class="inline assign">
      ${csrfField(model.csrf)}<input type="hidden" name="next" value="${next}">
      <label class="sr-only" for="${id}">Assign ${label} to</label>${input}
      <button type="submit" class="secondary" id="assign-button-${task._id}">Assign<span class="sr-only"> ${label}</span></button>
    </form>`;
}

function actions(task: HumanTask, model: InboxModel, label: string): Html {
  const next = `/ui${inboxSearch(model.query, { page: model.query.page })}`;
  const me = model.principal.username;
  const claimable = task.assignedTo === null || (task.assignedTo === me && task.claimedAt === null);
  const claim = claimable && canSeeTeam(model.principal, task.team)
    ? html`<form method="post" action="/ui/human-tasks/${task._id}/claim" class="inline">
        ${csrfField(model.csrf)}<input type="hidden" name="next" value="${next}">
        <button type="submit" id="claim-${task._id}">Claim<span class="sr-only"> ${label}</span></button>
      </form>`
    : html``;
  const assign = canAssign(model.principal) ? assignControl(task, model, next, label) : html``;
  return html`${claim} ${assign}`;
}

function row(task: HumanTask, model: InboxModel): Html {
  const { subject, ticketId, customer } = ticketSummary(task);
  const label = ticketId ? `${ticketId}: ${subject}` : subject;
  return html`<tr id="row-${task._id}">
    <td data-label="Ticket"><div><a href="${taskHref(task)}">${subject}</a><div class="muted">${ticketId ? `${ticketId} · ` : ''}${task.type}</div></div></td>
    <td data-label="Customer">${customer ?? html`<span class="muted">—</span>`}</td>
    <td data-label="Team">${model.teamName(task.team)}</td>
    <td data-label="Priority">${priorityBadge(task.priority)}</td>
    <td data-label="Status">${statusBadge(task.status)}</td>
    <td data-label="Assignee">${task.assignedTo ?? html`<span class="muted">unassigned</span>`}</td>
    <td data-label="Due">${countdown(task.dueAt, model.now)}</td>
    <td data-label="Actions"><div>${actions(task, model, label)}</div></td>
  </tr>`;
}

function pager(model: InboxModel): Html {
  const pages = Math.max(1, Math.ceil(model.total / PAGE_SIZE));
  const page = model.query.page;
  const first = model.total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const last = Math.min(model.total, page * PAGE_SIZE);
  const prev = page > 1 ? html`<a href="/ui${inboxSearch(model.query, { page: page - 1 })}" rel="prev">Previous page</a>` : html``;
  const next = page < pages ? html`<a href="/ui${inboxSearch(model.query, { page: page + 1 })}" rel="next">Next page</a>` : html``;
  return html`<nav class="pager" aria-label="Inbox pages">
    <span>Page ${page} of ${pages} (tasks ${first}–${last} of ${model.total})</span> ${prev} ${next}
  </nav>`;
}

/** The count shown in the heading; `oob` marks it for htmx to replace from a polled fragment. */
export function openCount(total: number, oob = false): Html {
  return html`<span id="open-count"${oob ? html` hx-swap-oob="true"` : ''}>(${total} open)</span>`;
}

/** What the page polls: the table and the pager (and, out of band, the heading's count). */
export function inboxLive(model: InboxModel, options: { oob?: boolean } = {}): Html {
  const rows = model.items.length
    ? model.items.map((task) => row(task, model))
    : html`<tr><td colspan="8">No open tasks match these filters.</td></tr>`;
  return html`${options.oob ? openCount(model.total, true) : ''}
<div class="table-wrap" tabindex="0">
<table class="responsive inbox">
  <caption>Open human tasks, most urgent first${model.total > PAGE_SIZE ? html`, ${PAGE_SIZE} per page` : ''}</caption>
  <thead><tr>
    <th scope="col">Ticket</th><th scope="col">Customer</th><th scope="col">Team</th><th scope="col">Priority</th>
    <th scope="col">Status</th><th scope="col">Assignee</th><th scope="col">Due</th><th scope="col">Actions</th>
  </tr></thead>
  <tbody>${rows}</tbody>
</table>
</div>
${pager(model)}`;
}
