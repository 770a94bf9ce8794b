import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { TASK_STATES } from '../../domain/vocabulary.ts';
import type { JsonObject, TaskState } from '../../engine/types.ts';
import { details, row, summary } from '../format.ts';
import { parseJson, readJsonFile } from '../input.ts';
import { printJson, withApp } from '../run.ts';

const STATES: readonly TaskState[] = TASK_STATES;

export function registerTaskCommands(program: Command): void {
  const task = program.command('task').description('submit, list and inspect tasks');

  task
    .command('new')
    .description('submit a ticket and run the pipeline to its resting point')
    .option('-d, --data <json>', 'the task data or ticket as JSON')
    .option('-f, --file <path>', 'a JSON file holding the task data or ticket')
    .option('--json', 'print the task document as JSON')
    .option('--async', 'only enqueue it; a worker runs it')
    .action((opts: { data?: string; file?: string; json?: boolean; async?: boolean }) =>
      withApp(async (app) => {
        if ((opts.data === undefined) === (opts.file === undefined)) throw new InputError('give the ticket with exactly one of -d JSON or -f FILE');
        const input = opts.file !== undefined ? await readJsonFile(opts.file) : parseJson(opts.data as string, '-d');
        const { task: created, created: isNew } = await app.engine.submit(input, 'cli');
        if (!isNew) process.stderr.write(`ticket already submitted as task ${created._id}; not processed again\n`);
        const result = opts.async || !isNew ? created : await app.engine.process(created._id);
        if (opts.json) printJson(result);
        else process.stdout.write(`${summary(result)}\n`);
      }, { scheduler: true }),
    );

  task
    .command('list')
    .description('list tasks')
    .option('--state <state>', `one of ${STATES.join(', ')}`)
    .option('--filter <json>', 'a MongoDB-style filter over the task data')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print { items, total } as JSON')
    .action((opts: { state?: string; filter?: string; limit: string; json?: boolean }) =>
      withApp(async (app) => {
        if (opts.state !== undefined && !STATES.includes(opts.state as TaskState)) throw new InputError(`--state must be one of ${STATES.join(', ')}`);
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new InputError('--limit must be a positive integer');
        const filter = opts.filter === undefined ? undefined : parseJson(opts.filter, '--filter');
        if (filter !== undefined && (typeof filter !== 'object' || filter === null || Array.isArray(filter))) throw new InputError('--filter must be a JSON object');
        const result = await app.store.list({
          ...(opts.state ? { state: opts.state as TaskState } : {}),
          ...(filter ? { filter: filter as JsonObject } : {}),
          limit,
        });
        if (opts.json) return printJson(result);
        for (const item of result.items) process.stdout.write(`${row(item)}\n`);
        process.stderr.write(`${result.items.length} of ${result.total} task(s)\n`);
      }),
    );

  task
    .command('show <id>')
    .description('a task: data, every step run, and why each decision was made')
    .option('--json', 'print the task document as JSON')
    .action((id: string, opts: { json?: boolean }) =>
      withApp(async (app) => {
        const found = await app.store.get(id);
        if (!found) throw new InputError(`no task with id ${id}; see \`triage task list\``);
        if (opts.json) printJson(found);
        else process.stdout.write(`${details(found)}\n`);
      }),
    );
}
