/**
 * `{{path.in.data}}` templates for trigger reasons, summaries and customer messages.
 *
 * Deliberately tiny: no logic, no helpers, no access outside `data`. Values are inserted as plain
 * text; escaping for HTML or Slack happens where the text is rendered.
 */
import type { Json, JsonObject } from '../engine/types.ts';

/** What may stand between `{{` and `}}`: a dotted path, with optional spaces around it. */
const INSIDE = String.raw`\s*([A-Za-z0-9_.-]+)\s*`;
const PLACEHOLDER = new RegExp(`\\{\\{${INSIDE}\\}\\}`, 'g');
const PATH_ONLY = new RegExp(`^${INSIDE}$`);

export function getPath(data: JsonObject, path: string): Json | undefined {
  let current: Json | undefined = data;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : current[segment];
  }
  return current;
}

function display(value: Json | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return Array.isArray(value) ? value.map(display).join(', ') : JSON.stringify(value);
  return String(value);
}

export function renderTemplate(template: string, data: JsonObject): string {
  return template.replace(PLACEHOLDER, (_, path: string) => display(getPath(data, path)));
}

/** The paths a template reads, for checking them at load time. */
export function templatePaths(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/** One `{{` in a template: the path it reads, or why it reads nothing (it is then printed as written). */
export interface Placeholder {
  /** Offset of the `{{` in the template. */
  start: number;
  /** The placeholder as written (cut short when unclosed). */
  raw: string;
  path?: string;
  problem?: 'unclosed' | 'not_a_path';
}

/**
 * Every `{{` in `template`, read the way {@link renderTemplate} reads it, so a check can say which
 * ones will not be filled in: an unclosed `{{`, or one around something that is not a path.
 */
export function placeholders(template: string): Placeholder[] {
  const found: Placeholder[] = [];
  let from = 0;
  for (let start = template.indexOf('{{'); start >= 0; start = template.indexOf('{{', from)) {
    const end = template.indexOf('}}', start + 2);
    const reopened = template.indexOf('{{', start + 2);
    if (end < 0 || (reopened >= 0 && reopened < end)) {
      const stop = reopened >= 0 ? reopened : template.length;
      found.push({ start, raw: template.slice(start, Math.min(stop, start + 40)), problem: 'unclosed' });
      from = start + 2;
      continue;
    }
    const raw = template.slice(start, end + 2);
    const path = PATH_ONLY.exec(template.slice(start + 2, end))?.[1];
    found.push(path === undefined ? { start, raw, problem: 'not_a_path' } : { start, raw, path });
    from = end + 2;
  }
  return found;
}
