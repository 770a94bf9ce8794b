/**
 * Scoring of the heuristic reasoner against the labelled generalisation set
 * (`fixtures/reasoner/generalisation.json`). Shared by the test and by anyone re-measuring by hand.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Assessment } from '../../../connectors/llm/schemas.ts';
import type { TicketFacts } from '../../../connectors/llm/types.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type OneOrMany = string | string[];

export interface Expectation {
  category?: OneOrMany;
  priority?: OneOrMany;
  /** '<N', '>N' or 'A-B' on frustrationLevel. */
  frustration?: string;
  complexity?: string[];
  signals?: string[];
  noSignals?: boolean;
  forbid?: string[];
  urgency?: string[];
  urgencyAny?: string[];
  language?: string;
  issueType?: string;
  technicalKnowledge?: string;
  repeatIssue?: boolean;
}

export interface LabelledTicket {
  id: string;
  split: 'dev' | 'heldout';
  kind: string;
  ticket: TicketFacts;
  expect: Expectation;
}

/** Reads a task-data ticket (`support.ticket` shape) from a fixture file as the reasoner sees it. */
export function loadTicketFixture(name: string): TicketFacts {
  const raw = JSON.parse(readFileSync(`${REPO_ROOT}fixtures/tickets/${name}.json`, 'utf8')) as { support: { ticket: TicketFacts } };
  return raw.support.ticket;
}

export function loadGeneralisationSet(): LabelledTicket[] {
  return (JSON.parse(readFileSync(`${REPO_ROOT}fixtures/reasoner/generalisation.json`, 'utf8')) as { tickets: LabelledTicket[] }).tickets;
}

const oneOf = (want: OneOrMany, got: string): boolean => (Array.isArray(want) ? want.includes(got) : want === got);

export function inBand(band: string, value: number): boolean {
  const lt = /^<(\d+)$/.exec(band);
  if (lt) return value < Number(lt[1]);
  const gt = /^>(\d+)$/.exec(band);
  if (gt) return value > Number(gt[1]);
  const range = /^(\d+)-(\d+)$/.exec(band);
  if (range) return value >= Number(range[1]) && value <= Number(range[2]);
  throw new Error(`bad frustration band '${band}'`);
}

/** Per-field verdicts for one ticket: `true` right, `false` wrong; fields without a label are absent. */
export function judge(e: Expectation, a: Assessment): Record<string, boolean> {
  const c = a.classification;
  const s = a.analysis;
  const out: Record<string, boolean> = {};
  if (e.category) out.category = oneOf(e.category, c.category);
  if (e.priority) out.priority = oneOf(e.priority, c.priority);
  if (e.frustration) out.frustration = inBand(e.frustration, s.sentiment.frustrationLevel);
  if (e.complexity) out.complexity = e.complexity.includes(c.complexity);
  if (e.signals || e.noSignals || e.forbid) {
    const present = new Set<string>(c.escalationSignals);
    out.signals = (e.signals ?? []).every((x) => present.has(x))
      && (!e.noSignals || present.size === 0)
      && (e.forbid ?? []).every((x) => !present.has(x));
  }
  if (e.urgency || e.urgencyAny) {
    const present = new Set<string>(c.urgencyIndicators);
    out.urgency = (e.urgency ?? []).every((x) => present.has(x)) && (!e.urgencyAny || e.urgencyAny.some((x) => present.has(x)));
  }
  out.language = c.language === (e.language ?? 'en');
  if (e.issueType) out.issueType = c.issueType === e.issueType;
  if (e.technicalKnowledge) out.technicalKnowledge = s.communication.technicalKnowledge === e.technicalKnowledge;
  if (e.repeatIssue !== undefined) out.repeatIssue = s.repeatIssue === e.repeatIssue;
  return out;
}

/** Accuracy per field over a set of verdicts, plus `all` (every labelled field right, per ticket). */
export function accuracy(verdicts: Record<string, boolean>[]): Record<string, { right: number; total: number; rate: number }> {
  const tally: Record<string, { right: number; total: number; rate: number }> = {};
  const count = (field: string, ok: boolean): void => {
    const t = (tally[field] ??= { right: 0, total: 0, rate: 0 });
    t.total += 1;
    if (ok) t.right += 1;
    t.rate = t.right / t.total;
  };
  for (const v of verdicts) {
    for (const [field, ok] of Object.entries(v)) count(field, ok);
    count('all', Object.values(v).every(Boolean));
  }
  return tally;
}
