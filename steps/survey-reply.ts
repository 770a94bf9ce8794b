/**
 * A customer's answer to the satisfaction survey ("2", "3/5", "5 stars", "very good", "sehr gut",
 * "muy mal") is stored as the score, not treated as a new support message. Runs before customer_reply:
 * a reply that does not read as a score is handed straight to customer_reply (a new problem gets a
 * support answer), so customer_reply's own condition needs no change.
 *
 * Score words live in each language's replies file (`survey.scores`), so a team can add its own.
 */
import type { ReplyTemplates } from '../connectors/llm/replies.ts';
import { defineStep } from '../src/engine/step.ts';
import { fold } from '../src/knowledge/text.ts';
import { view } from './lib/read.ts';

export interface SurveyScore {
  score: 1 | 2 | 3 | 4 | 5;
  parsedAs: 'number' | 'stars' | 'words';
}

const SCALE = String.raw`(?:\/\s*5|(?:out\s+)?of\s+5|von\s+5|de\s+5|sur\s+5|em\s+5|stars?|sterne?|estrellas?|etoiles?|estrelas?|points?|punkte?|puntos?|pontos?)`;
/** "4", "3/5", "4 out of 5", "5 stars", "2 - slow", "score: 3"; not "2 of our users ...". */
const NUMBER = new RegExp(String.raw`^(?:score|rating|note|nota|bewertung|puntuacion|pontuacao)?\s*[:=]?\s*([1-5])(?:[.,]0)?\s*${SCALE}?\s*(?:[-–—:,.!)]+\s*(.{0,200}))?$`);
const TEN = /^(10|[1-9])\s*\/\s*10\s*[.!]?$/;
const STARS = /^[★⭐*]{1,5}$/u;
/** Politeness around a one-word answer: "good, thanks", "sehr gut danke". */
const FILLER = new Set(['thanks', 'thank', 'you', 'danke', 'gracias', 'merci', 'obrigado', 'obrigada', 'it', 'was', 'war', 'es', 'fue', 'foi', 'c', 'etait', 'really', 'wirklich', 'muito']);

/** The first line the customer typed, above any quoted earlier message. */
function firstLine(text: string): string {
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('>') || /^(on .+ wrote:|am .+ schrieb|el .+ escribio|le .+ a ecrit|em .+ escreveu|-{2,})/i.test(fold(line))) return '';
    return line;
  }
  return '';
}

/** Reads `text` as a 1..5 score, or null when it is something else (e.g. a new problem). */
export function parseSurveyScore(text: string, languages: Iterable<ReplyTemplates>): SurveyScore | null {
  const line = firstLine(text);
  if (line === '' || line.length > 240) return null;
  const compact = fold(line).replace(/\s+/g, ' ').trim();
  if (STARS.test(line.replace(/\s+/g, ''))) return { score: line.replace(/[^★⭐*]/gu, '').length as SurveyScore['score'], parsedAs: 'stars' };
  const number = NUMBER.exec(compact);
  if (number) return { score: Number(number[1]) as SurveyScore['score'], parsedAs: 'number' };
  const ten = TEN.exec(compact);
  if (ten) return { score: Math.min(5, Math.max(1, Math.round(Number(ten[1]) / 2))) as SurveyScore['score'], parsedAs: 'number' };
  const words = compact.split(/[^\p{L}\p{N}-]+/u).filter((w) => w !== '' && !FILLER.has(w)).join(' ');
  if (words === '') return null;
  // Exact phrases only ("not good" is 2, "good" is 4), longest first across every language.
  const phrases: [string, number][] = [];
  for (const t of languages) {
    for (const [score, list] of Object.entries(t.survey.scores)) for (const p of list) phrases.push([fold(p).replace(/\s+/g, ' ').trim(), Number(score)]);
  }
  const hit = phrases.sort((a, b) => b[0].length - a[0].length).find(([p]) => p === words);
  return hit ? { score: hit[1] as SurveyScore['score'], parsedAs: 'words' } : null;
}

export default defineStep({
  id: 'survey_reply',
  title: 'Survey reply: a satisfaction score is stored, not answered as a new support message',
  condition: {
    'customerReply.receivedAt': { $exists: true },
    'customerReply.handledAt': null,
    'outcomeTracking.satisfactionSurvey.sentAt': { $exists: true },
    'outcomeTracking.satisfactionSurvey.score': { $exists: false },
  },
  writes: ['outcomeTracking', 'escalationAgent', 'customerReply'],
  async run(ctx) {
    const reply = ctx.data.customerReply as { content?: unknown; count?: unknown };
    const content = typeof reply.content === 'string' ? reply.content : '';
    const catalog = ctx.policy.replies;
    const parsed = parseSurveyScore(content, catalog.languages.map((code) => catalog.resolve(code).templates));
    const now = ctx.now().toISOString();
    const survey = view(ctx.data).outcomeTracking?.satisfactionSurvey ?? {};
    if (!parsed) {
      ctx.explain('the reply does not read as a survey score: handed to customer_reply as a support message');
      ctx.handoff('customer_reply');
      return { outcomeTracking: { satisfactionSurvey: { nonScoreReplies: (survey.nonScoreReplies ?? 0) + 1, lastNonScoreReplyAt: now } } };
    }
    ctx.explain(`survey answer read as ${parsed.score}/5 (${parsed.parsedAs})`);
    // Mark the message in the conversation as the survey answer, so follow-ups do not read it as the
    // customer coming back with the problem unsolved.
    const history = [...(view(ctx.data).escalationAgent?.conversationHistory ?? [])];
    const at = history.findLastIndex((entry) => entry.role === 'customer' && entry.content === content);
    const answer = history[at];
    if (answer) history[at] = { ...answer, surveyAnswer: true };
    return {
      outcomeTracking: {
        satisfactionSurvey: { score: parsed.score, raw: content.slice(0, 500), parsedAs: parsed.parsedAs, answeredAt: now },
        outcomeMetrics: { customerSatisfaction: parsed.score },
      },
      escalationAgent: { conversationHistory: history },
      customerReply: { handledAt: now },
    };
  },
});
