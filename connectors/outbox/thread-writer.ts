/**
 * An outbox writer that can compose and write on a worker thread. Composing an email with nodemailer
 * (a chain of streams) and creating files cost a ticket about 3.5 ms of a worker's main thread, more
 * than a third of what the engine and the steps spend; on the thread they overlap with the other
 * tasks' steps (see docs/benchmarks.md). It writes on the calling thread until `offload()` is called:
 * a process driving one task at a time (`triage task new`, a test) would only wait for the thread to
 * start and for every round trip.
 *
 * Nothing is lost when the thread fails: its unanswered requests are done again on the calling
 * thread (every write is write-once by path, so a request the thread had finished is not written
 * twice). A thread that dies after answering is replaced at the next request; one that never answers
 * (it could not start) is not tried again and the writer stays direct.
 */
import { Worker } from 'node:worker_threads';
import { runJob, type OutboxJob } from './jobs.mjs';
import type { OutboxWriter } from './writer.ts';

/** What goes to the thread (writer-thread.mjs) and what comes back. */
type WriterRequest = OutboxJob & { id: number };

type WriterReply = { id: number; ref: string } | { id: number; error: { name: string; message: string; code?: string } };

const THREAD = new URL('./writer-thread.mjs', import.meta.url);

export interface ThreadWriterOptions {
  /** The thread's module (plain JavaScript, see writer-thread.mjs); tests name a broken one to see the fallback. */
  module?: URL;
  /** Told once when the thread is given up and writes stay on the calling thread. */
  onFallback?: (reason: string) => void;
}

interface Pending {
  job: OutboxJob;
  resolve: (ref: string) => void;
  reject: (error: Error) => void;
}

function replyError(error: { name: string; message: string; code?: string }): Error {
  const rebuilt = new Error(error.message) as NodeJS.ErrnoException;
  rebuilt.name = error.name;
  if (error.code !== undefined) rebuilt.code = error.code;
  return rebuilt;
}

export interface ThreadWriter extends OutboxWriter {
  /** From now on, writes go to the thread, which starts now. Idempotent. */
  offload(): void;
  /** Whether writes go to the thread (asked to offload, not closed, and the thread not given up). */
  offloading(): boolean;
}

export function threadWriter(dataDir: string, options: ThreadWriterOptions = {}): ThreadWriter {
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let answered = false;
  let directOnly = false;
  let closed = false;
  let offloading = false;
  let nextId = 1;

  const runDirect = (job: OutboxJob): Promise<string> => runJob(dataDir, job);

  /** The thread is gone: its unanswered requests are done here, so each still resolves or fails once. */
  const lost = (from: Worker, reason: string): void => {
    if (worker !== from) return;
    worker = null;
    if (!answered && !directOnly) {
      directOnly = true;
      options.onFallback?.(reason);
    }
    const orphans = [...pending.values()];
    pending.clear();
    for (const { job, resolve, reject } of orphans) runDirect(job).then(resolve, reject);
  };

  const start = (): Worker => {
    const thread = new Worker(options.module ?? THREAD, {
      workerData: { dataDir },
      // Not the process's own flags: under `node --import tsx` they would load tsx into the thread too.
      execArgv: [],
      // Bounds the thread's heap (it did not lower the process's resident memory, see docs/benchmarks.md):
      // a message too big for it kills the thread, and the write is redone on the calling thread.
      resourceLimits: { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 96 },
    });
    answered = false;
    // Idle, the thread does not keep the process alive; a request refs it until it is answered.
    thread.unref();
    thread.on('message', (reply: WriterReply) => {
      const waiting = pending.get(reply.id);
      if (!waiting) return;
      answered = true;
      pending.delete(reply.id);
      if (pending.size === 0) thread.unref();
      if ('error' in reply) waiting.reject(replyError(reply.error));
      else waiting.resolve(reply.ref);
    });
    thread.on('error', (error) => lost(thread, `the outbox writer thread failed: ${error.message}`));
    thread.on('exit', (code) => lost(thread, `the outbox writer thread stopped (exit code ${code})`));
    return thread;
  };

  const inflight = new Set<Promise<string>>();
  const request = (job: OutboxJob): Promise<string> => {
    if (!offloading || closed || directOnly) return runDirect(job);
    const thread = (worker ??= start());
    const id = nextId++;
    const answer = new Promise<string>((resolve, reject) => {
      pending.set(id, { job, resolve, reject });
      // While a request is out the thread keeps the process alive; idle, it does not.
      thread.ref();
      const message: WriterRequest = { ...job, id };
      thread.postMessage(message);
    });
    inflight.add(answer);
    const forget = () => inflight.delete(answer);
    answer.then(forget, forget);
    return answer;
  };

  return {
    offload() {
      offloading = true;
      // Started now rather than at the first write, so no ticket waits for its boot (about 0.35 s).
      if (!closed && !directOnly) worker ??= start();
    },
    offloading: () => offloading && !closed && !directOnly,
    write: (relPath, content) => request({ kind: 'file', relPath, content }),
    writeEmail: (relPath, mail) => request({ kind: 'email', relPath, mail }),
    async close() {
      closed = true;
      // What was asked is finished first (by the thread, or here if it dies meanwhile), then it stops.
      await Promise.allSettled([...inflight]);
      const thread = worker;
      worker = null;
      await thread?.terminate();
    },
  };
}
