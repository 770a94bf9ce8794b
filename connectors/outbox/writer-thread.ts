/**
 * The outbox writer thread's side (started by `thread-writer.ts` through `src/thread-boot.mjs`): each
 * request is done by the direct writer and answered with the file's path or the error.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { directWriter } from './writer.ts';
import { runJob, type WriterReply, type WriterRequest } from './thread-writer.ts';

const port = parentPort;
if (port) {
  const writer = directWriter((workerData as { dataDir: string }).dataDir);
  port.on('message', async (request: WriterRequest) => {
    let reply: WriterReply;
    try {
      const ref = await runJob(writer, request);
      reply = { id: request.id, ref };
    } catch (error) {
      const { name, message, code } = error as NodeJS.ErrnoException;
      reply = { id: request.id, error: { name, message, ...(code !== undefined ? { code } : {}) } };
    }
    port.postMessage(reply);
  });
}
