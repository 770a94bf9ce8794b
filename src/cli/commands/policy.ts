import type { Command } from 'commander';
import { steps } from '../../../steps/index.ts';
import { compileRegistry } from '../../engine/registry.ts';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../policy/load.ts';
import { guarded } from '../run.ts';
import { registerPolicyTools } from './policy-tools.ts';

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('policy tools');
  policy
    .command('check [file]')
    .description('validate a policy file and explain each problem with its line')
    .action((file: string | undefined) =>
      guarded(async () => {
        const target = file ?? process.env.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE;
        const compiled = await loadPolicy(target, { stepIds: compileRegistry(steps).ids() });
        const p = compiled.source;
        process.stdout.write(`${target}: ok (${Object.keys(p.teams).length} teams, ${p.triggers.length} triggers, ${Object.keys(p.routing.categories).length} routes; version ${compiled.version})\n`);
      }),
    );
  registerPolicyTools(policy);
}
