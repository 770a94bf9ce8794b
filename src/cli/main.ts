/**
 * `triage`: the command-line entry. Logs go to stderr; stdout carries only the command's output.
 */
import { Command } from 'commander';
import { registerMiscCommands } from './commands/misc.ts';
import { registerTaskCommands } from './commands/task.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { registerHumanCommands } from './commands/human.ts';
import { registerServeCommand } from './commands/serve.ts';

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
registerHumanCommands(program);
// The inbox and Agenda live on the app; the server exposes both.
registerServeCommand(program, {
  extras: async (app) => ({ humanTasks: app.humanTasks.service, ...(app.scheduler ? { scheduler: app.scheduler } : {}) }),
});

await program.parseAsync(process.argv);
