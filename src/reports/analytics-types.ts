/**
 * The analytics object: one JSON-friendly shape (numbers, strings, nulls; instants as ISO strings)
 * that `triage analytics --json` prints and the page, its charts and the CSV render. Every measure is
 * defined in docs/analytics.md; the definitions are repeated on the fields that need one.
 */

/** A count under one value of a dimension (a team, a trigger, a decision, a day). */
export interface Count {
  key: string;
  count: number;
}

/** A duration distribution: how many samples, and nearest-rank percentiles in milliseconds. */
export interface Percentiles {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

export interface Analytics {
  period: { since: string; until: string; label: string };
  generatedAt: string;
  /**
   * The cohort is every ticket (pipeline task) whose `meta.createdAt` is in [since, until). All other
   * measures are over the cohort or over the human tasks that belong to it (`humanTask.taskId`).
   */
  tickets: {
    total: number;
    /** UTC days from since to until, zero days included. */
    perDay: Count[];
    /** By `meta.state` now (ready, running, waiting, done, failed). */
    byState: Count[];
  };
  automation: {
    /** Tickets with no human task and no recommended escalation, and not failed. */
    withoutPerson: number;
    /** Tickets with at least one human task or `escalationDecision.escalationRecommended`. */
    withPerson: number;
    /** Failed tickets nobody was asked to look at. */
    failedUnattended: number;
    /** withoutPerson / total; null without tickets. */
    shareWithoutPerson: number | null;
  };
  escalations: {
    /** Tickets with `escalationDecision.escalationRecommended === true`. */
    total: number;
    /** Every decided ticket by `escalationDecision.decision` (no_escalation included). */
    byDecision: Count[];
    /** Escalated tickets by `escalationPreparation.targetTeam` (else `handoffComplete.targetTeam`). */
    byTeam: Count[];
    /** Escalated tickets by `escalationDecision.trigger.id`; `(no trigger)` when the reasoner decided. */
    byTrigger: Count[];
  };
  times: {
    /** Ticket created -> `handoffComplete.handedOffAt`, over delivered handoffs (escalation or queue). */
    toHandoff: Percentiles;
    /** Human task created -> its first `claimed` event (else `claimedAt`). */
    toClaim: Percentiles;
    /** Human task created -> `resolution.resolvedAt`. */
    toResolution: Percentiles;
  };
  humanTasks: {
    total: number;
    open: number;
    completed: number;
    /** Expired or cancelled. */
    closedOther: number;
  };
  sla: {
    /** Completed by their due date with no `sla_breach` event. */
    met: number;
    /** Completed, expired, or open past their due date. */
    measured: number;
    /** met / measured; null when nothing is measured yet. */
    attainment: number | null;
    /** `sla_breach` events. */
    breaches: number;
    /** Human tasks with an `sla_breach` event, or open past their due date. */
    breachedTasks: number;
    /** Open and past their due date now. */
    overdueOpen: number;
    /** `sla_warning` events. */
    warnings: number;
  };
  satisfaction: {
    /** Tickets with `outcomeTracking.satisfactionSurvey.sentAt`. */
    surveysSent: number;
    /** Tickets with a score 1..5 in `outcomeTracking.satisfactionSurvey.score`. */
    answered: number;
    /** Mean score, two decimals. */
    average: number | null;
    /** Share of answers scoring 4 or 5 (CSAT). */
    satisfiedShare: number | null;
    /** Keys "1".."5". */
    byScore: Count[];
  };
  model: {
    /** Sums of `meta.usage`. */
    calls: number;
    promptTokens: number;
    completionTokens: number;
    totalTokens: number;
    /** calls / tickets, two decimals. */
    callsPerTicket: number | null;
    /** By step id from `meta.usage.byStep`. */
    byStep: { step: string; calls: number; promptTokens: number; completionTokens: number }[];
  };
  reliability: {
    /** Entries of `meta.usage.fallbacks` (invalid or failed model replies). */
    modelFallbacks: number;
    /** Step runs with `fallback: true`. */
    fallbackRuns: number;
    /** Tickets with either kind of fallback. */
    ticketsWithFallback: number;
    /** Tickets in `meta.state` failed. */
    failedTickets: number;
    /** Step runs with outcome failed. */
    failedRuns: number;
    /** Step runs with outcome retry. */
    retriedRuns: number;
    /** Effects whose status is failed now. */
    failedEffects: number;
    /** Tickets with a failed state, run or effect. */
    ticketsWithFailure: number;
  };
}
