/**
 * `triage eval`: selects the labelled rows, checks every ticket before any runs (a bad row stops the
 * run at once, naming it), drives each ticket through the dry-run pipeline and tallies the measures:
 * in this thread, or spread over worker threads (pool.ts, eval-worker.ts) whose per-ticket outcomes are
 * folded here in row order, so both give the same report.
 */
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../config.ts';
import { compileCondition } from '../engine/matcher.ts';
import type { JsonObject, TaskState } from '../engine/types.ts';
import { InputError, errorMessage } from '../errors.ts';
import { parseTicketSubmission } from '../intake/ticket.ts';
import { loadRows } from './data.ts';
import { startDryRun, type DryRun, type DryRunOptions } from './dry-run.ts';
import type { EvalWorkerInfo, EvalWorkerSetup } from './eval-worker.ts';
import { quantile } from './metrics.ts';
import { PoolError, PoolItemError, startPool } from './pool.ts';
import type { LoadedSpec } from './spec.ts';
import { Tally, type MeasureResult, type Verdict } from './tally.ts';
import { buildTicket, RowError, ticketColumns, type Row } from './tickets.ts';

export interface EvalOptions extends DryRunOptions {
  limit?: number;
  /** Misses shown per measure. */
  misses: number;
  /** Tickets in flight at once; by default 1 with the heuristic reasoner, 8 with a model. */
  concurrency?: number;
  /**
   * Worker threads the tickets are spread over (1: all in this thread). By default the CPUs (at most
   * 4) with the heuristic reasoner and at least MIN_TICKETS_FOR_WORKERS tickets, else 1.
   */
  workers?: number;
  /** The worker threads' module (tests swap in one that fails on purpose); eval-worker.ts by default. */
  workerModule?: URL;
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
    /** Tickets in flight at once, in each worker. */
    concurrency: number;
    /** Worker threads the tickets ran in (1: the main thread). */
    workers: number;
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

/** A ticket ready to run: a worker thread receives these. */
export interface Prepared {
  row: Row;
  ticket: JsonObject;
  text: string;
}

const clip = (text: string, max: number): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

/** How a message names a row: `file.csv row 12 (line 14)`. */
const rowAt = (loaded: LoadedSpec, row: Row): string => `${path.basename(loaded.dataFile)} row ${row.index} (line ${row.line})`;

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
    const at = rowAt(loaded, row);
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

/** One ticket's part in the report, as plain data (a worker thread sends these back): no task is kept. */
export interface TicketOutcome {
  /** Time inside reasoner calls, and their number. */
  ms: number;
  reasonerCalls: number;
  usage: { calls: number; promptTokens: number; completionTokens: number; fallbacks: number };
  state: TaskState;
  error?: string;
  /** One per measure, in the spec's order. */
  verdicts: (Verdict | null)[];
}

/** Drives one ticket through the dry run and judges it for every measure. */
export async function runTicket(dry: DryRun, tallies: Tally[], item: Prepared): Promise<TicketOutcome> {
  const { value: task, clock } = await dry.timed(async () => {
    const { task: created } = await dry.engine.submit({ support: { ticket: item.ticket } }, 'import');
    return dry.engine.process(created._id);
  });
  const ticketed = { row: item.row, id: String(item.ticket.id), text: item.text, data: task.data };
  const outcome: TicketOutcome = {
    ms: clock.ms,
    reasonerCalls: clock.calls,
    usage: { calls: task.meta.usage.calls, promptTokens: task.meta.usage.promptTokens, completionTokens: task.meta.usage.completionTokens, fallbacks: task.meta.usage.fallbacks.length },
    state: task.meta.state,
    ...(task.meta.state === 'failed' ? { error: task.meta.error ?? 'failed' } : {}),
    verdicts: tallies.map((t) => t.judge(ticketed)),
  };
  dry.release(task._id);
  return outcome;
}

/** Sums the outcomes as they come (in row order from workers; as tickets finish in this thread). */
class Totals {
  readonly reasonerMs: number[] = [];
  readonly states: Partial<Record<TaskState, number>> = {};
  readonly failures: { row: number; error: string }[] = [];
  readonly usage = { calls: 0, reasonerCalls: 0, promptTokens: 0, completionTokens: 0, fallbacks: 0 };

  constructor(readonly tallies: Tally[]) {}

