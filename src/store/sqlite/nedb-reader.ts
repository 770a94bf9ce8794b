/**
 * Reads what a nedb data file holds without letting nedb touch it: nedb rewrites (compacts) a file
 * when it loads it, and the migration must leave the old files exactly as they were.
 *
 * A nedb file is a log: one JSON document per line, a later line with the same `_id` replaces an
 * earlier one, `{"$$deleted": true}` removes it, `$$indexCreated`/`$$indexRemoved` lines describe
 * indexes, and Dates are `{"$$date": <ms>}`. The file is streamed, so a file of any size can be read.
 */
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** The migration refused a damaged or unexpected file; nothing was written. */
export class NedbMigrationError extends Error {
  override name = 'NedbMigrationError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface NedbFileContents {
  docs: Record<string, unknown>[];
  /** Set when a torn last line (a write that never completed) was left out. */
  warning?: string;
}

/** nedb's own deserialisation (model.deserialize in @seald-io/nedb). */
function deserialize(line: string): unknown {
  return JSON.parse(line, function (key, value: unknown) {
    if (key === '$$date') return new Date(value as number);
    if (value === null || typeof value !== 'object') return value;
    const date = (value as { $$date?: unknown }).$$date;
    return date ? date : value;
  });
}

async function endsWithNewline(filename: string, size: number): Promise<boolean> {
  if (size === 0) return true;
  const handle = await open(filename, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(1), 0, 1, size - 1);
    return buffer[0] === 0x0a;
  } finally {
    await handle.close();
  }
}

/** The live documents of a nedb file, or a NedbMigrationError naming the damaged lines and the fix. */
export async function readNedbFile(filename: string): Promise<NedbFileContents> {
  const info = await stat(filename);
  if (info.isDirectory()) throw new NedbMigrationError(`${filename} is a directory, not a nedb data file; move it aside and start again`);
  const byId = new Map<string, Record<string, unknown>>();
  const damaged: number[] = [];
  let lineNo = 0;
  let lastLine = 0;
  const lines = createInterface({ input: createReadStream(filename, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    lineNo += 1;
    if (line.trim() === '') continue;
    lastLine = lineNo;
    let doc: unknown;
    try {
      doc = deserialize(line);
    } catch {
      damaged.push(lineNo);
      continue;
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
      damaged.push(lineNo);
      continue;
    }
    const record = doc as Record<string, unknown>;
    if (typeof record._id === 'string' && record._id !== '') {
      if (record.$$deleted === true) byId.delete(record._id);
      else byId.set(record._id, record);
    } else if (!('$$indexCreated' in record) && !('$$indexRemoved' in record)) {
      damaged.push(lineNo);
    }
  }
  if (damaged.length === 0) return { docs: [...byId.values()] };
  // The process died while appending: that write never completed and the document's previous
  // version, earlier in the file, is what nedb would load too. The file itself is left as it is.
  if (damaged.length === 1 && damaged[0] === lastLine && !(await endsWithNewline(filename, info.size))) {
    return {
      docs: [...byId.values()],
      warning: `${filename} ends with a torn write (line ${lastLine}, the process stopped while saving); it was left out and the previous version of that document migrated`,
    };
  }
  const shown = damaged.slice(0, 10).join(', ') + (damaged.length > 10 ? `, ... (${damaged.length} in all)` : '');
  throw new NedbMigrationError(
    `${filename} has ${damaged.length} damaged line(s) (line ${shown}); nothing was migrated and no file was changed. ` +
      'To recover: stop every triage process, copy the file aside, delete or repair those lines ' +
      '(each line is one JSON document; an older version of the same _id may be earlier in the file), then start again.',
  );
}
