/**
 * vitest globalSetup: hands every test file a per-run folder where the first mongodb suite records
 * the FerretDB it started (see mongo.ts), and stops that server when the run ends. Runs that select
 * no mongodb suite start nothing.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { stopFerret } from '../../scripts/mongo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    triageMongoRunDir: string;
    /** The vitest main process: a FerretDB started for the run dies with it. */
    triageMongoRunnerPid: number;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const runDir = mkdtempSync(join(tmpdir(), 'triage-vitest-mongo-'));
  project.provide('triageMongoRunDir', runDir);
  project.provide('triageMongoRunnerPid', process.pid);
  return async () => {
    const stateFile = join(runDir, 'state.json');
    if (existsSync(stateFile)) await stopFerret(stateFile);
    rmSync(runDir, { recursive: true, force: true });
  };
}
