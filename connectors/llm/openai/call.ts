/**
 * One structured-output call: send, validate, count. Never throws for anything the model or the network
 * does; the caller gets either a validated value or a reason to fall back, and the usage either way.
 */
import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { z } from 'zod';
import type { ReasonerUsage } from '../types.ts';
import { describeRequestError, describeSchemaError, scrub } from './failure.ts';

export interface CallSettings {
  client: OpenAI;
  model: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
}

/** Keywords OpenAI's strict structured outputs do not list as supported; zod still enforces them locally. */
const UNSUPPORTED_KEYWORDS = new Set(['$schema', 'minLength', 'maxLength']);

function stripUnsupported(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripUnsupported);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key]) => !UNSUPPORTED_KEYWORDS.has(key))
      .map(([key, value]) => [key, stripUnsupported(value)]),
  );
}

/**
 * The `response_format` sent: the SDK's zod helper builds the JSON schema, then keywords that strict mode
 * (and several compatible servers) reject are dropped, so e.g. `.min(1)` on a string does not turn the
 * whole request into a 400.
 */
export function responseFormat(schema: z.ZodType, name: string): ResponseFormatJSONSchema {
  const generated = zodResponseFormat(schema, name).json_schema;
  return {
    type: 'json_schema',
    json_schema: { name: generated.name, strict: true, schema: stripUnsupported(generated.schema) as Record<string, unknown> },
  };
}

export type CallOutcome<T> =
  | { ok: true; value: T; usage: ReasonerUsage }
  | { ok: false; reason: string; usage: ReasonerUsage };

/** Extra checks on a schema-valid value; returns a reason to reject it, or undefined. */
export type OutputGuard<T> = (value: T) => string | undefined;

/**
 * Asks for one answer matching `schema`.
 *
 * `create` rather than `parse`: `parse` throws on a bad reply and the response (with its token usage) is
 * lost, while tokens spent on an unusable reply still have to be counted. `calls` counts requests the
 * reasoner made; the SDK's transparent retries of the same request are not extra calls.
 */
export async function callStructured<S extends z.ZodType>(
  settings: CallSettings,
  request: { schemaName: string; schema: S; messages: ChatCompletionMessageParam[]; guard?: OutputGuard<z.infer<S>> },
): Promise<CallOutcome<z.infer<S>>> {
  const usage: ReasonerUsage = { calls: 1, promptTokens: 0, completionTokens: 0, model: settings.model };
  const fail = (reason: string): CallOutcome<z.infer<S>> => ({ ok: false, reason, usage });

  let completion: OpenAI.Chat.Completions.ChatCompletion;
  try {
    completion = await settings.client.chat.completions.create({
      model: settings.model,
      messages: request.messages,
      response_format: responseFormat(request.schema, request.schemaName),
    });
  } catch (error) {
    return fail(describeRequestError(error, settings));
  }

  usage.promptTokens = completion.usage?.prompt_tokens ?? 0;
  usage.completionTokens = completion.usage?.completion_tokens ?? 0;
  // The deployment may answer with a more specific model id (e.g. a dated snapshot): record what ran.
  if (completion.model) usage.model = completion.model;

  const choice = completion.choices[0];
  if (!choice) return fail('reply had no choices');
  if (choice.message.refusal) return fail(`model refused: ${scrub(choice.message.refusal, settings.apiKey)}`);
  if (choice.finish_reason === 'length') return fail('reply was cut off at the token limit (finish_reason length)');
  if (choice.finish_reason === 'content_filter') return fail('reply was blocked by the content filter');
  const content = choice.message.content;
  if (!content) return fail('reply had no content');

  let json: unknown;
  try {
    json = JSON.parse(content);
  } catch {
    return fail(`reply was not valid JSON (${content.length} characters)`);
  }
  const parsed = request.schema.safeParse(json);
  if (!parsed.success) return fail(describeSchemaError(request.schemaName, parsed.error));
  const rejected = request.guard?.(parsed.data);
  if (rejected) return fail(rejected);
  return { ok: true, value: parsed.data, usage };
}
