/**
 * Classification: category, priority, complexity, issue type, signals and entities from a ticket reading.
 */
import type { Classification } from '../schemas.ts';
import { scoreCategories } from './categories.ts';
import { frustrationOf, toneOf, type TicketReading } from './signals.ts';

type Category = Classification['category'];
type Signal = Classification['escalationSignals'][number];
type Urgency = Classification['urgencyIndicators'][number];

const quote = (words: string[]): string => `'${words[0] ?? ''}'`;

/** Which category a support-history entry like "billing_issue_2" refers to, if any. */
function historyTopic(entry: string): Category | null {
  const e = entry.toLowerCase();
  if (/bill|invoice|refund|charge|payment/.test(e)) return 'billing';
  if (/login|password|account|access/.test(e)) return 'account';
  if (/integration|webhook|api|sync/.test(e)) return 'integration';
  if (/security|fraud|hack/.test(e)) return 'security';
  if (/outage|error|crash|technical|performance/.test(e)) return 'technical';
  if (/bug/.test(e)) return 'bug_report';
  return null;
}

export function pickCategory(r: TicketReading): { category: Category; margin: number; reasons: string[] } {
  const { scores, evidence } = scoreCategories(r.normSubject, r.normBody);
  // A threat to someone's account or data outranks the topic it arrived under.
  if (r.security.length) scores.security += 4;
  if (r.outage.length) scores.technical += 3;
  if (r.dataLoss.length) scores.technical += 5;
  if (r.incident.length) scores.technical += 2;
  const broken = PROBLEM_WORDS.test(r.norm) || /\b(issues?|problems?|not updating|unexpected\w*|crash\w*)\b/.test(r.norm);
  const leader = (Object.entries(scores) as [Category, number][]).sort((a, b) => b[1] - a[1])[0];
  const topic: Category = leader && leader[1] > 0 ? leader[0] : 'general_inquiry';
  // Something broken with no clearer topic than "a question" is a technical matter.
  if (broken && (topic === 'general_inquiry' || topic === 'product' || topic === 'integration')) scores.technical += 2;
  // Praise with nothing broken is feedback, whatever part of the product it names.
  if (!broken && /\b(love|great|fantastic|amazing|awesome|excellent|thank(s| you))\b/.test(r.norm) && !r.failures.length) scores.general_inquiry += 3;
  const ranked = (Object.entries(scores) as [Category, number][]).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] < 2) {
    return { category: 'general_inquiry', margin: 0, reasons: ['no clear topic: general inquiry'] };
  }
  const category = first[0];
  const words = evidence[category].slice(0, 3).map((w) => `'${w}'`).join(', ');
  return { category, margin: first[1] - (second?.[1] ?? 0), reasons: [`category ${category}: ${words}`] };
}

/** Escalation signals with a rationale line each. */
export function escalationSignals(r: TicketReading, frustration: number, category: Category): { signals: Signal[]; reasons: string[] } {
  const signals: Signal[] = [];
  const reasons: string[] = [];
  const flag = (signal: Signal, reason: string): void => {
    if (!signals.includes(signal)) signals.push(signal);
    reasons.push(reason);
  };
  if (r.angerStrong.length || frustration >= 70) {
    flag('frustrated_language', r.angerStrong.length ? `frustrated language: ${quote(r.angerStrong)}` : `frustration ${frustration}/100`);
  }
  if (r.legal.length) flag('legal_threats', `legal threat: ${quote(r.legal)}`);
  if (r.facts.escalationHistory?.length) flag('previous_escalations', `escalated ${r.facts.escalationHistory.length} time(s) before`);
  if (r.executive.length) flag('executive_involvement', `executive involved: ${quote(r.executive)}`);
  if (r.human.length) flag('human_requested', `asks for a person: ${quote(r.human)}`);
  const sameTopic = (r.facts.supportHistory ?? []).filter((h) => historyTopic(h) === category);
  if (r.repeat.length) flag('repeat_contact', `repeat contact: ${quote(r.repeat)}`);
  else if (sameTopic.length >= 2) flag('repeat_contact', `${sameTopic.length} earlier ${category} tickets in the support history`);
  if (r.churn.length) flag('churn_threat', `churn threat: ${quote(r.churn)}`);
  if (r.publicComplaint.length) flag('public_complaint', `public complaint threatened: ${quote(r.publicComplaint)}`);
  // In public, a reported failure told with some heat, or plain strong negativity, is a complaint the
  // world can read; a neutral question about a delay is not.
  else if (PUBLIC_CHANNELS.test(r.facts.channel ?? '') && ((r.failures.length > 0 && toneOf(r) <= -2) || toneOf(r) <= -4 || frustration >= 60)) {
    flag('public_complaint', `complaint posted in public (${r.facts.channel})`);
  }
  if (r.dispute.length) flag('payment_dispute', `payment dispute: ${quote(r.dispute)}`);
  if (r.complaint.length) flag('formal_complaint', `wants to file a complaint: ${quote(r.complaint)}`);
  return { signals, reasons };
}

