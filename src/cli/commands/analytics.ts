import type { Command } from 'commander';

/** Placeholder: `triage analytics` is being built. */
export function registerAnalyticsCommand(program: Command): void {
  void program;
}
