/**
 * `triage eval` in openai mode, as a user runs it: the CLI as a child process, the real `openai` SDK
 * talking to the fake OpenAI on loopback, a tiny labelled JSONL written here (tickets made up for the
 * test). The fake answers each ticket differently, so the measures can only come out as asserted if they
 * were computed from what the model said; the heuristic reasoner's answers (computed here, in process)
 * would give other numbers, and the test checks that too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeuristicReasoner } from '../../connectors/llm/heuristic/index.ts';
import { assessmentSchema, type Analysis } from '../../connectors/llm/schemas.ts';
import { ANALYSIS, ASSESSMENT, DECISION, RESPONSE } from '../fakes/openai-fixtures.ts';
import { startFakeOpenAI, type FakeHandler, type FakeOpenAI, type FakeReply, type FakeUsage, type RecordedRequest } from '../fakes/openai-server.ts';
import { createCli, filesUnder, type CliResult } from './cli-helper.ts';

type Sentiment = Analysis['sentiment']['overall'];

/** Each ticket, its labels, and what the scripted model answers for it. */
const TICKETS: { id: string; mood: 'angry' | 'calm'; team: string; text: string; model: { sentiment: Sentiment; category: string } }[] = [
  { id: 'EV-1', mood: 'angry', team: 'account', text: 'I have asked three times and nobody answers. This is ridiculous, I want to talk to a manager now!', model: { sentiment: 'negative', category: 'account' } },
  { id: 'EV-2', mood: 'angry', team: 'billing', text: 'My order arrived damaged and the lamp is broken. I want a refund today.', model: { sentiment: 'neutral', category: 'billing' } },
  { id: 'EV-3', mood: 'calm', team: 'product', text: 'Thanks, the new dashboard works great', model: { sentiment: 'negative', category: 'product' } },
  { id: 'EV-4', mood: 'calm', team: 'billing', text: 'How do I export my invoices as PDF?', model: { sentiment: 'neutral', category: 'technical' } },
];
const N = TICKETS.length;
const NEGATIVE: readonly string[] = ['negative', 'very_negative'];

/** Token counts the fake reports per answer kind: the report's token figures must add up to these. */
const USAGE: Record<string, FakeUsage> = {
  assessment: { prompt_tokens: 411, completion_tokens: 123 },
  analysis: { prompt_tokens: 307, completion_tokens: 89 },
  decision: { prompt_tokens: 253, completion_tokens: 41 },
  customer_response: { prompt_tokens: 331, completion_tokens: 67 },
};
const MODEL = 'gpt-eval-fake';

interface Served {
  format: string;
  ticketId: string;
  usage: FakeUsage;
}

/** The counts of a binary "angry read as negative" measure, given each ticket's sentiment. */
function binaryCounts(sentimentOf: (id: string) => string): { tp: number; fp: number; fn: number; tn: number } {
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const t of TICKETS) {
    const actual = t.mood === 'angry';
    const predicted = NEGATIVE.includes(sentimentOf(t.id));
    counts[actual ? (predicted ? 'tp' : 'fn') : predicted ? 'fp' : 'tn'] += 1;
  }
  return counts;
}

const accuracy = (categoryOf: (id: string) => string): number => TICKETS.filter((t) => categoryOf(t.id) === t.team).length / N;

/**
 * The scripted model. Answers are picked by the ticket id in the request's data block, so they stay right
 * whatever order concurrent tickets arrive in. `invalidFor` gets a cut-off JSON assessment instead.
 * `holdAssessments` answers no assessment until every ticket's has arrived: that only completes when the
 * eval really runs the tickets concurrently (one at a time, the first request would time out).
 */
