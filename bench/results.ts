/**
 * What each scenario measured, per store: the shape `run.ts` collects, `report.ts` prints and
 * `chart.ts` draws (and `results.json` keeps).
 */
import type { StoreSettings } from './options.ts';
import type { LatencySummary } from './stats.ts';

export interface Throughput {
  tickets: number;
  ms: number;
  perSecond: number | null;
  /** Tickets that reached a person (human_handoff ran). */
  escalated: number;
  /** Tickets that ended `failed` (should be 0). */
  failed: number;
  /** Submit -> end of human_handoff, escalated tickets. */
  handoff: LatencySummary;
  /** Submit -> end of the last step. */
  rest: LatencySummary;
}

export interface FloorResult {
  tickets: number;
  ms: number;
  perSecond: number | null;
  /** Store calls per ticket by `store.method` (averaged over the four sample tickets). */
  callsPerTicket: Record<string, number>;
  /** Share of the floor's time per `store.method`. */
  timeShare: Record<string, number>;
  /** Average size of a rested task as JSON. */
  taskBytes: number;
}

export interface ThroughputPair {
  floor: number | null;
  pipeline: number | null;
}

export interface LatencyRun {
  /** Arrival rate asked for, tickets/s. */
  rate: number;
  seconds: number;
  /** What the submitter actually achieved (it falls behind when a submit takes longer than the gap). */
  achievedRate: number;
  result: Throughput;
}

export interface GrowthPoint {
  storedTasks: number;
  seedMs: number;
  /** startApp in a fresh process over the seeded data. */
  startupMs: number;
  rssStartMiB: number;
  rssAfterMiB: number;
  diskBytes: number | null;
  pipeline: Throughput;
  inboxAllTeams: LatencySummary;
  inboxOneTeam: LatencySummary;
  taskList: LatencySummary;
  taskListFiltered: LatencySummary;
}

export interface Skipped {
  name: string;
  reason: string;
}

export interface StoreResult {
  /** `embedded` or `mongodb`. */
  target: string;
  settings: StoreSettings;
  /** The storage's own name (`sqlite`, `nedb`, `mongodb`). */
  store: string;
  server?: string;
  /** The floor and the in-process pipeline of the pair (see `pairs`) whose ratio is the median. */
  floor?: FloorResult;
  /** In-process worker. */
  pipeline?: Throughput;
  /** Tickets/s of every floor and pipeline run, in the order they alternated. */
  pairs: ThroughputPair[];
  /** `triage worker` child processes (mongodb), by process count. */
  workerProcesses: { workers: number; result: Throughput }[];
  latency?: LatencyRun;
  naive?: Throughput;
  growth: GrowthPoint[];
  skipped: Skipped[];
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  environment: { cpus: number; cpuModel: string; node: string; platform: string; totalMemGiB: number };
  /** Calls behind each listing figure. */
  rounds: number;
  stores: StoreResult[];
  /** Stores not measured, and why. */
  unavailable: Skipped[];
}
