/**
 * The human side of a ticket page: each human task (who has it, by when, what happened to it, what the
 * customer wrote meanwhile), the actions on an open one (claim, assign, resolve with its form), and
 * the team's internal notes. Stand-alone tasks (no pipeline ticket) reuse the same panel.
 */
import { isOpen } from '../../human/common.ts';
import { MAX_NOTE_CHARS, type FormField, type HumanTask } from '../../human/types.ts';
import { canAssign, canSeeTeam, type Principal } from '../../server/principal.ts';
import { html, type Html } from '../html.ts';
import { csrfField } from '../layout.ts';
import { countdown, formatDate, kv, priorityBadge, show, statusBadge, timeTag } from './format.ts';

/** What a person typed into a form whose action failed, so the page shows it again. */
export interface FormInput {
  action: 'claim' | 'assign' | 'resolve' | 'note' | 'reply';
  humanTaskId?: string;
  body: Record<string, unknown>;
}

export interface HumanPanelModel {
  tasks: HumanTask[];
  principal: Principal;
  csrf: string;
  now: Date;
  teamName: (id: string) => string;
  /** Policy teams as [id, name], for moving a task to another team. */
  teams: [string, string][];
  /** Usernames by team for the Assign select; null without a user directory. */
  assignees: Map<string, string[]> | null;
  input?: FormInput;
}

/**
 * The decisions offered, with what the example policy's `on_human_complete` does with each:
 * `resolved`/`approved` set `human.resolved` (COMPLETE), `needs_agent` hands back to the automation,
 * `needs_followup` keeps the case open (CONTINUE).
 */
export function decisionOptions(task: Pick<HumanTask, 'type'>): [string, string][] {
  const base: [string, string][] = [
    ['resolved', 'Resolved: the issue is solved and the ticket closes'],
    ['needs_followup', 'Needs follow-up: keep the case open'],
    ['needs_agent', 'Hand back to the automation: it answers the customer'],
  ];
  if (task.type === 'approval' || task.type === 'decision') {
    return [['approved', 'Approved (closes the ticket)'], ['rejected', 'Rejected'], ...base];
  }
  return base;
}