function scriptedModel(options: { invalidFor?: string; holdAssessments?: boolean } = {}): { handler: FakeHandler; served: Served[] } {
  const served: Served[] = [];
  let arrived = 0;
  let releaseAll!: () => void;
  const allArrived = new Promise<void>((resolve) => (releaseAll = resolve));
  const handler: FakeHandler = async (request: RecordedRequest): Promise<FakeReply> => {
    const format = String(request.responseFormat?.name);
    const ticketId = String((request.data as { ticket?: { id?: unknown } } | undefined)?.ticket?.id);
    const ticket = TICKETS.find((t) => t.id === ticketId);
    const usage = USAGE[format];
    if (!ticket || !usage) return { status: 400, error: { message: `scripted model: no answer for ${format} on ticket ${ticketId}` } };
    if (format === 'assessment' && options.holdAssessments) {
      if (++arrived === N) releaseAll();
      await allArrived;
    }
    served.push({ format, ticketId, usage });
    if (format === 'assessment') {
      if (ticketId === options.invalidFor) return { content: '{"classification": {"category": "tech', usage };
      const content = assessmentSchema.parse({
        classification: { ...ASSESSMENT.classification, category: ticket.model.category, rationale: [`scripted for ${ticketId}`] },
        analysis: { ...ANALYSIS, sentiment: { ...ANALYSIS.sentiment, overall: ticket.model.sentiment } },
      });
      return { content, usage };
    }
    if (format === 'analysis') return { content: { ...ANALYSIS, sentiment: { ...ANALYSIS.sentiment, overall: ticket.model.sentiment } }, usage };
    if (format === 'decision') return { content: DECISION, usage };
    return { content: RESPONSE, usage };
  };
  return { handler, served };
}

const totals = (served: Served[]) => ({
  promptTokens: served.reduce((sum, s) => sum + s.usage.prompt_tokens, 0),
  completionTokens: served.reduce((sum, s) => sum + s.usage.completion_tokens, 0),
});

const cli = createCli('triage-e2e-eval-openai-');
const dir = mkdtempSync(path.join(tmpdir(), 'triage-e2e-eval-openai-specs-'));
let fake: FakeOpenAI | undefined;
let spec: string;

