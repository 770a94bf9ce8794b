/**
 * `triage`: the command-line entry. Logs go to stderr; stdout carries only the command's output.
 */
import { Command } from 'commander';
import { registerMiscCommands } from './commands/misc.ts';
import { registerTaskCommands } from './commands/task.ts';
import { registerWorkerCommand } from './commands/worker.ts';

const program = new Command('triage')
  .description('ticket triage and human escalation')
  .showHelpAfterError()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

registerTaskCommands(program);
registerMiscCommands(program);
registerWorkerCommand(program);

await program.parseAsync(process.argv);
