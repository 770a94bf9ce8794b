// An outbox writer thread that dies on its first request without answering (thread-writer tests).
import { parentPort } from 'node:worker_threads';

// Exiting is the point: the writer must redo the unanswered request itself and fall back.
parentPort?.on('message', () => process.exit(3));
