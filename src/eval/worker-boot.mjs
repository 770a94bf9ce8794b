// The entry of an eval worker thread (see pool.ts): worker threads do not inherit a loader registered
// with tsx's `register()` in the main thread, so register it here, then import the TypeScript module
// the pool named. A failure to load it is the worker's error event, reported by the main thread.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
