/** The spec's eight pipeline steps, in the order they run (steps added for later events follow them). */
export const PIPELINE_STEP_IDS: readonly string[] = [
  'intake_classification',
  'sentiment_complexity_analysis',
  'escalation_decision',
  'customer_response',
  'human_handoff',
  'context_preservation',
  'outcome_tracking',
  'performance_analysis',
];
