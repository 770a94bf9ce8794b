/**
 * Runs async functions one at a time within this process. It orders writes in one process only;
 * what must hold across processes is the database's job (unique indexes, version checks).
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
