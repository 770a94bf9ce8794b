/**
 * A fake OpenAI on loopback: a real `node:http` server speaking `POST /v1/chat/completions`, so the real
 * `openai` SDK (its headers, retries, timeouts and error classes) runs unmodified against it.
 *
 * Behaviour is scripted per test by a handler returning a {@link FakeReply}; every request is recorded.
 * Without a handler it answers like a model would, from the heuristic reasoner (see openai-scripted-answers).
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { DATA_TAG, FACTS_TAG } from '../../connectors/llm/openai/prompts.ts';
import { smartHandler } from './openai-scripted-answers.ts';

export interface FakeUsage {
  prompt_tokens: number;
  completion_tokens: number;
}

/** What the server does with one request. `delayMs` waits first (longer than the client's timeout = a timeout). */
export type FakeReply =
  | {
      /** The assistant message content; objects are JSON-encoded. */
      content: string | object;
      finishReason?: 'stop' | 'length' | 'content_filter';
      usage?: Partial<FakeUsage>;
      model?: string;
      delayMs?: number;
    }
  | { refusal: string; usage?: Partial<FakeUsage>; delayMs?: number }
  | {
      status: number;
      /** Merged into OpenAI's `{ error: { message, type, param, code } }` body. */
      error?: { message?: string; type?: string; param?: string | null; code?: string | null };
      /** E.g. `{ 'retry-after': '1' }`. */
      headers?: Record<string, string>;
      delayMs?: number;
    }
  /** Closes the socket without answering (a connection error to the client). */
  | { hangUp: true; delayMs?: number };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body as sent by the SDK. */
  body: Record<string, unknown>;
  model: string;
  messages: { role: string; content: string }[];
  /** `response_format.json_schema` flattened, when the request asked for structured output. */
  responseFormat?: { type: string; name?: string; strict?: boolean; schema?: unknown };
  /** The raw text between the untrusted-data tags of the last user message. */
  dataText?: string;
  /** That text parsed as JSON. */
  data?: unknown;
  /** The parsed system-facts block, when present. */
  facts?: Record<string, unknown>;
  /** 0 for a first attempt; the SDK's `x-stainless-retry-count` otherwise. */
  retryCount: number;
}

export type FakeHandler = (request: RecordedRequest, index: number) => FakeReply | Promise<FakeReply>;

export interface FakeOpenAI {
  /** `http://127.0.0.1:PORT/v1`: pass as `baseURL` / OPENAI_BASE_URL. */
  baseURL: string;
  apiKey: string;
  /** Every request received, in order (including ones answered with errors). */
  requests: RecordedRequest[];
  /** Replaces the handler for the following requests. */
  handle(handler: FakeHandler): void;
  /** Answers the following requests with `replies` in order; the last one repeats. */
  script(...replies: FakeReply[]): void;
  /** Forgets recorded requests and goes back to the default (smart) handler. */
  reset(): void;
  close(): Promise<void>;
}

/** A handler answering with `replies` in order, repeating the last one. */
export function sequence(...replies: FakeReply[]): FakeHandler {
  if (replies.length === 0) throw new Error('sequence() needs at least one reply');
  let next = 0;
  return () => replies[Math.min(next++, replies.length - 1)]!;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    'x-request-id': `req_fake_${Math.random().toString(36).slice(2, 10)}`,
    ...headers,
  });
  res.end(text);
}

const ERROR_TYPES: Record<number, { type: string; code: string | null; message: string }> = {
  400: { type: 'invalid_request_error', code: null, message: 'Invalid request.' },
  401: { type: 'invalid_request_error', code: 'invalid_api_key', message: 'Incorrect API key provided.' },
  404: { type: 'invalid_request_error', code: 'model_not_found', message: 'The model does not exist.' },
  429: { type: 'requests', code: 'rate_limit_exceeded', message: 'Rate limit reached for requests.' },
  500: { type: 'server_error', code: null, message: 'The server had an error while processing your request.' },
};

/** OpenAI's error body for `status`, with `override` merged in. */
export function errorBody(status: number, override: { message?: string; type?: string; param?: string | null; code?: string | null } = {}) {
  const base = ERROR_TYPES[status] ?? ERROR_TYPES[status >= 500 ? 500 : 400]!;
  return { error: { message: base.message, type: base.type, param: null, code: base.code, ...override } };
}

