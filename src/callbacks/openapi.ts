/** The callback routes' part of the OpenAPI document (src/server/openapi.ts spreads it into `paths`). */
type Obj = Record<string, unknown>;

const json = (schema: Obj) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...json({ $ref: '#/components/schemas/Error' }) });
const tokenParam = { name: 'token', in: 'path', required: true, schema: { type: 'string' }, description: 'the signed token of the link emailed to the customer' };
const linkErrors = { '403': error('not a link this server signed (forged or altered)'), '404': error('callbacks are off (no TRIAGE_LINK_SECRET)'), '410': error('the link has expired') };
const html = (description: string) => ({ description, content: { 'text/html': { schema: { type: 'string' } } } });
const slotBody = { type: 'object', properties: { slot: { type: 'string', format: 'date-time', description: 'the start of one of the offered slots' } }, required: ['slot'] };
const taken = { '400': error('not one of the offered slots'), '409': error('the slot is held by another booking, or a request is still being booked') };

export function callbackPaths(): Obj {
  return {
    '/callback/{token}': {
      get: { summary: 'The customer\'s page: free callback slots as a form (the link is the credential)', parameters: [tokenParam], responses: { '200': html('the form'), ...linkErrors } },
      post: {
        summary: 'Book a slot from the page\'s form',
        parameters: [tokenParam],
        requestBody: { required: true, content: { 'application/x-www-form-urlencoded': { schema: slotBody } } },
        responses: { '200': html('the request is taken; the customer is emailed once it is booked'), ...taken, ...linkErrors },
      },
    },
    '/api/callbacks/{token}/slots': {
      get: {
        summary: 'The free callback slots of the link\'s ticket (the link is the credential)',
        parameters: [tokenParam],
        responses: {
          '200': { description: 'the slots, in the owning team\'s zone', ...json({ type: 'object', properties: { team: { type: 'string' }, teamName: { type: 'string' }, zone: { type: 'string' }, teamHours: { type: 'boolean' }, booked: { type: ['string', 'null'] }, slots: { type: 'array', items: { type: 'object', properties: { start: { type: 'string' }, label: { type: 'string' } } } } } }) },
          ...linkErrors,
        },
      },
    },
    '/api/callbacks/{token}': {
      post: {
        summary: 'Request a callback slot (the link is the credential); the pipeline books it',
        parameters: [tokenParam],
        requestBody: { required: true, ...json(slotBody) },
        responses: { '202': { description: 'requested', ...json({ type: 'object', properties: { taskId: { type: 'string' }, status: { const: 'requested' }, slot: { type: 'string' } } }) }, ...taken, ...linkErrors },
      },
    },
    '/api/tasks/{id}/callback': {
      post: {
        summary: 'Record whether the booked callback took place',
        security: [{ apiToken: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { required: true, ...json({ type: 'object', properties: { happened: { type: 'boolean' }, notes: { type: 'string' } }, required: ['happened'] }) },
        responses: { '200': { description: 'recorded', ...json({ type: 'object' }) }, '400': error('invalid input'), '401': error('missing or wrong bearer token'), '403': error('another team\'s task'), '404': error('no such task'), '409': error('no booked callback') },
      },
    },
  };
}
