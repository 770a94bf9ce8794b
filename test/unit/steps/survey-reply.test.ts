/** Answers to the satisfaction survey are scores, not new support messages. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRepliesDir } from '../../../connectors/llm/replies.ts';
import type { JsonObject, Task } from '../../../src/engine/types.ts';
import { parseSurveyScore } from '../../../steps/survey-reply.ts';
import { startAnswerSetup, type AnswerSetup } from './answer-setup.ts';

const languages = [...loadRepliesDir('replies').values()];
const score = (text: string) => parseSurveyScore(text, languages)?.score ?? null;

describe('reading a survey answer', () => {
  it('reads numbers, scales, stars and words in five languages', () => {
    expect(score('2')).toBe(2);
    expect(score('very good')).toBe(4);
    expect(score('3/5')).toBe(3);
    expect(score('5 stars')).toBe(5);
    expect(score('4 out of 5')).toBe(4);
    expect(score('★★★★')).toBe(4);
    expect(score('1 - nobody read my message')).toBe(1);
    expect(score('Very good, thanks!')).toBe(4);
    expect(score('sehr gut')).toBe(5);
    expect(score('muy mal')).toBe(1);
    expect(score('très bien')).toBe(4);
    expect(score('ótimo')).toBe(5);
    expect(score('not good')).toBe(2);
    expect(score('8/10')).toBe(4);
    expect(score('3\n\nOn Monday, support wrote:\n> How did we do?')).toBe(3);
  });

  it('leaves anything else alone', () => {
    expect(score('2 of our users cannot log in again')).toBeNull();
    expect(score('My invoice is wrong again, please fix it')).toBeNull();
    expect(score('good morning, the export fails')).toBeNull();
    expect(score('')).toBeNull();
  });
});

describe('survey_reply step', () => {
  let s: AnswerSetup;
  beforeAll(async () => {
    s = await startAnswerSetup();
  });
  afterAll(() => s.cleanup());

  /** A self-resolved ticket whose survey went out, then the customer's reply as the REST route writes it. */
  async function surveyed(content: string): Promise<Task> {
    const done = await s.ticket({ subject: 'Teammates', description: 'how do I add a new teammate?' });
    expect(done.meta.state).toBe('done');
    await s.engine.addData(done._id, { outcomeTracking: { satisfactionSurvey: { status: 'sent', sentAt: new Date().toISOString(), to: 'x@example.com' } } });
    const history = (done.data.escalationAgent as { conversationHistory: JsonObject[] }).conversationHistory;
    await s.engine.addData(done._id, {
      escalationAgent: { conversationHistory: [...history, { role: 'customer', content, timestamp: new Date().toISOString() }] },
      customerReply: { content, receivedAt: new Date().toISOString(), count: 1, handledAt: null },
    });
    return s.engine.process(done._id);
  }

  it.each([
    ['2', 2],
    ['very good', 4],
    ['3/5', 3],
  ])('"%s" is stored as %i, and no support answer is sent', async (content, expected) => {
    const after = await surveyed(content);
    const ran = after.meta.runs.map((r) => r.stepId);
    expect(ran.at(-1)).toBe('survey_reply');
    expect(ran).not.toContain('customer_reply');
    const survey = (after.data.outcomeTracking as { satisfactionSurvey: JsonObject }).satisfactionSurvey;
    expect(survey).toMatchObject({ score: expected, raw: content });
    expect(after.data.customerReply).toMatchObject({ handledAt: expect.any(String) });
    expect(after.meta.effects.some((e) => e.key.endsWith('reply_to_customer_message_1'))).toBe(false);
  });

  it('a new problem after the survey goes to customer_reply and gets answered', async () => {
    const after = await surveyed('The invite email never arrived for my colleague, can you check?');
    const ran = after.meta.runs.map((r) => r.stepId);
    expect(ran.slice(-2)).toEqual(['survey_reply', 'customer_reply']);
    expect((after.data.outcomeTracking as { satisfactionSurvey: JsonObject }).satisfactionSurvey.score).toBeUndefined();
    expect(after.meta.effects.some((e) => e.key.endsWith('reply_to_customer_message_1') && e.status === 'sent')).toBe(true);
  });
});
