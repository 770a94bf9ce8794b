/**
 * The outbox writer thread's side, started by thread-writer.ts: each request is done (jobs.mjs) and
 * answered with the file's path or the error. Plain JavaScript, started without the process's flags,
 * so the thread loads no TypeScript loader: with tsx registered in it, it cost about 20 MiB more
 * resident memory, which was most of what the thread cost.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { runJob } from './jobs.mjs';

const port = parentPort;
if (port) {
  const { dataDir } = /** @type {{ dataDir: string }} */ (workerData);
  port.on('message', async (/** @type {import('./jobs.d.mts').OutboxJob & { id: number }} */ request) => {
    let reply;
    try {
      reply = { id: request.id, ref: await runJob(dataDir, request) };
    } catch (error) {
      const { name, message, code } = /** @type {NodeJS.ErrnoException} */ (error);
      reply = { id: request.id, error: { name, message, ...(code !== undefined ? { code } : {}) } };
    }
    port.postMessage(reply);
  });
}
