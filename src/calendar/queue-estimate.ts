/**
 * The queue-aware promise: when a person will get back to a customer, counting the tickets waiting
 * ahead in the team's queue, who is there to take them and how long a ticket takes, not only the SLA.
 * The customer is promised the later of the SLA promise (promise.ts) and this estimate, both on the
 * team's clock. Pure: what the stores hold comes in a `QueueSnapshot` (queue-snapshot.ts).
 *
 * The model is deliberately simple and says so in its explanation: the `available` members work the
 * tasks ahead in parallel, one at a time each, `handlingMinutes` per task; this ticket is picked up
 * once every task ahead of it has been picked up. With nobody available, someone first has to finish
 * what they hold (one more handling time).
 */
import type { Promise_ } from './promise.ts';

const MINUTE = 60_000;

/** Handling times measured from fewer tasks than this are not trusted: the policy's default is used. */
export const MIN_HANDLING_SAMPLES = 5;
/** How many of the team's last completed tasks the handling time is measured over. */
export const HANDLING_SAMPLE_SIZE = 20;

/** What the stores say about the team's queue at one instant (queue-snapshot.ts reads it). */
export interface QueueSnapshot {
  /** Open tasks of the team nobody holds yet (pending), as urgent as this ticket or more; this ticket's own task excluded. */
  ahead: number;
  /** Members the policy lists for the team. */
  members: number;
  /**
   * Members who can take a task: effectively available (src/assignment/presence.ts) and below their
   * capacity. While the team is closed: those who set themselves available, i.e. who will be in when it opens.
   */
  available: number;
  /** Members who are in, whatever their load (the same presence rule as `available`). */
  present: number;
  /** Whether the team's calendar is open now. */
  open: boolean;
  /** Minutes from taking to resolving each of the team's recently completed tasks (claim or assignment to resolution). */
  handled: number[];
}

export interface QueueEstimate {
  ahead: number;
  available: number;
  members: number;
  open: boolean;
  /** Minutes per task the estimate assumed. */
  handlingMinutes: number;
  /** `measured` from `samples` recent tasks (their median), or the policy's `default`. */
  handlingFrom: 'measured' | 'default';
  samples: number;
  /** Working minutes until a person picks this ticket up, rounded up to 5. */
  waitMinutes: number;
  /** `waitMinutes` later on the team's clock. */
  at: Date;
}

