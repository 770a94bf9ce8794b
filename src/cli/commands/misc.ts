import type { Command } from 'commander';
import { steps } from '../../../steps/index.ts';
import { compileRegistry } from '../../engine/registry.ts';
import { InputError } from '../../errors.ts';
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
