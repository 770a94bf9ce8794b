/**
 * `triage policy diff`: what changed between two policies, compared after validation with defaults
 * applied, so comments, layout, key order and defaults spelled out make no difference, and a change
 * is named by what it is (a trigger's priority, a route's team, a threshold) rather than by line.
 */
import type { CompiledPolicy } from '../policy/compile.ts';
import type { Policy, Trigger } from '../policy/schema.ts';

/** One changed value; `path` is dotted from the policy's root (or the trigger, for trigger changes). */
export interface Change {
  path: string;
  from: unknown;
  to: unknown;
}

export interface TriggerChange {
  id: string;
  /** The attributes that changed: when, reason, priority, decision, urgency, team, notify, tags. */
  attributes: string[];
  /** Leaf changes, e.g. `when.sentimentAnalysis.frustrationLevel.$gte: 70 -> 80`. */
  changes: Change[];
}

/** Everything `policy diff --json` prints. */
export interface PolicyDiff {
  a: { file: string; version: string };
  b: { file: string; version: string };
  identical: boolean;
  triggers: {
    added: { id: string; position: number }[];
    removed: { id: string; position: number }[];
    /** The order of the triggers both files have, when it differs (the first match fires, so order matters). */
    reordered: { from: string[]; to: string[] } | null;
    changed: TriggerChange[];
  };
  /** Every other change, by section (teams, routing, thresholds, timings, sla, on_human_complete, ...). */
  sections: Record<string, Change[]>;
}

function lastPart(dir: string): string {
  return dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? dir;
}

/**
 * The policy as its version sees it: folders are absolute after loading, and only their last part
 * says anything about the policy (as in src/policy/version.ts).
 */
export function comparable(policy: Policy): Record<string, unknown> {
  return JSON.parse(JSON.stringify({
    ...policy,
    languages: { ...policy.languages, replies: lastPart(policy.languages.replies) },
    ...(policy.knowledge_base ? { knowledge_base: { ...policy.knowledge_base, dir: lastPart(policy.knowledge_base.dir) } } : {}),
  })) as Record<string, unknown>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON with sorted keys: two conditions written in another key order are the same condition. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'undefined';
}

/** Leaf differences between two JSON values; arrays of different length count as one change. */
export function deepChanges(a: unknown, b: unknown, path: string[] = []): Change[] {
  if (canonical(a) === canonical(b)) return [];
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    return keys.flatMap((key) => deepChanges(a[key], b[key], [...path, key]));
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item) => isObject(item) || Array.isArray(item))) {
    return a.flatMap((item, i) => deepChanges(item, b[i], [...path, String(i)]));
  }
  return [{ path: path.join('.'), from: a, to: b }];
}

const TRIGGER_ATTRIBUTES: (keyof Trigger)[] = ['when', 'reason', 'priority', 'decision', 'urgency', 'team', 'notify', 'tags'];

function diffTriggers(a: Trigger[], b: Trigger[]): PolicyDiff['triggers'] {
  const aIds = a.map((t) => t.id);
  const bIds = b.map((t) => t.id);
  const common = aIds.filter((id) => bIds.includes(id));
  const orderB = bIds.filter((id) => aIds.includes(id));
  const changed: TriggerChange[] = [];
  for (const id of common) {
    const from = a.find((t) => t.id === id)!;
    const to = b.find((t) => t.id === id)!;
    const attributes = TRIGGER_ATTRIBUTES.filter((key) => canonical(from[key]) !== canonical(to[key]));
    if (attributes.length > 0) changed.push({ id, attributes, changes: attributes.flatMap((key) => deepChanges(from[key], to[key], [key])) });
  }
  return {
    added: bIds.flatMap((id, position) => (aIds.includes(id) ? [] : [{ id, position }])),
    removed: aIds.flatMap((id, position) => (bIds.includes(id) ? [] : [{ id, position }])),
    reordered: common.join('\u0000') === orderB.join('\u0000') ? null : { from: common, to: orderB },
    changed,
  };
}

/** Compares two loaded policies. */
export function diffPolicies(a: { file: string; policy: CompiledPolicy }, b: { file: string; policy: CompiledPolicy }): PolicyDiff {
  const left = comparable(a.policy.source);
  const right = comparable(b.policy.source);
  const sections: Record<string, Change[]> = {};
  for (const key of [...new Set([...Object.keys(left), ...Object.keys(right)])]) {
    if (key === 'triggers') continue;
    const changes = deepChanges(left[key], right[key], [key]);
    if (changes.length > 0) sections[key] = changes;
  }
  const triggers = diffTriggers(a.policy.source.triggers, b.policy.source.triggers);
  const identical = Object.keys(sections).length === 0 && triggers.added.length === 0 && triggers.removed.length === 0 && triggers.reordered === null && triggers.changed.length === 0;
  return {
    a: { file: a.file, version: a.policy.version },
    b: { file: b.file, version: b.policy.version },
    identical,
    triggers,
    sections,
  };
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

/** The diff as text, one change a line. */
export function formatDiff(diff: PolicyDiff): string {
  const lines = [`A: ${diff.a.file} (version ${diff.a.version})`, `B: ${diff.b.file} (version ${diff.b.version})`];
  if (diff.identical) {
    lines.push(
      diff.a.version === diff.b.version
        ? 'the policies are the same: the files differ at most in comments, layout, key order or defaults spelled out'
        : 'no semantic difference found, though the versions differ (report this)',
    );
    return lines.join('\n');
  }
  const t = diff.triggers;
  if (t.added.length || t.removed.length || t.reordered || t.changed.length) lines.push('triggers (the first match fires):');
  for (const added of t.added) lines.push(`  + ${added.id} added at position ${added.position + 1}`);
  for (const removed of t.removed) lines.push(`  - ${removed.id} removed (was at position ${removed.position + 1})`);
  if (t.reordered) lines.push(`  ~ reordered: ${t.reordered.from.join(', ')}  ->  ${t.reordered.to.join(', ')}`);
  for (const change of t.changed) {
    lines.push(`  ~ ${change.id}: ${change.attributes.join(', ')} changed`);
    for (const leaf of change.changes) lines.push(`      ${leaf.path}: ${show(leaf.from)} -> ${show(leaf.to)}`);
  }
  for (const [section, changes] of Object.entries(diff.sections)) {
    lines.push(`${section}:`);
    for (const change of changes) lines.push(`  ${change.path}: ${show(change.from)} -> ${show(change.to)}`);
  }
  return lines.join('\n');
}
