import { describe, expect, it } from 'vitest';
import type { JsonObject, Task } from '../../../src/engine/types.ts';
import { analyticsCsv, csvCell } from '../../../src/reports/analytics-csv.ts';
import { computeAnalytics } from '../../../src/reports/analytics-measures.ts';
import { parsePeriod } from '../../../src/reports/analytics-period.ts';

const now = new Date('2026-11-30T12:00:00.000Z');

function task(id: string, data: JsonObject): Task {
  return {
    _id: id, data,
    meta: { state: 'done', version: 1, lease: null, runAfter: null, runs: [], usage: { calls: 0, promptTokens: 0, completionTokens: 0, byStep: {}, fallbacks: [] }, effects: [], schedules: [], source: { kind: 'inbox' }, error: null, flags: [], createdAt: new Date('2026-11-30T08:00:00Z'), updatedAt: now },
  };
}

/** A minimal RFC 4180 reader: enough to check that quoting round-trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += c;
  }
  return rows;
}

describe('analytics CSV', () => {
  it('neutralises cells a spreadsheet would run as a formula, and quotes separators', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2')).toBe("'-2");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell(0.25)).toBe('0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell('engineering')).toBe('engineering');
  });

  it('writes one row per figure under a fixed header; a hostile decision from model output stays text', () => {
    const hostile = '=cmd|"/c calc"!A1,x';
    const a = computeAnalytics(
      [task('a', { escalationDecision: { decision: hostile, escalationRecommended: true, trigger: { id: '@trigger' } }, escalationPreparation: { targetTeam: 'finance' } })],
      new Map(),
      parsePeriod({ since: '2026-11-30', until: '2026-12-01' }, now),
      now,
    );
    const text = analyticsCsv(a);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['section', 'measure', 'dimension', 'value', 'unit']);
    expect(rows.every((r) => r.length === 5)).toBe(true);
    expect(rows).toContainEqual(['tickets', 'total', '', '1', 'count']);
    expect(rows).toContainEqual(['tickets', 'perDay', '2026-11-30', '1', 'count']);
    expect(rows).toContainEqual(['escalations', 'byTeam', 'finance', '1', 'count']);
    expect(rows).toContainEqual(['escalations', 'byDecision', `'${hostile}`, '1', 'count']);
    expect(rows).toContainEqual(['escalations', 'byTrigger', "'@trigger", '1', 'count']);
    expect(rows).toContainEqual(['automation', 'shareWithoutPerson', '', '0', 'ratio']);
    expect(rows).toContainEqual(['times', 'toHandoff', 'p50', '', 'ms']);
    // No cell, once parsed, starts with a formula character.
    expect(rows.flat().filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
  });
});
