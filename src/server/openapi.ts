/**
 * The OpenAPI 3.1 document of the server. Request bodies are generated from the same zod schemas the
 * routes validate with, so the document cannot drift from what is enforced; paths and auth are
 * written out here (a test checks every registered route is listed).
 */
import { z } from 'zod';
import { ticketSchema } from '../intake/ticket.ts';
import { assignBody, claimBody, createHumanTaskBody, resolveBody } from './routes/human-tasks.ts';
import { messageBody, TASK_STATES } from './routes/tasks.ts';
import { createTokenBody, createUserBody, presenceBody, updateUserBody } from './routes/users.ts';
import { HUMAN_PRIORITIES, HUMAN_TASK_STATUSES } from '../human/types.ts';
import { callbackPaths } from '../callbacks/openapi.ts';

type Obj = Record<string, unknown>;

function schema(type: z.ZodType): Obj {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(type, { io: 'input', unrepresentable: 'any' }) as Obj;
  return rest;
}

const json = (s: Obj) => ({ content: { 'application/json': { schema: s } } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const error = (description: string) => ({ description, ...json(ref('Error')) });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
const query = (name: string, description: string, s: Obj = { type: 'string' }) => ({ name, in: 'query', required: false, description, schema: s });

const api = { security: [{ apiToken: [] }] };
const authErrors = { '401': error('missing or wrong bearer token, or an ended session'), '403': error('not allowed for this person (another team, role) or a missing CSRF token, or no token configured for this route') };
const userParam = { name: 'user', in: 'path', required: true, schema: { type: 'string' }, description: 'username or id' };
const badInput = { '400': error('invalid input; `path` names the field') };

function op(summary: string, extra: Obj, responses: Obj): Obj {
  return { summary, ...extra, responses };
}

/** The document; `serverUrl` is TRIAGE_PUBLIC_URL. */
export function openApiDocument(serverUrl: string): Obj {
  const accepted = { description: 'stored; the worker processes it', ...json(ref('Accepted')) };
  const humanTask = { description: 'the human task', ...json(ref('HumanTask')) };
  const list = (item: Obj) => json({ type: 'object', properties: { items: { type: 'array', items: item }, total: { type: 'integer' } }, required: ['items', 'total'] });
  const conflict = { '404': error('no such human task'), '409': error('held by someone else or no longer open'), '503': error('the human task inbox is not running') };
  return {
    openapi: '3.1.0',
    info: { title: 'triage', version: '0.1.0', description: 'Ticket triage and human escalation: webhooks, REST, health and metrics.' },
    servers: [{ url: serverUrl }],
    paths: {
      '/webhooks/tickets': {
        post: op('Submit a ticket (bare, or as {support:{ticket}}); a repeated ticket id answers the same task', { security: [{ webhookToken: [] }], requestBody: { required: true, ...json(ref('Ticket')) } }, {
          '202': accepted, ...badInput, ...authErrors, '413': error('body too large'),
        }),
      },
      '/webhooks/zendesk': {
        post: op('Zendesk webhook (trigger `{ticket:{...}}` or event `{detail:{...}}` body), signed', {
          security: [{ zendeskSignature: [] }],
          parameters: [{ name: 'X-Zendesk-Webhook-Signature-Timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'ISO 8601; at most 5 minutes from the server clock' }],
          requestBody: { required: true, ...json({ type: 'object' }) },
        }, { '202': accepted, ...badInput, '401': error('missing, forged or stale signature'), '403': error('ZENDESK_WEBHOOK_SECRET not configured') }),
      },
      '/webhooks/slack/interactions': {
        post: op('Slack interactivity; the `claim_human_task` button claims the human task', {
          security: [{ slackSignature: [] }],
          parameters: [{ name: 'X-Slack-Request-Timestamp', in: 'header', required: true, schema: { type: 'string' }, description: 'Unix seconds; at most 5 minutes from the server clock' }],
          requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties: { payload: { type: 'string', description: 'the interaction payload as JSON' } }, required: ['payload'] } } } },
        }, { '200': { description: 'acknowledged; the body may replace the message or carry an ephemeral note', ...json({ type: 'object' }) }, ...badInput, '401': error('missing, forged or replayed signature'), '403': error('SLACK_SIGNING_SECRET not configured') }),
      },
      '/api/tasks': {
        get: op('List tasks', {
          ...api,
          parameters: [
            query('state', `comma-separated states: ${TASK_STATES.join(', ')}`),
            query('filter', 'MongoDB-style filter over `data`, as JSON; code-running operators ($where, $function, $expr...) are refused'),
            query('limit', 'page size, 1-500 (50)', { type: 'integer' }),
            query('skip', 'tasks to skip (0)', { type: 'integer' }),
          ],
        }, { '200': { description: 'a page of tasks', ...list(ref('Task')) }, ...badInput, ...authErrors }),
      },
      '/api/tasks/{id}': { get: op('One task document', { ...api, parameters: [idParam] }, { '200': { description: 'the task', ...json(ref('Task')) }, '404': error('no such task'), ...authErrors }) },
      '/api/tasks/{id}/messages': {
        post: op('A customer reply: to the open human task if there is one, otherwise the pipeline resumes', { ...api, parameters: [idParam], requestBody: { required: true, ...json(schema(messageBody)) } }, {
          '202': { description: 'recorded', ...json({ type: 'object', properties: { taskId: { type: 'string' }, routedTo: { enum: ['human', 'pipeline'] }, humanTaskId: { type: 'string' } }, required: ['taskId', 'routedTo'] }) },
          ...badInput, '404': error('no such task'), ...authErrors,
        }),
      },
      '/api/human-tasks': {
        get: op('List human tasks', {
          ...api,
          parameters: [
            query('status', `comma-separated statuses: ${HUMAN_TASK_STATUSES.join(', ')}`),
            query('team', 'owning team'),
            query('priority', HUMAN_PRIORITIES.join(', '), { enum: [...HUMAN_PRIORITIES] }),
            query('taskId', 'the pipeline task'),
            query('limit', 'page size, 1-500 (50)', { type: 'integer' }),
            query('skip', 'tasks to skip (0)', { type: 'integer' }),
          ],
        }, { '200': { description: 'a page of human tasks', ...list(ref('HumanTask')) }, ...badInput, ...authErrors, '503': conflict['503'] }),
        post: op('Open a human task (approval, review, data entry, decision...)', { ...api, requestBody: { required: true, ...json(schema(createHumanTaskBody)) } }, { '201': humanTask, ...badInput, ...authErrors, '503': conflict['503'] }),
      },
      '/api/human-tasks/{id}': { get: op('One human task', { ...api, parameters: [idParam] }, { '200': humanTask, ...authErrors, ...conflict }) },
      '/api/human-tasks/{id}/claim': { post: op('Claim: a person claims as themselves (userId optional); the admin token names userId', { ...api, parameters: [idParam], requestBody: { required: true, ...json(schema(claimBody)) } }, { '200': humanTask, ...badInput, ...authErrors, ...conflict }) },
      '/api/human-tasks/{id}/assign': { post: op('Assign to a person of the team or to a team (leads and admins)', { ...api, parameters: [idParam], requestBody: { required: true, ...json(schema(assignBody)) } }, { '200': humanTask, ...badInput, ...authErrors, ...conflict }) },
      '/api/human-tasks/{id}/resolve': { post: op('Resolve: decision, form fields, notes; a person is recorded as respondedBy; the pipeline resumes', { ...api, parameters: [idParam], requestBody: { required: true, ...json(schema(resolveBody)) } }, { '200': humanTask, ...badInput, ...authErrors, ...conflict }) },
      '/api/me': { get: op('Who the credential belongs to (role, teams); a signed-in browser also gets its CSRF token', api, { '200': { description: 'the principal', ...json(ref('Principal')) }, ...authErrors }) },
      '/api/users': {
        get: op('List users (admins)', { ...api, parameters: [query('team', 'only members of this team'), query('includeDisabled', 'true (default) or false', { type: 'boolean' })] }, { '200': { description: 'users', ...list(ref('User')) }, ...authErrors }),
        post: op('Create a user (admins); teams must be the policy\'s', { ...api, requestBody: { required: true, ...json(schema(createUserBody)) } }, { '201': { description: 'the user', ...json(ref('User')) }, ...badInput, ...authErrors }),
      },
      '/api/users/{user}': {
        get: op('One user (admins)', { ...api, parameters: [userParam] }, { '200': { description: 'the user', ...json(ref('User')) }, '404': error('no such user'), ...authErrors }),
        patch: op('Change a user (admins): role, teams, disabled, password, Slack id', { ...api, parameters: [userParam], requestBody: { required: true, ...json(schema(updateUserBody)) } }, { '200': { description: 'the user', ...json(ref('User')) }, ...badInput, '404': error('no such user'), ...authErrors }),
      },
      '/api/users/{user}/presence': {
        put: op('Set a person\'s presence (admins, a lead of one of their teams, or the person): available takes new tasks; away and offline are passed over by automatic assignment', { ...api, parameters: [userParam], requestBody: { required: true, ...json(schema(presenceBody)) } }, { '200': { description: 'the user', ...json(ref('User')) }, ...badInput, '404': error('no such user'), ...authErrors }),
      },
      '/api/me/presence': {
        put: op('Set your own presence (a person, not the admin token)', { ...api, requestBody: { required: true, ...json(schema(presenceBody)) } }, { '200': { description: 'the user', ...json(ref('User')) }, ...badInput, ...authErrors }),
      },
      '/api/users/{user}/tokens': {
        post: op('Create a personal API token (admins); the token is in this answer only', { ...api, parameters: [userParam], requestBody: { required: true, ...json(schema(createTokenBody)) } }, {
          '201': { description: 'the token, once', ...json({ type: 'object', properties: { token: { type: 'string' }, record: { type: 'object' } }, required: ['token', 'record'] }) },
          ...badInput, '404': error('no such user'), ...authErrors,
        }),
      },
      '/api/users/{user}/tokens/{tokenId}': {
        delete: op('Revoke a personal API token (admins)', { ...api, parameters: [userParam, { name: 'tokenId', in: 'path', required: true, schema: { type: 'string' } }] }, { '204': { description: 'revoked' }, '404': error('no such user or token'), ...authErrors }),
      },
      '/healthz': {
        get: op('Store and scheduler health (no auth)', {}, {
          '200': { description: 'healthy', ...json(ref('Health')) },
          '503': { description: 'unhealthy', ...json(ref('Health')) },
        }),
      },
      '/metrics': { get: op('Prometheus metrics (API token unless TRIAGE_METRICS_PUBLIC=1)', api, { '200': { description: 'text exposition', content: { 'text/plain': { schema: { type: 'string' } } } }, ...authErrors }) },
      ...callbackPaths(),
      '/openapi.json': { get: op('This document (no auth)', {}, { '200': { description: 'OpenAPI 3.1', ...json({ type: 'object' }) } }) },
    },
    components: {
      securitySchemes: {
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'TRIAGE_API_TOKEN (automation: sees every team, names the person in bodies) or a personal token trg_... (acts as its user). Signed-in browsers may use the triage_session cookie instead, with the x-csrf-token header on POST/PATCH/DELETE.',
        },
        webhookToken: { type: 'http', scheme: 'bearer', description: 'TRIAGE_WEBHOOK_TOKEN' },
        zendeskSignature: { type: 'apiKey', in: 'header', name: 'X-Zendesk-Webhook-Signature', description: 'base64 HMAC-SHA256 of timestamp + raw body with ZENDESK_WEBHOOK_SECRET' },
        slackSignature: { type: 'apiKey', in: 'header', name: 'X-Slack-Signature', description: 'v0= + hex HMAC-SHA256 of v0:timestamp:raw body with SLACK_SIGNING_SECRET' },
      },
      schemas: {
        Error: { type: 'object', properties: { error: { type: 'string' }, path: { type: 'string' } }, required: ['error'] },
        Accepted: { type: 'object', properties: { taskId: { type: 'string' }, created: { type: 'boolean' } }, required: ['taskId', 'created'] },
        Ticket: schema(ticketSchema),
        Task: { type: 'object', properties: { _id: { type: 'string' }, data: { type: 'object' }, meta: { type: 'object' } }, required: ['_id', 'data', 'meta'] },
        HumanTask: { type: 'object', properties: { _id: { type: 'string' }, status: { enum: [...HUMAN_TASK_STATUSES] }, priority: { enum: [...HUMAN_PRIORITIES] }, assignedTo: { type: ['string', 'null'] } }, required: ['_id', 'status'] },
        Principal: { type: 'object', properties: { kind: { enum: ['user', 'system'] }, username: { type: 'string' }, role: { enum: ['agent', 'lead', 'admin'] }, teams: { type: ['array', 'null'], items: { type: 'string' } }, via: { type: 'string' }, csrf: { type: 'string' } }, required: ['kind', 'username', 'role', 'teams', 'via'] },
        User: { type: 'object', properties: { id: { type: 'string' }, username: { type: 'string' }, name: { type: 'string' }, role: { enum: ['agent', 'lead', 'admin'] }, teams: { type: 'array', items: { type: 'string' } }, disabled: { type: 'boolean' }, slackUserId: { type: ['string', 'null'] } }, required: ['id', 'username', 'role', 'teams', 'disabled'] },
        Health: { type: 'object', properties: { status: { enum: ['ok', 'unhealthy'] }, store: { type: 'object' }, scheduler: { type: 'object' } }, required: ['status', 'store', 'scheduler'] },
      },
    },
  };
}
