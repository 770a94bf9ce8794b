/**
 * One outbox write as both sides do it, the writer thread and the calling thread: an email composed
 * by nodemailer, or a file's text, written once under the data directory. Plain JavaScript (types in
 * jobs.d.mts) so that the writer thread runs without a TypeScript loader (see writer-thread.mjs).
 */
import { composeEml } from './eml.mjs';
import { writeOnce } from './files.mjs';

/**
 * @param {string} dataDir
 * @param {import('./jobs.d.mts').OutboxJob} job
 * @returns {Promise<string>} the written (or already present) file's path, relative to `dataDir`
 */
export async function runJob(dataDir, job) {
  return writeOnce(dataDir, job.relPath, job.kind === 'email' ? await composeEml(job.mail) : job.content);
}
