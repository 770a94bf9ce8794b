/**
 * Step 8: performance analysis. The per-ticket report (timings, automation effectiveness, fallbacks,
 * decision confidence, model usage), computed from the engine's own records without a model call,
 * stored on the task and written to the report sink: as JSON, and, when the sink keeps pages, as one
 * self-contained HTML file beside it under the same idempotency key. Completes the task.
 */
import type { HtmlReportSink } from '../connectors/outbox/index.ts';
import type { ReportSink } from '../connectors/types.ts';
import { defineStep } from '../src/engine/step.ts';
import { buildTicketReport } from '../src/reports/ticket-report.ts';
import { renderReportDocument } from '../src/reports/ticket-report-page.ts';
import { reportView } from '../src/reports/ticket-report-view.ts';
import { view } from './lib/read.ts';

function keepsPages(sink: ReportSink): sink is HtmlReportSink {
  return typeof (sink as Partial<HtmlReportSink>).writeHtml === 'function';
}

export default defineStep({
  id: 'performance_analysis',
  title: 'Performance analysis: the per-ticket report for AI-ops (no model call)',
  condition: { outcomeTracking: { $type: 'object' }, performanceAnalysis: { $exists: false } },
  writes: ['performanceAnalysis'],
  async run(ctx) {
    const report = buildTicketReport(ctx.data, ctx.meta, ctx.now());
    const sink = ctx.connectors.reports;
    const delivery = await ctx.effect({ channel: 'report', name: 'ticket_report', target: 'reports' }, async (key) => {
      const json = await sink.write(ctx.taskId, report, key);
      // Same key, same once-only file writing: a retry after the JSON landed still writes the page once.
      // Human tasks are not readable from a step, so the page says claim and resolution come later.
      if (keepsPages(sink)) await sink.writeHtml(ctx.taskId, renderReportDocument(reportView({ _id: ctx.taskId, data: ctx.data, meta: ctx.meta }, null, ctx.now(), report)), key);
      return json;
    });
    ctx.explain(`report: ${report.automation.effectiveness}, ${report.automation.stepsRun} step runs, ${report.llm.calls} model calls`);
    // A ticket a person is working on is not finished: it rests waiting for their resolution.
    const awaitingHuman = view(ctx.data).handoffComplete?.awaitingHuman === true;
    if (!awaitingHuman) ctx.complete();
    else ctx.explain('waiting for the human task to be resolved');
    return { performanceAnalysis: { ...report, reportRef: delivery.ref } };
  },
});
