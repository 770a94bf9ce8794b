/**
 * Reading the labelled file: CSV (header row, quoted multi-line fields) or JSON Lines. A problem names
 * the file and the line, since data files are too big to search by eye.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { JsonObject } from '../engine/types.ts';
import { InputError, errorMessage } from '../errors.ts';
import type { Row } from './tickets.ts';

export interface LoadedRows {
  rows: Row[];
  /** Every column (key) seen in the file, for checking the spec's column names. */
  columns: Set<string>;
}

function parseCsv(text: string, name: string): Row[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    // `info` gives each record's line; `bom` drops a UTF-8 byte-order mark from the first header.
    records = parse(text, { columns: true, bom: true, skip_empty_lines: true, info: true }) as never;
  } catch (error) {
    throw new InputError(`${name}: not valid CSV: ${errorMessage(error)}`);
  }
  // csv-parse reports the line a record ends on; the row starts after the previous one ended.
  let previousEnd = 1;
  return records.map(({ record, info }, i) => {
    const row: Row = { index: i + 1, line: previousEnd + 1, values: record };
    previousEnd = info.lines;
    return row;
  });
}

function parseJsonl(text: string, name: string): Row[] {
  const rows: Row[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`${name}:${i + 1}: not valid JSON: ${errorMessage(error)}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(`${name}:${i + 1}: each line must be a JSON object (one row)`);
    }
    rows.push({ index: rows.length + 1, line: i + 1, values: value as JsonObject });
  });
  return rows;
}

export async function loadRows(file: string, format: 'csv' | 'jsonl'): Promise<LoadedRows> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read the data file ${file} (the spec's data, relative to the spec file): ${errorMessage(error)}`);
  }
  const name = path.basename(file);
  const rows = format === 'csv' ? parseCsv(text, name) : parseJsonl(text, name);
  const columns = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row.values)) columns.add(key);
  return { rows, columns };
}
