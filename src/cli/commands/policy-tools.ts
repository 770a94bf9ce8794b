import type { Command } from 'commander';

/** `policy replay`, `policy diff` and `policy suggest`: trying a policy change on the stored tickets. */
export function registerPolicyTools(_policy: Command): void {}
