/**
 * Paging the on-call person of a team when a critical task finds nobody available: an email to their
 * address and a Slack direct message (a post to their Slack user id), each with the idempotency key
 * `<human task id>:page`, so a retried handoff or a restarted worker pages once.
 */
import { escapeSlack, oneLine } from '../../connectors/render/escape.ts';
import type { Connectors } from '../../connectors/types.ts';
import { teamCalendar } from '../calendar/index.ts';
import { errorMessage } from '../errors.ts';
import type { HumanTask } from '../human/types.ts';
import type { Team } from '../policy/schema.ts';
import type { User } from '../users/types.ts';

export interface PageResult {
  /** Who was paged (a username), or null when nobody could be. */
  paged: string | null;
  /** The sentence recorded on the task's events (or logged when nobody was paged). */
  detail: string;
}

export interface PageDeps {
  connectors: Pick<Connectors, 'email' | 'chat'>;
  findUser(username: string): Promise<User | null>;
  publicUrl?: string;
}

/** Pages whoever is on call for `team` at `at` about `task`; `why` says why nobody took it. */
export async function pageOnCall(deps: PageDeps, task: HumanTask, team: Team & { id: string }, at: Date, why: string): Promise<PageResult> {
  const rotation = teamCalendar(team)?.onCall;
  if (!rotation) return { paged: null, detail: `nobody paged: team ${team.id} has no on-call rotation (calendar.on_call)` };
  const { member } = rotation.at(at);
  if (!member) return { paged: null, detail: `nobody paged: the on-call rotation of ${team.id} has not started` };
  const user = await deps.findUser(member);
  if (!user || user.disabled) return { paged: null, detail: `nobody paged: on-call member "${member}" has no ${user ? 'enabled ' : ''}user account` };

  const key = `${task._id}:page`;
  const subject = `[triage] PAGE (critical): ${oneLine(task.title, 160)}`;
  const link = deps.publicUrl ? `\nOpen: ${deps.publicUrl.replace(/\/$/, '')}/ui/human-tasks/${encodeURIComponent(task._id)}` : '';
  const body = `You are on call for ${team.name}. A critical task has nobody available to take it (${why}).\n\n${task.title}\n\nHuman task: ${task._id}, due ${task.dueAt.toISOString()}${link}\nClaim it with: triage human claim ${task._id} --user ${user.username}\n`;
  const sent: string[] = [];
  const failed: string[] = [];
  const attempt = async (channel: string, send: () => Promise<unknown>) => {
    try {
      await send();
      sent.push(channel);
    } catch (error) {
      failed.push(`${channel} (${errorMessage(error)})`);
    }
  };
  await Promise.all([
    user.email ? attempt('email', () => deps.connectors.email.send({ to: [user.email!], subject, text: body, headers: { 'X-Triage-Human-Task': task._id } }, key)) : Promise.resolve(),
    user.slackUserId ? attempt('Slack', () => deps.connectors.chat.post({ channel: user.slackUserId!, text: `*${escapeSlack(subject)}*\n${escapeSlack(body)}` }, key)) : Promise.resolve(),
  ]);
  if (sent.length === 0) {
    const reason = failed.length > 0 ? `failed: ${failed.join('; ')}` : 'they have no email address or Slack id';
    return { paged: null, detail: `could not page ${user.username} (on call): ${reason}` };
  }
  return { paged: user.username, detail: `paged ${user.username} (on call) by ${sent.join(' and ')}: ${why}${failed.length ? `; failed: ${failed.join('; ')}` : ''}` };
}
