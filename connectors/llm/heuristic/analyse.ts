/**
 * Analysis: complexity, technical knowledge, communication style, trajectory, risks and the one-sentence
 * statement of the specific issue.
 */
import type { Analysis, Classification } from '../schemas.ts';
import type { ClassificationInput } from '../types.ts';
import { readSentiment } from './sentiment.ts';
import { matches, toneOf, type Scored, type TicketReading } from './signals.ts';
import { inLanguage, normalise, ANGER_STRONG, LEGAL, PUBLIC, CHURN } from './lexicon.ts';
import { entitiesOf } from './classify.ts';

type Category = Classification['category'];
type Complexity = Classification['complexity'];

const clamp = (n: number): number => Math.max(0, Math.min(100, Math.round(n)));

/** How fluent the customer is with the technology, from the terms they use unprompted. */
export function technicalKnowledge(r: TicketReading): Analysis['communication']['technicalKnowledge'] {
  const identifiers = entitiesOf(r).filter((e) => /[._/`]/.test(e)).length;
  const n = r.techTerms.length + Math.min(2, identifiers);
  return n >= 5 ? 'high' : n >= 2 ? 'medium' : 'low';
}

const INTRICATE = /\b(intermittent\w*|inconsistent\w*|sometimes|randomly|sporadic\w*|race condition|only when|under load|roughly \d+%|\d+% of)\b/;

/** Complexity label with the reason a support lead would give for it. */
export function complexityOf(
  r: TicketReading, category: Category, urgency: Classification['urgencyIndicators'],
  signals: readonly string[], knowledge: Analysis['communication']['technicalKnowledge'],
): { complexity: Complexity; reason: string } {
  const technicalArea = ['technical', 'integration', 'security', 'bug_report'].includes(category);
  const severe = urgency.some((u) => u === 'outage_related' || u === 'security_related' || u === 'data_loss');
  const bigStakes = /enterprise/i.test(r.facts.customerTier ?? '') || (r.facts.accountValue ?? 0) >= 50_000
    || urgency.includes('business_impacting') || urgency.includes('revenue_affecting');
  if (severe && bigStakes && technicalArea) {
    return { complexity: 'expert_required', reason: 'complexity expert_required: production-level incident with business impact' };
  }
  if (technicalArea && (knowledge === 'high' || INTRICATE.test(r.norm) || severe)) {
    return { complexity: 'complex', reason: `complexity complex: ${knowledge === 'high' ? 'detailed technical report' : severe ? 'incident needs investigation' : 'intermittent or inconsistent behaviour'}` };
  }
  if (signals.includes('legal_threats') || signals.includes('executive_involvement')) {
    return { complexity: 'complex', reason: 'complexity complex: legal or executive stakeholders involved' };
  }
  if (technicalArea || signals.includes('repeat_contact') || /\b(charged|refund|dispute|overcharged|twice)\b/.test(r.norm)) {
    return { complexity: 'moderate', reason: 'complexity moderate: needs investigation, not a how-to' };
  }
  return { complexity: 'simple', reason: 'complexity simple: a standard request with a known answer' };
}

const COMPLEXITY_SCORE: Record<Complexity, number> = { simple: 15, moderate: 40, complex: 65, expert_required: 88 };

function styleOf(r: TicketReading, frustration: number, knowledge: string): Analysis['sentiment']['communicationStyle'] {
  const threats = r.legal.length + r.churn.length + r.publicComplaint.length;
  if (frustration >= 80 && (r.angerStrong.length >= 2 || (threats > 0 && (r.shouting.length > 0 || r.angerStrong.length > 0)))) return 'aggressive';
  if (frustration >= 60) return 'emotional';
  if (knowledge === 'high') return 'technical';
  if (/\b(dear|regards|sincerely|kindly|would you|could you please|please advise)\b/.test(r.norm)) return 'formal';
  return 'casual';
}

function trajectoryOf(r: TicketReading, frustration: number): Analysis['sentiment']['trajectory'] {
  const followUps = r.facts.followUps ?? [];
  const last = followUps[followUps.length - 1];
  if (last) {
    const before = readSentiment(r.facts.description, r.language).comparative;
    const after = readSentiment(last, r.language).comparative;
    if (after < before - 0.1) return 'escalating';
    if (after > before + 0.1) return 'de_escalating';
    return 'stable';
  }
  // Without later messages the history is the best evidence of direction.
  if ((r.repeat.length > 0 || (r.facts.escalationHistory?.length ?? 0) > 0) && frustration >= 50) return 'escalating';
  return 'stable';
}

function overallSentiment(r: TicketReading, frustration: number): Analysis['sentiment']['overall'] {
  const tone = toneOf(r);
  if (frustration >= 75 || tone <= -7) return 'very_negative';
  if (frustration >= 45 || tone <= TONE_NEGATIVE) return 'negative';
  if (tone >= 5) return 'very_positive';
  if (tone >= 2) return 'positive';
  return 'neutral';
}

/** At or below this tone a message reads negative (tuned on real tweets: -0.5 keeps precision near 0.9). */
const TONE_NEGATIVE = -0.5;

const PROBLEM = /\b(can't|cannot|unable|not (working|loading|receiving|triggering)|doesn't|isn't|error\w*|fail\w*|broken|crash\w*|wrong|missing|lost|charged|billed|down|inconsistent|duplicat\w*|disappeared|instead|sometimes|latency|timeouts?|bug|exposed|hacked|no puedo|no recibo|kann|ne peux|bloque|nao consigo|abgebucht|ausgefallen|caido)\b/;

/** The most informative sentence: names the problem and its specifics, not the customer's feelings. */
export function specificIssueOf(r: TicketReading, category: Category): string {
  const feelings = [ANGER_STRONG, LEGAL, PUBLIC, CHURN].flatMap((list) => inLanguage(list, r.language));
  const sentences = r.body.split(/(?<=[.!?])\s+|\n+/).map((s) => s.trim()).filter((s) => s.length > 8);
  let best = '';
  let bestScore = 0;
  for (const sentence of sentences) {
    const n = normalise(sentence);
    let score = 0;
    if (PROBLEM.test(n)) score += 3;
    if (/\b(specifically|in particular|the (issue|problem|error) is|exactly)\b/.test(n)) score += 2;
    score += Math.min(4, (sentence.match(/[._`/]\w|\b\d{3}\b|\b[A-Z]\w+[A-Z]\w*\b/g) ?? []).length);
    score += Math.min(3, (n.match(/\b(api|webhooks?|payloads?|endpoint|field|array|token|invoice|refund|password|account|subscription|sync|login|records?|dashboard|export)\b/g) ?? []).length);
    if (feelings.some((pattern) => pattern.test(n))) score -= 3;
    if (/^(hi|hello|hey|thanks|thank you|regards|hola|bonjour|hallo|ola)\b/.test(n) && sentence.length < 25) score -= 3;
    if (score > bestScore) { best = sentence; bestScore = score; }
  }
  const label = category.replace('_', ' ');
  const topic = r.subject.trim() || `${label} request`;
  if (!best || bestScore < 3) return `${label[0]?.toUpperCase()}${label.slice(1)}: ${topic}`.slice(0, 240);
  const cleaned = best.replace(/^(specifically|basically|so|also|however),?\s*/i, '').replace(/\s+/g, ' ');
  return `${cleaned[0]?.toUpperCase()}${cleaned.slice(1)}`.slice(0, 240);
}

