/**
 * Seeding a place with `n` processed tasks quickly: each is created through the store and saved once
 * with a rested document from the profile run (so its size and run records are real), and every
 * escalated one gets a human task, of which one in five is still open (the rest completed).
 */
import type { HumanPriority, HumanTask } from '../../src/human/types.ts';
import type { JsonObject, Task } from '../../src/engine/types.ts';
import { startBenchApp, type App } from '../app.ts';
import type { Place } from '../places.ts';
import type { Profile } from './profile.ts';

const PRIORITIES: HumanPriority[] = ['low', 'medium', 'high', 'critical'];
/** Writes in flight while seeding (a MongoDB server overlaps them; nedb queues them). */
const IN_FLIGHT = 8;
/** Distinct customers in seeded data: the filtered task list matches about 1 task in this many. */
export const SEED_CUSTOMERS = 500;
export const FILTER_CUSTOMER = 'SEED-CUST-7';

function seededData(template: Task, i: number): JsonObject {
  const support = template.data.support as JsonObject;
  const ticket = support.ticket as JsonObject;
  return { ...template.data, support: { ...support, ticket: { ...ticket, id: `SEED-${i}`, customerId: `SEED-CUST-${i % SEED_CUSTOMERS}` } } };
}

async function seedOne(app: App, profile: Profile, teams: readonly string[], i: number, now: number): Promise<void> {
  const template = profile.tasks[i % profile.tasks.length]!;
  const createdAt = new Date(now - ((i * 7919) % (90 * 86_400_000)));
  const { task } = await app.store.create({ data: seededData(template, i), source: { kind: 'import', externalId: `SEED-${i}` }, now: createdAt });
  const meta = { ...template.meta, state: template.meta.state, lease: null, version: task.meta.version + 1, source: task.meta.source, createdAt, updatedAt: createdAt };
  await app.store.save({ ...task, meta }, task.meta.version);
  const human = profile.humanTasks.find((h) => h.taskId === template._id);
  if (!human) return;
  const team = teams[i % teams.length]!;
  const { task: opened } = await app.humanTasks.store.create(
    {
      key: `${task._id}:escalation`,
      taskId: task._id,
      type: human.type,
      priority: PRIORITIES[i % PRIORITIES.length]!,
      title: human.title,
      team,
      queue: `${team}-queue`,
      skillTags: human.skillTags,
      context: human.context,
      fields: human.fields,
      dueAt: new Date(now + ((i % 240) - 60) * 60_000),
      escalationChain: [team],
    },
    new Date(now),
  );
  if (i % 5 === 0) return;
  const resolved: HumanTask = {
    ...opened,
    status: 'completed',
    assignedTo: 'seed-agent',
    resolution: { respondedBy: 'seed-agent', decision: 'resolved', fields: {}, resolvedAt: new Date(now) },
    updatedAt: new Date(now),
  };
  await app.humanTasks.store.save(resolved, opened.version);
}

/** Seeds `n` tasks; returns the milliseconds it took. */
export async function seed(place: Place, profile: Profile, n: number): Promise<number> {
  const app = await startBenchApp(place.env);
  try {
    const teams = Object.keys(app.policy.source.teams);
    const now = Date.now();
    const started = performance.now();
    let next = 0;
    const lane = async () => {
      for (let i = next++; i < n; i = next++) await seedOne(app, profile, teams, i, now);
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
    return performance.now() - started;
  } finally {
    await app.stop();
  }
}
