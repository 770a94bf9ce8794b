/**
 * Internal notes on human tasks (`addNote`) and the list filters the workspace inbox uses (several
 * teams at once, by assignee), on the real service over the embedded stores.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.ts';
import { createNotifier } from '../../../src/human/notify.ts';
import { HumanTaskNotFoundError, MAX_NOTE_CHARS } from '../../../src/human/types.ts';
import type { EmailMessage } from '../../../connectors/types.ts';
import { startHumanSetup, type HumanSetup } from './setup.ts';

const MINUTE = 60_000;
let s: HumanSetup;
beforeEach(async () => {
  s = await startHumanSetup();
});
afterEach(async () => {
  await s.cleanup();
});

const review = (team = 'finance', title = 'Check the invoice') => s.service.create({ type: 'review', title, team, priority: 'medium' });

describe('addNote', () => {
  it('appends a note event with the author and the text, and changes nothing else', async () => {
    const task = await review();
    s.harness.clock.advance(3 * MINUTE);
    const noted = await s.service.addNote(task._id, 'ann', 'Customer prefers email.\nCall after 5pm.');
    expect(noted.events.at(-1)).toEqual({ at: new Date(s.harness.clock.ms), kind: 'note', by: 'ann', detail: 'Customer prefers email.\nCall after 5pm.' });
    expect(noted).toMatchObject({ status: 'pending', assignedTo: null, version: task.version + 1 });
    expect((await s.service.get(task._id)).events.map((e) => e.kind)).toEqual(['created', 'note']);
  });

  it('refuses an empty note, one past the limit, no author and an unknown task', async () => {
    const task = await review();
    await expect(s.service.addNote(task._id, 'ann', '   ')).rejects.toMatchObject({ name: 'InputError', path: ['text'] });
    await expect(s.service.addNote(task._id, 'ann', 'x'.repeat(MAX_NOTE_CHARS + 1))).rejects.toMatchObject({ path: ['text'], message: expect.stringMatching(/10000/) });
    await expect(s.service.addNote(task._id, '', 'hello')).rejects.toBeInstanceOf(InputError);
    await expect(s.service.addNote('missing', 'ann', 'hello')).rejects.toBeInstanceOf(HumanTaskNotFoundError);
    expect(await s.service.addNote(task._id, 'ann', 'x'.repeat(MAX_NOTE_CHARS))).toBeTruthy();
    expect((await s.service.get(task._id)).events.filter((e) => e.kind === 'note')).toHaveLength(1);
  });

  it('takes notes on a resolved task too', async () => {
    const task = await review();
    await s.service.resolve(task._id, { respondedBy: 'ann', decision: 'resolved' });
    const noted = await s.service.addNote(task._id, 'bob', 'Follow-up: the refund arrived.');
    expect(noted.status).toBe('completed');
    expect(noted.events.at(-1)).toMatchObject({ kind: 'note', by: 'bob' });
  });

  it('keeps every one of many simultaneous notes', async () => {
    const task = await review();
    const texts = Array.from({ length: 12 }, (_, i) => `note ${i}`);
    await Promise.all(texts.map((text, i) => s.service.addNote(task._id, `user${i}`, text)));
    const notes = (await s.service.get(task._id)).events.filter((e) => e.kind === 'note').map((e) => e.detail);
    expect([...notes].sort()).toEqual([...texts].sort());
  });
});

describe('list filters for the inbox', () => {
  it('filters by several teams at once, and an empty list of teams matches nothing', async () => {
    await review('finance', 'a');
    await review('product', 'b');
    await review('engineering', 'c');
    const both = await s.service.list({ team: ['finance', 'product'] });
    expect(both.total).toBe(2);
    expect(both.items.map((t) => t.title).sort()).toEqual(['a', 'b']);
    expect((await s.service.list({ team: [] })).total).toBe(0);
    await expect(s.service.list({ team: ['finance', ''] })).rejects.toMatchObject({ path: ['team', '1'] });
  });

  it('filters by assignee, and by nobody (null)', async () => {
    const a = await review('finance', 'held by ann');
    await review('finance', 'nobody holds it');
    await s.service.claim(a._id, 'ann');
    expect((await s.service.list({ assignedTo: 'ann' })).items.map((t) => t.title)).toEqual(['held by ann']);
    expect((await s.service.list({ assignedTo: null })).items.map((t) => t.title)).toEqual(['nobody holds it']);
    expect((await s.service.list({ assignedTo: 'bob' })).total).toBe(0);
  });
});

describe('team notifications', () => {
  it("link to the task's page in the workspace", async () => {
    const task = await review();
    const sent: EmailMessage[] = [];
    const email = { kind: 'test', send: async (message: EmailMessage) => (sent.push(message), { ref: 'x' }) };
    const chat = { kind: 'test', post: async () => ({ ref: 'y' }) };
    const { compilePolicy } = await import('../../../src/policy/compile.ts');
    const { loadPolicy } = await import('../../../src/policy/load.ts');
    const notifier = createNotifier(compilePolicy((await loadPolicy()).source), { email, chat }, 'https://triage.example.com/');
    await notifier.notifyTeam('finance', task, { subject: 's', body: 'b' }, 'k', ['email']);
    expect(sent[0]?.text).toContain(`Open: https://triage.example.com/ui/human-tasks/${task._id}`);
  });
});
