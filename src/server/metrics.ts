/**
 * Prometheus metrics on a registry of our own (the global one belongs to whoever embeds us, and tests
 * build many servers in one process).
 *
 * Most figures come from the task documents the worker drives: `observeTask` reads run records,
 * effects and the escalation fields, and remembers what it has counted per task so observing the same
 * task again (after it resumes) only adds what is new. SLA warnings and breaches come from the human
 * task service's SLA pass, which the metrics listen to once the service is attached.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Task } from '../engine/types.ts';
import type { SlaEventSource } from '../human/sla.ts';
import { HUMAN_TASK_STATUSES, type HumanTaskService } from '../human/types.ts';

/** Tasks remembered by `observeTask`; older ones are forgotten (and would be recounted only if driven again). */
const REMEMBERED_TASKS = 10_000;

interface Seen {
  runs: number;
  effects: Set<string>;
  escalated: boolean;
  /** Whether the task carried `critical_failure` when last observed (a new flagging counts again). */
  critical: boolean;
  state: string;
}

/** What the server, the worker and the SLA code report to. */
export interface Metrics {
  readonly registry: Registry;
  /** A ticket reached a webhook or the API; `created` is false for a repeated delivery. */
  ticketReceived(via: string, created: boolean): void;
  /** Call after the worker drove `task`: step durations, outcomes, escalations, failed effects. */
  observeTask(task: Task): void;
  slaWarning(team: string, priority: string): void;
  slaBreach(team: string, priority: string): void;
  effectFailed(channel: string): void;
  /**
   * The human task gauge asks this service for counts on each scrape; when the service runs the SLA
   * pass (it has `onSlaEvent`), its warnings and breaches feed the SLA counters.
   */
  attachHumanTasks(service: HumanTaskService & Partial<SlaEventSource>): void;
  /** The Prometheus text exposition. */
  render(): Promise<string>;
  readonly contentType: string;
}

function label(value: unknown, fallback = 'unknown'): string {
  return typeof value === 'string' && value !== '' ? value.slice(0, 60) : fallback;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'triage_process_' });
  const registers = [registry];
  let humanTasks: HumanTaskService | undefined;

  const received = new Counter({ name: 'triage_tickets_received_total', help: 'Tickets submitted, by door and whether they were new', labelNames: ['via', 'created'], registers });
  const processed = new Counter({ name: 'triage_tickets_processed_total', help: 'Tasks the worker drove to a resting state, by state', labelNames: ['state'], registers });
  const steps = new Histogram({
    name: 'triage_step_duration_seconds',
    help: 'Duration of step runs, by step and outcome',
    labelNames: ['step', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const escalations = new Counter({ name: 'triage_escalations_total', help: 'Tickets handed to a team, by team and priority', labelNames: ['team', 'priority'], registers });
  const slaWarnings = new Counter({ name: 'triage_sla_warnings_total', help: 'Human tasks warned before their SLA breach', labelNames: ['team', 'priority'], registers });
  const slaBreaches = new Counter({ name: 'triage_sla_breaches_total', help: 'Human tasks past their SLA', labelNames: ['team', 'priority'], registers });
  const effectFailures = new Counter({ name: 'triage_effect_failures_total', help: 'Outside effects (email, Slack, Zendesk...) that failed', labelNames: ['channel'], registers });
  const criticalFailures = new Counter({
    name: 'triage_critical_failures_total',
    help: 'Times a task was flagged critical_failure (a handoff that reached no one after its retries); alert on any increase',
    registers,
  });
  new Gauge({
    name: 'triage_human_tasks',
    help: 'Human tasks by status (counted on scrape)',
    labelNames: ['status'],
    registers,
    async collect() {
      if (!humanTasks) return;
      this.reset();
      const service = humanTasks;
      const totals = await Promise.all(HUMAN_TASK_STATUSES.map((status) => service.list({ status, limit: 1 }).then((r) => r.total)));
      HUMAN_TASK_STATUSES.forEach((status, i) => this.set({ status }, totals[i] ?? 0));
    },
  });
  // Initialise the label-less views so the series exist (at zero) before the first event.
  received.inc({ via: 'inbox', created: 'true' }, 0);
  effectFailures.inc({ channel: 'email' }, 0);
  criticalFailures.inc(0);

  const seen = new Map<string, Seen>();
  const slaSources = new WeakSet<object>();

  return {
    registry,
    contentType: registry.contentType,
    ticketReceived: (via, created) => received.inc({ via, created: String(created) }),
    slaWarning: (team, priority) => slaWarnings.inc({ team: label(team), priority: label(priority) }),
    slaBreach: (team, priority) => slaBreaches.inc({ team: label(team), priority: label(priority) }),
    effectFailed: (channel) => effectFailures.inc({ channel: label(channel) }),
    attachHumanTasks(service) {
      humanTasks = service;
      // Attached again (a second server on the same metrics) it must not count each event twice.
      if (typeof service.onSlaEvent !== 'function' || slaSources.has(service)) return;
      slaSources.add(service);
      service.onSlaEvent((event) => (event.kind === 'warning' ? slaWarnings : slaBreaches).inc({ team: label(event.team), priority: label(event.priority) }));
    },
    render: () => registry.metrics(),
    observeTask(task) {
      const before = seen.get(task._id) ?? { runs: 0, effects: new Set<string>(), escalated: false, critical: false, state: '' };
      seen.delete(task._id);
      for (const run of task.meta.runs.slice(before.runs)) {
        steps.observe({ step: label(run.stepId), outcome: label(run.outcome) }, Math.max(0, run.durationMs) / 1000);
      }
      for (const effect of task.meta.effects) {
        if (effect.status === 'failed' && !before.effects.has(effect.key)) {
          before.effects.add(effect.key);
          effectFailures.inc({ channel: label(effect.channel) });
        }
      }
      const preparation = task.data.escalationPreparation as Record<string, unknown> | undefined;
      if (!before.escalated && preparation && typeof preparation === 'object') {
        before.escalated = true;
        escalations.inc({ team: label(preparation.targetTeam), priority: label(preparation.priority) });
      }
      const critical = task.meta.flags.includes('critical_failure');
      if (critical && !before.critical) criticalFailures.inc();
      before.critical = critical;
      const state = task.meta.state;
      if (state !== 'running' && state !== 'ready' && state !== before.state) processed.inc({ state });
      seen.set(task._id, { ...before, runs: task.meta.runs.length, state });
      if (seen.size > REMEMBERED_TASKS) seen.delete(seen.keys().next().value as string);
    },
  };
}
