// Starts the app as `triage serve` builds it, from this process's environment, and stops it again.
import { startApp } from '../../../src/app.ts';
import { silentLogger } from '../../../src/log.ts';

const app = await startApp({ env: process.env, log: silentLogger });
await app.stop();
