/**
 * `npm run bench`: measures every available store (embedded always; mongodb when MONGODB_URI is set or
 * FerretDB can be started), prints a markdown report and writes it, an SVG chart and results.json into
 * the output folder. Asserts nothing about time. See docs/benchmarks.md for what each figure means.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderChart } from './chart.ts';
import { parseOptions, type Options } from './options.ts';
import { embeddedTarget, mongoTargetOrReason, type Place, type Target } from './places.ts';
import { renderReport } from './report.ts';
import type { BenchResults, FloorResult, Skipped, StoreResult, Throughput } from './results.ts';
import { floor } from './scenarios/floor.ts';
import { growthPoint } from './scenarios/growth.ts';
import { latency } from './scenarios/latency.ts';
import { naive } from './scenarios/naive.ts';
import { inProcessPipeline, workerProcessesPipeline } from './scenarios/pipeline.ts';
import { profile, type Profile } from './scenarios/profile.ts';
import { medianPairIndex } from './stats.ts';

const began = performance.now();
const say = (line: string) => process.stderr.write(`bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s: ${line}\n`);

/** Runs `fn` on a fresh place and drops it; a failure is recorded as skipped, not thrown. */
async function onFresh<T>(target: Target, tag: string, result: StoreResult, name: string, fn: (place: Place) => Promise<T>): Promise<T | undefined> {
  say(`${target.label}: ${name}`);
  const place = await target.fresh(tag);
  try {
    return await fn(place);
  } catch (error) {
    const reason = `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    say(`${target.label}: ${name} ${reason}`);
    result.skipped.push({ name, reason });
    return undefined;
  } finally {
    await place.drop();
  }
}

async function measureStore(target: Target, options: Options): Promise<StoreResult> {
  const settings = options[target.settings];
  const result: StoreResult = { target: target.label, store: target.label, settings, ...(target.server ? { server: target.server } : {}), pairs: [], workerProcesses: [], growth: [], skipped: [] };
  const recorded: Profile | undefined = await onFresh(target, 'profile', result, 'profile (recording one run per sample ticket)', (place) => profile(place));
  if (recorded) result.store = recorded.store;
  if (!recorded) result.skipped.push({ name: 'floor and growth', reason: 'the profile run failed' });
  // The floor and the pipeline alternate, so a slow stretch of a shared machine hits both of a pair.
  const runs: { floor?: FloorResult; pipeline?: Throughput }[] = [];
  for (let pair = 1; pair <= settings.pairs; pair++) {
    const of = settings.pairs > 1 ? ` (pair ${pair} of ${settings.pairs})` : '';
    const floorRun = recorded ? await onFresh(target, 'floor', result, `floor${of}`, (place) => floor(place, recorded, settings.tickets)) : undefined;
    const pipelineRun = await onFresh(target, 'pipeline', result, `pipeline, one in-process worker${of}`, (place) => inProcessPipeline(place, settings.tickets));
    runs.push({ ...(floorRun ? { floor: floorRun } : {}), ...(pipelineRun ? { pipeline: pipelineRun } : {}) });
  }
  result.pairs = runs.map((run) => ({ floor: run.floor?.perSecond ?? null, pipeline: run.pipeline?.perSecond ?? null }));
  const median = runs[medianPairIndex(result.pairs)];
  if (median?.floor) result.floor = median.floor;
  if (median?.pipeline) result.pipeline = median.pipeline;
  if (target.label === 'mongodb') {
    for (const workers of [1, 3]) {
      const run = await onFresh(target, `w${workers}`, result, `pipeline, ${workers} worker process(es)`, (place) => workerProcessesPipeline(place, settings.tickets, workers));
      if (run) result.workerProcesses.push({ workers, result: run });
    }
  }
  result.latency = await onFresh(target, 'latency', result, `latency at ${settings.latencyRate}/s for ${settings.latencySeconds} s`, (place) => latency(place, settings.latencyRate, settings.latencySeconds));
  result.naive = await onFresh(target, 'naive', result, 'naive baseline (one Agenda job per step)', (place) => naive(place, settings.tickets));
  if (recorded && settings.growth.length === 0) {
    result.skipped.push({ name: 'growth', reason: target.settings === 'ferretdb' ? 'FerretDB lists a few hundred tasks in seconds; set BENCH_MONGODB_GROWTH to measure it anyway' : 'no stored-task counts given' });
  }
  if (recorded) {
    for (const stored of settings.growth) {
      const point = await onFresh(target, `g${stored}`, result, `growth at ${stored.toLocaleString('en')} stored tasks`, (place) =>
        growthPoint(place, recorded, stored, { tickets: settings.tickets, rounds: options.rounds, team: 'finance' }),
      );
      if (point) result.growth.push(point);
    }
  }
  return result;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env, new Date(), process.cwd());
  const startedAt = new Date().toISOString();
  const targets: Target[] = [];
  const unavailable: Skipped[] = [];
  if (options.stores.includes('embedded')) targets.push(embeddedTarget());
  if (options.stores.includes('mongodb')) {
    const mongo = await mongoTargetOrReason((line) => say(`ferretdb: ${line}`));
    if ('target' in mongo) targets.push(mongo.target);
    else {
      unavailable.push({ name: 'mongodb', reason: mongo.reason });
      say(`mongodb skipped: ${mongo.reason}`);
    }
  }
  const stores: StoreResult[] = [];
  try {
    for (const target of targets) stores.push(await measureStore(target, options));
  } finally {
    for (const target of targets) await target.stop().catch(() => undefined);
  }
  const cpus = os.cpus();
  const results: BenchResults = {
    startedAt,
    finishedAt: new Date().toISOString(),
    environment: { cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, totalMemGiB: os.totalmem() / 1024 ** 3 },
    rounds: options.rounds,
    stores,
    unavailable,
  };
  mkdirSync(options.out, { recursive: true });
  const report = renderReport(results, 'chart.svg');
  writeFileSync(path.join(options.out, 'report.md'), report);
  writeFileSync(path.join(options.out, 'chart.svg'), renderChart(results));
  writeFileSync(path.join(options.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(report);
  say(`wrote ${path.relative(process.cwd(), options.out) || '.'}/report.md, chart.svg and results.json`);
}

try {
  await main();
  // Agenda and the stores leave timers behind; the results are written, so leave now.
  process.exit(0);
} catch (error) {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
