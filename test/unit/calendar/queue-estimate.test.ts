/**
 * The queue-aware promise, pure: a snapshot of the queue in, the later of the SLA promise and the
 * queue's estimate out, counted on the team's calendar. The example policy's finance team works
 * Mon-Fri 09:00-17:00 London time (GMT in March); every instant is given, nothing sleeps.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPromiseTime, promiseClock, promiseFor } from '../../../src/calendar/promise.ts';
import {
  callbackReason,
  handlingTime,
  queuedPromise,
  queueWaitMinutes,
  roundUpForWords,
  type QueueSnapshot,
} from '../../../src/calendar/queue-estimate.ts';
import { handlingMinutesOf, readQueueSnapshot } from '../../../src/calendar/queue-snapshot.ts';
import type { HumanTask, HumanTaskFilter } from '../../../src/human/types.ts';
import { loadPolicy } from '../../../src/policy/load.ts';
import type { Policy } from '../../../src/policy/schema.ts';

let policy: Policy;
beforeAll(async () => {
  policy = (await loadPolicy()).source;
});

const MONDAY_10 = new Date('2026-03-09T10:00:00Z');
const MONDAY_16 = new Date('2026-03-09T16:00:00Z');
const snapshot = (over: Partial<QueueSnapshot> = {}): QueueSnapshot => ({ ahead: 0, members: 3, available: 1, present: 1, open: true, handled: [], ...over });

/** finance, high priority, aiming for 60 minutes, with 20 minutes a ticket by default. */
function estimate(now: Date, snap: QueueSnapshot | null, defaultHandlingMinutes = 20) {
  const sla = promiseFor(policy, 'finance', 'high', now, 60);
  return queuedPromise({ now, sla, snapshot: snap, defaultHandlingMinutes, add: promiseClock(policy, 'finance', 'high').add });
}

