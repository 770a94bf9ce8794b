import type { Command } from 'commander';
import { steps } from '../../../steps/index.ts';
import { compileRegistry } from '../../engine/registry.ts';
import { isError } from '../../policy/check/problem.ts';
import { DEFAULT_POLICY_FILE, checkPolicyFile, formatProblem } from '../../policy/load.ts';
import { guarded, printJson } from '../run.ts';
import { registerPolicyTools } from './policy-tools.ts';

export function registerPolicyCommands(program: Command): void {
  const policy = program.command('policy').description('policy tools');
  policy
    .command('check [file]')
    .description('validate a policy file and explain every problem with its line and a fix')
    .option('--json', 'print { file, ok, version, problems: [{ severity, path, line, column, message, hint }] }')
    .action((file: string | undefined, options: { json?: boolean }) =>
      guarded(async () => {
        const target = file ?? process.env.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE;
        const { compiled, problems } = await checkPolicyFile(target, { stepIds: compileRegistry(steps).ids() });
        // Warnings alone do not fail the check: the server and worker start with them too.
        if (!compiled) process.exitCode = 1;
        if (options.json) {
          printJson({
            file: target,
            ok: compiled !== undefined,
            version: compiled?.version ?? null,
            problems: problems.map((p) => ({ severity: p.severity ?? 'error', path: p.path, line: p.line ?? null, column: p.column ?? null, message: p.message, hint: p.hint ?? null })),
          });
          return;
        }
        const lines = problems.map((p) => `  ${formatProblem(target, p)}\n`).join('');
        if (!compiled) {
          const errors = problems.filter(isError).length;
          const warnings = problems.length - errors;
          process.stderr.write(`${target} is not a valid policy (${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}):\n${lines}`);
          return;
        }
        const p = compiled.source;
        const warned = problems.length ? ` with ${problems.length} warning${problems.length === 1 ? '' : 's'}` : '';
        process.stdout.write(`${target}: ok${warned} (${Object.keys(p.teams).length} teams, ${p.triggers.length} triggers, ${Object.keys(p.routing.categories).length} routes; version ${compiled.version})\n${lines}`);
      }),
    );
  registerPolicyTools(policy);
}
