/**
 * Turning a labelled row into the ticket the pipeline receives, as the spec's `ticket` section says:
 * each field a constant or `{ column, transform }`.
 */
import type { Json, JsonObject } from '../engine/types.ts';
import type { EvalSpec } from './spec.ts';

/** A row of the labelled file: CSV cells are strings; JSONL values keep their JSON types. */
export interface Row {
  /** 1-based position among the file's data rows (the header is not a row). */
  index: number;
  /** Where the row starts in the file, for messages. */
  line: number;
  values: JsonObject;
}

export class RowError extends Error {
  override name = 'RowError';
}

/** Transforms a column's value goes through, in the order given. */
export const TRANSFORMS: Record<string, (value: Json) => Json> = {
  // Some exports store newlines as the two characters `\` `n`; the customer wrote line breaks.
  unescape_newlines: (v) => (typeof v === 'string' ? v.replace(/\\r\\n|\\n|\\r/g, '\n') : v),
  trim: (v) => (typeof v === 'string' ? v.trim() : v),
  number: (v) => {
    if (typeof v === 'number' || v === null || v === '') return v;
    const n = Number(v);
    if (typeof v !== 'string' || !Number.isFinite(n)) throw new RowError(`"${String(v)}" is not a number`);
    return n;
  },
};

/** Columns the ticket section reads, for checking them against the file's header. */
export function ticketColumns(ticket: EvalSpec['ticket']): { field: string; column: string }[] {
  return Object.entries(ticket).flatMap(([field, spec]) => (typeof spec === 'object' ? [{ field, column: spec.column }] : []));
}

/**
 * The ticket for `row`. An empty or missing cell leaves the field out (a tweet has no subject);
 * `id` defaults to the row number so that every row is its own ticket.
 */
export function buildTicket(row: Row, ticket: EvalSpec['ticket']): JsonObject {
  const out: JsonObject = {};
  for (const [field, spec] of Object.entries(ticket)) {
    if (typeof spec !== 'object') {
      out[field] = spec;
      continue;
    }
    let value: Json = row.values[spec.column] ?? null;
    const transforms = spec.transform === undefined ? [] : Array.isArray(spec.transform) ? spec.transform : [spec.transform];
    try {
      for (const name of transforms) value = TRANSFORMS[name]!(value);
    } catch (error) {
      throw new RowError(`ticket.${field} (column ${spec.column}): ${(error as Error).message}`, { cause: error });
    }
    if (value === null || value === '') continue;
    out[field] = value;
  }
  if (out.id === undefined) out.id = String(row.index);
  else if (typeof out.id === 'number') out.id = String(out.id);
  return out;
}
