/**
 * `triage`: the command-line entry. Logs go to stderr; stdout carries only the command's output.
 */
import { Command } from 'commander';
import { registerMiscCommands } from './commands/misc.ts';
import { registerPolicyCommands } from './commands/policy.ts';
import { registerTaskCommands } from './commands/task.ts';
import { registerWorkerCommand } from './commands/worker.ts';
import { registerHumanCommands } from './commands/human.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerEvalCommand } from './commands/eval.ts';
import { registerUserCommands } from './commands/user.ts';
import { registerAnalyticsCommand } from './commands/analytics.ts';
import { registerStoreCommands } from './commands/store.ts';
import { registerOncallCommand } from './commands/oncall.ts';

const program = new Command('triage')
  .description('ticket triage and human escalation')
  .showHelpAfterError()
  .configureOutput({ writeErr: (text) => process.stderr.write(text) })
  .exitOverride((error) => {
    process.exit(error.exitCode === 0 ? 0 : 2);
  });

registerTaskCommands(program);
registerMiscCommands(program);
registerPolicyCommands(program);
registerWorkerCommand(program);
registerHumanCommands(program);
registerEvalCommand(program);
registerUserCommands(program);
registerAnalyticsCommand(program);
registerStoreCommands(program);
registerOncallCommand(program);
// The inbox and Agenda live on the app; the server exposes both.
registerServeCommand(program, {
  extras: async (app) => ({ humanTasks: app.humanTasks.service, users: app.users.service, ...(app.scheduler ? { scheduler: app.scheduler } : {}) }),
});

await program.parseAsync(process.argv);
// Every command has stopped what it started by now (withApp stops the app). What may remain is Agenda's
// watch over a job that already finished: a timer of half the lock lifetime (5 minutes) it never clears,
// which kept `worker` and `serve` alive for minutes after SIGTERM had stopped them, and `task new` after
// it ran a due follow-up. Exit once stdout has taken everything written to it.
process.stdout.write('', () => process.exit());