/** Builds the analysis; `frustration` comes from the same reading so classification and analysis agree. */
export function analysisOf(r: TicketReading, c: Classification | ClassificationInput, frustration: Scored): Analysis {
  const knowledge = technicalKnowledge(r);
  const f = frustration.level;
  const sig = new Set(c.escalationSignals);
  const repeatIssue = sig.has('repeat_contact');
  const technical = clamp(r.techTerms.length * 10 + (['technical', 'integration', 'security'].includes(c.category) ? 25 : 0)
    + (c.urgencyIndicators.length ? 15 : 0));
  const communication = clamp(f * 0.6 + (r.language === 'en' ? 0 : 15) + (r.body.length < 60 ? 15 : 0));
  const process = clamp((repeatIssue ? 25 : 0) + (sig.has('previous_escalations') ? 20 : 0) + (sig.has('legal_threats') ? 25 : 0)
    + (sig.has('executive_involvement') ? 15 : 0) + (c.category === 'billing' ? 15 : 0) + (c.urgencyIndicators.length ? 15 : 0));
  const resolution = COMPLEXITY_SCORE[c.complexity];
  const overall = clamp(Math.max(resolution, (technical + communication + process + resolution) / 4));
  const churn = clamp(f * 0.35 + (sig.has('churn_threat') ? 40 : 0) + (repeatIssue ? 15 : 0)
    + (sig.has('previous_escalations') ? 10 : 0) + (sig.has('legal_threats') ? 10 : 0));
  const publicity = clamp((sig.has('public_complaint') ? 50 : 0) + (sig.has('legal_threats') ? 20 : 0) + f * 0.25
    + (sig.has('executive_involvement') ? 10 : 0) + (c.urgencyIndicators.includes('security_related') ? 15 : 0));
  const clarity = clamp(65 + (c.entities.length ? 10 : 0) + (knowledge === 'high' ? 10 : 0) - (r.body.length < 60 ? 20 : 0)
    - (r.shouting.length ? 10 : 0) - (r.angerStrong.length ? 10 : 0));
  const style = styleOf(r, f, knowledge);
  const recommendedStyle: Analysis['communication']['recommendedStyle'] =
    f >= 50 ? 'empathetic' : knowledge === 'high' || c.category === 'integration' ? 'technical' : 'professional';
  const rationale = [`frustration ${f}/100: ${frustration.reasons.join('; ') || 'calm wording'}`];
  rationale.push(`technical knowledge ${knowledge}${r.techTerms.length ? `: ${r.techTerms.slice(0, 4).map((t) => `'${t}'`).join(', ')}` : ''}`);
  if (repeatIssue) rationale.push('repeat issue: the customer has contacted support about this before');
  if (churn >= 50) rationale.push(`churn risk ${churn}/100`);
  if (publicity >= 50) rationale.push(`publicity risk ${publicity}/100`);
  return {
    sentiment: { overall: overallSentiment(r, f), frustrationLevel: f, communicationStyle: style, trajectory: trajectoryOf(r, f) },
    complexity: { technical, communication, process, resolution, overall },
    risk: { churn, publicity },
    communication: { technicalKnowledge: knowledge, recommendedStyle, clarity },
    repeatIssue,
    specificIssue: specificIssueOf(r, c.category),
    rationale,
  };
}
