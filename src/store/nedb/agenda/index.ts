/**
 * The embedded scheduler backend: Agenda's storage in `jobs.db` beside the embedded task store.
 */
import { join } from 'node:path';
import type { AgendaBackend } from 'agenda';
import { NedbJobRepository } from './repository.ts';

export { NedbJobRepository, type NedbJobRepositoryOptions } from './repository.ts';

export interface NedbBackendOptions {
  /** The data directory; jobs are kept in `<dataDir>/jobs.db`. */
  dataDir: string;
  autocompactionMs?: number;
}

/**
 * `AgendaBackend` over nedb, polling only (no notification channel). One process: every Agenda
 * instance in it that schedules into this data directory must be given this same backend object.
 */
export class NedbBackend implements AgendaBackend {
  readonly name = 'nedb';
  readonly repository: NedbJobRepository;
  readonly ownsConnection = true;
  readonly filename: string;

  constructor(options: NedbBackendOptions) {
    this.filename = join(options.dataDir, 'jobs.db');
    this.repository = new NedbJobRepository({
      filename: this.filename,
      ...(options.autocompactionMs !== undefined ? { autocompactionMs: options.autocompactionMs } : {}),
    });
  }

  connect(): Promise<void> {
    return this.repository.connect();
  }

  disconnect(): Promise<void> {
    return this.repository.close();
  }
}
