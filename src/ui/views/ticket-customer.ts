/**
 * The customer's side of a ticket page: their words (subject, description, who they are) and the whole
 * conversation, with the box an agent answers them from. Everything here is customer text or agent
 * text, so it only ever goes through `html` interpolation (escaped) inside `white-space: pre-wrap`.
 */
import type { JsonObject } from '../../engine/types.ts';
import { html, type Html } from '../html.ts';
import { csrfField } from '../layout.ts';
import { arr, kv, num, obj, show, str, timeTag } from './format.ts';

/** Ticket fields shown in their own places, not again in the list of other fields. */
const SHOWN = new Set(['subject', 'description', 'id', 'customerEmail', 'customerId', 'customerTier', 'accountValue', 'previousTicketCount', 'channel']);

export function ticketOf(data: JsonObject): JsonObject {
  return obj(obj(data.support).ticket);
}

export function customerSection(data: JsonObject): Html {
  const ticket = ticketOf(data);
  const customer = obj(obj(data.support).customer);
  const extra = Object.entries(ticket).filter(([key, value]) => !SHOWN.has(key) && value !== null && typeof value !== 'object');
  const accountValue = num(customer.accountValue) ?? num(ticket.accountValue);
  return html`<section aria-labelledby="customer-words">
  <h2 id="customer-words">The customer's words</h2>
  <div class="panel">
    <h3>Subject</h3>
    <p class="quote">${str(ticket.subject) ?? '(no subject)'}</p>
    <h3>Description</h3>
    <div class="quote customer">${str(ticket.description) ?? '(no description)'}</div>
    <h3>Customer</h3>
    ${kv([
      ['Email', str(customer.email) ?? str(ticket.customerEmail) ?? '—'],
      ['Customer id', str(customer.id) ?? str(ticket.customerId) ?? '—'],
      ['Tier', str(customer.tier) ?? str(ticket.customerTier) ?? '—'],
      ['Account value', accountValue !== undefined ? accountValue.toLocaleString('en') : '—'],
      ['Previous tickets', show(num(customer.previousTickets) ?? num(ticket.previousTicketCount))],
      ['Channel', str(ticket.channel) ?? '—'],
      ...extra.map(([key, value]): [string, string] => [key, show(value)]),
    ])}
  </div>
</section>`;
}

function speaker(entry: JsonObject): { label: string; tone: string } {
  const role = str(entry.role) ?? 'unknown';
  const author = str(entry.author);
  if (role === 'customer') return { label: 'Customer', tone: 'customer' };
  if (role === 'agent' && author) return { label: `Agent ${author}`, tone: 'agent' };
  // The automation writes its own replies as role `agent` with a responseType and no author.
  if (role === 'agent') return { label: 'Automated reply', tone: 'assistant' };
  if (role === 'assistant') return { label: 'Assistant', tone: 'assistant' };
  return { label: role, tone: '' };
}

export interface ReplyBox {
  taskId: string;
  csrf: string;
  /** A fresh id per rendered form: a second submit of the same form is recognised and not sent again. */
  replyId: string;
  customerEmail: string | undefined;
  /** What the agent had typed, after a failed send. */
  draft?: string;
}

function replyForm(box: ReplyBox): Html {
  if (!box.customerEmail) {
    return html`<p class="muted">The ticket has no customer email address, so replies cannot be sent from here.</p>`;
  }
  return html`<form method="post" action="/ui/tasks/${box.taskId}/reply" class="panel reply">
    <h3>Reply to the customer</h3>
    ${csrfField(box.csrf)}<input type="hidden" name="replyId" value="${box.replyId}">
    <label for="reply-content">Your reply (emailed to ${box.customerEmail}; plain text)</label>
    <textarea id="reply-content" name="content" required maxlength="32000">${box.draft ?? ''}</textarea>
    <p><button type="submit">Send reply</button></p>
  </form>`;
}

export function conversationSection(data: JsonObject, box: ReplyBox | null): Html {
  const history = arr(obj(data.escalationAgent).conversationHistory).map(obj);
  const entries = history.map((entry) => {
    const { label, tone } = speaker(entry);
    const extra = [str(entry.channel), str(entry.responseType)].filter(Boolean).join(', ');
    return html`<li>
      <p><strong>${label}</strong> · ${timeTag(str(entry.timestamp))}${extra ? html` <span class="muted">(${extra})</span>` : ''}</p>
      <div class="quote ${tone}">${show(entry.content)}</div>
    </li>`;
  });
  return html`<section aria-labelledby="conversation">
  <h2 id="conversation">Conversation</h2>
  ${entries.length ? html`<ol class="conversation plain">${entries}</ol>` : html`<p class="muted">No messages yet.</p>`}
  ${box ? replyForm(box) : ''}
</section>`;
}