function inputFor(model: HumanPanelModel, task: HumanTask, action: FormInput['action']): Record<string, unknown> | undefined {
  const input = model.input;
  return input && input.action === action && input.humanTaskId === task._id ? input.body : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function fieldControl(task: HumanTask, field: FormField, values: Record<string, unknown> | undefined): Html {
  const id = `field-${task._id}-${field.name}`;
  const name = `field_${field.name}`;
  const value = text(values?.[name]);
  const label = html`<label for="${id}">${field.label}${field.required ? ' (required)' : ''}</label>`;
  const required = field.required ? html` required` : '';
  switch (field.type) {
    case 'boolean':
      return html`<label class="check" for="${id}"><input type="checkbox" id="${id}" name="${name}" value="true"${value === 'true' ? html` checked` : ''}> ${field.label}</label>`;
    case 'textarea':
      return html`${label}<textarea id="${id}" name="${name}"${required}>${value}</textarea>`;
    case 'select':
      return html`${label}<select id="${id}" name="${name}"${required}>
        <option value="">Choose…</option>
        ${(field.options ?? []).map((option) => html`<option value="${option}"${option === value ? html` selected` : ''}>${option}</option>`)}
      </select>`;
    case 'number':
      return html`${label}<input type="number" step="any" id="${id}" name="${name}" value="${value}"${required}>`;
    case 'date':
      return html`${label}<input type="date" id="${id}" name="${name}" value="${value}"${required}>`;
    default:
      return html`${label}<input type="text" id="${id}" name="${name}" value="${value}"${required}>`;
  }
}

function resolveForm(task: HumanTask, model: HumanPanelModel): Html {
  const values = inputFor(model, task, 'resolve');
  const chosen = text(values?.decision);
  return html`<form method="post" action="/ui/human-tasks/${task._id}/resolve" class="panel resolve">
    <h4>Resolve</h4>
    ${csrfField(model.csrf)}
    <label for="decision-${task._id}">Decision (required)</label>
    <select id="decision-${task._id}" name="decision" required>
      ${decisionOptions(task).map(([value, label]) => html`<option value="${value}"${value === chosen ? html` selected` : ''}>${label}</option>`)}
    </select>
    ${task.fields.map((field) => fieldControl(task, field, values))}
    <label for="resolve-notes-${task._id}">Resolution notes (optional, kept with the ticket)</label>
    <textarea id="resolve-notes-${task._id}" name="notes" maxlength="10000">${text(values?.notes)}</textarea>
    <p><button type="submit">Resolve</button></p>
  </form>`;
}

function assignForms(task: HumanTask, model: HumanPanelModel): Html {
  const names = model.assignees?.get(task.team);
  const personId = `assign-${task._id}`;
  const person = names?.length
    ? html`<select id="${personId}" name="assignedTo" required><option value="">Choose a person</option>${names.map((n) => html`<option value="${n}"${n === task.assignedTo ? html` selected` : ''}>${n}</option>`)}</select>`
    : html`<input type="text" id="${personId}" name="assignedTo" required autocomplete="off" placeholder="username">`;
  const teamId = `move-${task._id}`;
  return html`<div class="grid">
    <form method="post" action="/ui/human-tasks/${task._id}/assign" class="panel">
      ${csrfField(model.csrf)}
      <label for="${personId}">Assign to a person</label>${person}
      <p><button type="submit" class="secondary">Assign</button></p>
    </form>
    <form method="post" action="/ui/human-tasks/${task._id}/assign" class="panel">
      ${csrfField(model.csrf)}
      <label for="${teamId}">Move to a team</label>
      <select id="${teamId}" name="assignedToTeam" required>${model.teams.map(([id, name]) => html`<option value="${id}"${id === task.team ? html` selected` : ''}>${name}</option>`)}</select>
      <p><button type="submit" class="secondary">Move</button></p>
    </form>
  </div>`;
}

function actions(task: HumanTask, model: HumanPanelModel): Html {
  if (!isOpen(task)) return html``;
  if (!canSeeTeam(model.principal, task.team)) return html`<p class="muted">This task belongs to ${model.teamName(task.team)}; only that team can act on it.</p>`;
  const me = model.principal.username;
  const claimable = task.assignedTo === null || (task.assignedTo === me && task.claimedAt === null);
  const claim = claimable
    ? html`<form method="post" action="/ui/human-tasks/${task._id}/claim" class="inline">${csrfField(model.csrf)}<button type="submit" id="claim-${task._id}">Claim this task</button></form>`
    : task.assignedTo !== me
      ? html`<p>Held by <strong>${task.assignedTo}</strong>: only they can resolve it unless it is reassigned.</p>`
      : html``;
  const mayResolve = task.assignedTo === null || task.assignedTo === me;
  return html`<h4>Actions</h4>
    ${claim}
    ${canAssign(model.principal) ? assignForms(task, model) : ''}
    ${mayResolve ? resolveForm(task, model) : ''}`;
}

function eventsTable(task: HumanTask): Html {
  const events = task.events.filter((e) => e.kind !== 'note');
  return html`<div class="table-wrap" tabindex="0"><table class="responsive events">
    <caption>History of this task (internal notes are listed under Internal notes)</caption>
    <thead><tr><th scope="col">When</th><th scope="col">What</th><th scope="col">By</th><th scope="col">Detail</th></tr></thead>
    <tbody>${events.map((e) => html`<tr>
      <td data-label="When">${timeTag(e.at)}</td><td data-label="What">${e.kind.replace('_', ' ')}</td>
      <td data-label="By">${show(e.by)}</td><td data-label="Detail">${show(e.detail)}</td>
    </tr>`)}</tbody>
  </table></div>`;
}

function resolutionKv(task: HumanTask): Html {
  const r = task.resolution;
  if (!r) return html``;
  const fields = Object.entries(r.fields);
  return html`<h4>Resolution</h4>${kv([
    ['Decision', r.decision],
    ['By', r.respondedBy],
    ['At', timeTag(r.resolvedAt)],
    ['Notes', r.notes !== undefined ? html`<span class="quote">${r.notes}</span>` : undefined],
    ...fields.map(([name, value]): [string, string] => [task.fields.find((f) => f.name === name)?.label ?? name, show(value)]),
  ])}`;
}

function taskPanel(task: HumanTask, model: HumanPanelModel, anchor: string): Html {
  const open = isOpen(task);
  return html`<article class="panel human-task" id="${anchor}" aria-labelledby="${anchor}-title">
    <h3 id="${anchor}-title">${task.title}</h3>
    ${kv([
      ['Status', statusBadge(task.status)],
      ['Type', task.type],
      ['Team', model.teamName(task.team)],
      ['Queue', task.queue],
      ['Priority', priorityBadge(task.priority)],
      ['Assignee', task.assignedTo ?? 'unassigned'],
      ['Due', open ? html`${countdown(task.dueAt, model.now)} <span class="muted">(${formatDate(task.dueAt)})</span>` : timeTag(task.dueAt)],
      ['Escalation level', `${task.level + 1} of ${task.escalationChain.length} (${task.escalationChain.map(model.teamName).join(' → ')})`],
      ['Opened', timeTag(task.createdAt)],
    ])}
    ${resolutionKv(task)}
    <h4>Customer messages during the handoff</h4>
    ${task.messages.length
      ? html`<ol class="conversation plain">${task.messages.map((m) => html`<li><p>${timeTag(m.at)}</p><div class="quote customer">${m.content}</div></li>`)}</ol>`
      : html`<p class="muted">None.</p>`}
    ${actions(task, model)}
    <h4>History</h4>
    ${eventsTable(task)}
  </article>`;
}

/** The tasks, open ones first; the first carries the `human-task` anchor links and notifications use. */
export function humanTasksSection(model: HumanPanelModel): Html {
  const ordered = [...model.tasks].sort((a, b) => Number(isOpen(b)) - Number(isOpen(a)) || b.createdAt.getTime() - a.createdAt.getTime());
  return html`<section aria-labelledby="human-tasks-heading">
  <h2 id="human-tasks-heading">Human ${ordered.length === 1 ? 'task' : 'tasks'}</h2>
  ${ordered.length
    ? ordered.map((task, i) => taskPanel(task, model, i === 0 ? 'human-task' : `human-task-${task._id}`))
    : html`<p class="muted" id="human-task">This ticket has no human task: the automation is handling it.</p>`}
</section>`;
}

/** The task a new note goes to: the open one, else the most recent. */
export function noteTarget(tasks: HumanTask[]): HumanTask | undefined {
  return tasks.find(isOpen) ?? [...tasks].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

export function notesSection(model: HumanPanelModel): Html {
  const notes = model.tasks
    .flatMap((task) => task.events.filter((e) => e.kind === 'note').map((e) => ({ ...e, task })))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  const target = noteTarget(model.tasks);
  const draft = target ? text(inputFor(model, target, 'note')?.text) : '';
  const form = !target
    ? html`<p class="muted">This ticket has no human task, so there is nowhere to keep internal notes yet.</p>`
    : canSeeTeam(model.principal, target.team)
      ? html`<form method="post" action="/ui/human-tasks/${target._id}/notes" class="panel">
          ${csrfField(model.csrf)}
          <label for="note-text">Add an internal note (the customer never sees it)</label>
          <textarea id="note-text" name="text" required maxlength="${MAX_NOTE_CHARS}">${draft}</textarea>
          <p><button type="submit">Add note</button></p>
        </form>`
      : html``;
  return html`<section aria-labelledby="notes">
  <h2 id="notes">Internal notes</h2>
  ${notes.length
    ? html`<ol class="notes plain">${notes.map((n) => html`<li><p><strong>${show(n.by)}</strong> · ${timeTag(n.at)}${model.tasks.length > 1 ? html` <span class="muted">on ${n.task.title}</span>` : ''}</p><div class="quote">${show(n.detail)}</div></li>`)}</ol>`
    : html`<p class="muted">No notes yet.</p>`}
  ${form}
</section>`;
}
