/** context_preservation records how far the conversation had got, not a second copy of it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextPreservationSchema, preservedConversation, type ContextPreservation } from '../../../src/domain/outcome-data.ts';
import type { ConversationEntry } from '../../../src/domain/support.ts';
import { startAnswerSetup, type AnswerSetup } from './answer-setup.ts';

const entry = (n: number): ConversationEntry => ({ role: n % 2 ? 'agent' : 'customer', content: `message ${n}`, timestamp: `2026-03-01T10:0${n}:00.000Z` });

describe('context_preservation step', () => {
  let s: AnswerSetup;
  beforeAll(async () => {
    s = await startAnswerSetup();
  });
  afterAll(() => s.cleanup());

  it('stores the length of the conversation it preserved, and the conversation reads back through it', async () => {
    const done = await s.ticket({ subject: 'Teammates', description: 'how do I add a new teammate?' });
    const preserved = done.data.contextPreservation as unknown as ContextPreservation;
    const history = (done.data.escalationAgent as unknown as { conversationHistory: ConversationEntry[] }).conversationHistory;
    expect(preserved.preserved).toBe(true);
    expect(preserved).not.toHaveProperty('conversationSnapshot');
    expect(history.length).toBeGreaterThanOrEqual(2);
    expect(preserved.conversationLength).toBe(history.length);
    expect(contextPreservationSchema.safeParse(preserved).success).toBe(true);
    // The conversation goes on; the preserved context still covers what it covered.
    const later = [...history, entry(8), entry(9)];
    expect(preservedConversation(preserved, later)).toEqual(history);
  });
});

describe('preservedConversation', () => {
  const history = [entry(0), entry(1), entry(2), entry(3)];

  it('reads a record of a length as the first entries of the history', () => {
    expect(preservedConversation({ conversationLength: 2 }, history)).toEqual([entry(0), entry(1)]);
    expect(preservedConversation({ conversationLength: 0 }, history)).toEqual([]);
  });

  it('reads an older record, which carries its snapshot, as it is', () => {
    const snapshot = [entry(0), { ...entry(1), content: 'as it was then' }];
    expect(preservedConversation({ conversationSnapshot: snapshot }, history)).toBe(snapshot);
    const old = {
      sessionMetadata: { ticketId: 'T-1', sessionStarted: null, contextPreservedAt: '2026-03-01T10:00:00.000Z', totalDurationMs: 1, escalationPath: null, finalOutcome: 'self_resolved' },
      customerInteractionProfile: { customerId: null, preferredStyle: null, technicalLevel: null, frustrationLevel: null, repeatIssue: false, previousTickets: 0 },
      issueKnowledge: { category: null, specificIssue: null, entities: [], resolutionApproach: null, escalatedTo: null },
      conversationSnapshot: snapshot,
      preserved: true,
    };
    expect(contextPreservationSchema.safeParse(old).success).toBe(true);
  });
});
