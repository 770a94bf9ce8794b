/**
 * `policy diff`, `policy replay` and `policy suggest`: trying a policy change on the stored tickets
 * before it goes live. The logic lives in src/policy-tools/; this file parses options and prints.
 */
import type { Command } from 'commander';
import { steps } from '../../../steps/index.ts';
import { loadConfig } from '../../config.ts';
import { compileRegistry } from '../../engine/registry.ts';
import { InputError } from '../../errors.ts';
import { createLogger } from '../../log.ts';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../policy/load.ts';
import { diffPolicies, formatDiff } from '../../policy-tools/diff.ts';
import { formatReplay, formatSuggest } from '../../policy-tools/format.ts';
import { runReplay } from '../../policy-tools/replay.ts';
import { withStorage } from '../../policy-tools/storage.ts';
import { runSuggest } from '../../policy-tools/suggest.ts';
import { decisionFilter, parseWindow } from '../../policy-tools/window.ts';
import { defaultOutDir, writeSuggestions } from '../../policy-tools/write.ts';
import { guarded, printJson } from '../run.ts';

function count(text: string, option: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InputError(`${option} must be a whole number of 0 or more (got "${text}")`, [option]);
  return n;
}

async function load(file: string) {
  return { file, policy: await loadPolicy(file, { stepIds: compileRegistry(steps).ids() }) };
}

function baseFile(given: string | undefined): string {
  return given ?? process.env.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE;
}

/** Registers the three commands under `policy`. */
export function registerPolicyTools(policy: Command): void {
  policy
    .command('diff <a> <b>')
    .description('what changed between two policy files, after validation and defaults (comments and layout ignored)')
    .option('--json', 'print the differences as JSON')
    .action((a: string, b: string, opts: { json?: boolean }) =>
      guarded(async () => {
        const diff = diffPolicies(await load(a), await load(b));
        if (opts.json) printJson(diff);
        else process.stdout.write(`${formatDiff(diff)}\n`);
      }),
    );

  policy
    .command('replay')
    .description('re-decide the stored tickets under a base and a new policy (a dry run: nothing is written or sent)')
    .requiredOption('--policy <file>', 'the new policy to try')
    .option('--base <file>', 'the policy to compare with (TRIAGE_POLICY, else the shipped triage.policy.yaml)')
    .option('--since <when>', 'decisions since a duration ago (30d, 12h, 2w) or a date', '30d')
    .option('--until <when>', 'decisions up to a date or a duration ago (now by default)')
    .option('--filter <json>', 'only tickets whose data matches this MongoDB-style filter, as in task list')
    .option('--examples <n>', 'how many changed tickets to show', '10')
    .option('--json', 'print the whole report as JSON')
    .action((opts: { policy: string; base?: string; since: string; until?: string; filter?: string; examples: string; json?: boolean }) =>
      guarded(async () => {
        const examples = count(opts.examples, '--examples');
        const now = new Date();
        const window = parseWindow(opts.since, opts.until, now);
        const { filter, user } = decisionFilter(window, opts.filter);
        const base = await load(baseFile(opts.base));
        const next = await load(opts.policy);
        const config = loadConfig(process.env);
        const log = createLogger(config.TRIAGE_LOG_LEVEL);
        const report = await withStorage(config, log, (storage) =>
          runReplay({ store: storage.tasks, base, next, window, filter, userFilter: user, examples, now: () => now }),
        );
        if (opts.json) printJson(report);
        else process.stdout.write(`${formatReplay(report)}\n`);
      }),
    );

  policy
    .command('suggest')
    .description('learn from outcomes (answers to "was the escalation needed", reopened tickets, low satisfaction) and propose threshold changes')
    .option('--base <file>', 'the policy to improve (TRIAGE_POLICY, else the shipped triage.policy.yaml)')
    .option('--since <when>', 'decisions since a duration ago (90d, 12h, 2w) or a date', '90d')
    .option('--until <when>', 'decisions up to a date or a duration ago (now by default)')
    .option('--filter <json>', 'only tickets whose data matches this MongoDB-style filter')
    .option('--max-missed <n>', 'a suggestion may lose at most this many needed escalations', '1')
    .option('--out <dir>', 'folder for the suggested policy files (default: <TRIAGE_DATA_DIR>/policy-suggestions/<time>/)')
    .option('--json', 'print the whole report as JSON')
    .action((opts: { base?: string; since: string; until?: string; filter?: string; maxMissed: string; out?: string; json?: boolean }) =>
      guarded(async () => {
        const maxMissed = count(opts.maxMissed, '--max-missed');
        const now = new Date();
        const window = parseWindow(opts.since, opts.until, now);
        const { filter } = decisionFilter(window, opts.filter);
        const base = await load(baseFile(opts.base));
        const config = loadConfig(process.env);
        const log = createLogger(config.TRIAGE_LOG_LEVEL);
        const report = await withStorage(config, log, (storage) =>
          runSuggest({ store: storage.tasks, humanTasks: storage.humanTasks, base, filter, window, maxMissed, now: () => now }),
        );
        const replayArgs = ` --since ${opts.since}${opts.until ? ` --until ${opts.until}` : ''}${opts.filter ? ` --filter '${opts.filter.replace(/'/g, `'\\''`)}'` : ''}`;
        await writeSuggestions(base.file, report.suggestions, opts.out ?? defaultOutDir(config.TRIAGE_DATA_DIR, now), replayArgs);
        if (opts.json) printJson(report);
        else process.stdout.write(`${formatSuggest(report)}\n`);
      }),
    );
}
