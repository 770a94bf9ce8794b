/**
 * `triage oncall [TEAM] [--at TIME] [--json]`: who is on call for each team (or one) at a time (now
 * by default), until when, and whether the team is open then. Reads only the policy: no store.
 */
import type { Command } from 'commander';
import { DateTime } from 'luxon';
import { isValidZone } from '../../calendar/local-time.ts';
import { teamStatus, type TeamStatus } from '../../calendar/status.ts';
import { InputError } from '../../errors.ts';
import { DEFAULT_POLICY_FILE, loadPolicy } from '../../policy/load.ts';
import { guarded, printJson } from '../run.ts';

/**
 * `--at`: a time with an offset (`2026-04-03T10:00Z`, `...+02:00`) is exact; one without is read in
 * `zone` (the named team's zone, `--tz`, or this machine's). `now` is the current time.
 */
export function parseAt(text: string | undefined, zone: string, now: Date): Date {
  if (text === undefined || text.trim().toLowerCase() === 'now') return now;
  const trimmed = text.trim().replace(' ', 'T');
  const hasOffset = /(Z|[+-]\d{2}:?\d{2})$/i.test(trimmed);
  const parsed = DateTime.fromISO(trimmed, hasOffset ? { setZone: true } : { zone });
  if (!parsed.isValid) {
    throw new InputError(`--at "${text}" is not a time; write e.g. "2026-04-03 10:00" (read in ${zone}), "2026-04-03T10:00Z" or now`, ['--at']);
  }
  return parsed.toJSDate();
}

function local(at: Date, zone: string | null): string {
  return DateTime.fromJSDate(at, { zone: zone ?? 'UTC' }).toFormat(zone ? 'ccc d LLL HH:mm ZZ' : "ccc d LLL HH:mm 'UTC'");
}

/** The text block for one team. */
export function formatStatus(s: TeamStatus): string {
  const head = `${s.team} (${s.name})${s.timezone ? `  ${s.timezone}, ${local(new Date(s.localTime), s.timezone)}` : ''}`;
  let hours: string;
  if (!s.timezone) hours = 'no calendar: open around the clock';
  else if (s.open) hours = s.openUntil ? `open until ${local(s.openUntil, s.timezone)}` : 'open around the clock';
  else hours = `closed${s.closedFor ? ` (${s.closedFor})` : ''}; opens ${local(s.opensAt!, s.timezone)}`;
  let onCall: string;
  if (!s.onCall) onCall = 'no on-call rotation';
  else if (s.onCall.member === null) onCall = `nobody yet: the rotation starts ${local(s.onCall.until!, s.timezone)} with ${s.onCall.next}`;
  else {
    const why = s.onCall.source === 'override' ? ` (override${s.onCall.reason ? `: ${s.onCall.reason}` : ''})` : '';
    const until = s.onCall.until ? ` until ${local(s.onCall.until, s.timezone)}, then ${s.onCall.next ?? 'nobody'}` : '';
    onCall = `${s.onCall.member}${why}${until}`;
  }
  return `${head}\n  hours    ${hours}\n  on call  ${onCall}\n`;
}

export function registerOncallCommand(program: Command): void {
  program
    .command('oncall [team]')
    .description("who is on call for each team (or one) at a time, until when, and whether the team is open")
    .option('--at <time>', 'the moment to ask about: "2026-04-03 10:00" (in the team\'s zone, or --tz), an ISO time with offset, or now', 'now')
    .option('--tz <zone>', 'IANA zone for an --at without offset when no team is named (this machine\'s by default)')
    .option('--policy <file>', 'the policy file (TRIAGE_POLICY, or the shipped example)')
    .option('--json', 'print { at, teams: [{ team, timezone, open, openUntil, opensAt, closedFor, onCall }] }')
    .action((teamId: string | undefined, opts: { at: string; tz?: string; policy?: string; json?: boolean }) =>
      guarded(async () => {
        const policy = (await loadPolicy(opts.policy ?? process.env.TRIAGE_POLICY ?? DEFAULT_POLICY_FILE)).source;
        const ids = Object.keys(policy.teams);
        if (teamId !== undefined && !policy.teams[teamId]) throw new InputError(`unknown team "${teamId}"; teams: ${ids.join(', ')}`, ['team']);
        if (opts.tz !== undefined && !isValidZone(opts.tz)) throw new InputError(`--tz "${opts.tz}" is not a time zone; use an IANA name such as Europe/London`, ['--tz']);
        const zone = opts.tz ?? (teamId ? policy.teams[teamId]!.calendar?.timezone : undefined) ?? DateTime.local().zoneName ?? 'UTC';
        const at = parseAt(opts.at, zone, new Date());
        const statuses = (teamId ? [teamId] : ids).map((id) => teamStatus(id, policy.teams[id]!, at));
        if (opts.json) {
          printJson({ at: at.toISOString(), teams: statuses });
          return;
        }
        // Teams without a calendar all say the same: one line for them rather than a block each.
        const plain = statuses.filter((st) => st.timezone === null);
        const shown = teamId ? statuses : statuses.filter((st) => st.timezone !== null);
        const rest = !teamId && plain.length ? `without a calendar (open around the clock, no rotation): ${plain.map((st) => st.team).join(', ')}\n` : '';
        process.stdout.write(`at ${at.toISOString()}\n${shown.map(formatStatus).join('')}${rest}`);
      }),
    );
}