describe('queuedPromise', () => {
  it('an empty queue with someone available keeps the SLA promise', () => {
    const p = estimate(MONDAY_10, snapshot());
    expect(p).toMatchObject({ at: new Date('2026-03-09T11:00:00Z'), withinMinutes: 60, zone: 'Europe/London', governedBy: 'sla' });
    expect(p.queue).toMatchObject({ ahead: 0, waitMinutes: 0, handlingFrom: 'default' });
    expect(p.explanation).toMatch(/^0 tickets ahead, 1 of 3 members available, ~20 min each .*within the SLA promise/);
  });

  it('a team without members keeps the SLA promise and says why', () => {
    const p = estimate(MONDAY_10, null);
    expect(p).toMatchObject({ at: new Date('2026-03-09T11:00:00Z'), withinMinutes: 60, governedBy: 'sla', queue: null });
    expect(p.explanation).toMatch(/^the team lists no members: the SLA promise stands/);
  });

  it('six tickets ahead of one person in hours: a later wait, rounded up to the words', () => {
    const p = estimate(MONDAY_10, snapshot({ ahead: 6 }));
    // 6 x 20 = 120 minutes, all inside Monday's hours.
    expect(p).toMatchObject({ governedBy: 'queue', withinMinutes: 120, at: new Date('2026-03-09T12:00:00Z') });
    expect(p.sla.at).toEqual(new Date('2026-03-09T11:00:00Z'));
    expect(p.explanation).toMatch(/^6 tickets ahead, 1 of 3 members available, ~20 min each \(policy default; 0 recent tasks measured\): by .*later than the SLA promise/);
    // 4 x 20 = 80 minutes is said as "within 2 hours", never "within an hour".
    expect(estimate(MONDAY_10, snapshot({ ahead: 4 }))).toMatchObject({ withinMinutes: 120, at: new Date('2026-03-09T12:00:00Z') });
  });

  it('a long queue at 16:00 runs past closing: 60 minutes on Monday, 60 on Tuesday from 09:00', () => {
    const p = estimate(MONDAY_16, snapshot({ ahead: 6 }));
    expect(p.sla).toMatchObject({ at: new Date('2026-03-09T17:00:00Z'), withinMinutes: 60 });
    expect(p).toMatchObject({ governedBy: 'queue', withinMinutes: null, at: new Date('2026-03-10T10:00:00Z') });
    expect(p.queue).toMatchObject({ waitMinutes: 120, at: new Date('2026-03-10T10:00:00Z') });
  });

  it('the docs\' example: six ahead at 16:00, 30 minutes each, is Tuesday 11:00', () => {
    const p = estimate(MONDAY_16, snapshot({ ahead: 6 }), 30);
    expect(p).toMatchObject({ governedBy: 'queue', withinMinutes: null, at: new Date('2026-03-10T11:00:00Z') });
    expect(formatPromiseTime(p.at, 'Europe/London', 'en')).toBe('Tuesday, March 10 at 11:00 AM GMT');
    expect(callbackReason(p, 120, false)).toMatch(/outside the team's hours/);
  });

  it('two available members share the queue', () => {
    expect(estimate(MONDAY_10, snapshot({ ahead: 6, available: 2, present: 2 })).queue?.waitMinutes).toBe(60);
    expect(estimate(MONDAY_10, snapshot({ ahead: 7, available: 3, present: 3 })).queue?.waitMinutes).toBe(40);
  });

  it('nobody available in hours: someone first finishes a ticket, then the queue', () => {
    // Nobody in at all: worked by one person once they are back, one handling time first.
    const p = estimate(MONDAY_10, snapshot({ ahead: 3, available: 0, present: 0 }));
    expect(p.queue?.waitMinutes).toBe(80);
    expect(p).toMatchObject({ governedBy: 'queue', withinMinutes: 120 });
    expect(p.explanation).toMatch(/^3 tickets ahead, 0 of 3 members available/);
    // Two members in but at capacity: (floor(3/2) + 1) x 20.
    expect(estimate(MONDAY_10, snapshot({ ahead: 3, available: 0, present: 2 })).queue?.waitMinutes).toBe(40);
    // An empty queue still waits one handling time, inside the SLA here.
    expect(estimate(MONDAY_10, snapshot({ ahead: 0, available: 0, present: 0 }))).toMatchObject({ governedBy: 'sla', queue: { waitMinutes: 20 } });
  });

  it('a measured handling time replaces the default once there are enough tasks', () => {
    const measured = estimate(MONDAY_10, snapshot({ ahead: 10, handled: [10, 12, 14, 16, 18] }), 30);
    expect(measured.queue).toMatchObject({ handlingMinutes: 14, handlingFrom: 'measured', samples: 5, waitMinutes: 140 });
    expect(measured).toMatchObject({ withinMinutes: 180, at: new Date('2026-03-09T13:00:00Z') });
    expect(measured.explanation).toContain('~14 min each (median of the last 5 tasks)');
    const tooFew = estimate(MONDAY_10, snapshot({ ahead: 10, handled: [10, 12, 14, 16] }), 30);
    expect(tooFew.queue).toMatchObject({ handlingMinutes: 30, handlingFrom: 'default', samples: 4, waitMinutes: 300 });
    expect(tooFew).toMatchObject({ withinMinutes: 300, at: new Date('2026-03-09T15:00:00Z') });
  });

  it('while the team is closed the queue counts from the opening', () => {
    const saturday = new Date('2026-03-14T12:00:00Z');
    const p = estimate(saturday, snapshot({ ahead: 9, open: false }));
    // SLA: Monday 10:00. Queue: 9 x 20 = 180 business minutes from Monday 09:00 = 12:00.
    expect(p.sla.at).toEqual(new Date('2026-03-16T10:00:00Z'));
    expect(p).toMatchObject({ governedBy: 'queue', withinMinutes: null, at: new Date('2026-03-16T12:00:00Z') });
    expect(p.explanation).toContain('1 of 3 members available when the team opens');
  });
});

describe('the pieces', () => {
  it('handling time: the median of at least five, else the default', () => {
    expect(handlingTime([5, 50, 20, 10, 40], 30)).toEqual({ minutes: 20, from: 'measured', samples: 5 });
    expect(handlingTime([5, 50, 20, 10, 40, 30], 30)).toEqual({ minutes: 25, from: 'measured', samples: 6 });
    expect(handlingTime([], 30)).toEqual({ minutes: 30, from: 'default', samples: 0 });
  });

  it('wait and words', () => {
    expect(queueWaitMinutes(5, 2, 2, 13)).toBe(30); // 2 x 13 = 26, up to 30
    expect([roundUpForWords(0), roundUpForWords(41), roundUpForWords(61), roundUpForWords(2880), roundUpForWords(2881)]).toEqual([0, 45, 120, 2880, 4320]);
  });

  it('callback: outside hours, or a wait over the setting, once', () => {
    const queue = { waitMinutes: 150 } as never;
    expect(callbackReason({ withinMinutes: null, zone: 'Europe/London', queue: null }, 120, false)).toMatch(/outside the team's hours/);
    expect(callbackReason({ withinMinutes: 180, zone: 'Europe/London', queue }, 120, false)).toMatch(/wait \(150 min\) is over callbacks.offer_when_wait_over_minutes \(120\)/);
    expect(callbackReason({ withinMinutes: 180, zone: 'Europe/London', queue }, 150, false)).toBeNull();
    expect(callbackReason({ withinMinutes: 60, zone: null, queue: null }, 120, false)).toBeNull();
    expect(callbackReason({ withinMinutes: null, zone: 'Europe/London', queue }, 120, true)).toBeNull();
  });
});

describe('reading the queue', () => {
  const at = (iso: string) => new Date(iso);
  const task = (over: Partial<HumanTask>): HumanTask => ({
    _id: 'h', key: 'k', type: 'escalation', status: 'pending', priority: 'high', title: 't', team: 'finance', queue: 'finance', skillTags: [], context: {}, fields: [],
    assignedTo: null, assignedToTeam: null, dueAt: at('2026-03-09T12:00:00Z'), escalationChain: ['finance'], level: 0, messages: [], resolution: null, events: [],
    version: 1, createdAt: at('2026-03-09T09:00:00Z'), updatedAt: at('2026-03-09T09:00:00Z'), claimedAt: null, ...over,
  });

  it('handling time runs from the last claim, start or assignment to a person until the resolution', () => {
    const resolution = { respondedBy: 'ana', decision: 'resolved', fields: {}, resolvedAt: at('2026-03-09T10:30:00Z') };
    expect(handlingMinutesOf(task({ resolution, claimedAt: at('2026-03-09T10:00:00Z'), events: [{ at: at('2026-03-09T10:00:00Z'), kind: 'claimed', by: 'ana' }] }))).toBe(30);
    expect(handlingMinutesOf(task({
      resolution,
      events: [
        { at: at('2026-03-09T09:00:00Z'), kind: 'assigned', by: 'assignment', detail: 'to ben by round_robin' },
        { at: at('2026-03-09T09:30:00Z'), kind: 'assigned', by: 'lead', detail: 'to team finance' },
        { at: at('2026-03-09T10:10:00Z'), kind: 'claimed', by: 'ana' },
      ],
    }))).toBe(20);
    expect(handlingMinutesOf(task({ resolution, events: [{ at: at('2026-03-09T09:30:00Z'), kind: 'assigned', detail: 'to team finance' }] }))).toBeNull();
    expect(handlingMinutesOf(task({ resolution: null, claimedAt: at('2026-03-09T10:00:00Z') }))).toBeNull();
  });

  it('counts unheld tasks as urgent or more, members who can take one, and the latest completed tasks', async () => {
    const members = [{ user: 'ana', skills: [], capacity: 2 }, { user: 'ben', skills: [], capacity: 5 }, { user: 'cy', skills: [], capacity: 5 }, { user: 'dee', skills: [], capacity: 5 }];
    const teams = { finance: { ...policy.teams.finance!, members } };
    const all: HumanTask[] = [
      task({ _id: 'p-crit', priority: 'critical' }),
      task({ _id: 'p-high', priority: 'high' }),
      task({ _id: 'own', priority: 'high' }),
      task({ _id: 'p-med', priority: 'medium' }),
      task({ _id: 'other-team', team: 'engineering', priority: 'critical' }),
      task({ _id: 'a1', status: 'assigned', assignedTo: 'ana' }),
      task({ _id: 'a2', status: 'in_progress', assignedTo: 'ana' }),
      // 22 completed tasks, due a day apart; the n-th took n minutes.
      ...Array.from({ length: 22 }, (_, i) => task({
        _id: `done${i}`, status: 'completed', dueAt: new Date(at('2026-02-01T12:00:00Z').getTime() + i * 86_400_000), claimedAt: at('2026-03-09T09:00:00Z'),
        resolution: { respondedBy: 'ben', decision: 'resolved', fields: {}, resolvedAt: new Date(at('2026-03-09T09:00:00Z').getTime() + (i + 1) * 60_000) },
      })),
      task({ _id: 'done-medium', status: 'completed', priority: 'medium', claimedAt: at('2026-03-09T09:00:00Z'), resolution: { respondedBy: 'ben', decision: 'resolved', fields: {}, resolvedAt: at('2026-03-10T09:00:00Z') } }),
    ];
    const queries: HumanTaskFilter[] = [];
    const list = async (f: HumanTaskFilter) => {
      queries.push(f);
      const statuses = f.status === undefined ? null : ([] as string[]).concat(f.status);
      const items = all
        .filter((t) => (f.team === undefined || t.team === f.team) && (!statuses || statuses.includes(t.status)) && (f.priority === undefined || t.priority === f.priority) && (f.assignedTo === undefined || t.assignedTo === f.assignedTo))
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      return { items: f.limit === 0 ? [] : items.slice(f.skip ?? 0, (f.skip ?? 0) + (f.limit ?? items.length)), total: items.length };
    };
    const users: Record<string, { username: string; presence: 'available' | 'away' | 'offline'; disabled: boolean; role: 'agent' | 'admin'; teams: string[] }> = {
      ana: { username: 'ana', presence: 'available', disabled: false, role: 'agent', teams: ['finance'] }, // at capacity (2 of 2)
      ben: { username: 'ben', presence: 'available', disabled: false, role: 'agent', teams: ['finance'] },
      cy: { username: 'cy', presence: 'away', disabled: false, role: 'agent', teams: ['finance'] },
      dee: { username: 'dee', presence: 'available', disabled: false, role: 'agent', teams: ['engineering'] }, // cannot see finance
    };
    const deps = {
      tasks: { list, get: async (id: string) => all.find((t) => t._id === id) ?? null },
      users: { byUsername: async (u: string) => (users[u] ?? null) as never },
      policy: { teams },
    };
    const snap = await readQueueSnapshot(deps, 'finance', 'high', MONDAY_10, 'own');
    // ahead: critical and high, not medium, not this ticket's own task, not another team's.
    expect(snap).toEqual({ ahead: 2, members: 4, available: 1, present: 2, open: true, handled: Array.from({ length: 20 }, (_, i) => i + 3) });
    // The handling time reads the 20 latest completed tasks of the priority; everything else is a count.
    expect(queries.filter((q) => q.limit !== 0)).toEqual([{ team: 'finance', status: 'completed', priority: 'high', skip: 2, limit: 20 }]);

    // At night everyone is away by the calendar: who set themselves available is who will be in.
    const night = await readQueueSnapshot(deps, 'finance', 'critical', new Date('2026-03-09T22:00:00Z'));
    expect(night).toMatchObject({ ahead: 1, open: false, available: 1, present: 2 });
  });
});
