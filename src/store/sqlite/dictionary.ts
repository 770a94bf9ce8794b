/**
 * The preset dictionary of the deflated JSON documents of triage.sqlite (codec.ts): text that the run
 * records, the rest of a task's meta and the human tasks repeat, so that even a 400-byte run record
 * deflates to little more than what is its own (times, ids, the explanation's words).
 *
 * NEVER EDIT A DICTIONARY: every blob written with it needs the same bytes to inflate. A better
 * dictionary is a new constant with the next id (codec.ts writes the id in each blob's first byte),
 * and this one stays for the blobs already written. `test/unit/store/sqlite-codec.test.ts` pins its hash.
 *
 * The text is the documents as stored (toJson: keys encoded by keys.ts, Dates as `{"$date": ...}`),
 * least frequent first: deflate finds matches anywhere in the window, but near ones cost fewer bits,
 * so the run records' skeleton, written ~8 times per task, comes last. Step conditions are the
 * `matched` text of the run records (JSON of the condition, escaped once more inside the record).
 */

/** Dictionary id 1, built from the processed sample tickets of fixtures/tickets/ and the default policy. */
const DICTIONARY_1_PARTS: readonly string[] = [
  // Human task documents (one per handoff; the policy's form fields and the context package).
  '"messages":[],"resolution":null,"decision":"resolved","notes":"","resolvedBy":"","resolvedAt":{"$date":"20',
  '{"at":{"$date":"20","kind":"claimed","detail":"by "},{"at":{"$date":"20","kind":"resolved","detail":"',
  '"fields":[{"name":"needs_agent","label":"Hand the conversation back to the automation","type":"boolean","required":false},',
  '{"name":"needs_followup","label":"Keep the case open for a follow-up","type":"boolean","required":false},',
  '{"name":"escalation_needed","label":"Did this ticket need a person? (teaches the escalation policy)","type":"select","required":false,"options":["yes","no","unsure"]}],',
  '"escalationChain":["engineering","senior_support","management"],"escalationChain":["finance","management"],',
  '"status":"pending","assignedTo":null,"assignedToTeam":null,"level":0,"messages":[],"resolution":null,',
  '"events":[{"at":{"$date":"20","kind":"created","detail":"for team engineering"}],"version":1,"createdAt":{"$date":"20',
  '"updatedAt":{"$date":"20","claimedAt":null}',
  '{"key":":handoff","taskId":"","type":"escalation","title":"TICK-","team":"technical_support","queue":"technical_support","skillTags":["api"],"priority":"high",',
  '"context":{"ticketSummary":{"id":"TICK-","subject":"","category":"technical","priority":"critical","complexity":"expert_required","specificIssue":"","entities":[]},',
  '"customerProfile":{"id":"CUST-","tier":"enterprise","accountValue":0,"previousTickets":0,"escalationHistory":[],"supportHistory":[]},',
  '"sentimentProfile":{"frustrationLevel":100,"emotionalState":"very_negative","communicationStyle":"empathetic","repeatIssue":false},',
  '"technicalContext":{"technicalKnowledge":"medium","complexity":{"technical":60,"communication":60,"process":60,"resolution":40,"overall":40},',
  '"requiredExpertise":"general_support","estimatedResolutionTime":"2-4 hours"},',
  '"conversationHistory":[{"role":"customer","content":"","timestamp":"20","channel":"email"}],',
  '"fields":{"support~pticket~pid":"TICK-","support~pticket~pcustomerEmail":"","support~pcustomer~ptier":"paid","support~pclassification~pcategory":"billing","sentimentAnalysis~pfrustrationLevel":',
  '},"summaries":{"case_summary":{"text":" customer, technical (high): ","include":{"escalationRisk~poverall":,"support~pcustomer~ppreviousTickets":',
  // The rest of a task's meta: usage, effects and schedules.
  '{"usage":{"calls":0,"promptTokens":0,"completionTokens":0,"byStep":{},"fallbacks":[]},"effects":[',
  ':performance_analysis:ticket_report","channel":"report","stepId":"performance_analysis","status":"sent","target":"reports",',
  '"ref":"outbox/reports/_performance_analysis_ticket_report-.json"}],',
  ':human_handoff:notify_email_management","channel":"email","stepId":"human_handoff","status":"sent","target":"support-managers@example.com",',
  '"ref":"outbox/email/_human_handoff_notify_email_management-.eml"},',
  ':human_handoff:handoff_slack_engineering","channel":"slack","stepId":"human_handoff","status":"sent","target":"#eng-escalations",',
  '"ref":"outbox/slack/_human_handoff_handoff_slack_engineering-.json"},',
  ':human_handoff:handoff_email_engineering","channel":"email","stepId":"human_handoff","status":"sent","target":"engineering-escalations@example.com",',
  '"ref":"outbox/email/_human_handoff_handoff_email_engineering-.eml"},',
  '{"key":":customer_response:customer_reply","channel":"email","stepId":"customer_response","status":"sent","target":"@example.com",',
  '"createdAt":{"$date":"20"},"updatedAt":{"$date":"20"},"ref":"outbox/email/_customer_response_customer_reply-.eml"},',
  '"schedules":[{"job":"handoff_follow_up","runAt":{"$date":"20"},"payload":{"team":"engineering","urgency":"immediate"},"stepId":"human_handoff","key":":handoff_follow_up"},',
  '{"job":"resolution_check","runAt":{"$date":"20"},"payload":{"escalated":true},"stepId":"outcome_tracking","key":":resolution_check"},',
  '{"job":"satisfaction_survey","runAt":{"$date":"20"},"payload":{},"stepId":"outcome_tracking","key":":satisfaction_survey"},',
  '{"job":"outcome_analysis","runAt":{"$date":"20"},"payload":{},"stepId":"outcome_tracking","key":":outcome_analysis"}],"error":null,"flags":[],"next":null}',
  // Run records: the steps' conditions, rare steps first, and the explanations' common words.
  '"matched":"{\\"callback.status\\":\\"requested\\"}"',
  '"matched":"{\\"customerReply.receivedAt\\":{\\"$exists\\":true},\\"customerReply.handledAt\\":null,\\"outcomeTracking.satisfactionSurvey.sentAt\\":{\\"$exists\\":true},\\"outcomeTracking.satisfactionSurvey.score\\":{\\"$exists\\":false}}"',
  '"matched":"{\\"outcomeTracking.satisfactionSurvey.status\\":\\"deferred\\",\\"human.resolved\\":true}"',
  '"matched":"{\\"human.resolvedAt\\":{\\"$exists\\":true},\\"human.outcome\\":null}"',
  '"matched":"{\\"customerReply.receivedAt\\":{\\"$exists\\":true},\\"customerReply.handledAt\\":null,\\"support.classification\\":{\\"$type\\":\\"object\\"}}"',
  '"explanation":["no policy trigger matched (13 evaluated)","overall risk  is below 40, priority medium, and the reasoner expects to resolve it: no escalation"',
  '"the answer is promised outside the team\'s hours: the reply offers a callback link","reply in en: solution (article  (en) at confidence 0.","solution_provision reply (professional) by heuristic"',
  '"category technical: \'outage\', \'failures\', \'production\'","priority critical: enterprise tier raises priority, high account value (), service outage, business impact, legal threat, high frustration (100), expert_required problem",',
  '"complexity expert_required: production-level incident with business impact","complexity complex: detailed technical report","complexity moderate: needs investigation, not a how-to","complexity simple: a standard request with a known answer",',
  '"frustrated language: \'unacceptable\'","legal threat: \'legal action\'","escalated 1 time(s) before","repeat contact: \'","public complaint threatened: \'","asks for a person: \'need immediate escalation\'","revenue at stake: \'","business impact: \'production\'",',
  '"frustration 100/100: angry wording: \'unacceptable\', \'furious\' (+45); frustrated wording: \'\' (+20); shouting in capitals: \'\' (+8); intensified wording: \'completely\' (+4); repeated exclamation marks (+8); ',
  'threatens legal action (+20); threatens to complain publicly (+15); has had to come back about this (+12); demands speed: \'immediately\' (+6); sets an ultimatum: \'if this is not resolved\' (+8); asks for a person (+6); ',
  'reports the service failing them: \'\' (+8); their business is losing money or stopped (+15); escalated before (+5); negative wording overall (sentiment -) (+25)",',
  '"technical knowledge low","technical knowledge medium: \'api\', \'production\'","repeat issue: the customer has contacted support about this before","churn risk 60/100","publicity risk 75/100",',
  '"immediate-escalation flags: high_frustration, legal_threats"',
  '"policy trigger \\"critical_business_risk\\" matched: {\\"$or\\":[{\\"support.classification.priority\\":\\"critical\\"},{\\"support.classification.escalationSignals\\":\\"legal_threats\\"}]} (it saw support.classification.priority = \\"critical\\", support.classification.escalationSignals = [\\"frustrated_language\\",\\"legal_threats\\",\\"previous_escalations\\",\\"human_requested\\"])",',
  '"policy trigger \\"relationship_risk\\" matched: {\\"sentimentAnalysis.repeatIssue\\":true,\\"sentimentAnalysis.frustrationLevel\\":{\\"$gte\\":70}} (it saw sentimentAnalysis.repeatIssue = true, sentimentAnalysis.frustrationLevel = 100)",',
  '"policy trigger \\"specialist_needed\\" matched: {\\"support.classification.complexity\\":{\\"$in\\":[\\"complex\\",\\"expert_required\\"]}} (it saw support.classification.complexity = \\"complex\\")",',
  '"routed to Engineering on-call (category technical)","routed to Billing and Finance (category billing)","routed to Technical Support (category integration)"',
  '"reply in en: escalation (escalated: acknowledgment naming the team)","promised an answer within an hour (20, on Technical Support\'s calendar)","the team lists no members: the SLA promise stands (Monday, November 30 at 09:43 PM UTC)","escalation_acknowledgment reply (professional) by heuristic"',
  '"human task  opened for Engineering on-call, due 20","handed off to Engineering on-call via email engineering-escalations@example.com, slack #eng-escalations, email support-managers@example.com"',
  '"context preserved; outcome so far: self_resolved","context preserved; outcome so far: engineering"',
  '"follow-ups scheduled: resolution check 20, final analysis 20"',
  '"report: automated, 6 step runs, 0 model calls","report: assisted, 7 step runs, 0 model calls","waiting for the human task to be resolved"',
  '"matched":"{\\"outcomeTracking\\":{\\"$type\\":\\"object\\"},\\"performanceAnalysis\\":{\\"$exists\\":false}}","fieldsWritten":["performanceAnalysis"],',
  '"matched":"{\\"contextPreservation\\":{\\"$type\\":\\"object\\"},\\"outcomeTracking\\":{\\"$exists\\":false}}","fieldsWritten":["outcomeTracking"],',
  '"matched":"{\\"conversationResponse\\":{\\"$type\\":\\"object\\"},\\"contextPreservation\\":{\\"$exists\\":false},\\"$or\\":[{\\"handoffComplete\\":{\\"$type\\":\\"object\\"}},{\\"escalationDecision.escalationRecommended\\":false}]}","fieldsWritten":["contextPreservation"],',
  '"matched":"{\\"escalationDecision.escalationRecommended\\":true,\\"escalationPreparation\\":{\\"$type\\":\\"object\\"},\\"$or\\":[{\\"handoffComplete\\":{\\"$exists\\":false}},{\\"handoffComplete.delivered\\":false,\\"handoffRetry.pending\\":true},{\\"handoffComplete.mode\\":\\"queue\\"}]}","fieldsWritten":["handoffComplete","escalationAgent","handoffRetry"],',
  '"matched":"{\\"escalationDecision\\":{\\"$type\\":\\"object\\"},\\"conversationResponse\\":{\\"$exists\\":false}}","fieldsWritten":["conversationResponse","escalationAgent"],',
  '"matched":"{\\"sentimentAnalysis\\":{\\"$type\\":\\"object\\"},\\"escalationRisk\\":{\\"$type\\":\\"object\\"},\\"escalationDecision\\":{\\"$exists\\":false}}","fieldsWritten":["escalationDecision","escalationPreparation"],',
  '"matched":"{\\"support.classification\\":{\\"$type\\":\\"object\\"},\\"escalationAgent\\":{\\"$type\\":\\"object\\"},\\"sentimentAnalysis\\":{\\"$exists\\":false}}","fieldsWritten":["sentimentAnalysis","escalationRisk","handlingStrategy","immediateEscalation","escalationAgent"],',
  '"matched":"{\\"support.ticket\\":{\\"$type\\":\\"object\\"},\\"support.classification\\":{\\"$exists\\":false}}","fieldsWritten":["support.customer","support.routing","support.classification","escalationAgent"],',
  '"explanation":["category billing: \'billing\', \'charged\', \'subscription\'","priority high: paid tier, business impact, something stopped working: \'failing\', complex problem","classified by heuristic: technical, high priority, complex"],"inputHash":"',
  '"outcome":"error","error":"","outcome":"ok","inputHash":"',
  '{"stepId":"intake_classification","stepId":"sentiment_complexity_analysis","stepId":"escalation_decision","stepId":"customer_response",',
  '"stepId":"human_handoff","stepId":"context_preservation","stepId":"outcome_tracking","stepId":"performance_analysis",',
  '"attempt":1,"worker":"","startedAt":{"$date":"20"},"finishedAt":{"$date":"20"},"durationMs":',
];

/** The bytes of dictionary 1: fixed for good (see above). */
export const DICTIONARY_1: Buffer = Buffer.from(DICTIONARY_1_PARTS.join(''), 'utf8');
