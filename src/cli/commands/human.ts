/**
 * `triage human list|show|claim|assign|resolve`: the human task inbox from the terminal.
 * Unknown ids and conflicts (someone else holds the task, it is already resolved) are user errors:
 * one line on stderr and exit code 2, like bad input.
 */
import { InvalidArgumentError, type Command } from 'commander';
import type { App } from '../../app.ts';
import { InputError } from '../../errors.ts';
import { coerceAnswers } from '../../human/forms.ts';
import { HUMAN_PRIORITIES, HUMAN_TASK_STATUSES, HumanTaskConflictError, HumanTaskNotFoundError, type HumanPriority, type HumanTask, type HumanTaskStatus } from '../../human/types.ts';
import type { HumanTasks } from '../../human/wire.ts';
import { printJson, withApp } from '../run.ts';

/** Runs `action` with the inbox started on the app, and turns inbox errors into user errors. */
function withInbox(action: (human: HumanTasks, app: App) => Promise<void>): Promise<void> {
  return withApp(async (app) => {
    const human = app.humanTasks;
    try {
      await action(human, app);
    } catch (error) {
      if (error instanceof HumanTaskNotFoundError) throw new InputError(`${error.message}; see \`triage human list\``, [], { cause: error });
      if (error instanceof HumanTaskConflictError) throw new InputError(error.message, [], { cause: error });
      throw error;
    }
  });
}

function row(task: HumanTask): string {
  const who = task.assignedTo ?? (task.assignedToTeam ? `team:${task.assignedToTeam}` : '-');
  return [task._id, task.priority.padEnd(8), task.status.padEnd(9), task.team.padEnd(18), who.padEnd(12), task.dueAt.toISOString(), task.title].join('  ');
}

function details(task: HumanTask): string {
  const lines = [
    `human task ${task._id}  [${task.status}]  ${task.type}, ${task.priority} priority`,
    `  title        ${task.title}`,
    `  team         ${task.team} (queue ${task.queue}), level ${task.level + 1} of ${task.escalationChain.join(' -> ')}`,
    `  assigned     ${task.assignedTo ?? '-'}${task.claimedAt ? ` (claimed ${task.claimedAt.toISOString()})` : ''}`,
    `  due          ${task.dueAt.toISOString()}`,
  ];
  if (task.taskId) lines.push(`  pipeline     task ${task.taskId}`);
  for (const field of task.fields) {
    lines.push(`  field        ${field.name} (${field.type}${field.options ? `: ${field.options.join('|')}` : ''})${field.required ? ' required' : ''}  ${field.label}`);
  }
  if (task.resolution) {
    const r = task.resolution;
    lines.push(`  resolution   ${r.decision} by ${r.respondedBy} at ${r.resolvedAt.toISOString()} ${JSON.stringify(r.fields)}${r.notes ? ` - ${r.notes}` : ''}`);
  }
  for (const m of task.messages) lines.push(`  message      ${m.at.toISOString()}  ${m.content}`);
  for (const e of task.events) lines.push(`  event        ${e.at.toISOString()}  ${e.kind}${e.by ? ` by ${e.by}` : ''}${e.detail ? `: ${e.detail}` : ''}`);
  return lines.join('\n');
}

function show(task: HumanTask, json: boolean | undefined): void {
  if (json) printJson(task);
  else process.stdout.write(`${details(task)}\n`);
}

