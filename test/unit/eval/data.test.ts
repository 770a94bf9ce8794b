import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadRows } from '../../../src/eval/data.ts';
import { buildTicket, TRANSFORMS } from '../../../src/eval/tickets.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'triage-eval-data-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('labelled data', () => {
  it('reads CSV with quoted multi-line fields, doubled quotes and a BOM, and knows where each row starts', async () => {
    const file = write('multi.csv', '\uFEFFsubject,body,mood\r\n'
      + 'Login,"I cannot log in.\nIt says ""locked"".\nPlease help",angry\r\n'
      + 'Export,How do I export?,calm\r\n'
      + '"Two, words","line one\\nline two",calm\r\n');
    const { rows, columns } = await loadRows(file, 'csv');
    expect([...columns]).toEqual(['subject', 'body', 'mood']);
    expect(rows.map((r) => r.index)).toEqual([1, 2, 3]);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 6]);
    expect(rows[0]!.values.body).toBe('I cannot log in.\nIt says "locked".\nPlease help');
    expect(rows[2]!.values.subject).toBe('Two, words');
    // The literal backslash-n stays as written until a transform asks for newlines.
    expect(rows[2]!.values.body).toBe('line one\\nline two');
  });

  it('names the file and line of broken CSV and JSON Lines', async () => {
    await expect(loadRows(write('bad.csv', 'a,b\n1,2\n3\n'), 'csv')).rejects.toThrow(/bad\.csv: not valid CSV: .*line 3/);
    await expect(loadRows(write('bad.jsonl', '{"a":1}\n\n{"a":\n'), 'jsonl')).rejects.toThrow(/bad\.jsonl:3: not valid JSON/);
    await expect(loadRows(write('arr.jsonl', '[1,2]\n'), 'jsonl')).rejects.toThrow(/arr\.jsonl:1: each line must be a JSON object/);
    await expect(loadRows(path.join(dir, 'missing.csv'), 'csv')).rejects.toThrow(/cannot read the data file .*missing\.csv/);
  });

  it('reads JSON Lines with their types and skips blank lines', async () => {
    const { rows } = await loadRows(write('ok.jsonl', '{"text":"hi there","n":2}\n\n{"text":"bye","tags":["x"]}\n'), 'jsonl');
    expect(rows).toEqual([
      { index: 1, line: 1, values: { text: 'hi there', n: 2 } },
      { index: 2, line: 3, values: { text: 'bye', tags: ['x'] } },
    ]);
  });
});

describe('tickets from rows', () => {
  const row = { index: 7, line: 9, values: { subject: '', body: 'Dear team,\\n\\nmy invoice is wrong.\\r\\nThanks', value: '250' } };

  it('turns literal \\n sequences into newlines', () => {
    expect(TRANSFORMS.unescape_newlines!('a\\nb\\r\\nc')).toBe('a\nb\nc');
    expect(TRANSFORMS.unescape_newlines!(3)).toBe(3);
  });

  it('builds constants and columns, leaves empty cells out and numbers the row as its id', () => {
    const ticket = buildTicket(row, {
      subject: { column: 'subject' },
      description: { column: 'body', transform: ['unescape_newlines', 'trim'] },
      accountValue: { column: 'value', transform: 'number' },
      channel: 'email',
      previousTicketCount: 1,
    });
    expect(ticket).toEqual({ id: '7', description: 'Dear team,\n\nmy invoice is wrong.\nThanks', accountValue: 250, channel: 'email', previousTicketCount: 1 });
  });

  it('names the field and column when a transform fails', () => {
    expect(() => buildTicket(row, { description: { column: 'body', transform: 'number' } })).toThrow(/ticket\.description \(column body\): .* is not a number/);
  });
});
