/**
 * `{{path.in.data}}` templates for trigger reasons, summaries and customer messages.
 *
 * Deliberately tiny: no logic, no helpers, no access outside `data`. Values are inserted as plain
 * text; escaping for HTML or Slack happens where the text is rendered.
 */
import type { Json, JsonObject } from '../engine/types.ts';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g;

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
