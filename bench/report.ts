/**
 * The markdown report: environment, throughput with its ratios, latency, growth, and the store calls
 * the floor replays. Every figure comes from one run (results.json beside it has them all).
 */
import type { BenchResults, GrowthPoint, StoreResult, Throughput } from './results.ts';
import type { LatencySummary } from './stats.ts';
import { ratio } from './stats.ts';

const dash = '–';

export function fmtRate(value: number | null | undefined): string {
  if (value === null || value === undefined) return dash;
  return value >= 100 ? value.toFixed(0) : value.toFixed(1);
}

export function fmtMs(value: number | null | undefined): string {
  if (value === null || value === undefined) return dash;
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return value >= 10 ? `${value.toFixed(0)} ms` : `${value.toFixed(1)} ms`;
}

function fmtPair(summary: LatencySummary | undefined): string {
  return summary ? `${fmtMs(summary.p50)} / ${fmtMs(summary.p99)}` : dash;
}

function fmtPercent(value: number | null): string {
  return value === null ? dash : `${(value * 100).toFixed(0)} %`;
}

function fmtTimes(value: number | null): string {
  return value === null ? dash : `${value.toFixed(1)}×`;
}

function fmtBytes(bytes: number | null): string {
  if (bytes === null) return dash;
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(0)} KiB`;
}

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** `embedded (sqlite)`: the target and the storage's own name. */
export function storeLabel(store: StoreResult): string {
  return store.store && store.store !== store.target ? `${store.target} (${store.store})` : store.target;
}

function workers(store: StoreResult, count: number): Throughput | undefined {
  return store.workerProcesses.find((w) => w.workers === count)?.result;
}

function throughputTable(stores: readonly StoreResult[]): string {
  return table(
    ['store', 'floor', 'pipeline, 1 worker', 'pipeline ÷ floor', 'naive (job per step)', 'pipeline ÷ naive', '1 worker process', '3 worker processes'],
    stores.map((s) => [
      storeLabel(s),
      fmtRate(s.floor?.perSecond),
      fmtRate(s.pipeline?.perSecond),
      fmtPercent(ratio(s.pipeline?.perSecond, s.floor?.perSecond)),
      fmtRate(s.naive?.perSecond),
      fmtTimes(ratio(s.pipeline?.perSecond, s.naive?.perSecond)),
      fmtRate(workers(s, 1)?.perSecond),
      fmtRate(workers(s, 3)?.perSecond),
    ]),
  );
}

/**
 * Every floor and pipeline pair of a store measured more than once: the table shows the pair whose
 * ratio is the median, and this line shows how far the others were from it.
 */
function pairLines(stores: readonly StoreResult[]): string[] {
  return stores
    .filter((s) => s.pairs.length > 1)
    .map((s) => {
      const pairs = s.pairs.map((p) => `${fmtRate(p.floor)} / ${fmtRate(p.pipeline)} (${fmtPercent(ratio(p.pipeline, p.floor))})`);
      return `${storeLabel(s)}, floor / pipeline of each pair, alternated: ${pairs.join(', ')}; the table shows the median pair.`;
    })
    .flatMap((line) => ['', line]);
}

function latencyTable(stores: readonly StoreResult[]): string {
  return table(
    ['store', 'tickets', 'arrival rate (asked / achieved)', 'handoff p50', 'handoff p99', 'rest p50', 'rest p99', 'escalated', 'failed'],
    stores
      .filter((s) => s.latency)
      .map((s) => {
        const l = s.latency!;
        return [storeLabel(s), String(l.result.tickets), `${l.rate} / ${l.achievedRate.toFixed(1)} per s`, fmtMs(l.result.handoff.p50), fmtMs(l.result.handoff.p99), fmtMs(l.result.rest.p50), fmtMs(l.result.rest.p99), String(l.result.escalated), String(l.result.failed)];
      }),
  );
}

function growthRow(store: StoreResult, g: GrowthPoint): string[] {
  return [
    storeLabel(store),
    g.storedTasks.toLocaleString('en'),
    fmtMs(g.seedMs),
    fmtMs(g.startupMs),
    `${g.rssStartMiB.toFixed(0)} / ${g.rssAfterMiB.toFixed(0)} MiB`,
    fmtBytes(g.diskBytes),
    fmtRate(g.pipeline.perSecond),
    fmtPair(g.inboxAllTeams),
    fmtPair(g.inboxOneTeam),
    fmtPair(g.taskList),
    fmtPair(g.taskListFiltered),
  ];
}

function growthTable(stores: readonly StoreResult[]): string {
  return table(
    ['store', 'stored tasks', 'seed', 'start-up', 'RSS start / after', 'disk', 'pipeline (tickets/s)', 'inbox, all teams p50 / p99', 'inbox, one team p50 / p99', 'task list p50 / p99', 'task list, filtered p50 / p99'],
    stores.flatMap((s) => s.growth.map((g) => growthRow(s, g))),
  );
}

function callsTable(stores: readonly StoreResult[]): string {
  const rows: string[][] = [];
  for (const s of stores) {
    if (!s.floor) continue;
    for (const [call, count] of Object.entries(s.floor.callsPerTicket)) {
      rows.push([storeLabel(s), call, count.toFixed(2), fmtPercent(s.floor.timeShare[call] ?? null)]);
    }
  }
  return table(['store', 'call', 'per ticket', 'share of the floor\'s time'], rows);
}

export function renderReport(results: BenchResults, chartFile?: string): string {
  const env = results.environment;
  const stores = results.stores;
  const parts = [
    `# triage benchmark, ${results.startedAt}`,
    '',
    `Environment: ${env.cpus} CPUs (${env.cpuModel}), ${env.totalMemGiB.toFixed(1)} GiB RAM, Node ${env.node}, ${env.platform}. ` +
      `Stores: ${stores.map((s) => `${storeLabel(s)}${s.server ? ` on ${s.server}` : ''}`).join('; ')}` +
      (results.unavailable.length > 0 ? `; not measured: ${results.unavailable.map((u) => `${u.name} (${u.reason})`).join('; ')}` : '') +
      '.',
    '',
    ...stores.map(
      (s) =>
        `Settings, ${storeLabel(s)}: ${s.settings.tickets} tickets per batch; latency at ${s.settings.latencyRate} tickets/s for ${s.settings.latencySeconds} s; ` +
        (s.settings.growth.length > 0 ? `growth at ${s.settings.growth.map((n) => n.toLocaleString('en')).join(', ')} stored tasks.  ` : 'no growth points.  '),
    ),
    `Heuristic reasoner, outbox connectors; listings timed over ${results.rounds} calls. ` +
      `Run ${results.startedAt} to ${results.finishedAt}; every ratio compares figures of this one run.`,
    '',
    '## Throughput (tickets/s through the eight steps)',
    '',
    throughputTable(stores),
    '',
    'Floor: the same store calls the pipeline makes per ticket, replayed in a bare loop. Naive: one Agenda job per step on the same database. See docs/benchmarks.md.',
    ...pairLines(stores),
    '',
    '## Latency at a steady arrival rate (open loop, one worker)',
    '',
    latencyTable(stores),
    '',
    '## Growth (fresh process over a seeded database)',
    '',
    growthTable(stores),
    '',
    '## Store calls per ticket (recorded from the pipeline, replayed by the floor)',
    '',
    callsTable(stores),
  ];
  const skipped = stores.flatMap((s) => s.skipped.map((k) => `- ${storeLabel(s)}: ${k.name} skipped: ${k.reason}`));
  if (skipped.length > 0) parts.push('', '## Skipped', '', ...skipped);
  if (chartFile) parts.push('', `![throughput and growth](${chartFile})`);
  return `${parts.join('\n')}\n`;
}
