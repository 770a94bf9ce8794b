import type { Command } from 'commander';
import { startWorker } from '../../worker.ts';
import { withApp } from '../run.ts';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('process tasks from the store until stopped (SIGTERM/SIGINT finish the tasks in hand)')
    .option('--poll-ms <ms>', 'longest idle sleep between looks for work', '1000')
    .action((opts: { pollMs: string }) =>
      withApp(async (app) => {
        const worker = startWorker(app, { pollMs: Number(opts.pollMs) });
        app.log.info({ worker: app.runner.workerId, store: app.storage.name }, 'worker started');
        const stop = () => {
          app.log.info('stopping: finishing the tasks in hand');
          void worker.stop();
        };
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
        await worker.done;
        app.log.info({ processed: worker.processed() }, 'worker stopped');
      }, { scheduler: true }),
    );
}
