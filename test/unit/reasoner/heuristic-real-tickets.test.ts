/**
 * How real customers write, in tickets written for this test (none is a row of the eval data): each case
 * is something the offline reasoner used to get wrong, so each test fails if it reverts.
 */
import { describe, expect, it } from 'vitest';
import { assessTicket } from '../../../connectors/llm/heuristic/assess.ts';
import type { TicketFacts } from '../../../connectors/llm/types.ts';

const assess = (description: string, extra: Partial<TicketFacts> = {}) =>
  assessTicket({ description, customerTier: 'paid', accountValue: 1000, previousTicketCount: 1, ...extra });
const negative = (description: string, extra: Partial<TicketFacts> = {}) =>
  ['negative', 'very_negative'].includes(assess(description, extra).analysis.sentiment.overall);

describe('valence shifters: what a reader hears, not the bare word sum', () => {
  it.each([
    ['negation', 'The new editor is not helpful at all.', 'The new editor is helpful.'],
    ['contrast moves the weight to what follows "but"', 'Love the app but the calendar sync is broken and nobody answers.', 'The calendar sync was broken but support fixed it quickly, love the app.'],
    ['sarcasm: thanks whose object is a failure', 'Thank you so much for keeping me on hold for three hours today.', 'Thank you so much for rebooking me after the storm.'],
    ['an angry emoji is not negated by the words before it', 'My printer from you guys will not print anything 😡', 'My printer prints everything 😊'],
    ['"nothing but" praises', 'Never had anything but trouble with your checkout', 'I have heard nothing but great things about your team.'],
  ])('%s', (_label, bad, fine) => {
    expect(negative(bad)).toBe(true);
    expect(negative(fine)).toBe(false);
  });

  it('a stated service failure reads negative without a negative word; a question about one does not', () => {
    expect(negative('Been waiting two days for a callback, still nothing. Help pls')).toBe(true);
    expect(negative('@shop - is my order going to be delayed by the storm?')).toBe(false);
  });

  it('shouting and exclamation marks raise frustration', () => {
    const calm = assess('The export is broken.').analysis.sentiment.frustrationLevel;
    const loud = assess('The export is BROKEN AGAIN!!! Fix it NOW.').analysis.sentiment.frustrationLevel;
    expect(loud).toBeGreaterThan(calm + 20);
  });
});

describe('asking for a person and filing a complaint, however it is typed', () => {
  it.each(['chat wth somebody pls', 'i wanna talk 2 a real persn', 'can I speak with an operater?', 'PUT ME THROUGH TO A HUMAN', 'is there anyone I can call about this?'])(
    '"%s" asks for a person',
    (text) => expect(assess(text).classification.escalationSignals).toContain('human_requested'),
  );

  it('a person mentioned in passing is not a request for one', () => {
    expect(assess('A colleague on my team found the export button, thanks.').classification.escalationSignals).not.toContain('human_requested');
  });

  it.each(['how do i lodge a formal complaint about your staff', 'wanna fil a complaint against ur company', 'I want to make a claim against your business'])(
    '"%s" is a formal complaint with frustration >= 50',
    (text) => {
      const a = assess(text);
      expect(a.classification.escalationSignals).toContain('formal_complaint');
      expect(a.analysis.sentiment.frustrationLevel).toBeGreaterThanOrEqual(50);
    },
  );

  it('typo repair leaves real words alone: a compliant contract is not a complaint', () => {
    const a = assess('Is your contract GDPR compliant? Our legal team needs to know before renewal.');
    expect(a.classification.escalationSignals).not.toContain('formal_complaint');
  });
});

