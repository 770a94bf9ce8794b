/**
 * Customer-facing reply templates, one YAML file per language (`replies/<code>.yaml`), edited by the
 * support team and validated here with zod. Both reasoners and the steps render them; the heuristic
 * reasoner writes its messages only from these, so every word a customer reads is data a team owns.
 *
 * Placeholders are `{{name}}`; each template may use only the names listed for it (checked at load),
 * so a typo is a start-up error instead of a customer reading "{{tema}}".
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/** The replies shipped with the project; the default when a policy names no folder. */
export const DEFAULT_REPLIES_DIR = fileURLToPath(new URL('../../replies/', import.meta.url));

const text = z.string().trim().min(1);
const words = z.array(z.string().trim().min(1)).default([]);

export const replyTemplatesSchema = z.strictObject({
  language: z.string().regex(/^[a-z]{2}$/, 'an ISO 639-1 code such as en or de'),
  greeting: text,
  greeting_empathetic: text,
  subject_fallback: text,
  escalation: z.strictObject({
    opening: text,
    opening_empathetic: text,
    repeat: text,
    handover: text,
    critical: text,
    closing: text,
  }),
  queued: text,
  solution: z.strictObject({ intro: text, outro: text }),
  clarification: text,
  feature_request: text,
  compliment: text,
  on_error: text,
  /** Appended when the customer is promised a time outside the team's hours; `link` books a callback. Absent: no offer in this language. */
  callback_offer: text.optional(),
  /** The confirmation of a booked callback; `time` in the team's zone, `team` its name. */
  callback_confirmed: text.optional(),
  /** The customer's callback page (src/ui/pages/callback.ts). Absent: the page's words are in English. */
  callback_page: z
    .strictObject({
      title: text,
      pick: text,
      hours: text,
      no_hours: text,
      booked: text,
      none_free: text,
      submit: text,
      thanks_title: text,
      thanks: text,
    })
    .optional(),
  durations: z.strictObject({
    right_away: text,
    minute: text,
    minutes: text,
    hour: text,
    hours: text,
    day: text,
    days: text,
    /** A promise said as a time, when the wait runs over the team's closed hours; `time` is filled in. */
    by: text,
  }),
  survey: z.strictObject({
    subject: text,
    body: text,
    /** Words a survey answer may use instead of a number, by score. */
    scores: z.strictObject({ '1': words, '2': words, '3': words, '4': words, '5': words }),
  }),
});
export type ReplyTemplates = z.infer<typeof replyTemplatesSchema>;

/** Which placeholders each template may use. */
const ALLOWED: Record<string, string[]> = {
  'escalation.handover': ['subject', 'team', 'wait'],
  'escalation.closing': ['ticket_id'],
  queued: ['subject', 'team', 'wait'],
  'solution.intro': ['subject', 'title'],
  clarification: ['subject'],
  feature_request: ['subject', 'team'],
  'durations.minutes': ['n'],
  'durations.hours': ['n'],
  'durations.days': ['n'],
  'durations.by': ['time'],
  'survey.subject': ['ticket_id'],
  'survey.body': ['subject', 'ticket_id'],
  callback_offer: ['link'],
  callback_confirmed: ['time', 'team'],
  'callback_page.pick': ['team'],
  'callback_page.hours': ['zone', 'team'],
  'callback_page.no_hours': ['team'],
  'callback_page.booked': ['time'],
  'callback_page.thanks': ['time', 'team'],
};

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/** Problems with placeholders in `templates`, as `key: message`. */
function placeholderProblems(templates: ReplyTemplates): string[] {
  const problems: string[] = [];
  const walk = (value: unknown, key: string): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(PLACEHOLDER)) {
        const name = match[1] as string;
        const allowed = ALLOWED[key] ?? [];
        if (!allowed.includes(name)) problems.push(`${key}: unknown placeholder {{${name}}}${allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (this text takes none)'}`);
      }
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, key ? `${key}.${k}` : k);
    }
  };
  walk(templates, '');
  return problems;
}

/** Fills `{{name}}` placeholders; values are plain text (the caller escapes where it renders markup). */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** "within 4 hours" in the templates' language; minutes are rounded to the unit a person would say. */
export function formatWait(minutes: number, t: ReplyTemplates): string {
  const d = t.durations;
  if (minutes <= 0) return d.right_away;
  if (minutes < 60) return minutes === 1 ? d.minute : fill(d.minutes, { n: Math.round(minutes) });
  if (minutes < 48 * 60 && minutes % 1440 !== 0) {
    const hours = Math.round(minutes / 60);
    return hours === 1 ? d.hour : fill(d.hours, { n: hours });
  }
  const days = Math.round(minutes / 1440);
  return days === 1 ? d.day : fill(d.days, { n: days });
}

/** Thrown for a broken replies file; names the file and the problem. */
export class RepliesError extends Error {
  override name = 'RepliesError';
}

/** Reads and validates every `<code>.yaml` in `dir`; throws RepliesError naming the file. */
export function loadRepliesDir(dir: string): Map<string, ReplyTemplates> {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (error) {
    throw new RepliesError(`cannot read the replies folder ${dir}: ${(error as Error).message}`);
  }
  const out = new Map<string, ReplyTemplates>();
  for (const file of files) {
    const where = path.join(dir, file);
    let raw: unknown;
    try {
      raw = parseYaml(readFileSync(where, 'utf8'));
    } catch (error) {
      throw new RepliesError(`${where}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
    }
    const parsed = replyTemplatesSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new RepliesError(`${where}: ${issue?.path.join('.') || '(root)'}: ${issue?.message}`);
    }
    const expected = path.basename(file).replace(/\.ya?ml$/, '');
    if (parsed.data.language !== expected) throw new RepliesError(`${where}: language "${parsed.data.language}" does not match the file name (${expected}.yaml)`);
    const problems = placeholderProblems(parsed.data);
    if (problems.length > 0) throw new RepliesError(`${where}: ${problems.join('; ')}`);
    out.set(parsed.data.language, parsed.data);
  }
  if (out.size === 0) throw new RepliesError(`the replies folder ${dir} has no <language>.yaml file`);
  return out;
}

let shippedEnglish: ReplyTemplates | undefined;

/** The shipped English templates: what the heuristic writes when a caller passes none. */
export function defaultReplies(): ReplyTemplates {
  shippedEnglish ??= loadRepliesDir(DEFAULT_REPLIES_DIR).get('en');
  if (!shippedEnglish) throw new RepliesError(`${DEFAULT_REPLIES_DIR} has no en.yaml`);
  return shippedEnglish;
}
