import type Mail from 'nodemailer/lib/mailer/index.js';

/** A file's text, or an email to compose as an .eml file, to write once at `relPath`. */
export type OutboxJob = { kind: 'file'; relPath: string; content: string } | { kind: 'email'; relPath: string; mail: Mail.Options };

/** Does `job` under `dataDir`; resolves to the file's path relative to it (written now or before). */
export function runJob(dataDir: string, job: OutboxJob): Promise<string>;
