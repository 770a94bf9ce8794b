/**
 * `triage human ...` as a user runs it, in a child process with its own TRIAGE_DATA_DIR.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnectors } from '../../connectors/index.ts';
import { createHeuristicReasoner } from '../../connectors/llm/heuristic/index.ts';
import { loadConfig } from '../../src/config.ts';
import { SqliteHumanTaskStore, SqliteTaskStore } from '../../src/store/sqlite/index.ts';
import { createHumanTaskService } from '../../src/human/service.ts';
import { loadPolicy } from '../../src/policy/load.ts';
import { createCli, STACK_LINE, type CliResult } from './cli-helper.ts';

const cli = createCli('triage-e2e-human-');
function human(args: string[]): Promise<CliResult> {
  return cli.run(['human', ...args]);
}

let humanTaskId = '';
let pipelineId = '';

beforeAll(async () => {
  // Seed a waiting pipeline task and its escalation, as a handoff leaves them.
  const tasks = new SqliteTaskStore(cli.dataDir);
  const humans = new SqliteHumanTaskStore(cli.dataDir);
  await tasks.start();
  await humans.start();
  const { task } = await tasks.create({ data: { note: 'handed off' }, source: { kind: 'cli' }, now: new Date() });
  pipelineId = (await tasks.save({ ...task, meta: { ...task.meta, state: 'waiting' } }, 1))._id;
  const service = createHumanTaskService({
    store: humans,
    engine: { store: tasks, addData: async () => Promise.reject(new Error('not used')) },
    policy: await loadPolicy(),
    connectors: await createConnectors(loadConfig({ TRIAGE_DATA_DIR: cli.dataDir }), { reasoner: createHeuristicReasoner() }),
  });
  const fields = [{ name: 'refund_amount', label: 'Refund', type: 'number' as const, required: true }];
  humanTaskId = (await service.openForHandoff({ taskId: pipelineId, title: 'Refund request', team: 'finance', priority: 'high', fields })).task._id;
  await humans.stop();
  await tasks.stop();
});
afterAll(() => cli.cleanup());

describe('triage human', () => {
  it('lists, claims, refuses a second claimer, validates answers and resolves, resuming the pipeline task', async () => {
    const list = await human(['list', '--status', 'pending,assigned', '--json']);
    expect(list.code, list.stderr).toBe(0);
    expect(cli.json(list)).toMatchObject({ total: 1, items: [{ _id: humanTaskId, team: 'finance', status: 'pending' }] });

    const claim = await human(['claim', humanTaskId, '--user', 'ann', '--json']);
    expect(claim.code, claim.stderr).toBe(0);
    expect(cli.json(claim)).toMatchObject({ status: 'assigned', assignedTo: 'ann' });

    const other = await human(['claim', humanTaskId, '--user', 'bob']);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/held by ann/);
    expect(other.stderr).not.toMatch(STACK_LINE);

    const wrong = await human(['resolve', humanTaskId, '--by', 'ann', '--decision', 'resolved', '--field', 'refund_amount=lots']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/refund_amount.*number/);

    const missing = await human(['resolve', humanTaskId, '--by', 'ann', '--decision', 'resolved']);
    expect(missing.stderr).toMatch(/refund_amount.*required/);

    const done = await human(['resolve', humanTaskId, '--by', 'ann', '--decision', 'resolved', '--field', 'refund_amount=120.5', '--field', 'needs_followup=yes', '--async', '--json']);
    expect(done.code, done.stderr).toBe(0);
    expect(cli.json(done)).toMatchObject({ status: 'completed', resolution: { decision: 'resolved', fields: { refund_amount: 120.5, needs_followup: true } } });

    const again = await human(['resolve', humanTaskId, '--by', 'ann', '--decision', 'resolved', '--field', 'refund_amount=1']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/completed/);

    const tasks = new SqliteTaskStore(cli.dataDir);
    await tasks.start();
    const pipeline = await tasks.get(pipelineId);
    await tasks.stop();
    expect(pipeline!.meta.state).toBe('ready');
    expect(pipeline!.data.human).toMatchObject({ taskId: humanTaskId, resolved: true, needs_followup: true, respondedBy: 'ann' });
  }, 120_000);

  it('explains unknown ids, bad options and a missing --to/--team in one line with exit code 2', async () => {
    const unknown = await human(['claim', 'NOPE', '--user', 'ann']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no human task with id NOPE.*triage human list/);
    const status = await human(['list', '--status', 'done']);
    expect(status.code).toBe(2);
    expect(status.stderr).toMatch(/--status "done"/);
    const assign = await human(['assign', humanTaskId]);
    expect(assign.code).toBe(2);
    expect(assign.stderr).toMatch(/--to USER or --team TEAM/);
    const field = await human(['resolve', humanTaskId, '--by', 'a', '--decision', 'resolved', '--field', 'novalue']);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/name=value/);
    for (const r of [unknown, status, assign, field]) expect(r.stderr).not.toMatch(STACK_LINE);
  });
});
