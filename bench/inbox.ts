/**
 * How long the workspace inbox takes to render with many open human tasks on the embedded store (a
 * benchmark, not a test: it asserts nothing about time).
 *
 *   npx tsx bench/inbox.ts                  # 10,000 open tasks
 *   BENCH_INBOX_TASKS=2000 npx tsx bench/inbox.ts
 *
 * Each human task belongs to a pipeline task holding a ticket, as after real handoffs. The server is
 * built in-process and driven with `inject()` under the admin token, so the first table is the
 * server's own time to answer (routing, store reads, rendering), without a network or a browser. When
 * Chromium is installed, a second table is what a person waits for: the page loaded in a real browser
 * over loopback, until its `load` event (assets included, from the browser's cache after the first).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startApp } from '../src/app.ts';
import { silentLogger } from '../src/log.ts';
import { buildServer } from '../src/server/app.ts';
import { createMetrics } from '../src/server/metrics.ts';
import type { HumanPriority } from '../src/human/types.ts';
import { browserUnavailable, launchBrowser } from '../test/support/browser.ts';

const TASKS = Number(process.env.BENCH_INBOX_TASKS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_INBOX_ROUNDS ?? 30);
const TOKEN = 'bench-inbox-token-0123456789';
const TEAMS = ['engineering', 'technical_support', 'finance', 'senior_support'];
const PRIORITIES: HumanPriority[] = ['low', 'medium', 'high', 'critical'];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'triage-bench-inbox-'));
  const app = await startApp({ env: { TRIAGE_DATA_DIR: dir, TRIAGE_LOG_LEVEL: 'silent', TRIAGE_API_TOKEN: TOKEN }, log: silentLogger });
  try {
    const seedStart = performance.now();
    const now = new Date();
    for (let i = 0; i < TASKS; i++) {
      const team = TEAMS[i % TEAMS.length]!;
      const ticket = { id: `INBOX-${i}`, subject: `Ticket ${i}: the export keeps failing`, description: 'Our nightly export stopped after the update.', customerEmail: `customer${i}@example.com` };
      const { task } = await app.store.create({ data: { support: { ticket } }, source: { kind: 'api', externalId: ticket.id }, now });
      await app.humanTasks.store.create(
        {
          key: `${task._id}:escalation`,
          taskId: task._id,
          type: 'escalation',
          priority: PRIORITIES[i % PRIORITIES.length]!,
          title: ticket.subject,
          team,
          queue: `${team}-queue`,
          skillTags: [],
          context: { ticket: { subject: ticket.subject, customerEmail: ticket.customerEmail } },
          fields: [],
          dueAt: new Date(now.getTime() + ((i % 240) - 60) * 60_000),
          escalationChain: [team],
        },
        now,
      );
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;

    const server = buildServer({ app, humanTasks: app.humanTasks.service, metrics: createMetrics({ defaultMetrics: false }) });
    await server.ready();
    const headers = { authorization: `Bearer ${TOKEN}` };
    const pages = [
      { name: 'inbox, first page', url: '/ui' },
      { name: 'inbox, one team', url: '/ui?team=finance' },
      { name: 'inbox, page 20', url: '/ui?page=20' },
      { name: 'rows fragment (polling)', url: '/ui/inbox/rows' },
    ];
    console.log(`\n${TASKS.toLocaleString('en')} open human tasks on the embedded store (seeded in ${seedSeconds.toFixed(1)} s); ${ROUNDS} rounds each\n`);
    console.log('| page | status | first (ms) | p50 (ms) | p99 (ms) | bytes |');
    console.log('|---|---|---|---|---|---|');
    for (const page of pages) {
      const times: number[] = [];
      let status = 0;
      let bytes = 0;
      for (let round = 0; round <= ROUNDS; round++) {
        const start = performance.now();
        const response = await server.inject({ method: 'GET', url: page.url, headers });
        times.push(performance.now() - start);
        status = response.statusCode;
        bytes = response.body.length;
      }
      const first = times.shift()!;
      times.sort((a, b) => a - b);
      console.log(`| ${page.name} | ${status} | ${first.toFixed(1)} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} | ${bytes} |`);
    }
    if (browserUnavailable() === null) {
      const address = await server.listen({ port: 0, host: '127.0.0.1' });
      const running = await launchBrowser();
      const context = await running.browser.newContext({ extraHTTPHeaders: headers });
      const tab = await context.newPage();
      console.log(`\nIn Chromium (navigation start to the load event); ${ROUNDS} rounds each\n`);
      console.log('| page | first (ms) | p50 (ms) | p99 (ms) |');
      console.log('|---|---|---|---|');
      for (const page of pages.filter((p) => !p.url.startsWith('/ui/inbox/rows'))) {
        const times: number[] = [];
        for (let round = 0; round <= ROUNDS; round++) {
          await tab.goto(`${address}${page.url}`, { waitUntil: 'load' });
          // A string runs in the page, whose DOM types this Node project does not compile against.
          times.push(Number(await tab.evaluate('(() => { const e = performance.getEntriesByType("navigation")[0]; return e ? e.loadEventEnd - e.startTime : NaN; })()')));
        }
        const first = times.shift()!;
        times.sort((a, b) => a - b);
        console.log(`| ${page.name} | ${first.toFixed(1)} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 99).toFixed(1)} |`);
      }
      await running.close();
    }
    await server.close();
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
