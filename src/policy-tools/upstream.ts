/**
 * What a replay cannot show: settings read by the steps before the decision (the analysis step's
 * thresholds) or after it (timings, SLA, messages). Replay reuses the stored analysis and stops at the
 * decision, so a change there is reported as a warning instead of silently showing no effect.
 */
import type { CompiledPolicy } from '../policy/compile.ts';
import { comparable } from './diff.ts';

/** Thresholds the sentiment/complexity step compares against (they set `immediateEscalation`). */
const ANALYSIS_THRESHOLDS = ['high_frustration', 'high_risk', 'extreme_complexity'] as const;
/** Sections read only after the decision. */
const AFTER_DECISION = ['timings', 'sla', 'on_human_complete', 'on_error', 'escalation', 'context_for_human', 'knowledge_base', 'languages'] as const;

/** One line per changed setting whose effect a replay does not include. */
export function upstreamWarnings(base: CompiledPolicy, next: CompiledPolicy): string[] {
  const warnings: string[] = [];
  for (const key of ANALYSIS_THRESHOLDS) {
    const from = base.source.thresholds[key];
    const to = next.source.thresholds[key];
    if (from !== to) warnings.push(`thresholds.${key} changed (${from} -> ${to}): the analysis step reads it and replay reuses the stored analysis, so its effect is not included`);
  }
  const a = comparable(base.source);
  const b = comparable(next.source);
  for (const key of AFTER_DECISION) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) warnings.push(`${key} changed: it acts after the decision, which replay does not run past`);
  }
  return warnings;
}
