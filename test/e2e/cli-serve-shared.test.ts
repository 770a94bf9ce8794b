/**
 * The CLI and `triage serve` on one data directory at the same time, as an operator works: a claim
 * made with `triage human claim` reaches the server at once (so a second person is refused), tickets
 * submitted from the CLI while the server runs are all there once, and nothing is lost or doubled.
 * On the old nedb store each process held its own copy in memory and these writes were lost.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCli, ROOT, type Cli } from './cli-helper.ts';
import { startServe, type Json, type RunningServe } from './serve-helper.ts';

const API_TOKEN = 'shared-api-token-0123456789';
const WEBHOOK_TOKEN = 'shared-webhook-token-0123456789';

let cli: Cli;
let serve: RunningServe;
const api = (...args: Parameters<RunningServe['api']>) => serve.api(...args);
const until: RunningServe['until'] = (...args) => serve.until(...args);

beforeAll(async () => {
  cli = createCli('triage-shared-');
  serve = await startServe(cli, { TRIAGE_API_TOKEN: API_TOKEN, TRIAGE_WEBHOOK_TOKEN: WEBHOOK_TOKEN });
}, 90_000);

afterAll(async () => {
  await serve?.stop();
  cli?.cleanup();
});

describe('the CLI and the server on one data directory at once', () => {
  it('a claim made with the CLI reaches the server, and a second person is refused', async () => {
    const ticket = JSON.parse(await readFile(path.join(ROOT, 'fixtures/tickets/enterprise-critical.json'), 'utf8')) as Json;
    const posted = await api('POST', '/webhooks/tickets', ticket, WEBHOOK_TOKEN);
    expect(posted.status).toBe(202);
    const open = await until('the human task', async () => (await api('GET', `/api/human-tasks?taskId=${posted.body.taskId}`)).body, (b) => b.total === 1);
    const humanId = open.items[0]._id as string;

    const claimed = await cli.run(['human', 'claim', humanId, '--user', 'ann', '--json'], { env: { TRIAGE_LOG_LEVEL: 'warn' } });
    expect(claimed.code, claimed.stderr).toBe(0);
    // The server reads the claim the CLI wrote, with no restart.
    expect((await api('GET', `/api/human-tasks/${humanId}`)).body.assignedTo).toBe('ann');
    const second = await api('POST', `/api/human-tasks/${humanId}/claim`, { userId: 'bob' });
    expect(second.status).toBe(409);
    // And the other way round: the CLI sees what the server wrote.
    const shown = await cli.run(['human', 'list', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(cli.json(shown).items.find((t: Json) => t._id === humanId)?.assignedTo).toBe('ann');
  });

  it('tickets submitted from the CLI and the webhook at the same time are each stored once and all processed', async () => {
    const cliTickets = Array.from({ length: 6 }, (_, i) => ({ support: { ticket: { id: `CLI-${i}`, subject: 'Export', description: `How do I export my invoices as CSV? (${i})`, customerEmail: `c${i}@example.com` } } }));
    const hookTickets = Array.from({ length: 6 }, (_, i) => ({ id: `HOOK-${i}`, subject: 'Export', description: `How do I export my invoices as CSV? (hook ${i})`, customerEmail: `h${i}@example.com` }));
    const results = await Promise.all([
      ...cliTickets.map((t) => cli.run(['task', 'new', '--async', '-d', JSON.stringify(t), '--json'])),
      ...hookTickets.map((t) => api('POST', '/webhooks/tickets', t, WEBHOOK_TOKEN)),
      // The same CLI ticket twice more: deduplicated across processes.
      cli.run(['task', 'new', '--async', '-d', JSON.stringify(cliTickets[0]), '--json']),
      api('POST', '/webhooks/tickets', hookTickets[0], WEBHOOK_TOKEN),
    ]);
    for (const result of results) {
      if ('code' in result) expect(result.code, result.stderr).toBe(0);
      else expect(result.status).toBe(202);
    }
    const ids = [...cliTickets.map((t) => t.support.ticket.id), ...hookTickets.map((t) => t.id)];
    // The server's worker runs them all, whichever process stored them.
    const list = await until(
      'every ticket to rest',
      async () => (await api('GET', '/api/tasks?limit=100')).body.items as Json[],
      (items) => ids.every((id) => items.some((t) => t.data.support.ticket.id === id && ['waiting', 'done'].includes(t.meta.state))),
    );
    for (const id of ids) expect(list.filter((t) => t.data.support.ticket.id === id), id).toHaveLength(1);
  });
});