export function urgencyIndicators(r: TicketReading): { urgency: Urgency[]; reasons: string[] } {
  const urgency: Urgency[] = [];
  const reasons: string[] = [];
  if (r.outage.length) { urgency.push('outage_related'); reasons.push(`outage: ${quote(r.outage)}`); }
  if (r.security.length) { urgency.push('security_related'); reasons.push(`security concern: ${quote(r.security)}`); }
  if (r.dataLoss.length) { urgency.push('data_loss'); reasons.push(`data loss: ${quote(r.dataLoss)}`); }
  if (r.revenue.length) { urgency.push('revenue_affecting'); reasons.push(`revenue at stake: ${quote(r.revenue)}`); }
  // Many people blocked at once is an incident even when each of them has "just" a login problem.
  if (r.widespread.length && (r.incident.length || r.outage.length || /\b(can'?t|cannot|unable|not able|locked out|no access|lost access|none of|nobody|no one)\b/.test(r.norm))) {
    urgency.push('widespread_impact'); reasons.push(`many affected: ${quote(r.widespread)}`);
  }
  // Production alone is just where the customer runs things; it matters when something there is failing.
  const failing = r.outage.length > 0 || /\b(fail\w*|break\w*|broken|errors?|timeouts?|crash\w*|down|dead)\b/.test(r.norm);
  if (r.business.length && failing) { urgency.push('business_impacting'); reasons.push(`business impact: ${quote(r.business)}`); }
  return { urgency, reasons };
}

/** Channels where everyone can read the customer's words. */
const PUBLIC_CHANNELS = /^(social|twitter|x|facebook|instagram|review|app_store|forum|community)$/i;

const PAID_TIERS = /^(paid|pro|premium|business|professional|standard|plus|team|growth)$/i;

/** Priority points, mapped to a level; each point source is named in the rationale. */
export function priorityOf(
  r: TicketReading, category: Category, issueType: Classification['issueType'],
  urgency: Urgency[], signals: Signal[], frustration: number, complexity: Classification['complexity'],
): { priority: Classification['priority']; reasons: string[] } {
  let points = 0;
  const reasons: string[] = [];
  const add = (n: number, reason: string): void => { points += n; reasons.push(reason); };
  const tier = r.facts.customerTier ?? '';
  // Impact and urgency in the customer's words come first; the tier only nudges.
  if (/enterprise|vip/i.test(tier)) add(2, `${tier} tier raises priority`);
  else if (PAID_TIERS.test(tier)) add(1, `${tier} tier`);
  if ((r.facts.accountValue ?? 0) >= 50_000) add(1, `high account value (${r.facts.accountValue})`);
  if (urgency.includes('outage_related')) add(2, 'service outage');
  if (urgency.includes('security_related')) add(3, 'security incident');
  if (urgency.includes('data_loss')) add(2, 'data loss');
  if (urgency.includes('widespread_impact')) add(2, 'many people affected');
  if (urgency.includes('revenue_affecting') || urgency.includes('business_impacting')) add(1, 'business impact');
  const severe = urgency.some((u) => u === 'outage_related' || u === 'security_related' || u === 'data_loss');
  if (r.incident.length && !severe) add(2, `something stopped working: ${quote(r.incident)}`);
  if (signals.includes('legal_threats')) add(2, 'legal threat');
  if (signals.includes('payment_dispute')) add(2, 'payment dispute');
  if (signals.includes('churn_threat')) add(1, 'churn threat');
  if (signals.includes('public_complaint')) add(1, 'public complaint');
  if (signals.includes('formal_complaint')) add(1, 'formal complaint');
  if (signals.includes('repeat_contact')) add(1, 'customer had to come back');
  if (signals.includes('executive_involvement')) add(1, 'executive involvement');
  if (frustration >= 70) add(1, `high frustration (${frustration})`);
  if (complexity === 'complex' || complexity === 'expert_required') add(1, `${complexity} problem`);
  // Urgency in their words lifts an ordinary ticket; on a ticket already high it adds nothing new.
  const urgentWord = r.immediacy[0] ?? /\b(critical|emergency|time[- ]sensitive|deadline)\b/.exec(r.norm)?.[0];
  if (points < 3 && urgentWord) add(1, `urgent in their words: '${urgentWord}'`);
  if (issueType === 'compliment' || category === 'feature_request') add(-2, `${issueType === 'compliment' ? 'compliment' : 'feature request'}: not time-critical`);
  const priority = points >= 6 ? 'critical' : points >= 3 ? 'high' : points >= 1 ? 'medium' : 'low';
  return { priority, reasons: [`priority ${priority}: ${reasons.join(', ') || 'nothing raises it'}`] };
}

const PROBLEM_WORDS = /\b(can't|cannot|can not|unable|not working|doesn't|isn't|won't|wont|will not|error|fail\w*|broken|crash\w*|wrong|missing|lost|charged|down|inconsistent|bug|issues|problems|experiencing (an? )?(issue|problem|error|outage)s?|no puedo|kann nicht|ne peux|nao consigo|bloque)\b/;

export function issueTypeOf(r: TicketReading, category: Category, frustration: number): Classification['issueType'] {
  const problem = PROBLEM_WORDS.test(r.norm);
  const praise = /\b(thank(s| you)|great|amazing|fantastic|love|awesome|excellent|kudos|well done)\b/.test(r.norm);
  if (category === 'feature_request') return 'request';
  // Thanks at the end of a request is politeness: a message that asks for something is not a compliment.
  const asks = /\?|\b(seeking|requests?|requesting|inquir\w*|enquir\w*|looking for|could you|can you|would you|please (provide|send|share|advise|help|let|check|confirm|explain|assist)|information (on|about|regarding)|details (on|about|regarding)|need (help|assistance|support)|writing (in regards|regarding|about|to (report|request|ask|inquire))|to report)\b/.test(r.norm);
  if (praise && !problem && !asks && frustration < 30 && r.sentiment.score >= 4) return 'compliment';
  if (frustration >= 60) return 'complaint';
  if (problem) return 'problem';
  if (/\?|\b(how|where|what|can i|do you)\b/.test(r.norm)) return 'question';
  return 'request';
}

/** Identifiers worth carrying to the human: error codes, field names, products, amounts. */
export function entitiesOf(r: TicketReading): string[] {
  const text = `${r.subject}\n${r.body}`;
  const found = new Map<string, string>();
  // Case-insensitive dedupe: "Webhook" in the subject and "webhooks" in the body are one entity.
  const add = (xs: Iterable<string>): void => {
    for (const x of xs) {
      const key = x.trim().toLowerCase().replace(/s$/, '');
      if (found.size < 12 && !found.has(key)) found.set(key, x.trim());
    }
  };
  add(text.match(/`[^`\n]{1,60}`/g) ?? []);
  add(text.match(/\b[a-z][a-z0-9]*(?:\.[a-z_][a-z0-9_]*)+\b/g)?.filter((t) => !/\.(com|org|net|io)$/.test(t)) ?? []);
  add(text.match(/\b[a-z]+_[a-z_]+\b/g) ?? []);
  add(text.match(/\b(?:[A-Z]{2,}-\d+|(?:HTTP|Error|error) \d{3}|[45]\d\d(?= [A-Z]))\b/g) ?? []);
  add(text.match(/(?:^|\s)(\/[a-z0-9_\-/{}]+)/gi)?.map((t) => t.trim()) ?? []);
  add(text.match(/\b(?:Zapier|Salesforce|HubSpot|Slack|Shopify|Stripe|Zendesk|Jira|OAuth(?: 2\.0)?|SSO|REST API|GraphQL|webhooks?|Chrome|Firefox|Safari|Node\.js)\b/gi) ?? []);
  add(text.match(/[$€£]\s?\d[\d,.]*/g) ?? []);
  return [...found.values()];
}
