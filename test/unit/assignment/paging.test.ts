/**
 * Nobody available for a critical task: the on-call person of the team's rotation is paged once, by
 * email (at a real SMTP server) and a Slack direct message (at the Slack fake, a post to their user
 * id), and the page is on the task's events. Other priorities page nobody.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnectors } from '../../../connectors/index.ts';
import { createHeuristicReasoner } from '../../../connectors/llm/heuristic/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { SlackFake } from '../../fakes/slack-server.ts';
import { SmtpFake } from '../../fakes/smtp-server.ts';
import { startAssignment, type AssignmentSetup } from './setup.ts';

const slack = new SlackFake();
const smtp = new SmtpFake();
beforeAll(() => Promise.all([slack.start(), smtp.start()]));
afterAll(() => Promise.all([slack.stop(), smtp.stop()]));

let setup: AssignmentSetup;
beforeEach(async () => {
  slack.reset();
  slack.messages.length = 0;
  smtp.received.length = 0;
  setup = await startAssignment(
    { members: ['ann', 'carol'], assignment: { strategy: 'least_loaded' } },
    {
      connectors: (dir) =>
        createConnectors(loadConfig({ TRIAGE_DATA_DIR: dir, SMTP_URL: smtp.url, EMAIL_FROM: 'triage@acme.test', SLACK_BOT_TOKEN: slack.token, SLACK_API_URL: slack.apiUrl }), {
          reasoner: createHeuristicReasoner(),
          dataDir: dir,
          smtp: { ignoreTLS: true },
        }),
    },
  );
  await setup.person('ann', { presence: 'away' });
  // carol is on call this week (FINANCE_CALENDAR) and a member, but offline.
  await setup.person('carol', { presence: 'offline', slackUserId: 'U0CAROL', email: 'carol@example.com' });
});
afterEach(() => setup.cleanup());

const dms = () => slack.messages.filter((m) => m.channel.startsWith('D'));

describe('paging on-call', () => {
  it('pages the on-call person once for a critical task nobody can take, by email and Slack DM, and records it', async () => {
    const task = await setup.handOff('Payments down', { priority: 'critical' });
    expect(task.assignedTo).toBeNull();
    expect(dms()).toHaveLength(1);
    expect(dms()[0]).toMatchObject({ channel: 'D0CAROL', text: expect.stringContaining('Payments down') });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['carol@example.com']);
    expect(smtp.received[0]!.parsed.subject).toBe('[triage] PAGE (critical): Payments down');
    const paged = task.events.filter((e) => e.kind === 'paged');
    expect(paged).toHaveLength(1);
    expect(paged[0]!.detail).toMatch(/^paged carol \(on call\) by (email and Slack|Slack and email): nobody available: ann away, carol offline$/);

    // The handoff step retried (same pipeline task): the same human task, and no second page.
    const again = await setup.handOff('Payments down', { priority: 'critical', taskId: task.taskId! });
    expect(again._id).toBe(task._id);
    expect(dms()).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);
    expect(again.events.filter((e) => e.kind === 'paged')).toHaveLength(1);
  });

  it('pages nobody for a medium task: it waits in the queue', async () => {
    const task = await setup.handOff('Invoice copy', { priority: 'medium' });
    expect(task).toMatchObject({ assignedTo: null, status: 'pending' });
    expect(slack.calls('chat.postMessage')).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
  });

  it('assigns instead of paging when a member is available, and pages next week\'s on-call person when they are needed', async () => {
    await setup.users.setPresence('ann', 'available');
    const task = await setup.handOff('Payments down', { priority: 'critical' });
    expect(task.assignedTo).toBe('ann');
    expect(dms()).toHaveLength(0);
    // The week after, dan is on call; with ann away again and dan a user, dan is paged.
    await setup.users.setPresence('ann', 'away');
    await setup.person('dan', { slackUserId: 'U0DAN', teams: ['engineering'] });
    setup.harness.clock.advance(7 * 86_400_000);
    await setup.handOff('Payments down again', { priority: 'critical' });
    expect(dms().map((m) => m.channel)).toEqual(['D0DAN']);
  });
});
