import type { Command } from 'commander';
import { steps } from '../../../steps/index.ts';
import { compileRegistry } from '../../engine/registry.ts';
import { InputError } from '../../errors.ts';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../policy/load.ts';
import { buildTicketReport } from '../../reports/ticket-report.ts';
import { stepList } from '../format.ts';
import { guarded, printJson, withApp } from '../run.ts';

export function registerMiscCommands(program: Command): void {
  program
    .command('steps')
    .description('the pipeline steps in order, with their conditions')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) =>
      guarded(async () => {
        const registry = compileRegistry(steps);
        if (opts.json) printJson(registry.steps.map(({ id, title, condition }) => ({ id, title, condition })));
        else process.stdout.write(`${stepList(registry.steps)}\n`);
      }),
    );

  program
    .command('policy')
    .description('policy tools')
    .command('check [file]')
    .description('validate a policy file and explain each problem with its line')
    .action((file: string | undefined) =>
      guarded(async () => {
        const target = file ?? process.env.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE;
        const policy = await loadPolicy(target, { stepIds: compileRegistry(steps).ids() });
        const p = policy.source;
        process.stdout.write(`${target}: ok (${Object.keys(p.teams).length} teams, ${p.triggers.length} triggers, ${Object.keys(p.routing.categories).length} routes)\n`);
      }),
    );

  program
    .command('report <id>')
    .description('the performance report of one ticket')
    .action((id: string) =>
      withApp(async (app) => {
        const task = await app.store.get(id);
        if (!task) throw new InputError(`no task with id ${id}`);
        printJson(buildTicketReport(task.data, task.meta, new Date()));
      }),
    );
}
