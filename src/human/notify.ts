/**
 * Telling a team about its human task: by email and, for SLA events, in its Slack channel (the
 * policy's escalation channel when the team has none). Addresses come from the policy only. Every
 * send carries an idempotency key so a repeated sweep or a retried call is one notification where
 * the connector can deduplicate (outbox files are named by the key).
 */
import { escapeSlack, oneLine, truncate } from '../../connectors/render/escape.ts';
import type { Connectors } from '../../connectors/types.ts';
import { errorMessage } from '../errors.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { HumanTask } from './types.ts';

export interface Notice {
  /** One line; untrusted text in it is flattened. */
  subject: string;
  /** Plain text only, so customer text never becomes markup in a mail client. */
  body: string;
}

export interface NotifyOutcome {
  delivered: string[];
  failed: { channel: string; error: string }[];
}

export type Channel = 'email' | 'chat';

export function createNotifier(policy: CompiledPolicy, connectors: Pick<Connectors, 'email' | 'chat'>, publicUrl?: string) {
  const footer = (task: HumanTask): string => {
    const lines = [
      '',
      `Human task: ${task._id} (${task.type}, ${task.priority}, level ${task.level + 1} of ${task.escalationChain.length})`,
      `Due: ${task.dueAt.toISOString()}`,
    ];
    if (task.taskId) lines.push(`Pipeline task: ${task.taskId}`);
    if (publicUrl) lines.push(`Open: ${publicUrl.replace(/\/$/, '')}/ui/human-tasks/${encodeURIComponent(task._id)}`);
    lines.push(`Claim it with: triage human claim ${task._id} --user <you>`);
    return lines.join('\n');
  };

  /** Sends `notice` about `task` to `teamId` on `channels`; never throws, reports per channel. */
  async function notifyTeam(teamId: string, task: HumanTask, notice: Notice, key: string, channels: Channel[], options: { ccEscalation?: boolean } = {}): Promise<NotifyOutcome> {
    const team = policy.team(teamId);
    const cc = options.ccEscalation && policy.source.escalation.email !== team.email ? { cc: [policy.source.escalation.email] } : {};
    const subject = `[triage] ${oneLine(notice.subject, 180)}`;
    const outcome: NotifyOutcome = { delivered: [], failed: [] };
    const attempt = async (channel: string, send: () => Promise<unknown>) => {
      try {
        await send();
        outcome.delivered.push(channel);
      } catch (error) {
        outcome.failed.push({ channel, error: errorMessage(error) });
      }
    };
    const sends: Promise<void>[] = [];
    if (channels.includes('email')) {
      sends.push(
        attempt('email', () =>
          connectors.email.send({ to: [team.email], ...cc, subject, text: `${notice.body}\n${footer(task)}\n`, headers: { 'X-Triage-Human-Task': task._id } }, key),
        ),
      );
    }
    if (channels.includes('chat')) {
      const channel = team.slack_channel ?? policy.source.escalation.slack_channel;
      const text = `*${escapeSlack(subject)}*\n${escapeSlack(truncate(notice.body, 2500))}\n${escapeSlack(footer(task))}`;
      sends.push(attempt('slack', () => connectors.chat.post({ channel, text }, key)));
    }
    await Promise.all(sends);
    return outcome;
  }

  return { notifyTeam };
}

export type Notifier = ReturnType<typeof createNotifier>;
