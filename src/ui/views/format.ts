/**
 * Small pieces every workspace view shares: reading loosely typed task data safely, dates, durations,
 * countdowns and badges. Task data comes from steps of several versions (and from outside), so views
 * read it through these guards instead of trusting a shape.
 */
import type { Json, JsonObject } from '../../engine/types.ts';
import { html, type Html } from '../html.ts';

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function arr(value: unknown): Json[] {
  return Array.isArray(value) ? (value as Json[]) : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A scalar for display: text as is, other JSON compactly; undefined and null become an em dash. */
export function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value);
}

function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `2026-01-31 14:05 UTC`: one unambiguous zone for a team spread over several. */
export function formatDate(value: Date | string | null | undefined): string {
  const date = toDate(value);
  if (!date) return '—';
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A `<time>` element a screen reader and a script can both read. */
export function timeTag(value: Date | string | null | undefined): Html {
  const date = toDate(value);
  if (!date) return html`<span class="muted">—</span>`;
  return html`<time datetime="${date.toISOString()}">${formatDate(date)}</time>`;
}

/** `1h 5m`, `42s`, `350 ms`: the largest two units. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const abs = Math.abs(ms);
  if (abs < 1_000) return `${Math.round(abs)} ms`;
  const d = Math.floor(abs / 86_400_000);
  const h = Math.floor((abs % 86_400_000) / 3_600_000);
  const m = Math.floor((abs % 3_600_000) / 60_000);
  const s = Math.floor((abs % 60_000) / 1_000);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${m}m`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

/** What the countdown says before the script refreshes it (the same words ui.js uses). */
export function dueText(dueAt: Date, now: Date): string {
  const left = dueAt.getTime() - now.getTime();
  const span = formatDuration(Math.max(Math.abs(left), 1_000));
  return left >= 0 ? `${span} left` : `overdue ${span}`;
}

/** The SLA countdown: ui.js refreshes it every second; the due time itself is in the title. */
export function countdown(dueAt: Date, now: Date): Html {
  const overdue = dueAt.getTime() < now.getTime();
  return html`<time data-countdown datetime="${dueAt.toISOString()}" title="due ${formatDate(dueAt)}"${overdue ? html` class="overdue"` : ''}>${dueText(dueAt, now)}</time>`;
}

const PRIORITY_CLASSES = new Set(['critical', 'high', 'medium', 'low']);

export function priorityBadge(priority: string | undefined): Html {
  if (!priority) return html`<span class="muted">—</span>`;
  return PRIORITY_CLASSES.has(priority) ? html`<span class="badge ${priority}">${priority}</span>` : html`<span class="badge">${priority}</span>`;
}

const STATUS_LABELS: Record<string, string> = { pending: 'pending', assigned: 'assigned', in_progress: 'in progress', completed: 'completed', expired: 'expired', cancelled: 'cancelled' };

export function statusBadge(status: string): Html {
  const tone = status === 'completed' || status === 'sent' || status === 'done' ? 'ok' : status === 'failed' || status === 'expired' ? 'failed' : '';
  const label = STATUS_LABELS[status] ?? status;
  return tone ? html`<span class="badge ${tone}">${label}</span>` : html`<span class="badge">${label}</span>`;
}

/** Yes / no as words, never as colour alone. */
export function yesNo(value: unknown): string {
  return value === true ? 'yes' : value === false ? 'no' : '—';
}

/** A definition list of label/value pairs; rows whose value is undefined are left out. */
export function kv(rows: [string, Html | string | number | undefined][]): Html {
  const shown = rows.filter(([, value]) => value !== undefined);
  return html`<dl class="kv">${shown.map(([label, value]) => html`<dt>${label}</dt><dd>${value as Html | string | number}</dd>`)}</dl>`;
}

/** Confirmation messages a redirect names by key: fixed texts, so nothing from a URL reaches the page. */
export const FLASH_MESSAGES: Record<string, string> = {
  claimed: 'You claimed the task.',
  assigned: 'The task was assigned.',
  resolved: 'The task is resolved; the pipeline resumes with your answer.',
  replied: 'Your reply was sent to the customer and added to the conversation.',
  reply_duplicate: 'That reply had already been sent; it was not sent again.',
  noted: 'Your note was added.',
};

/** The confirmation for `?flash=<key>`, or nothing for an unknown key. */
export function flashFor(key: unknown): Html {
  const text = typeof key === 'string' ? FLASH_MESSAGES[key] : undefined;
  return text ? html`<p class="flash ok" role="status">${text}</p>` : html``;
}

/** The error region of a page that re-renders after a failed action. */
export function errorFlash(message: string | undefined): Html {
  return message ? html`<p class="flash error" role="alert" id="action-error">${message}</p>` : html``;
}
