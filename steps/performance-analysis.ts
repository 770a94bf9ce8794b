/**
 * Step 8: performance analysis. The per-ticket report (timings, automation effectiveness, fallbacks,
 * decision confidence, model usage), computed from the engine's own records without a model call,
 * stored on the task and written to the report sink. Completes the task.
 */
import { defineStep } from '../src/engine/step.ts';
import type { JsonObject } from '../src/engine/types.ts';
import { buildTicketReport } from '../src/reports/ticket-report.ts';
import { view } from './lib/read.ts';

export default defineStep({
  id: 'performance_analysis',
  title: 'Performance analysis: the per-ticket report for AI-ops (no model call)',
  condition: { outcomeTracking: { $type: 'object' }, performanceAnalysis: { $exists: false } },
  async run(ctx) {
    const report = buildTicketReport(ctx.data, ctx.meta, ctx.now());
    const delivery = await ctx.effect({ channel: 'report', name: 'ticket_report', target: 'reports' }, (key) =>
      ctx.connectors.reports.write(ctx.taskId, report, key),
    );
    ctx.explain(`report: ${report.automation.effectiveness}, ${report.automation.stepsRun} step runs, ${report.llm.calls} model calls`);
    // A ticket a person is working on is not finished: it rests waiting for their resolution.
    const awaitingHuman = view(ctx.data).handoffComplete?.awaitingHuman === true;
    if (!awaitingHuman) ctx.complete();
    else ctx.explain('waiting for the human task to be resolved');
    return { performanceAnalysis: { ...(report as unknown as JsonObject), reportRef: delivery.ref } };
  },
});
