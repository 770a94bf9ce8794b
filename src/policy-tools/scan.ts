/**
 * Reads stored tasks page by page, so a replay over thousands of tickets holds one page at a time.
 * The store is only read: `list` and `get` are the only calls made.
 */
import type { JsonObject, Task } from '../engine/types.ts';
import type { TaskStore } from '../store/types.ts';

/** Tasks per page: large enough that paging costs little, small enough to keep memory flat. */
export const PAGE_SIZE = 200;

/** Every task matching `filter`, newest first, one page in memory at a time. */
export async function* tasksMatching(store: TaskStore, filter: JsonObject, pageSize = PAGE_SIZE): AsyncGenerator<Task> {
  // Offset paging over a store nobody writes to during the replay; a live store may shift a page by a
  // task or two, which a statistical replay tolerates.
  for (let skip = 0; ; skip += pageSize) {
    const page = await store.list({ filter, limit: pageSize, skip });
    for (const task of page.items) yield task;
    if (page.items.length < pageSize) return;
  }
}