afterAll(async () => {
  await fake?.close();
  cli.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** What the heuristic reasoner says about each ticket, asked the way the intake step asks it. */
const heuristic: Record<string, { sentiment: string; category: string }> = {};

const runs: Record<string, { result: CliResult; served: Served[]; requests: RecordedRequest[] }> = {};

async function runEval(name: string, model: ReturnType<typeof scriptedModel>, args: string[] = []): Promise<void> {
  fake!.reset();
  fake!.handle(model.handler);
  const result = await cli.run(['eval', spec, '--json', ...args], {
    env: {
      OPENAI_API_KEY: fake!.apiKey,
      OPENAI_BASE_URL: fake!.baseURL,
      OPENAI_MODEL: MODEL,
      // A retry would be a second request for one call; a long wait would hide a stuck run.
      OPENAI_MAX_RETRIES: '0',
      OPENAI_TIMEOUT_MS: '10000',
      TRIAGE_LOG_LEVEL: 'silent',
    },
  });
  runs[name] = { result, served: [...model.served], requests: [...fake!.requests] };
}

beforeAll(async () => {
  writeFileSync(path.join(dir, 'tickets.jsonl'), TICKETS.map(({ id, mood, team, text }) => JSON.stringify({ id, mood, team, text })).join('\n'));
  spec = path.join(dir, 'spec.yaml');
  writeFileSync(spec, `data: tickets.jsonl
ticket:
  id: { column: id }
  subject: Help
  description: { column: text }
  channel: email
  customerTier: paid
measures:
  - id: angry_found
    title: angry tickets read as negative
    kind: binary
    positive: { mood: angry }
    predicted: { sentimentAnalysis.overallSentiment: { $in: [negative, very_negative] } }
  - id: team_category
    title: category the team would file it under
    kind: multiclass
    label: { column: team }
    predicted: { path: support.classification.category }
  - id: model_answered
    title: tickets classified by the model
    kind: rate
    rows: {}
    hit: { support.classification.reasoner: openai }
    goal: ">= 1"
`);
  const offline = createHeuristicReasoner();
  for (const t of TICKETS) {
    const { value } = await offline.assess({ id: t.id, subject: 'Help', description: t.text, channel: 'email', customerTier: 'paid' });
    heuristic[t.id] = { sentiment: value.analysis.sentiment.overall, category: value.classification.category };
  }
  fake = await startFakeOpenAI();
  await runEval('model', scriptedModel({ holdAssessments: true }));
  await runEval('fallback', scriptedModel({ invalidFor: 'EV-3' }), ['--concurrency', '2', '--misses', '10']);
}, 120_000);

describe('triage eval in openai mode', () => {
  it('measures the model\'s answers, with model calls and tokens as the server reported them', () => {
    const { result, served, requests } = runs.model!;
    expect(result.code, result.stderr).toBe(0);
    const report = cli.json(result);
    expect(report.tickets).toBe(N);
    expect(report.reasoner.name).toBe('openai');
    // The default with a model; every assessment was held until all had arrived, so they ran at once.
    expect(report.reasoner.concurrency).toBe(8);
    expect(report.failures).toEqual([]);
    expect(report.model.fallbacks).toBe(0);

    // Calls: what the server received, all of it structured requests for the configured model.
    expect(requests.length).toBeGreaterThanOrEqual(2 * N);
    expect(requests.every((r) => r.path === '/v1/chat/completions' && r.model === MODEL && r.retryCount === 0)).toBe(true);
    expect(served).toHaveLength(requests.length);
    expect(served.filter((s) => s.format === 'assessment').map((s) => s.ticketId).sort()).toEqual(TICKETS.map((t) => t.id));
    expect(report.model.callsPerTicket).toBeGreaterThan(0);
    expect(report.model.callsPerTicket).toBe(requests.length / N);
    expect(report.reasoner.callsPerTicket).toBe(requests.length / N);

    // Tokens: exactly the usage the fake put in its replies.
    const spent = totals(served);
    expect(report.model.promptTokens).toBe(spent.promptTokens);
    expect(report.model.completionTokens).toBe(spent.completionTokens);
    expect(report.model.tokensPerTicket).toBe((spent.promptTokens + spent.completionTokens) / N);

    // Measures: the scripted answers' numbers, which the heuristic's answers would not give.
    const [angry, category, answered] = report.measures;
    const fromModel = binaryCounts((id) => TICKETS.find((t) => t.id === id)!.model.sentiment);
    expect(fromModel).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1 });
    expect(angry.counts).toEqual(fromModel);
    expect(angry.counts).not.toEqual(binaryCounts((id) => heuristic[id]!.sentiment));
    expect(angry.headline).toEqual({ metric: 'macro_f1', value: 0.5 });
    const modelAccuracy = accuracy((id) => TICKETS.find((t) => t.id === id)!.model.category);
    expect(modelAccuracy).toBe(0.75);
    expect(category.headline).toEqual({ metric: 'accuracy', value: modelAccuracy });
    expect(category.headline.value).not.toBe(accuracy((id) => heuristic[id]!.category));
    expect(category.misses.sample).toEqual([expect.objectContaining({ id: 'EV-4', expected: 'billing', got: 'technical' })]);
    expect(answered).toMatchObject({ rows: N, counts: { hits: N }, pass: true });
    expect(report.pass).toBe(true);
  });

  it('completes when the model answers one ticket with invalid JSON, counts the fallback, and measures the heuristic\'s answer for it', () => {
    const { result, served, requests } = runs.fallback!;
    expect(result.code, result.stderr).toBe(0);
    const report = cli.json(result);
    expect(report.reasoner).toMatchObject({ name: 'openai', concurrency: 2 });
    expect(report.tickets).toBe(N);
    expect(Object.values(report.states as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(N);
    expect(report.failures).toEqual([]);
    expect(report.model.fallbacks).toBe(1);

    // The unusable reply was still a call that cost tokens.
    expect(served.filter((s) => s.format === 'assessment').map((s) => s.ticketId).sort()).toEqual(TICKETS.map((t) => t.id));
    expect(report.model.callsPerTicket).toBe(requests.length / N);
    const spent = totals(served);
    expect(report.model.promptTokens).toBe(spent.promptTokens);
    expect(report.model.completionTokens).toBe(spent.completionTokens);

    // EV-3 (row 3) was classified by the heuristic; the others by the model.
    const [angry, category, answered] = report.measures;
    expect(answered).toMatchObject({ rows: N, counts: { hits: N - 1 }, headline: { value: (N - 1) / N }, pass: false });
    expect(answered.misses.sample).toEqual([expect.objectContaining({ row: 3, id: 'EV-3', got: expect.stringContaining('support.classification.reasoner=heuristic') })]);
    const sentimentOf = (id: string) => (id === 'EV-3' ? heuristic[id]!.sentiment : TICKETS.find((t) => t.id === id)!.model.sentiment);
    expect(angry.counts).toEqual(binaryCounts(sentimentOf));
    const categoryOf = (id: string) => (id === 'EV-3' ? heuristic[id]!.category : TICKETS.find((t) => t.id === id)!.model.category);
    expect(category.headline.value).toBe(accuracy(categoryOf));
    // The heuristic and the script disagree on EV-3, so the numbers above tell which one answered.
    expect(heuristic['EV-3']).not.toEqual({ sentiment: 'negative', category: 'product' });
  });

  it('stores nothing: TRIAGE_DATA_DIR stays empty', () => {
    expect(filesUnder(cli.dataDir)).toEqual([]);
  });
});
