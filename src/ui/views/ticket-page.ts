/**
 * The ticket page, composed: what the customer said, the conversation and the reply box, the human
 * tasks with their actions and notes, why the ticket escalated, and what the engine did with it.
 * A stand-alone human task (opened through the API, no ticket) gets the human parts only.
 */
import type { Task } from '../../engine/types.ts';
import type { HumanTask } from '../../human/types.ts';
import { html, type Html } from '../html.ts';
import { errorFlash, flashFor, kv, show, statusBadge, str, timeTag } from './format.ts';
import { conversationSection, customerSection, ticketOf, type ReplyBox } from './ticket-customer.ts';
import { analysisSection, decisionSection } from './ticket-decision.ts';
import { humanTasksSection, notesSection, type HumanPanelModel } from './ticket-human.ts';
import { effectsSection, runsSection, schedulesSection } from './ticket-timeline.ts';

export interface TicketPageModel extends HumanPanelModel {
  task: Task;
  reply: ReplyBox | null;
  flash?: unknown;
  error?: string;
}

/** The page's title: the ticket id and subject (text; the layout escapes it). */
export function ticketTitle(task: Task): string {
  const ticket = ticketOf(task.data);
  const id = str(ticket.id) ?? task._id;
  return `${id}: ${str(ticket.subject) ?? '(no subject)'}`;
}

const CONTENTS: [string, string][] = [
  ['customer-words', "Customer's words"],
  ['conversation', 'Conversation'],
  ['human-task', 'Human task'],
  ['notes', 'Internal notes'],
  ['why', 'Escalation decision'],
  ['analysis', 'Classification and sentiment'],
  ['runs', 'Step runs'],
  ['effects', 'Effects'],
  ['schedules', 'Follow-ups'],
];

export function ticketPage(model: TicketPageModel): Html {
  const { task } = model;
  return html`<h1>${ticketTitle(task)}</h1>
${flashFor(model.flash)}${errorFlash(model.error)}
<div class="panel">
  ${kv([
    ['Pipeline state', statusBadge(task.meta.state)],
    ['Ticket id', show(ticketOf(task.data).id)],
    ['Task id', task._id],
    ['Received', timeTag(task.meta.createdAt)],
    ['Last change', timeTag(task.meta.updatedAt)],
    ['Flags', task.meta.flags.length ? task.meta.flags.join(', ') : undefined],
    ['Why it failed', task.meta.error ?? undefined],
  ])}
</div>
<nav aria-label="On this page" class="contents"><ul>${CONTENTS.map(([id, label]) => html`<li><a href="#${id}">${label}</a></li>`)}</ul></nav>
${customerSection(task.data)}
${conversationSection(task.data, model.reply)}
${humanTasksSection(model)}
${notesSection(model)}
${decisionSection(task.data)}
${analysisSection(task.data, task.meta.runs)}
${runsSection(task.meta.runs)}
${effectsSection(task.meta.effects)}
${schedulesSection(task.meta.schedules)}`;
}

/** The page of a human task with no ticket behind it: its context package and the human parts. */
export function standaloneTaskPage(model: HumanPanelModel & { task: HumanTask; flash?: unknown; error?: string }): Html {
  return html`<h1>${model.task.title}</h1>
${flashFor(model.flash)}${errorFlash(model.error)}
<p class="muted">A stand-alone ${model.task.type} task: it belongs to no ticket.</p>
${humanTasksSection({ ...model, tasks: [model.task] })}
${notesSection({ ...model, tasks: [model.task] })}
<section aria-labelledby="context"><h2 id="context">Context</h2>
<pre class="quote">${JSON.stringify(model.task.context, null, 2)}</pre></section>`;
}
