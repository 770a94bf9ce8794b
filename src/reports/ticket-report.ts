/**
 * The per-ticket performance report AI-ops read: deterministic, computed from the task's run records
 * and data, no model call. Step 8 stores it in `performanceAnalysis`; `triage report ID` prints it.
 */
import { readTaskData } from '../domain/task-data.ts';
import type { TicketReport } from '../domain/outcome-data.ts';
import type { JsonObject, RunRecord, TaskMeta } from '../engine/types.ts';

type MetaView = Pick<TaskMeta, 'runs' | 'usage' | 'effects' | 'flags' | 'createdAt'>;

export type { TicketReport } from '../domain/outcome-data.ts';

function firstFinish(runs: readonly RunRecord[], stepId: string): Date | null {
  const run = runs.find((r) => r.stepId === stepId && r.outcome !== 'retry');
  return run ? new Date(run.finishedAt) : null;
}

export function buildTicketReport(data: Readonly<JsonObject>, meta: Readonly<MetaView>, now: Date): TicketReport {
  const d = readTaskData(data);
  const start = new Date(meta.createdAt).getTime();
  const steps = new Map<string, { stepId: string; durationMs: number; attempts: number; outcome: string }>();
  for (const run of meta.runs) {
    const entry = steps.get(run.stepId) ?? { stepId: run.stepId, durationMs: 0, attempts: 0, outcome: run.outcome };
    entry.durationMs += run.durationMs;
    entry.attempts += 1;
    entry.outcome = run.outcome;
    steps.set(run.stepId, entry);
  }
  const decisionAt = firstFinish(meta.runs, 'escalation_decision');
  const handoffAt = firstFinish(meta.runs, 'human_handoff');
  const failedSteps = meta.runs.filter((r) => r.outcome === 'failed').map((r) => r.stepId);
  const fallbacks = meta.runs.filter((r) => r.fallback).length;
  const retries = meta.runs.filter((r) => r.outcome === 'retry').length;
  const escalated = d.escalationDecision?.escalationRecommended === true;
  const okRuns = meta.runs.filter((r) => r.outcome === 'ok' && !r.fallback).length;
  const automatedShare = meta.runs.length === 0 ? 0 : Math.round((okRuns / meta.runs.length) * 100) / 100;
  return {
    ticketId: d.escalationAgent?.ticketId ?? d.support?.ticket?.id ?? null,
    generatedAt: now.toISOString(),
    outcome: {
      decision: d.escalationDecision?.decision ?? null,
      escalated,
      team: d.handoffComplete?.targetTeam ?? null,
      decidedBy: d.escalationDecision?.decidedBy ?? null,
      trigger: d.escalationDecision?.trigger?.id ?? null,
      handoffDelivered: escalated ? (d.handoffComplete?.delivered ?? false) : null,
    },
    timings: {
      totalMs: now.getTime() - start,
      toDecisionMs: decisionAt ? decisionAt.getTime() - start : null,
      toHandoffMs: handoffAt ? handoffAt.getTime() - start : null,
      steps: [...steps.values()],
    },
    automation: {
      stepsRun: meta.runs.length,
      retries,
      failedSteps,
      fallbacks,
      automatedShare,
      effectiveness: failedSteps.length > 0 || fallbacks > 0 ? 'degraded' : escalated ? 'assisted' : 'automated',
    },
    decisionQuality: {
      classificationConfidence: d.support?.classification?.confidence ?? null,
      decisionConfidence: d.escalationDecision?.confidence ?? null,
      frustrationLevel: d.sentimentAnalysis?.frustrationLevel ?? null,
      needsHumanReview: meta.flags.includes('needs_human_review') || d.support?.classification?.requiresHumanReview === true,
    },
    llm: {
      calls: meta.usage.calls,
      promptTokens: meta.usage.promptTokens,
      completionTokens: meta.usage.completionTokens,
      byStep: meta.usage.byStep,
      fallbacks: meta.usage.fallbacks.length,
    },
    effects: {
      sent: meta.effects.filter((e) => e.status === 'sent').length,
      failed: meta.effects.filter((e) => e.status === 'failed').length,
      pending: meta.effects.filter((e) => e.status === 'pending').length,
    },
    flags: [...meta.flags],
  };
}
