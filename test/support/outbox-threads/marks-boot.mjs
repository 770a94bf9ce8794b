// The real outbox writer thread, which first leaves a `booted` file in the data directory, so a test
// can see when the thread started without asking it for a write (thread-writer tests).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';

writeFileSync(join(workerData.dataDir, 'booted'), '');
await import('../../../connectors/outbox/writer-thread.mjs');
