/**
 * Run by the growth scenario in a fresh process over a seeded place, so that start-up and memory are
 * what an operator sees after a restart (nothing warm in the bench's own process). Reads its job from
 * BENCH_GROWTH_JOB, prints one `BENCH_RESULT {json}` line, exits.
 */
import { startWorker } from '../src/worker.ts';
import { startBenchApp } from './app.ts';
import { timeBatch } from './measure.ts';
import type { GrowthPoint } from './results.ts';
import { FILTER_CUSTOMER } from './scenarios/seed.ts';
import { summarise, timeRounds } from './stats.ts';
import type { Env } from './places.ts';

export interface GrowthJob {
  env: Env;
  tickets: number;
  rounds: number;
  team: string;
}

export type GrowthMeasures = Omit<GrowthPoint, 'storedTasks' | 'seedMs' | 'diskBytes'>;

const MiB = 1024 * 1024;
const OPEN = ['pending', 'assigned', 'in_progress'] as const;

async function main(): Promise<void> {
  const job = JSON.parse(process.env.BENCH_GROWTH_JOB ?? '') as GrowthJob;
  const started = performance.now();
  const app = await startBenchApp(job.env);
  const startupMs = performance.now() - started;
  const rssStartMiB = process.memoryUsage().rss / MiB;
  try {
    const human = app.humanTasks.store;
    // The inbox's first page, most urgent first (the store's order), for every team and for one.
    const inboxAllTeams = summarise(await timeRounds(job.rounds, () => human.list({ status: [...OPEN], limit: 50 })));
    const inboxOneTeam = summarise(await timeRounds(job.rounds, () => human.list({ status: [...OPEN], team: job.team, limit: 50 })));
    // `triage task list`: the first page, then with a data filter.
    const taskList = summarise(await timeRounds(job.rounds, () => app.store.list({ limit: 50 })));
    const taskListFiltered = summarise(await timeRounds(job.rounds, () => app.store.list({ filter: { 'support.ticket.customerId': FILTER_CUSTOMER }, limit: 50 })));
    const pipeline = await timeBatch(app, job.tickets, 'g', () => startWorker(app, { pollMs: 20 }));
    const result: GrowthMeasures = {
      startupMs,
      rssStartMiB,
      rssAfterMiB: process.memoryUsage().rss / MiB,
      pipeline,
      inboxAllTeams,
      inboxOneTeam,
      taskList,
      taskListFiltered,
    };
    process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await app.stop();
  }
}

await main();
process.exit(0);
