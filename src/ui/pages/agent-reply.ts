/**
 * An agent's reply to the customer from the ticket page: emailed through the app's email connector
 * (the outbox without SMTP credentials) under an idempotency key, recorded in `meta.effects` like a
 * step's email, and appended to the conversation as `{ role: 'agent', author, ... }`.
 *
 * The key comes from an id the page puts in each reply form, so submitting the same form twice (a
 * double click, a resubmitted POST) sends one email: the connector deduplicates on the key and the
 * conversation keeps one entry per id.
 *
 * The write is a version-checked save computed from the stored task on every attempt (concurrent
 * replies and customer messages all land), and it leaves `meta.state` alone: `Engine.addData` would
 * make the task claimable and drop its `completed` flag, so answering a finished ticket would reopen
 * it, and nothing in the pipeline reacts to an agent's reply anyway (the bot stays quiet).
 */
import type { EffectRecord, Json, JsonObject, Task } from '../../engine/types.ts';
import { errorMessage, InputError } from '../../errors.ts';
import { MAX_DESCRIPTION_CHARS } from '../../intake/ticket.ts';
import type { RouteContext } from '../../server/app.ts';
import { HttpError } from '../../server/errors.ts';
import { VersionConflictError } from '../../store/types.ts';
import { arr, obj, str } from '../views/format.ts';
import { ticketOf } from '../views/ticket-customer.ts';

const REPLY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ATTEMPTS = 40;
/** Recorded as the effect's `stepId`: the workspace, not a pipeline step, sent it. */
export const AGENT_REPLY_SOURCE = 'agent_reply';

export interface AgentReplyInput {
  replyId: unknown;
  content: unknown;
  author: string;
}

export function agentReplyKey(taskId: string, replyId: string): string {
  return `${taskId}:${AGENT_REPLY_SOURCE}:${replyId}`;
}

/** One line, short enough for a mail header (a ticket subject may be 1,000 characters). */
function subjectLine(subject: string | undefined, ticketId: string): string {
  const line = (subject ?? 'Your request').replace(/\s+/g, ' ').trim();
  return `Re: ${line.length > 150 ? `${line.slice(0, 147)}...` : line} [${ticketId}]`;
}

function hasEntry(task: Task, replyId: string): boolean {
  return arr(obj(task.data.escalationAgent).conversationHistory).some((entry) => obj(entry).replyId === replyId);
}

/** Applies `change` to the stored task and saves it at the version read, again on a conflict. */
async function update(context: RouteContext, taskId: string, change: (task: Task) => Task | null): Promise<Task | null> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const task = await context.app.store.get(taskId);
    if (!task) throw new HttpError(404, `no ticket with task id ${taskId}`);
    const next = change(task);
    if (!next) return task;
    try {
      return await context.app.store.save({ ...next, meta: { ...next.meta, version: task.meta.version + 1, updatedAt: context.now() } }, task.meta.version);
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));
    }
  }
  throw new HttpError(409, 'the ticket kept changing while your reply was saved; reload the page and check the conversation');
}

function withEffect(task: Task, key: string, patch: Partial<EffectRecord> & Pick<EffectRecord, 'status'>, at: Date, target: string): Task {
  const effects = task.meta.effects.map((e) => ({ ...e }));
  const found = effects.find((e) => e.key === key);
  if (found) {
    Object.assign(found, patch, { updatedAt: at });
    if (patch.status !== 'failed') delete found.error;
  } else {
    effects.push({ key, channel: 'email', stepId: AGENT_REPLY_SOURCE, target, createdAt: at, updatedAt: at, ...patch });
  }
  return { ...task, meta: { ...task.meta, effects } };
}

/**
 * Sends the reply and records it. Returns `duplicate` when this form's reply was already sent.
 * Input problems are InputErrors naming the field; a failed send is an HttpError 502 whose message
 * says the reply was not added.
 */
export async function sendAgentReply(context: RouteContext, taskId: string, input: AgentReplyInput): Promise<'sent' | 'duplicate'> {
  if (typeof input.replyId !== 'string' || !REPLY_ID.test(input.replyId)) throw new InputError('replyId is missing or malformed; reload the page and write the reply again', ['replyId']);
  const replyId = input.replyId.toLowerCase();
  if (typeof input.content !== 'string' || input.content.trim() === '') throw new InputError('content: write a reply first', ['content']);
  if (input.content.length > MAX_DESCRIPTION_CHARS) throw new InputError(`content: too long, at most ${MAX_DESCRIPTION_CHARS} characters`, ['content']);
  const content = input.content.trim();

  const task = await context.app.store.get(taskId);
  if (!task) throw new HttpError(404, `no ticket with task id ${taskId}`);
  const ticket = ticketOf(task.data);
  const to = str(ticket.customerEmail);
  if (!to) throw new InputError('this ticket has no customer email address, so the reply cannot be sent', ['content']);
  const key = agentReplyKey(task._id, replyId);
  if (hasEntry(task, replyId) || task.meta.effects.some((e) => e.key === key && e.status === 'sent')) return 'duplicate';
  const ticketId = str(obj(task.data.escalationAgent).ticketId) ?? str(ticket.id) ?? task._id;

  await update(context, taskId, (t) => withEffect(t, key, { status: 'pending' }, context.now(), to));
  let ref: string;
  try {
    // Plain text only: nothing the agent or the customer typed can become markup in a mail client.
    ({ ref } = await context.app.connectors.email.send(
      { to: [to], subject: subjectLine(str(ticket.subject), ticketId), text: content, headers: { 'X-Triage-Ticket': ticketId } },
      key,
    ));
  } catch (error) {
    await update(context, taskId, (t) => withEffect(t, key, { status: 'failed', error: errorMessage(error) }, context.now(), to));
    throw new HttpError(502, `the email to ${to} could not be sent (${errorMessage(error)}); your reply was not added to the conversation, so try again`, {}, { cause: error });
  }
  const at = context.now();
  const entry: JsonObject = { role: 'agent', content, author: input.author, timestamp: at.toISOString(), channel: 'email', replyId };
  await update(context, taskId, (t) => {
    const recorded = withEffect(t, key, { status: 'sent', ref }, at, to);
    if (hasEntry(t, replyId)) return recorded;
    const agent = obj(t.data.escalationAgent);
    const history = arr(agent.conversationHistory);
    return { ...recorded, data: { ...t.data, escalationAgent: { ...agent, conversationHistory: [...history, entry] as Json[] } } };
  });
  return 'sent';
}
