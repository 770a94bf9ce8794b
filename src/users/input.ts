/**
 * Validation of what people type about users (the API, the pages and the CLI share it): every error
 * is an InputError naming the field and what would be accepted.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { ROLES } from '../server/principal.ts';
import { checkPassword } from './password.ts';
import { PRESENCES, type NewUserInput, type Presence, type UserUpdate } from './types.ts';

/** Names that would be confused with the automation or a Slack-claimed id. */
const RESERVED = new Set(['system', 'admin-token', 'nobody']);

const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'use 1-64 lowercase letters, digits, dot, dash or underscore, starting with a letter or digit')
  .refine((name) => !RESERVED.has(name), 'this name is reserved; choose another');
const nameSchema = z.string().trim().min(1, 'must not be empty').max(200, 'too long: at most 200 characters');
const emailSchema = z.string().trim().max(320, 'too long').pipe(z.email('not an email address'));
const slackSchema = z.string().trim().regex(/^[UW][A-Z0-9]{2,31}$/, 'a Slack user id looks like U012AB3CD (from the profile: Copy member ID)');
const roleSchema = z.enum(ROLES, { message: `one of ${ROLES.join(', ')}` });
const teamsSchema = z.array(z.string().trim().min(1, 'must not be empty')).max(100, 'at most 100 teams');

const newUserSchema = z.object({
  username: usernameSchema,
  name: nameSchema.optional(),
  email: emailSchema.optional(),
  role: roleSchema,
  teams: teamsSchema.optional(),
  password: z.string().optional(),
  slackUserId: slackSchema.optional(),
});

const updateSchema = z
  .object({
    name: nameSchema.optional(),
    email: emailSchema.nullable().optional(),
    role: roleSchema.optional(),
    teams: teamsSchema.optional(),
    disabled: z.boolean().optional(),
    password: z.string().optional(),
    slackUserId: slackSchema.nullable().optional(),
  })
  .strict();

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.path.map(String);
  const message = issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.code === 'unrecognized_keys' ? `unknown field(s) ${issue.keys.join(', ')}` : issue.message;
  throw new InputError(`${path.length ? path.join('.') : 'user'}: ${message}`, path, { cause: result.error });
}

/** Each team must be one of the policy's; duplicates are dropped. */
export function checkTeams(teams: readonly string[], known: readonly string[]): string[] {
  for (const team of teams) {
    if (!known.includes(team)) throw new InputError(`teams: unknown team "${team}"; the policy's teams are ${known.join(', ')}`, ['teams']);
  }
  return [...new Set(teams)];
}

/** A username as stored (trimmed, lowercase), or an InputError. */
export function normalizeUsername(value: unknown): string {
  return parse(z.object({ username: usernameSchema }), { username: value }).username;
}

export function checkNewUser(input: unknown, knownTeams: readonly string[]): NewUserInput & { teams: string[] } {
  const parsed = parse(newUserSchema, input);
  if (parsed.password !== undefined) checkPassword(parsed.password);
  return {
    username: parsed.username,
    role: parsed.role,
    teams: checkTeams(parsed.teams ?? [], knownTeams),
    ...(parsed.name !== undefined ? { name: parsed.name } : {}),
    ...(parsed.email !== undefined ? { email: parsed.email } : {}),
    ...(parsed.password !== undefined ? { password: parsed.password } : {}),
    ...(parsed.slackUserId !== undefined ? { slackUserId: parsed.slackUserId } : {}),
  };
}

export function checkUpdate(input: unknown, knownTeams: readonly string[]): UserUpdate {
  const parsed = parse(updateSchema, input);
  if (parsed.password !== undefined) checkPassword(parsed.password);
  const out: UserUpdate = {};
  for (const [key, value] of Object.entries(parsed)) if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  if (parsed.teams) out.teams = checkTeams(parsed.teams, knownTeams);
  return out;
}

/** One of PRESENCES, or an InputError listing them. */
export function checkPresence(value: unknown): Presence {
  return parse(z.object({ presence: z.enum(PRESENCES, { message: `one of ${PRESENCES.join(', ')}` }) }), { presence: value }).presence;
}

/** A token label: short text for telling tokens apart. */
export function checkLabel(label: unknown): string {
  return parse(z.object({ label: z.string().trim().min(1, 'must not be empty').max(100, 'too long: at most 100 characters') }), { label }).label;
}