/** `--field k=v` may repeat. */
function collectField(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf('=');
  if (at < 1) throw new InvalidArgumentError(`use name=value, got "${value}"`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}

export function registerHumanCommands(program: Command): void {
  const human = program.command('human').description('the human task inbox: list, claim, assign and resolve');

  human
    .command('list')
    .description('open and past human tasks, most urgent first')
    .option('--status <status>', `one or more of ${HUMAN_TASK_STATUSES.join(', ')}, comma-separated`)
    .option('--team <team>', 'owning team id')
    .option('--priority <priority>', HUMAN_PRIORITIES.join(', '))
    .option('--task <id>', 'human tasks of one pipeline task')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print { items, total } as JSON')
    .action((opts: { status?: string; team?: string; priority?: string; task?: string; limit: string; json?: boolean }) =>
      withInbox(async ({ service }) => {
        const statuses = opts.status?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
        const bad = statuses.find((s) => !HUMAN_TASK_STATUSES.includes(s as HumanTaskStatus));
        if (bad !== undefined) throw new InputError(`--status "${bad}" is not one of ${HUMAN_TASK_STATUSES.join(', ')}`);
        if (opts.priority !== undefined && !HUMAN_PRIORITIES.includes(opts.priority as HumanPriority)) {
          throw new InputError(`--priority must be one of ${HUMAN_PRIORITIES.join(', ')}`);
        }
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1) throw new InputError('--limit must be a positive integer');
        const result = await service.list({
          ...(statuses.length ? { status: statuses as HumanTaskStatus[] } : {}),
          ...(opts.team ? { team: opts.team } : {}),
          ...(opts.priority ? { priority: opts.priority as HumanPriority } : {}),
          ...(opts.task ? { taskId: opts.task } : {}),
          limit,
        });
        if (opts.json) return printJson(result);
        for (const item of result.items) process.stdout.write(`${row(item)}\n`);
        process.stderr.write(`${result.items.length} of ${result.total} human task(s)\n`);
      }),
    );

  human
    .command('show <id>')
    .description('one human task: form fields, messages and its history')
    .option('--json', 'print the human task as JSON')
    .action((id: string, opts: { json?: boolean }) => withInbox(async ({ service }) => show(await service.get(id), opts.json)));

  human
    .command('claim <id>')
    .description('take a pending task; fails if someone else holds it')
    .requiredOption('--user <user>', 'who claims it')
    .option('--json', 'print the human task as JSON')
    .action((id: string, opts: { user: string; json?: boolean }) => withInbox(async ({ service }) => show(await service.claim(id, opts.user), opts.json)));

  human
    .command('assign <id>')
    .description('give a task to a person (--to) or a team (--team)')
    .option('--to <user>', 'the person')
    .option('--team <team>', 'the team id from the policy')
    .option('--by <user>', 'who assigns it, for the history')
    .option('--json', 'print the human task as JSON')
    .action((id: string, opts: { to?: string; team?: string; by?: string; json?: boolean }) =>
      withInbox(async ({ service }) => {
        if ((opts.to === undefined) === (opts.team === undefined)) throw new InputError('give exactly one of --to USER or --team TEAM');
        const to = opts.to !== undefined ? { assignedTo: opts.to } : { assignedToTeam: opts.team as string };
        show(await service.assign(id, to, opts.by), opts.json);
      }),
    );

  human
    .command('resolve <id>')
    .description('complete a task with a decision and form answers; the pipeline task resumes')
    .requiredOption('--by <user>', 'who resolves it')
    .requiredOption('--decision <decision>', 'e.g. resolved, approved, rejected, needs_agent, needs_followup')
    .option('--field <name=value>', 'a form answer (repeatable); numbers and true/false follow the form', collectField, {})
    .option('--notes <text>', 'notes for the record')
    .option('--async', 'only record it; a worker resumes the pipeline task')
    .option('--json', 'print the human task as JSON')
    .action((id: string, opts: { by: string; decision: string; field: Record<string, string>; notes?: string; async?: boolean; json?: boolean }) =>
      withInbox(async ({ service }, app) => {
        const current = await service.get(id);
        const resolved = await service.resolve(id, {
          respondedBy: opts.by,
          decision: opts.decision,
          fields: coerceAnswers(current.fields, opts.field),
          ...(opts.notes !== undefined ? { notes: opts.notes } : {}),
        });
        if (resolved.taskId && !opts.async) {
          const task = await app.engine.process(resolved.taskId);
          process.stderr.write(`pipeline task ${task._id} resumed: now ${task.meta.state}\n`);
        }
        show(resolved, opts.json);
      }),
    );
}
