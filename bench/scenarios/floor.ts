/**
 * The floor: the recorded store calls of the sample tickets replayed in a bare loop on a fresh place,
 * ticket after ticket, as fast as the store answers.
 */
import { startBenchApp } from '../app.ts';
import type { Place } from '../places.ts';
import { replayTicket, type Breakdown } from '../replay.ts';
import type { FloorResult } from '../results.ts';
import { WARM_UP } from '../measure.ts';
import { perSecond } from '../stats.ts';
import type { Profile } from './profile.ts';

export async function floor(place: Place, recorded: Profile, tickets: number): Promise<FloorResult> {
  const app = await startBenchApp(place.env);
  try {
    const stores = { tasks: app.store, humanTasks: app.humanTasks.store };
    const breakdown: Breakdown = {};
    for (let i = 0; i < WARM_UP; i++) await replayTicket(stores, recorded.calls[i % recorded.calls.length]!, `FLOOR-WARM-${i}`);
    const started = performance.now();
    for (let i = 0; i < tickets; i++) await replayTicket(stores, recorded.calls[i % recorded.calls.length]!, `FLOOR-${i}`, breakdown);
    const ms = performance.now() - started;
    const total = Object.values(breakdown).reduce((a, b) => a + b, 0);
    const timeShare = Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, total > 0 ? v / total : 0]));
    return { tickets, ms, perSecond: perSecond(tickets, ms), callsPerTicket: recorded.callsPerTicket, timeShare, taskBytes: recorded.taskBytes };
  } finally {
    await app.stop();
  }
}
