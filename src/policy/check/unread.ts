/**
 * Settings the schema accepts but nothing in the code reads. A user who writes one expects it to do
 * something, so writing one is an error that says so. This list is the one place to change when a
 * setting starts being read (remove its entry) or stops being read (add one); entries were found by
 * searching the code for readers (`business_hours` is refused by the schema itself, and
 * `on_error.then` is read by src/engine/on-error.ts; `teams.*.members` by src/assignment/;
 * `timings.handling_minutes` and `callbacks.offer_when_wait_over_minutes` by steps/customer-response.ts).
 */
import type { CheckProblem } from './problem.ts';

/** A setting nobody reads: where it is written (`*` stands for any team id or list index) and why. */
export interface UnreadSetting {
  path: readonly string[];
  /** Why it has no effect, in one clause. */
  reason: string;
  /** What to do instead. */
  fix: string;
}

export const UNREAD_SETTINGS: readonly UnreadSetting[] = [
  {
    path: ['teams', '*', 'skills'],
    reason: 'nothing routes or assigns by a team\'s skills',
    fix: 'remove it; tag handoffs with routing.categories.<category>.skill_tags instead',
  },
];

/** Every concrete path in `value` matching `pattern` (`*` matches any key or index). */
function matches(value: unknown, pattern: readonly string[], prefix: (string | number)[] = []): (string | number)[][] {
  if (pattern.length === 0) return [prefix];
  if (typeof value !== 'object' || value === null) return [];
  const [head, ...rest] = pattern as [string, ...string[]];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, i) => [i, item]) : Object.entries(value);
  return entries
    .filter(([key]) => head === '*' || String(key) === head)
    .flatMap(([key, item]) => matches(item, rest, [...prefix, key]));
}

/** An error for each unread setting written in the policy `input` (as written: defaults do not count). */
export function unreadSettingProblems(input: unknown, settings: readonly UnreadSetting[] = UNREAD_SETTINGS): CheckProblem[] {
  return settings.flatMap((setting) =>
    matches(input, setting.path).map((path) => ({
      path,
      atKey: true,
      message: `"${String(path.at(-1))}" has no effect: ${setting.reason}`,
      hint: setting.fix,
    })),
  );
}