  add(outcome: TicketOutcome, item: Prepared): void {
    outcome.verdicts.forEach((verdict, i) => this.tallies[i]!.record(verdict));
    this.reasonerMs.push(outcome.ms);
    this.usage.reasonerCalls += outcome.reasonerCalls;
    this.usage.calls += outcome.usage.calls;
    this.usage.promptTokens += outcome.usage.promptTokens;
    this.usage.completionTokens += outcome.usage.completionTokens;
    this.usage.fallbacks += outcome.usage.fallbacks;
    this.states[outcome.state] = (this.states[outcome.state] ?? 0) + 1;
    if (outcome.state === 'failed' && this.failures.length < 5) this.failures.push({ row: item.row.index, error: outcome.error ?? 'failed' });
  }
}

/** Below this many tickets the default is one thread: starting a worker costs about a second. */
export const MIN_TICKETS_FOR_WORKERS = 200;
/** The default caps the workers here (the eval is CPU-bound; more would only share the same cores). */
export const MAX_DEFAULT_WORKERS = 4;

const WORKER_MODULE = new URL('./eval-worker.ts', import.meta.url);

/** A ticket that threw (the engine fails a task it cannot run; a throw is a bug or a broken row). */
const ticketError = (loaded: LoadedSpec, item: Prepared, message: string): InputError => new InputError(`${rowAt(loaded, item.row)}: ${message}`);

export async function runEval(loaded: LoadedSpec, options: EvalOptions): Promise<EvalReport> {
  const { items, inFile } = await prepare(loaded, options.limit);
  const env = options.env ?? process.env;
  const model = Boolean(loadConfig(env).OPENAI_API_KEY);
  // The model path is concurrent already (--concurrency) and waits on the network, not on the CPU.
  const wanted = options.workers ?? (model || items.length < MIN_TICKETS_FOR_WORKERS ? 1 : Math.min(os.availableParallelism(), MAX_DEFAULT_WORKERS));
  const workers = Math.max(1, Math.min(wanted, items.length));
  const totals = new Totals(loaded.spec.measures.map((m) => new Tally(m)));
  let done = 0;
  let started: number;
  let reasonerName: string;
  let concurrency: number;

  if (workers === 1) {
    const dry = await startDryRun(options);
    reasonerName = dry.reasoner.name;
    concurrency = options.concurrency ?? (dry.reasoner.name === 'heuristic' ? 1 : 8);
    let next = 0;
    started = performance.now();
    const lane = async (): Promise<void> => {
      while (next < items.length) {
        const item = items[next++]!;
        let outcome: TicketOutcome;
        try {
          outcome = await runTicket(dry, totals.tallies, item);
        } catch (error) {
          throw ticketError(loaded, item, errorMessage(error));
        }
        totals.add(outcome, item);
        options.onProgress?.(++done, items.length);
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, lane));
    } finally {
      await dry.stop();
    }
  } else {
    concurrency = options.concurrency ?? (model ? 8 : 1);
    const setup: EvalWorkerSetup = {
      measures: loaded.spec.measures,
      concurrency,
      ...(options.env ? { env: { ...options.env } } : {}),
      ...(options.policyFile !== undefined ? { policyFile: options.policyFile } : {}),
    };
    const pool = startPool<EvalWorkerSetup, Prepared, TicketOutcome>({ module: options.workerModule ?? WORKER_MODULE, setup, workers });
    try {
      const infos = (await pool.ready) as EvalWorkerInfo[];
      reasonerName = infos[0]!.reasoner;
      // As in one thread, the clock starts once the pipeline is loaded (here: in every worker).
      started = performance.now();
      await pool.run(items, (outcome, position) => {
        totals.add(outcome, items[position]!);
        options.onProgress?.(++done, items.length);
      });
    } catch (error) {
      if (error instanceof PoolItemError) throw ticketError(loaded, items[error.position]!, error.message);
      if (error instanceof PoolError) throw new InputError(error.message, [], { cause: error });
      throw error;
    } finally {
      await pool.close();
    }
  }

  const seconds = (performance.now() - started) / 1000;
  const n = items.length;
  const perTicket = (total: number): number | null => (n === 0 ? null : total / n);
  const measures = totals.tallies.map((t) => t.result(options.misses));
  const judged = measures.filter((m) => m.pass !== null);
  const { reasonerMs, usage } = totals;
  return {
    spec: loaded.file,
    data: loaded.dataFile,
    ...(loaded.spec.title ? { title: loaded.spec.title } : {}),
    rows: { inFile, selected: n },
    tickets: n,
    seconds,
    ticketsPerSecond: seconds > 0 ? n / seconds : 0,
    reasoner: {
      name: reasonerName,
      concurrency,
      workers,
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
    states: totals.states,
    failures: totals.failures,
    measures,
    pass: judged.length === 0 ? null : judged.every((m) => m.pass),
  };
}
