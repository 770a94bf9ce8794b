/**
 * Connecting the Agenda backend a storage gives (`Storage.schedulerBackend()`): the scheduler, not
 * Agenda, connects it, so a failure is reported instead of lost.
 */
import type { AgendaBackend } from 'agenda';

/**
 * Hands Agenda a backend that `start()` has already connected. Agenda's constructor calls
 * `backend.connect()` without catching a failure (an unhandled rejection, and `ready` never
 * settles), so the scheduler connects first, reports the error itself, and gives Agenda this view
 * whose `connect()` cannot fail. `ownsConnection` is false: the scheduler disconnects, not Agenda.
 */
export class ConnectedBackend implements AgendaBackend {
  readonly ownsConnection = false;

  constructor(private readonly inner: AgendaBackend) {}

  get name(): string {
    return this.inner.name;
  }

  get repository(): AgendaBackend['repository'] {
    return this.inner.repository;
  }

  get notificationChannel(): AgendaBackend['notificationChannel'] {
    return this.inner.notificationChannel;
  }

  get logger(): AgendaBackend['logger'] {
    return this.inner.logger;
  }

  async connect(): Promise<void> {}

  async disconnect(): Promise<void> {}
}
