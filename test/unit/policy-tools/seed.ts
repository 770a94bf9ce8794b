/**
 * Builds a store for the policy-tools tests through the real pipeline: a small policy whose
 * `valuable_account` trigger compares the ticket's account value (a number the test chooses, so which
 * side of a threshold each ticket is on is known exactly), tickets run by the real app into a temporary
 * data directory, and escalations resolved with an `escalation_needed` answer.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startApp } from '../../../src/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import { createStorage } from '../../../src/store/index.ts';
import { filesUnder } from '../../e2e/cli-helper.ts';

/** A policy with one numeric trigger; `{{VALUE}}` is its threshold. */
export const POLICY_TEMPLATE = `# policy-tools test policy
version: 1
teams:
  general_support: { name: Support, email: support@example.com, queue: general }
  accounts:
    name: Key Accounts   # owns the valuable customers
    email: accounts@example.com
    queue: accounts
escalation:
  email: escalation@example.com
  slack_channel: "#escalations"
  customer_message: "Your ticket reference is {{escalationAgent.ticketId}}."
routing:
  default: { team: general_support }
thresholds:
  # Only triggers escalate these calm tickets: the reasoner is consulted from risk 100 up.
  consult_reasoner_from_risk: 100
triggers:
  - id: valuable_account
    when: { support.customer.accountValue: { $gte: {{VALUE}} } }
    reason: "A valuable account ({{support.customer.accountValue}})"
    decision: management_escalation
    priority: high
    urgency: urgent
    team: accounts
  - id: very_frustrated
    when: { sentimentAnalysis.frustrationLevel: { $gte: 95 } }
    reason: "Very frustrated"
    decision: specialist_escalation
    priority: high
    urgency: urgent
`;

/** Writes the test policy with `threshold` into `dir`; returns its path. */
export function writePolicy(dir: string, name: string, threshold: number): string {
  const file = path.join(dir, name);
  writeFileSync(file, POLICY_TEMPLATE.replace('{{VALUE}}', String(threshold)));
  return file;
}

export interface SeededTicket {
  taskId: string;
  value: number;
  answer?: 'yes' | 'no' | 'unsure';
}

/** A calm question from a customer with account value `value`. */
function ticket(i: number, value: number): Record<string, unknown> {
  return {
    support: {
      ticket: {
        id: `PT-${i}-${value}`,
        subject: `Invoice address question ${i}`,
        description: 'Hello, could you tell me where I can change the postal address printed on our invoices? Thank you.',
        customerEmail: `customer${i}@example.com`,
        channel: 'email',
        customerTier: 'paid',
        accountValue: value,
        previousTicketCount: 1,
      },
    },
  };
}

/**
 * Runs one ticket per account value through the real pipeline under `policyFile`, then resolves the
 * escalation of each ticket that has an answer in `answers` (by account value).
 */
export async function seed(dataDir: string, policyFile: string, values: number[], answers: Record<number, 'yes' | 'no' | 'unsure'> = {}): Promise<SeededTicket[]> {
  const app = await startApp({ env: { TRIAGE_DATA_DIR: dataDir, TRIAGE_POLICY: policyFile, TRIAGE_LOG_LEVEL: 'warn' }, log: silentLogger });
  try {
    const seeded: SeededTicket[] = [];
    for (const [i, value] of values.entries()) {
      const { task } = await app.engine.submit(ticket(i, value), 'cli');
      await app.engine.process(task._id);
      const answer = answers[value];
      if (answer) {
        const open = await app.humanTasks.service.openFor(task._id);
        if (!open) throw new Error(`ticket with account value ${value} was not escalated; the test policy or the pipeline changed`);
        await app.humanTasks.service.resolve(open._id, { respondedBy: 'lead', decision: 'resolved', fields: { escalation_needed: answer } });
        await app.engine.process(task._id);
      }
      seeded.push({ taskId: task._id, value, ...(answer ? { answer } : {}) });
    }
    return seeded;
  } finally {
    await app.stop();
  }
}

/** Everything a replay must leave alone: every task and human task as stored, and every outbox file. */
export async function snapshot(dataDir: string): Promise<string> {
  const storage = await createStorage(loadConfig({ TRIAGE_DATA_DIR: dataDir }), silentLogger);
  await storage.start();
  try {
    const tasks = await storage.tasks.list({ limit: 100_000 });
    const humans = await storage.humanTasks.list({ limit: 100_000 });
    const outbox = path.join(dataDir, 'outbox');
    const files = filesUnder(outbox).sort().map((f) => `${f} ${createHash('sha256').update(readFileSync(path.join(outbox, f))).digest('hex')}`);
    return JSON.stringify({ tasks, humans, files });
  } finally {
    await storage.stop();
  }
}
