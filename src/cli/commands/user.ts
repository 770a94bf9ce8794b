import type { Command } from 'commander';

/** Placeholder: `triage user` is being built. */
export function registerUserCommands(program: Command): void {
  void program;
}
