/**
 * `triage eval`: selects the labelled rows, checks every ticket before any runs (a bad row stops the
 * run at once, naming it), drives each ticket through the dry-run pipeline and tallies the measures.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compileCondition } from '../engine/matcher.ts';
import type { JsonObject, TaskState } from '../engine/types.ts';
import { InputError, errorMessage } from '../errors.ts';
import { parseTicketSubmission } from '../intake/ticket.ts';
import { loadRows } from './data.ts';
import { startDryRun, type DryRunOptions } from './dry-run.ts';
import { quantile } from './metrics.ts';
import type { LoadedSpec } from './spec.ts';
import { Tally, type MeasureResult } from './tally.ts';
import { buildTicket, RowError, ticketColumns, type Row } from './tickets.ts';

export interface EvalOptions extends DryRunOptions {
  limit?: number;
  /** Misses shown per measure. */
  misses: number;
  /** Tickets in flight at once; by default 1 with the heuristic reasoner, 8 with a model. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface EvalReport {
  spec: string;
  data: string;
  title?: string;
  rows: { inFile: number; selected: number };
  tickets: number;
  seconds: number;
  ticketsPerSecond: number;
  reasoner: {
    name: string;
    concurrency: number;
    /** Summed time inside reasoner calls per ticket, in milliseconds. */
    msPerTicket: { median: number | null; p95: number | null; mean: number | null };
    callsPerTicket: number | null;
  };
  /** Model usage from each task's meta.usage (zero with the heuristic reasoner). */
  model: { callsPerTicket: number | null; tokensPerTicket: number | null; promptTokens: number; completionTokens: number; fallbacks: number };
  states: Partial<Record<TaskState, number>>;
  /** The first few tasks the engine failed, with why. */
  failures: { row: number; error: string }[];
  measures: MeasureResult[];
  /** Null when no measure has a goal. */
  pass: boolean | null;
}

interface Prepared {
  row: Row;
  ticket: JsonObject;
  text: string;
}

const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** Selects rows and builds and validates every ticket; throws an InputError naming the first bad row or key. */
export async function prepare(loaded: LoadedSpec, limit?: number): Promise<{ items: Prepared[]; inFile: number }> {
  const { spec } = loaded;
  const { rows, columns } = await loadRows(loaded.dataFile, loaded.format);
  const name = path.basename(loaded.dataFile);
  const known = `${name} has ${[...columns].slice(0, 20).join(', ')}`;
  for (const { field, column } of ticketColumns(spec.ticket)) {
    if (!columns.has(column)) throw new InputError(loaded.locate(['ticket', field, 'column'], `no column "${column}"; ${known}`));
  }
  spec.measures.forEach((m, i) => {
    if (m.kind === 'multiclass' && !columns.has(m.label.column)) throw new InputError(loaded.locate(['measures', i, 'label', 'column'], `no column "${m.label.column}"; ${known}`));
  });
  const where = spec.where ? compileCondition(spec.where, 'where') : null;
  const selected = where ? rows.filter((row) => where.test(row.values)) : rows;
  const items: Prepared[] = [];
  const ids = new Map<string, number>();
  for (const row of limit === undefined ? selected : selected.slice(0, limit)) {
    const at = `${name} row ${row.index} (line ${row.line})`;
    let ticket: JsonObject;
    try {
      ticket = buildTicket(row, spec.ticket);
      parseTicketSubmission({ support: { ticket } });
    } catch (error) {
      if (error instanceof RowError || error instanceof InputError) throw new InputError(`${at}: ${errorMessage(error)}`, [], { cause: error });
      throw error;
    }
    const id = String(ticket.id);
    const first = ids.get(id);
    // The engine dedupes on the ticket id: a repeated id would measure one task twice.
    if (first !== undefined) throw new InputError(`${at}: ticket id "${id}" repeats row ${first}; ids must be unique (leave out ticket.id to number the rows)`);
    ids.set(id, row.index);
    const text = [ticket.subject, ticket.description ?? ticket.message].filter((t) => typeof t === 'string').join(' / ');
    items.push({ row, ticket, text: clip(text, 160) });
  }
  return { items, inFile: rows.length };
}

export async function runEval(loaded: LoadedSpec, options: EvalOptions): Promise<EvalReport> {
  const { items, inFile } = await prepare(loaded, options.limit);
  const dry = await startDryRun(options);
  const tallies = loaded.spec.measures.map((m) => new Tally(m));
  const concurrency = options.concurrency ?? (dry.reasoner.name === 'heuristic' ? 1 : 8);
  const reasonerMs: number[] = [];
  const states: Partial<Record<TaskState, number>> = {};
  const failures: { row: number; error: string }[] = [];
  const usage = { calls: 0, reasonerCalls: 0, promptTokens: 0, completionTokens: 0, fallbacks: 0 };
  let next = 0;
  let done = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++]!;
      const { value: task, clock } = await dry.timed(async () => {
        const { task: created } = await dry.engine.submit({ support: { ticket: item.ticket } }, 'import');
        return dry.engine.process(created._id);
      });
      for (const tally of tallies) tally.observe({ row: item.row, id: String(item.ticket.id), text: item.text, data: task.data });
      reasonerMs.push(clock.ms);
      usage.reasonerCalls += clock.calls;
      usage.calls += task.meta.usage.calls;
      usage.promptTokens += task.meta.usage.promptTokens;
      usage.completionTokens += task.meta.usage.completionTokens;
      usage.fallbacks += task.meta.usage.fallbacks.length;
      states[task.meta.state] = (states[task.meta.state] ?? 0) + 1;
      if (task.meta.state === 'failed' && failures.length < 5) failures.push({ row: item.row.index, error: task.meta.error ?? 'failed' });
      dry.release(task._id);
      options.onProgress?.(++done, items.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  } finally {
    await dry.stop();
  }
  const seconds = (performance.now() - started) / 1000;
  const n = items.length;
  const perTicket = (total: number): number | null => (n === 0 ? null : total / n);
  const measures = tallies.map((t) => t.result(options.misses));
  const judged = measures.filter((m) => m.pass !== null);
  return {
    spec: loaded.file,
    data: loaded.dataFile,
    ...(loaded.spec.title ? { title: loaded.spec.title } : {}),
    rows: { inFile, selected: n },
    tickets: n,
    seconds,
    ticketsPerSecond: seconds > 0 ? n / seconds : 0,
    reasoner: {
      name: dry.reasoner.name,
      concurrency,
      msPerTicket: { median: quantile(reasonerMs, 0.5), p95: quantile(reasonerMs, 0.95), mean: perTicket(reasonerMs.reduce((a, b) => a + b, 0)) },
      callsPerTicket: perTicket(usage.reasonerCalls),
    },
    model: {
      callsPerTicket: perTicket(usage.calls),
      tokensPerTicket: perTicket(usage.promptTokens + usage.completionTokens),
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      fallbacks: usage.fallbacks,
    },
    states,
    failures,
    measures,
    pass: judged.length === 0 ? null : judged.every((m) => m.pass),
  };
}
