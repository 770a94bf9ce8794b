// An outbox writer thread that dies on its first request without answering (thread-writer tests).
import { parentPort } from 'node:worker_threads';

parentPort?.on('message', () => process.exit(3));
