// An outbox writer thread that answers its first request, then dies on the next (thread-writer tests).
import { parentPort, workerData } from 'node:worker_threads';
import type { WriterRequest } from '../../../connectors/outbox/thread-writer.ts';
import { directWriter } from '../../../connectors/outbox/writer.ts';

const writer = directWriter((workerData as { dataDir: string }).dataDir);
let answered = 0;
parentPort?.on('message', async (request: WriterRequest) => {
  // Exiting is the point: the writer must redo this request itself and start a new thread after.
  if (answered++ > 0) process.exit(4);
  if (request.kind !== 'file') throw new Error('this fixture writes files only');
  parentPort?.postMessage({ id: request.id, ref: await writer.write(request.relPath, request.content) });
});
