// The entry of the eval pool's worker threads, which run TypeScript (the outbox writer's thread is plain
// JavaScript and needs none of this): worker threads do not inherit a loader registered with tsx's `register()` in the main thread, so register it here,
// then import the TypeScript module named in `workerData.module`. A failure to load it is the worker's
// error event, handled by whoever started the thread.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
