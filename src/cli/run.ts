/**
 * Runs a CLI action: user errors print one clear line (no stack trace) and exit non-zero; the app is
 * always stopped so the process can exit.
 */
import { ConfigError, redact, loadConfig } from '../config.ts';
import { InputError, errorMessage } from '../errors.ts';
import { startApp, type App, type AppOverrides } from '../app.ts';

export async function guarded(action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (error) {
    const known = error instanceof InputError || error instanceof ConfigError;
    let message = errorMessage(error);
    try {
      message = redact(message, loadConfig());
    } catch {
      // The configuration itself is what failed; the message names the key and holds no secret value.
    }
    process.stderr.write(`triage: ${message}\n`);
    if (!known && process.env.TRIAGE_DEBUG) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
    process.exitCode = known ? 2 : 1;
  }
}

export async function withApp(action: (app: App) => Promise<void>, overrides: AppOverrides = {}): Promise<void> {
  await guarded(async () => {
    const app = await startApp(overrides);
    try {
      await action(app);
    } finally {
      await app.stop();
    }
  });
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
