/**
 * What a run measures, from the command line and BENCH_* variables (see docs/benchmarks.md).
 */
import path from 'node:path';

/** What one store is measured with. */
export interface StoreSettings {
  tickets: number;
  /** Floor and pipeline runs, alternated; the report shows the pair with the median ratio. */
  pairs: number;
  latencyRate: number;
  latencySeconds: number;
  growth: number[];
}

export interface Options {
  out: string;
  stores: string[];
  rounds: number;
  embedded: StoreSettings;
  /** A real MongoDB (MONGODB_URI): the embedded settings unless BENCH_MONGODB_* say otherwise. */
  mongodb: StoreSettings;
  /**
   * FerretDB stands in when there is no MONGODB_URI. It takes about a second per ticket here and
   * seconds to list a few hundred tasks, so by default it gets batches of 10, a 2 s latency run and no
   * growth points, keeping a default run short.
   */
  ferretdb: StoreSettings;
}

export const USAGE = `usage: npm run bench -- [--out DIR] [--stores embedded,mongodb]
  BENCH_TICKETS=100            tickets per batch (floor, pipeline, naive, growth)
  BENCH_PAIRS=3                floor + pipeline runs, alternated (FerretDB: 1); the median ratio is shown
  BENCH_RATE=20 BENCH_SECONDS=30   arrival rate and duration of the latency run
  BENCH_GROWTH=1000,10000      stored-task counts of the growth scenario
  BENCH_MONGODB_TICKETS, BENCH_MONGODB_SECONDS, BENCH_MONGODB_GROWTH
                               the same for mongodb (FerretDB defaults: 10, 2, none)
  BENCH_ROUNDS=30              calls per listing latency figure`;

/** `"1000, 10k,1e5"` -> [1000, 10000, 100000]; throws naming the variable on anything else. */
export function parseCounts(text: string, name: string): number[] {
  const values = text
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter((part) => part !== '')
    .map((part) => (part.endsWith('k') ? Number(part.slice(0, -1)) * 1000 : Number(part)));
  if (values.some((v) => !Number.isInteger(v) || v < 0)) throw new Error(`${name} must be a comma-separated list of whole numbers, e.g. 1000,10000 (got "${text}")`);
  return values;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number (got "${raw}")`);
  return value;
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv, now: Date, cwd: string): Options {
  let out: string | undefined;
  let stores = ['embedded', 'mongodb'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`);
      return next;
    };
    if (arg === '--out') out = value();
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg === '--stores') stores = value().split(',').map((s) => s.trim());
    else if (arg.startsWith('--stores=')) stores = arg.slice('--stores='.length).split(',').map((s) => s.trim());
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  for (const store of stores) if (store !== 'embedded' && store !== 'mongodb') throw new Error(`--stores takes embedded and/or mongodb (got "${store}")`);
  const embedded: StoreSettings = {
    tickets: Math.round(positive(env, 'BENCH_TICKETS', 100)),
    pairs: Math.round(positive(env, 'BENCH_PAIRS', 3)),
    latencyRate: positive(env, 'BENCH_RATE', 20),
    latencySeconds: positive(env, 'BENCH_SECONDS', 30),
    growth: parseCounts(env.BENCH_GROWTH ?? '1000,10000', 'BENCH_GROWTH'),
  };
  const mongo = (fallback: StoreSettings): StoreSettings => ({
    tickets: Math.round(positive(env, 'BENCH_MONGODB_TICKETS', fallback.tickets)),
    pairs: fallback.pairs,
    latencyRate: embedded.latencyRate,
    latencySeconds: positive(env, 'BENCH_MONGODB_SECONDS', fallback.latencySeconds),
    growth: env.BENCH_MONGODB_GROWTH !== undefined ? parseCounts(env.BENCH_MONGODB_GROWTH, 'BENCH_MONGODB_GROWTH') : fallback.growth,
  });
  return {
    out: path.resolve(cwd, out ?? path.join('bench-results', now.toISOString().replace(/:/g, '-'))),
    stores,
    rounds: Math.round(positive(env, 'BENCH_ROUNDS', 30)),
    embedded,
    mongodb: mongo(embedded),
    ferretdb: mongo({ ...embedded, tickets: Math.min(embedded.tickets, 10), pairs: 1, latencySeconds: Math.min(embedded.latencySeconds, 2), growth: [] }),
  };
}