/** The customer's promise with where it came from. */
export interface QueuedPromise extends Promise_ {
  /** The promise from the calendar and the SLA minutes alone. */
  sla: Promise_;
  /** The queue estimate; null for a team that lists no members (the SLA promise then stands alone). */
  queue: QueueEstimate | null;
  /** Which of the two the customer is promised: the later one. */
  governedBy: 'sla' | 'queue';
  /** One line for the run record and the response data. */
  explanation: string;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Minutes per task: the median of the measured ones when there are enough, else the policy's default. */
export function handlingTime(handled: readonly number[], defaultMinutes: number): { minutes: number; from: 'measured' | 'default'; samples: number } {
  const valid = handled.filter((m) => Number.isFinite(m) && m >= 0);
  if (valid.length < MIN_HANDLING_SAMPLES) return { minutes: defaultMinutes, from: 'default', samples: valid.length };
  // At least one minute: a queue of tasks closed in seconds still takes a person some time each.
  return { minutes: Math.max(1, Math.round(median(valid))), from: 'measured', samples: valid.length };
}

/** Working minutes until this ticket is picked up; see the module comment for the model. */
export function queueWaitMinutes(ahead: number, available: number, present: number, handlingMinutes: number): number {
  const raw = available > 0
    ? Math.floor(ahead / available) * handlingMinutes
    : (Math.floor(ahead / Math.max(1, present)) + 1) * handlingMinutes;
  return Math.ceil(raw / 5) * 5;
}

/**
 * A wait as the reply words it (connectors/llm/replies.ts `formatWait` rounds to minutes, hours or
 * days), rounded up so the words never promise sooner than the estimate.
 */
export function roundUpForWords(minutes: number): number {
  if (minutes < 60) return Math.ceil(minutes / 5) * 5;
  if (minutes < 48 * 60) return Math.ceil(minutes / 60) * 60;
  return Math.ceil(minutes / 1440) * 1440;
}

export interface QueueEstimateInput {
  now: Date;
  /** The promise from the calendar and the SLA minutes (promiseFor). */
  sla: Promise_;
  /** The queue at `now`; null for a team without members (or a queue that could not be read): the SLA promise stands. */
  snapshot: QueueSnapshot | null;
  /** Why there is no snapshot, for the explanation; "the team lists no members" by default. */
  withoutQueue?: string;
  /** `timings.handling_minutes`: minutes per task when too few recent tasks were measured. */
  defaultHandlingMinutes: number;
  /** The team's clock for this priority (promiseClock in promise.ts). */
  add(from: Date, minutes: number): Date;
  /** Says a time in the team's zone for the explanation; ISO when absent. */
  formatTime?: (at: Date) => string;
}

/** The later of the SLA promise and the queue estimate, with a one-line explanation. */
export function queuedPromise(input: QueueEstimateInput): QueuedPromise {
  const { now, sla, snapshot } = input;
  const say = input.formatTime ?? ((at: Date) => at.toISOString());
  if (!snapshot) {
    return { ...sla, sla, queue: null, governedBy: 'sla', explanation: `${input.withoutQueue ?? 'the team lists no members'}: the SLA promise stands (${say(sla.at)})` };
  }
  const handling = handlingTime(snapshot.handled, input.defaultHandlingMinutes);
  const waitMinutes = queueWaitMinutes(snapshot.ahead, snapshot.available, snapshot.present, handling.minutes);
  const queueAt = input.add(now, waitMinutes);
  const queue: QueueEstimate = {
    ahead: snapshot.ahead,
    available: snapshot.available,
    members: snapshot.members,
    open: snapshot.open,
    handlingMinutes: handling.minutes,
    handlingFrom: handling.from,
    samples: handling.samples,
    waitMinutes,
    at: queueAt,
  };
  const who = `${snapshot.available} of ${snapshot.members} member${snapshot.members === 1 ? '' : 's'} available${snapshot.open ? '' : ' when the team opens'}`;
  const each = `~${handling.minutes} min each (${handling.from === 'measured' ? `median of the last ${handling.samples} tasks` : `policy default; ${handling.samples} recent task${handling.samples === 1 ? '' : 's'} measured`})`;
  const facts = `${snapshot.ahead} ticket${snapshot.ahead === 1 ? '' : 's'} ahead, ${who}, ${each}`;
  if (queueAt.getTime() <= sla.at.getTime()) {
    return { ...sla, sla, queue, governedBy: 'sla', explanation: `${facts}: queue by ${say(queueAt)}, within the SLA promise (${say(sla.at)})` };
  }
  // Said as a wait only while the team works the whole time until then, like the SLA promise.
  const words = roundUpForWords(waitMinutes);
  const wordsAt = input.add(now, words);
  const promise: Promise_ = wordsAt.getTime() === now.getTime() + words * MINUTE
    ? { at: wordsAt, withinMinutes: words, zone: sla.zone }
    : { at: queueAt, withinMinutes: null, zone: sla.zone };
  return { ...promise, sla, queue, governedBy: 'queue', explanation: `${facts}: by ${say(promise.at)}, later than the SLA promise (${say(sla.at)})` };
}

/**
 * Whether the reply offers a callback: the promise runs over the team's closed hours (it is said as a
 * time), or the queue's wait is longer than `callbacks.offer_when_wait_over_minutes`. Once per ticket:
 * `alreadyOffered` wins.
 */
export function callbackReason(promise: Pick<QueuedPromise, 'withinMinutes' | 'zone' | 'queue'>, offerWhenWaitOverMinutes: number, alreadyOffered: boolean): string | null {
  if (alreadyOffered) return null;
  if (promise.withinMinutes === null && promise.zone) return 'the answer is promised outside the team\'s hours';
  if (promise.queue && promise.queue.waitMinutes > offerWhenWaitOverMinutes) {
    return `the queue's wait (${promise.queue.waitMinutes} min) is over callbacks.offer_when_wait_over_minutes (${offerWhenWaitOverMinutes})`;
  }
  return null;
}
