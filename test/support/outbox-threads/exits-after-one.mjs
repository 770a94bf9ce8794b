// An outbox writer thread that answers its first request, then dies on the next (thread-writer tests).
import { parentPort, workerData } from 'node:worker_threads';
import { runJob } from '../../../connectors/outbox/jobs.mjs';

let answered = 0;
parentPort?.on('message', async (request) => {
  // Exiting is the point: the writer must redo this request itself and start a new thread after.
  if (answered++ > 0) process.exit(4);
  parentPort?.postMessage({ id: request.id, ref: await runJob(workerData.dataDir, request) });
});