const estimateTokens = (text: string): number => Math.max(1, Math.ceil(text.length / 4));

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part as { text?: string }).text ?? '').join('');
  return '';
}

function block(text: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>\\n([\\s\\S]*?)\\n</${tag}>`).exec(text)?.[1];
}

function record(method: string, path: string, headers: IncomingHttpHeaders, body: Record<string, unknown>): RecordedRequest {
  const messages = (Array.isArray(body.messages) ? body.messages : []).map((m: { role?: string; content?: unknown }) => ({
    role: String(m.role),
    content: textOf(m.content),
  }));
  const format = body.response_format as { type?: string; json_schema?: { name?: string; strict?: boolean; schema?: unknown } } | undefined;
  const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  const dataText = block(lastUser, DATA_TAG);
  const factsText = block(lastUser, FACTS_TAG);
  const parse = (text: string | undefined) => {
    try {
      return text === undefined ? undefined : JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  return {
    method,
    path,
    headers,
    body,
    model: String(body.model ?? ''),
    messages,
    responseFormat: format?.type
      ? { type: format.type, name: format.json_schema?.name, strict: format.json_schema?.strict, schema: format.json_schema?.schema }
      : undefined,
    dataText,
    data: parse(dataText),
    facts: parse(factsText),
    retryCount: Number(headers['x-stainless-retry-count'] ?? 0),
  };
}

function completion(request: RecordedRequest, reply: { content?: string | object; refusal?: string; finishReason?: string; usage?: Partial<FakeUsage>; model?: string }) {
  const content = reply.content === undefined ? null : typeof reply.content === 'string' ? reply.content : JSON.stringify(reply.content);
  const prompt = reply.usage?.prompt_tokens ?? estimateTokens(JSON.stringify(request.messages));
  const completionTokens = reply.usage?.completion_tokens ?? estimateTokens(content ?? reply.refusal ?? '');
  return {
    id: `chatcmpl-fake${Math.random().toString(36).slice(2, 12)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: reply.refusal ?? null, annotations: [] },
        logprobs: null,
        finish_reason: reply.finishReason ?? 'stop',
      },
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens },
    system_fingerprint: 'fp_fake',
  };
}

/** Starts the fake on 127.0.0.1 with a free port. */
export async function startFakeOpenAI(options: { apiKey?: string; handler?: FakeHandler } = {}): Promise<FakeOpenAI> {
  const apiKey = options.apiKey ?? 'sk-fake-test-key';
  const defaultHandler = options.handler ?? smartHandler();
  let handler = defaultHandler;
  const requests: RecordedRequest[] = [];
  const closing = new AbortController();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return void res.destroy(); // the client went away mid-request
    }
    let body: Record<string, unknown> = {};
    try {
      body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
    } catch {
      return sendJson(res, 400, errorBody(400, { message: 'We could not parse the JSON body of your request.' }));
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const recorded = record(req.method ?? 'GET', path, req.headers, body);
    requests.push(recorded);

    if (req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendJson(res, 401, errorBody(401, { message: 'Incorrect API key provided. You can find your API key in your account settings.' }));
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendJson(res, 404, errorBody(404, { message: `Unknown request URL: ${req.method} ${path}.`, code: 'unknown_url' }));
    }
    if (!recorded.model || recorded.messages.length === 0) {
      return sendJson(res, 400, errorBody(400, { message: "'model' and 'messages' are required." }));
    }

    let reply: FakeReply;
    try {
      reply = await handler(recorded, requests.length - 1);
    } catch (error) {
      return sendJson(res, 500, errorBody(500, { message: `fake handler threw: ${String(error)}` }));
    }
    if (reply.delayMs) {
      await sleep(reply.delayMs, undefined, { signal: closing.signal }).catch(() => undefined);
    }
    if ('hangUp' in reply) return void res.destroy();
    if ('status' in reply) return sendJson(res, reply.status, errorBody(reply.status, reply.error), reply.headers);
    sendJson(res, 200, completion(recorded, reply));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    apiKey,
    requests,
    handle(next) {
      handler = next;
    },
    script(...replies) {
      handler = sequence(...replies);
    },
    reset() {
      requests.length = 0;
      handler = defaultHandler;
    },
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
