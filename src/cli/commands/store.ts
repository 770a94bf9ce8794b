/**
 * `triage store migrate`: moves an embedded data directory from the old nedb files into the SQLite
 * database, explicitly. Starting any command on such a directory does the same; this form says what
 * it did and can run before the server is started again.
 */
import type { Command } from 'commander';
import { loadConfig } from '../../config.ts';
import { InputError } from '../../errors.ts';
import { guarded, printJson } from '../run.ts';

export function registerStoreCommands(program: Command): void {
  program
    .command('store')
    .description('the embedded database')
    .command('migrate')
    .description('move the nedb files of TRIAGE_DATA_DIR into its SQLite database (they are kept in nedb-migrated-<time>/)')
    .option('--json', 'print the result as JSON')
    .action((opts: { json?: boolean }) =>
      guarded(async () => {
        const config = loadConfig();
        if (config.MONGODB_URI !== undefined) throw new InputError('MONGODB_URI is set: this command migrates the embedded store in TRIAGE_DATA_DIR; unset MONGODB_URI to run it');
        // Loaded here so other commands never load the migration code.
        const { migrateNedbDataDir } = await import('../../store/sqlite/index.ts');
        const result = await migrateNedbDataDir(config.TRIAGE_DATA_DIR);
        if (opts.json) {
          printJson(result);
          return;
        }
        if (!result.migrated) {
          process.stdout.write(`nothing to migrate in ${config.TRIAGE_DATA_DIR}: ${result.reason ?? 'no nedb files'}\n`);
          return;
        }
        const c = result.counts;
        process.stdout.write(
          `migrated ${config.TRIAGE_DATA_DIR}: ${c.tasks} tasks, ${c.humanTasks} human tasks, ${c.users} users, ${c.sessions} sessions, ${c.jobs} scheduled jobs\n` +
            `the nedb files are kept in ${result.movedTo}\n`,
        );
      }),
    );
}
