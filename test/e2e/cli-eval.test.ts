/**
 * `triage eval` as a user runs it, on a tiny labelled CSV and JSONL written here (tickets made up for
 * the test). Goals are chosen on fields the pipeline copies from the ticket, so their pass or miss does
 * not move when the reasoner's judgement changes; the counts are checked by what must add up.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCli, filesUnder, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-eval-');
const dir = mkdtempSync(path.join(tmpdir(), 'triage-e2e-eval-specs-'));
afterAll(() => {
  cli.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, text: string): string => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};

const CONSTANTS = '  customerTier: paid\n  accountValue: 1000\n  previousTicketCount: 1\n';

const csvRows = [
  'text,mood,lang',
  '"I have asked three times and nobody answers. This is ridiculous, I want to talk to a manager now!",angry,en',
  'How do I export my invoices as PDF?,calm,en',
  '"My order arrived damaged.\nThe box was crushed, the lamp is broken.\nI want a refund today.",angry,en',
  '"Thanks, the new dashboard works great",calm,en',
  '"Wie kann ich mein Passwort zurücksetzen?\\nIch finde die Option nicht.",calm,de',
  'Bonjour je voudrais changer mon adresse de livraison,calm,fr',
];

let csvSpec: string;
let jsonlSpec: string;
const results: Record<string, CliResult> = {};

beforeAll(async () => {
  mkdirSync(path.join(dir, 'data'));
  write('data/tickets.csv', `${csvRows.join('\n')}\n`);
  write('data/chat.jsonl', [
    { utterance: 'i need to speak with a real person about my account', intent: 'contact_human_agent' },
    { utterance: 'where can i see the status of my refund', intent: 'track_refund' },
    { utterance: 'how do i change the shipping address on my order', intent: 'change_shipping_address' },
  ].map((r) => JSON.stringify(r)).join('\n'));
  csvSpec = write('csv.yaml', `data: data/tickets.csv
where: { lang: { $in: [en, de] } }
ticket:
  subject: Help
  description: { column: text, transform: unescape_newlines }
  channel: email
${CONSTANTS}measures:
  - id: angry_found
    title: angry tickets read as negative
    kind: binary
    positive: { mood: angry }
    predicted: { sentimentAnalysis.overallSentiment: { $in: [negative, very_negative] } }
  - id: channel_kept
    title: every ticket keeps its channel
    kind: rate
    rows: { mood: { $exists: true } }
    hit: { support.ticket.channel: email }
    goal: ">= 1"
  - id: mood_vs_channel
    title: a multiclass measure on a copied field
    kind: multiclass
    label: { column: mood, map: { angry: email, calm: email } }
    predicted: { path: support.ticket.channel }
    goals: { accuracy: ">= 100%", recall.email: ">= 1" }
`);
  jsonlSpec = write('jsonl.yaml', `data: data/chat.jsonl
ticket:
  description: { column: utterance }
  channel: chat
${CONSTANTS}measures:
  - id: phone_share
    title: tickets that came by phone (none did)
    kind: rate
    rows: { intent: { $exists: true } }
    hit: { support.ticket.channel: phone }
    goal: ">= 0.5"
`);
  results.csv = await cli.run(['eval', csvSpec, '--json', '--check', '--misses', '2']);
  results.jsonl = await cli.run(['eval', jsonlSpec, '--json', '--check']);
  results.text = await cli.run(['eval', jsonlSpec, '--limit', '2']);
}, 120_000);

describe('triage eval', () => {
  it('runs the selected rows through the pipeline and reports counts and measures as one JSON document', () => {
    expect(results.csv!.code, results.csv!.stderr).toBe(0);
    const report = cli.json(results.csv!);
    expect(report.rows).toEqual({ inFile: 6, selected: 5 });
    expect(report.tickets).toBe(5);
    expect(Object.values(report.states as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(5);
    expect(report.reasoner.name).toBe('heuristic');
    expect(report.reasoner.msPerTicket.median).toBeGreaterThan(0);
    expect(report.model.callsPerTicket).toBe(0);
    expect(report.ticketsPerSecond).toBeGreaterThan(0);
    const [angry, channel, multi] = report.measures;
    expect(angry.rows).toBe(5);
    expect(angry.counts.tp + angry.counts.fn).toBe(2);
    expect(angry.counts.fp + angry.counts.tn).toBe(3);
    expect(angry.misses.sample.length).toBeLessThanOrEqual(2);
    expect(angry.misses.total).toBe(angry.counts.fp + angry.counts.fn);
    expect(channel).toMatchObject({ rows: 5, counts: { hits: 5 }, headline: { metric: 'share', value: 1 }, pass: true });
    expect(multi).toMatchObject({ rows: 5, headline: { metric: 'accuracy', value: 1 }, pass: true, confusion: { classes: ['email'], matrix: [[5]] } });
    expect(report.pass).toBe(true);
  });

  it('exits 1 under --check when a goal is missed, and still prints the report', () => {
    expect(results.jsonl!.code).toBe(1);
    const report = cli.json(results.jsonl!);
    expect(report.tickets).toBe(3);
    expect(report.measures[0]).toMatchObject({ rows: 3, counts: { hits: 0 }, pass: false, misses: { total: 3 } });
    expect(report.measures[0].goals[0]).toMatchObject({ metric: 'share', value: 0, target: 0.5, pass: false });
    expect(report.pass).toBe(false);
  });

  it('prints a table per measure without --json, exit 0 without --check', () => {
    expect(results.text!.code).toBe(0);
    expect(results.text!.stdout).toMatch(/2 tickets from chat\.jsonl/);
    expect(results.text!.stdout).toMatch(/phone_share: .*\[MISS\]/);
    expect(results.text!.stdout).toMatch(/share\s+0\.000\s+goal >= 0\.5\s+MISS/);
    expect(results.text!.stdout).toMatch(/row 1 {2}"i need to speak with a real person/);
  });

  it('stores nothing: TRIAGE_DATA_DIR stays empty', () => {
    expect(filesUnder(cli.dataDir)).toEqual([]);
  });

  it.each([
    ['an unknown key', (spec: string) => spec.replace('goal: ">= 0.5"', 'gaol: ">= 0.5"'), /^triage: bad\.yaml:\d+:\d+ at measures\.0\.gaol: unknown key "gaol"/],
    ['a missing data file', (spec: string) => spec.replace('data/chat.jsonl', 'data/none.jsonl'), /^triage: cannot read the data file .*none\.jsonl/],
    ['an unknown column', (spec: string) => spec.replace('column: utterance', 'column: utterances'), /^triage: bad\.yaml:\d+:\d+ at ticket\.description\.column: no column "utterances"; chat\.jsonl has utterance, intent/],
  ])('refuses a spec with %s: exit 2, one line naming it, no stack', async (_name, edit, says) => {
    const bad = write('bad.yaml', edit(readFileSync(jsonlSpec, 'utf8')));
    const result = await cli.run(['eval', bad, '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(says);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(STACK_LINE);
  });

  it('refuses bad data naming the row before running anything', async () => {
    write('data/empty.csv', 'text,mood\nfine thanks,calm\n"   ",calm\n');
    const spec = write('empty.yaml', `data: data/empty.csv\nticket: { description: { column: text } }\nmeasures:\n  - { id: m, title: m, kind: rate, rows: {}, hit: {} }\n`);
    const result = await cli.run(['eval', spec]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^triage: empty\.csv row 2 \(line 3\): .*description: required/);
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(filesUnder(cli.dataDir)).toEqual([]);
  });
});
