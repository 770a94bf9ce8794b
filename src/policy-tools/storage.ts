/**
 * Opens the configured storage for reading only: no worker, no scheduler, no inbox service. An
 * embedded data directory that holds no database is refused rather than created, so pointing a
 * replay at the wrong folder leaves nothing behind.
 */
import path from 'node:path';
import type { Config } from '../config.ts';
import { InputError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { createStorage, storageHasData, type Storage } from '../store/index.ts';

/** Runs `fn` with started storage and stops it afterwards, whatever happens. */
export async function withStorage<T>(config: Config, log: Logger, fn: (storage: Storage) => Promise<T>): Promise<T> {
  if (!(await storageHasData(config))) {
    throw new InputError(`no stored tickets under ${path.resolve(config.TRIAGE_DATA_DIR)}; set TRIAGE_DATA_DIR to the data directory the server uses (or MONGODB_URI)`, ['TRIAGE_DATA_DIR']);
  }
  const storage = await createStorage(config, log);
  await storage.start();
  try {
    return await fn(storage);
  } finally {
    await storage.stop();
  }
}
