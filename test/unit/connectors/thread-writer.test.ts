/**
 * The outbox writer thread: the same files as writing on the calling thread, byte for byte; errors
 * come back with their code; and a thread that cannot start or dies loses no write.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toMailOptions } from '../../../connectors/email/message.ts';
import { threadWriter, type ThreadWriter } from '../../../connectors/outbox/thread-writer.ts';
import { directWriter, type OutboxWriter } from '../../../connectors/outbox/writer.ts';

let dir: string;
const writers: OutboxWriter[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'triage-thread-writer-'));
});
afterEach(async () => {
  await Promise.all(writers.splice(0).map((w) => w.close()));
  await rm(dir, { recursive: true, force: true });
});

/** An offloading writer, closed after the test. */
function track(writer: ThreadWriter): ThreadWriter {
  writer.offload();
  writers.push(writer);
  return writer;
}

const message = {
  to: ['billing@example.com'],
  subject: 'Ticket T-1: refund — «urgent»',
  text: 'plain body\nsecond line with ünïcode',
  html: '<p>html body</p>',
  attachments: [{ filename: 'context.json', content: '{"a":1}', contentType: 'application/json' }],
};

const fixture = (name: string) => new URL(`../../support/outbox-threads/${name}`, import.meta.url);

describe('threadWriter', () => {
  it('writes the same bytes as the direct writer, emails included', async () => {
    const mail = toMailOptions(message, 'task-1:reply', 'triage@acme.test');
    const fallbacks: string[] = [];
    const viaThread = track(threadWriter(join(dir, 'thread'), { onFallback: (reason) => fallbacks.push(reason) }));
    const direct = directWriter(join(dir, 'direct'));
    const refs = await Promise.all([viaThread.writeEmail('outbox/email/a.eml', mail), viaThread.write('outbox/slack/b.json', '{"x":"ü"}\n')]);
    expect(refs).toEqual(['outbox/email/a.eml', 'outbox/slack/b.json']);
    await direct.writeEmail('outbox/email/a.eml', mail);
    await direct.write('outbox/slack/b.json', '{"x":"ü"}\n');
    // Only the Date header and the MIME boundaries (random per message) may differ.
    const normalise = (eml: string) => eml.replace(/^Date: .*$/m, 'Date: -').replace(/--_NmP-[0-9a-f]+-Part/g, '--_NmP-b-Part');
    const [a, b] = await Promise.all([readFile(join(dir, 'thread/outbox/email/a.eml'), 'utf8'), readFile(join(dir, 'direct/outbox/email/a.eml'), 'utf8')]);
    expect(a).toContain('Subject: ');
    expect(normalise(a)).toBe(normalise(b));
    expect(await readFile(join(dir, 'thread/outbox/slack/b.json'), 'utf8')).toBe('{"x":"ü"}\n');
    expect(fallbacks).toEqual([]);
  });

  it('starts the thread when asked to offload, before the first write, and writes through it', async () => {
    const fallbacks: string[] = [];
    const writer = track(threadWriter(dir, { module: fixture('marks-boot.mjs'), onFallback: (reason) => fallbacks.push(reason) }));
    // No write asked: the thread boots on its own (the first ticket does not wait for it).
    await vi.waitFor(async () => expect(await readdir(dir)).toContain('booted'), { timeout: 20_000, interval: 20 });
    expect(await writer.write('outbox/slack/a.json', '{}\n')).toBe('outbox/slack/a.json');
    expect(await readFile(join(dir, 'outbox/slack/a.json'), 'utf8')).toBe('{}\n');
    expect(fallbacks).toEqual([]);
  });

  it('writes on the calling thread until asked to offload', async () => {
    const reasons: string[] = [];
    const strict = threadWriter(dir, { module: fixture('exits-at-once.mjs'), onFallback: (reason) => reasons.push(reason) });
    await strict.write('outbox/slack/before.json', 'before');
    // No thread was started for it: a thread of that module would have died and said so.
    expect(reasons).toEqual([]);
    strict.offload();
    await strict.write('outbox/slack/after.json', 'after');
    expect(reasons).toHaveLength(1);
    await strict.close();
  });

  it('keeps the first file under a path, as the direct writer does', async () => {
    const writer = track(threadWriter(dir));
    await writer.write('outbox/slack/k.json', 'first');
    await writer.write('outbox/slack/k.json', 'second');
    expect(await readFile(join(dir, 'outbox/slack/k.json'), 'utf8')).toBe('first');
  });

  it('rejects with the file system error and its code', async () => {
    await writeFile(join(dir, 'outbox'), 'a file where the folder should be');
    const writer = track(threadWriter(dir));
    await expect(writer.write('outbox/slack/k.json', 'x')).rejects.toMatchObject({ code: 'ENOTDIR' });
    // The thread is still there for the next request.
    await rm(join(dir, 'outbox'));
    await expect(writer.write('outbox/slack/k.json', 'x')).resolves.toBe('outbox/slack/k.json');
  });

  it('writes on the calling thread when the thread cannot do anything, and says so once', async () => {
    const reasons: string[] = [];
    const writer = track(threadWriter(dir, { module: fixture('exits-at-once.mjs'), onFallback: (reason) => reasons.push(reason) }));
    const refs = await Promise.all(['a', 'b', 'c'].map((name) => writer.write(`outbox/slack/${name}.json`, name)));
    expect(refs).toEqual(['outbox/slack/a.json', 'outbox/slack/b.json', 'outbox/slack/c.json']);
    await writer.write('outbox/slack/d.json', 'd');
    expect((await readdir(join(dir, 'outbox/slack'))).sort()).toEqual(['a.json', 'b.json', 'c.json', 'd.json']);
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toMatch(/exit code 3/);
  });

  it('does a dead thread’s unanswered requests itself and starts a new thread for later ones', async () => {
    const reasons: string[] = [];
    const writer = track(threadWriter(dir, { module: fixture('exits-after-one.mjs'), onFallback: (reason) => reasons.push(reason) }));
    await writer.write('outbox/slack/1.json', 'one');
    // The thread dies on this one without answering: it is written here instead.
    await writer.write('outbox/slack/2.json', 'two');
    // A new thread answers this one (it has answered before, so there is no fallback).
    await writer.write('outbox/slack/3.json', 'three');
    const read = (n: number) => readFile(join(dir, `outbox/slack/${n}.json`), 'utf8');
    expect(await Promise.all([read(1), read(2), read(3)])).toEqual(['one', 'two', 'three']);
    expect(reasons).toEqual([]);
  });

  it('finishes what it was asked before closing, and still writes after', async () => {
    const writer = threadWriter(dir);
    writer.offload();
    const asked = Array.from({ length: 20 }, (_, i) => writer.write(`outbox/slack/${i}.json`, String(i)));
    await writer.close();
    expect(await Promise.all(asked)).toHaveLength(20);
    expect(await readdir(join(dir, 'outbox/slack'))).toHaveLength(20);
    await writer.write('outbox/slack/late.json', 'late');
    expect(await readFile(join(dir, 'outbox/slack/late.json'), 'utf8')).toBe('late');
  });
});
