/**
 * Where outbox files are made: composed (emails, with nodemailer) and written once under the data
 * directory. The direct writer does it on the calling thread; `thread-writer.ts` moves the same work to
 * a worker thread so that a worker driving several tasks keeps its event loop for the steps.
 */
import type Mail from 'nodemailer/lib/mailer/index.js';
import { runJob } from './jobs.mjs';

export interface OutboxWriter {
  /** Writes `content` to `relPath` unless a file is already there; resolves to the path either way. */
  write(relPath: string, content: string): Promise<string>;
  /** Composes `mail` as the SMTP connector would send it and writes it once to `relPath` as .eml. */
  writeEmail(relPath: string, mail: Mail.Options): Promise<string>;
  /** Finishes what was asked and releases the writer's resources; later writes still succeed. */
  close(): Promise<void>;
}

export function directWriter(dataDir: string): OutboxWriter {
  return {
    write: (relPath, content) => runJob(dataDir, { kind: 'file', relPath, content }),
    writeEmail: (relPath, mail) => runJob(dataDir, { kind: 'email', relPath, mail }),
    close: async () => undefined,
  };
}

/** A writer for `target`: itself, or the direct writer of a data directory. */
export function outboxWriter(target: OutboxWriter | string): OutboxWriter {
  return typeof target === 'string' ? directWriter(target) : target;
}
