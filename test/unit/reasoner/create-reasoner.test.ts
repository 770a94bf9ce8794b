import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReasoner } from '../../../connectors/llm/index.ts';
import { loadConfig } from '../../../src/config.ts';
import { DECISION, ANALYSIS, ASSESSMENT } from '../../fakes/openai-fixtures.ts';
import { startFakeOpenAI, type FakeOpenAI } from '../../fakes/openai-server.ts';

describe('createReasoner', () => {
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
  });
  afterAll(() => fake.close());

  it('is the heuristic reasoner without OPENAI_API_KEY (an empty value counts as unset)', async () => {
    expect((await createReasoner(loadConfig({}))).name).toBe('heuristic');
    expect((await createReasoner(loadConfig({ OPENAI_API_KEY: '  ' }))).name).toBe('heuristic');
  });

  it('is the openai reasoner with OPENAI_API_KEY', async () => {
    expect((await createReasoner(loadConfig({ OPENAI_API_KEY: 'sk-test' }))).name).toBe('openai');
  });

  it('uses OPENAI_BASE_URL, OPENAI_MODEL and the key from the config', async () => {
    fake.script({ content: DECISION, usage: { prompt_tokens: 10, completion_tokens: 5 } });
    const reasoner = await createReasoner(
      loadConfig({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: fake.baseURL, OPENAI_MODEL: 'my-deployment', OPENAI_MAX_RETRIES: '0' }),
    );
    const result = await reasoner.decide({
      ticket: { description: 'It is broken.' },
      classification: ASSESSMENT.classification,
      analysis: ANALYSIS,
      overallRisk: 30,
    });
    expect(result).toMatchObject({ source: 'openai', value: DECISION, usage: { calls: 1, model: 'my-deployment' } });
    expect(fake.requests.at(-1)).toMatchObject({ model: 'my-deployment', headers: { authorization: `Bearer ${fake.apiKey}` } });
  });
});
