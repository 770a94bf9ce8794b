/**
 * The whole pipeline in openai mode: the real `openai` SDK against a local server speaking the Chat
 * Completions wire format. Counts model calls per ticket and checks the decisions match the offline mode.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type App } from '../../src/app.ts';
import { silentLogger } from '../../src/log.ts';
import { startFakeOpenAI } from '../fakes/openai-server.ts';

type Fake = Awaited<ReturnType<typeof startFakeOpenAI>>;
const SEEDS = ['standard-password-reset', 'enterprise-critical', 'complex-technical', 'frustrated-repeat'];
const EXPECTED: Record<string, string> = {
  'standard-password-reset': 'no_escalation',
  'enterprise-critical': 'immediate_escalation',
  'complex-technical': 'specialist_escalation',
  'frustrated-repeat': 'management_escalation',
};

let fake: Fake;
let app: App;
let dir: string;

beforeAll(async () => {
  fake = await startFakeOpenAI();
  dir = await mkdtemp(join(tmpdir(), 'triage-openai-'));
  app = await startApp({
    env: { TRIAGE_DATA_DIR: dir, OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, OPENAI_MAX_RETRIES: '0' },
    log: silentLogger,
  });
});

afterAll(async () => {
  await app?.stop();
  await fake?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('pipeline in openai mode', () => {
  it('gives the seed tickets the spec decisions in at most three model calls each, counted in meta.usage', async () => {
    const calls: Record<string, number> = {};
    for (const seed of SEEDS) {
      const before = fake.requests.length;
      const input = JSON.parse(await readFile(`fixtures/tickets/${seed}.json`, 'utf8'));
      const { task } = await app.engine.submit(input);
      const done = await app.engine.process(task._id);
      expect(done.meta.state).toBe(EXPECTED[seed] === 'no_escalation' ? 'done' : 'waiting');
      expect(done.data.escalationDecision).toMatchObject({ decision: EXPECTED[seed] });
      const sent = fake.requests.length - before;
      calls[seed] = sent;
      expect(done.meta.usage.calls).toBe(sent);
      expect(done.meta.usage.promptTokens).toBeGreaterThan(0);
      expect(done.meta.usage.fallbacks).toEqual([]);
      expect(Object.keys(done.meta.usage.byStep)).toEqual(expect.arrayContaining(['intake_classification', 'customer_response']));
      expect((done.data.support as { classification: { reasoner: string } }).classification.reasoner).toBe('openai');
    }
    for (const n of Object.values(calls)) expect(n).toBeLessThanOrEqual(3);
    const total = Object.values(calls).reduce((a, b) => a + b, 0);
    console.log(`model calls per ticket in openai mode: ${JSON.stringify(calls)} (mean ${(total / SEEDS.length).toFixed(2)})`);
  });

  it('falls back to the heuristic on an invalid reply, records why, and still decides', async () => {
    fake.handle(() => ({ content: '{"not":"the schema"}' }));
    try {
      const input = JSON.parse(await readFile('fixtures/tickets/enterprise-critical.json', 'utf8'));
      input.support.ticket.id = 'TICK-ENT-FALLBACK';
      const { task } = await app.engine.submit(input);
      const done = await app.engine.process(task._id);
      expect(done.data.escalationDecision).toMatchObject({ decision: 'immediate_escalation' });
      expect(done.meta.usage.fallbacks.length).toBeGreaterThanOrEqual(2);
      expect(done.meta.usage.fallbacks[0]?.stepId).toBe('intake_classification');
      expect(done.meta.runs.find((r) => r.stepId === 'intake_classification')?.fallback).toBe(true);
    } finally {
      fake.reset();
    }
  });
});
