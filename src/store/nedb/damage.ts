/**
 * A look at an embedded data file before nedb loads it. nedb drops lines it cannot parse (up to 10% of
 * the file) without a word, so a few overwritten bytes made a waiting task vanish. Here:
 * - a directory where the file should be is a clear error;
 * - a torn last line (the process died while appending) is set aside in a copy of the file and
 *   reported: the write it held never completed, and the document's previous version, earlier in the
 *   file, is what loads;
 * - damage anywhere else stops the start, naming the lines and how to recover, so nothing more is lost.
 */
import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';

export interface FileCheck {
  /** Set when a torn last line was set aside: what happened and where the copy is. */
  warning?: string;
}

/** Throws when `filename` cannot be loaded without losing data; repairs a torn last line. */
export async function checkDataFile(filename: string, description: string, now: Date = new Date()): Promise<FileCheck> {
  const info = await stat(filename).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!info) return {};
  if (info.isDirectory()) {
    throw new Error(`${description} ${filename} is a directory, not a data file: move it aside (or point TRIAGE_DATA_DIR elsewhere) and start again`);
  }
  const text = await readFile(filename, 'utf8');
  const lines = text.split('\n');
  const damaged: number[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      const value: unknown = JSON.parse(line);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) damaged.push(i + 1);
    } catch {
      damaged.push(i + 1);
    }
  });
  if (damaged.length === 0) return {};
  const last = lines.length - (lines[lines.length - 1] === '' ? 1 : 0);
  const torn = damaged.length === 1 && damaged[0] === last && !text.endsWith('\n');
  if (torn) {
    const copy = `${filename}.torn-${now.toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(filename, copy);
    await writeFile(filename, lines.slice(0, last - 1).map((line) => `${line}\n`).join(''));
    return {
      warning: `${description} ${filename} ended with a torn write (the process stopped while saving): its partial last line was set aside in ${copy}; the previous version of that document is loaded`,
    };
  }
  const shown = damaged.slice(0, 10).join(', ') + (damaged.length > 10 ? `, ... (${damaged.length} in all)` : '');
  throw new Error(
    `${description} ${filename} has ${damaged.length} damaged line(s) (line ${shown}); it was not loaded, so nothing more is lost. ` +
      'To recover: stop every triage process using it, copy the file aside, then delete or repair those lines ' +
      '(each line is one JSON document; an older version of the same _id may be earlier in the file) and start again.',
  );
}
