/**
 * Growth: for each stored-task count, a fresh place is seeded, then a fresh process (growth-child.ts)
 * starts the app over it and measures start-up, memory, inbox and task listings and pipeline
 * throughput; this process adds the seeding time and the size on disk.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Place } from '../places.ts';
import type { GrowthPoint } from '../results.ts';
import { ROOT } from '../tickets.ts';
import { childEnv } from '../workers.ts';
import type { GrowthJob, GrowthMeasures } from '../growth-child.ts';
import type { Profile } from './profile.ts';
import { seed } from './seed.ts';

const CHILD = path.join(ROOT, 'bench', 'growth-child.ts');

function runChild(job: GrowthJob): Promise<GrowthMeasures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: childEnv({ BENCH_GROWTH_JOB: JSON.stringify(job) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err = (err + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
      if (code === 0 && line) resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as GrowthMeasures);
      else reject(new Error(`the growth measurement process exited with ${code}:\n${err}`));
    });
  });
}

/** One point of the growth curve on a fresh place. */
export async function growthPoint(place: Place, profile: Profile, storedTasks: number, options: { tickets: number; rounds: number; team: string }): Promise<GrowthPoint> {
  const seedMs = await seed(place, profile, storedTasks);
  const measures = await runChild({ env: place.env, tickets: options.tickets, rounds: options.rounds, team: options.team });
  return { storedTasks, seedMs, diskBytes: await place.diskBytes(), ...measures };
}
