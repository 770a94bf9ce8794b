import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { progressBar } from '../../eval/progress.ts';
import { renderReport } from '../../eval/report.ts';
import { runEval } from '../../eval/run.ts';
import { loadSpec } from '../../eval/spec.ts';
import { guarded, printJson } from '../run.ts';

function positiveInt(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InputError(`${flag} must be an integer >= ${min}`);
  return n;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval <spec>')
    .description('measure the pipeline\'s decisions on labelled tickets (a dry run: nothing is stored or sent)')
    .option('--limit <n>', 'only the first N selected rows')
    .option('--json', 'print the report as one JSON document')
    .option('--misses <n>', 'misses shown per measure', '5')
    .option('--policy <file>', 'the policy file (default: TRIAGE_POLICY, then triage.policy.yaml)')
    .option('--concurrency <n>', 'tickets in flight at once (default 1 with the heuristic reasoner, 8 with a model)')
    .option('--workers <n>', 'worker threads the tickets are spread over (default: the CPUs, at most 4, from 200 tickets on; 1 with a model); 1 runs in this thread')
    .option('--check', 'exit 1 when any goal is missed')
    .action((specFile: string, opts: { limit?: string; json?: boolean; misses: string; policy?: string; concurrency?: string; workers?: string; check?: boolean }) =>
      guarded(async () => {
        const limit = positiveInt(opts.limit, '--limit');
        const misses = positiveInt(opts.misses, '--misses', 0) ?? 5;
        const concurrency = positiveInt(opts.concurrency, '--concurrency');
        const workers = positiveInt(opts.workers, '--workers');
        const loaded = await loadSpec(specFile);
        const bar = !opts.json && process.stderr.isTTY ? progressBar() : null;
        let report;
        try {
          report = await runEval(loaded, {
            misses,
            ...(limit !== undefined ? { limit } : {}),
            ...(concurrency !== undefined ? { concurrency } : {}),
            ...(workers !== undefined ? { workers } : {}),
            ...(opts.policy !== undefined ? { policyFile: opts.policy } : {}),
            ...(bar ? { onProgress: (done: number, total: number) => bar.update(done, total) } : {}),
          });
        } finally {
          bar?.finish();
        }
        if (opts.json) printJson(report);
        else process.stdout.write(renderReport(report));
        if (opts.check && report.pass === false) process.exitCode = 1;
      }),
    );
}