describe('priority from impact and urgency in the text, not mainly the tier', () => {
  it('data loss is urgent even told calmly', () => {
    const c = assess('After the update, months of work appear to be lost from our project board.').classification;
    expect(c.urgencyIndicators).toContain('data_loss');
    expect(['high', 'critical']).toContain(c.priority);
  });

  it('many users locked out is an incident; one user locked out is not', () => {
    const many = assess('Since the SSO change none of our 40 users can log in.', { subject: 'Login' }).classification;
    expect(many.urgencyIndicators).toContain('widespread_impact');
    expect(['high', 'critical']).toContain(many.priority);
    const one = assess('I forgot my password and cannot log in.', { subject: 'Login' }).classification;
    expect(one.urgencyIndicators).not.toContain('widespread_impact');
    expect(one.priority).toBe('medium');
  });

  it('something that stopped working outranks a question for the same paid customer', () => {
    expect(assess('We need someone on this right now, the payroll export fails.').classification.priority).toBe('high');
    expect(assess('How do I export the payroll report?').classification.priority).toBe('medium');
  });

  it('a chargeback threat is a payment dispute', () => {
    const c = assess('You charged my card twice. If this is not refunded I will file a chargeback with my bank.').classification;
    expect(c.escalationSignals).toContain('payment_dispute');
    expect(c.priority).toBe('high');
  });

  it('a churn threat needs a person even without angry words', () => {
    const a = assess('We will cancel the contract and move to your competitor.');
    expect(a.classification.escalationSignals).toContain('churn_threat');
    expect(a.classification.resolutionLikelihood).toBe('requires_human');
  });
});

describe('problem reports are never compliments; security incidents are not security questions', () => {
  it('a polite problem report is a problem', () => {
    const c = assess('Hello team, we are experiencing deployment issues since this morning: builds fail with a timeout. Thank you for your help!', { subject: 'Deployment issues' }).classification;
    expect(c.issueType).toBe('problem');
    expect(c.category).toBe('technical');
  });

  it('a hacked account is a security incident; asking how data is encrypted, or a GDPR erasure request, is not', () => {
    const hacked = assess('Someone logged into my account from another country and changed my email. It was not me.').classification;
    expect(hacked.category).toBe('security');
    expect(hacked.urgencyIndicators).toContain('security_related');
    for (const text of ['How do you encrypt customer data at rest? Our auditor asks for your security documentation.', 'Please delete all my personal data under GDPR article 17.']) {
      const c = assess(text).classification;
      expect(c.category).not.toBe('security');
      expect(c.urgencyIndicators).not.toContain('security_related');
      expect(c.priority).not.toBe('critical');
    }
  });

  it('"breach of contract" is a legal matter, not a data breach', () => {
    const c = assess('Missing the SLA three months running is a breach of contract; our lawyers are reviewing it.').classification;
    expect(c.category).not.toBe('security');
    expect(c.escalationSignals).toContain('legal_threats');
  });
});

describe('short texts and other languages', () => {
  it.each(['cant login', 'need refund asap', 'where is my order??', 'app keeps crashing lol'])('"%s" is English', (text) => {
    expect(assess(text).classification.language).toBe('en');
  });

  it('a German double charge with a threat to cancel is read as a churn threat in German', () => {
    const a = assess('Sie haben mir den Beitrag doppelt abgebucht. Wenn das nicht sofort erstattet wird, kündige ich.');
    expect(a.classification.language).toBe('de');
    expect(a.classification.escalationSignals).toContain('churn_threat');
    expect(a.classification.resolutionLikelihood).toBe('requires_human');
  });
});

describe('politeness is not praise, prevention is not an incident', () => {
  it('a request that ends with thanks is not a compliment and keeps its priority', () => {
    const c = assess('Dear support, I am writing to request details on the reporting options available for our team. Thank you, and I look forward to hearing from you.').classification;
    expect(c.issueType).not.toBe('compliment');
    expect(c.priority).not.toBe('low');
  });

  it('asking how unauthorised access is prevented is not a security incident', () => {
    const c = assess('Which measures do you have in place to prevent unauthorized access to patient records?').classification;
    expect(c.urgencyIndicators).not.toContain('security_related');
    expect(c.category).not.toBe('security');
    const incident = assess('There was unauthorized access to our admin account last night.').classification;
    expect(incident.urgencyIndicators).toContain('security_related');
  });
});

describe('terse problem reports', () => {
  it.each(['our scanner from you will not scan', 'we are seeing deployment issues in the build pipeline'])('"%s" is a technical problem', (text) => {
    const c = assess(text).classification;
    expect(c.issueType).toBe('problem');
    expect(c.category).toBe('technical');
  });
});
