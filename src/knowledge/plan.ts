/**
 * What kind of message a ticket gets, decided from the policy and the classification before any text is
 * written: the reasoner then only words it. Shared by customer_response and (for the lead's use)
 * customer_reply, so a first message and a follow-up are judged by one rule.
 *
 * An article is sent only when (a) its confidence reaches `knowledge_base.min_confidence` and (b) the
 * ticket asks something rather than reports an incident: not a complaint, no urgency indicator (outage,
 * data loss, security, business or revenue impact), and the customer neither asked for a person nor says
 * they have been here before. Articles can also rule themselves out with `not_for` phrases ("sso" for a
 * password reset). Everything else that is not escalated goes to the routed team's queue, honestly.
 */
import type { ReplyTemplates } from '../../connectors/llm/replies.ts';
import type { StoredClassification as Classification } from '../domain/support.ts';
import type { ReplyMode, RespondInput } from '../../connectors/llm/types.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { KnowledgeMatch } from './index.ts';
import { contentTerms } from './text.ts';

export interface ReplyPlan {
  mode: ReplyMode;
  /** The language written in, and its templates. */
  language: string;
  templates: ReplyTemplates;
  /** The best article found (also when it was not good enough: recorded for tuning the threshold). */
  match: KnowledgeMatch | null;
  /** Why this mode, for the run record. */
  why: string;
}

/** Signals that mean "a person, not an article": the customer asked for one, or has been here before. */
const NEEDS_PERSON = new Set(['human_requested', 'repeat_contact']);

/** Why an article may not answer this ticket, or null when it may. */
export function incidentReason(c: Classification): string | null {
  if (c.issueType === 'complaint') return 'the ticket is a complaint, not a question';
  if (c.urgencyIndicators.length > 0) return `the ticket reports an incident (${c.urgencyIndicators.join(', ')})`;
  const person = c.escalationSignals.filter((s) => NEEDS_PERSON.has(s));
  if (person.length > 0) return `the customer needs a person (${person.join(', ')})`;
  return null;
}

export function planReply(policy: CompiledPolicy, input: { classification: Classification; text: string; escalating: boolean }): ReplyPlan {
  const { classification: c, text, escalating } = input;
  const { language, templates } = policy.replies.resolve(c.language);
  const base = { language, templates };
  if (escalating) return { ...base, mode: 'escalation', match: null, why: 'escalated: acknowledgment naming the team' };

  const kb = policy.knowledge;
  const searchLanguage = kb?.base.has(language) ? language : policy.replies.fallback;
  const blocked = incidentReason(c);
  // An incident or a complaint gets no article whatever the search finds: do not spend the search on it.
  const match = kb && !blocked ? kb.base.search(text, searchLanguage) : null;
  const found = match ? `article ${match.article.id} (${match.article.language}) at confidence ${match.confidence}` : 'no article';
  if (match && kb && match.confidence >= kb.minConfidence && !blocked) {
    return { ...base, mode: 'solution', match, why: `${found} >= ${kb.minConfidence}` };
  }
  const notSent = !kb ? 'no knowledge base configured' : blocked ? `not searched: ${blocked}` : `${found} < ${kb.minConfidence}`;
  if (c.issueType === 'compliment') return { ...base, mode: 'compliment', match, why: `compliment; ${notSent}` };
  if (c.category === 'feature_request') return { ...base, mode: 'feature_request', match, why: `feature request for the product queue; ${notSent}` };
  if (contentTerms(text).length < 2) return { ...base, mode: 'clarification', match, why: `too little to route; asking for details (${notSent})` };
  return { ...base, mode: 'queued', match, why: `queued for the routed team: ${notSent}` };
}

/** The plan as `respond` input: what to write, in which language, and the article of a solution. */
export function planInput(plan: ReplyPlan): Pick<RespondInput, 'mode' | 'language' | 'templates' | 'article'> {
  const m = plan.mode === 'solution' ? plan.match : null;
  return {
    mode: plan.mode,
    language: plan.language,
    templates: plan.templates,
    ...(m ? { article: { id: m.article.id, title: m.article.title, body: m.article.body, language: m.article.language, confidence: m.confidence } } : {}),
  };
}
