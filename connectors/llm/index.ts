/**
 * Picks the reasoner from configuration: OpenAI when a key is set, the offline heuristic otherwise.
 */
import type { Config } from '../../src/config.ts';
import { createHeuristicReasoner } from './heuristic/index.ts';
import type { Reasoner } from './types.ts';

export type { Reasoner } from './types.ts';

/**
 * The configured reasoner. The OpenAI one falls back to the heuristic whenever a reply is unusable; its
 * SDK (about 200 modules, a third of a second to load) is loaded only when a key is set.
 */
export async function createReasoner(
  config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL' | 'OPENAI_TIMEOUT_MS' | 'OPENAI_MAX_RETRIES'>,
): Promise<Reasoner> {
  const heuristic = createHeuristicReasoner();
  if (!config.OPENAI_API_KEY) return heuristic;
  const { createOpenAIReasoner } = await import('./openai/index.ts');
  return createOpenAIReasoner({
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.OPENAI_MODEL,
    timeoutMs: config.OPENAI_TIMEOUT_MS,
    maxRetries: config.OPENAI_MAX_RETRIES,
    fallback: heuristic,
  });
}
