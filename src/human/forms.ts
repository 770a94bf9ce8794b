/**
 * Form fields of a human task: checking a form's definition when the task is opened, and a person's
 * answers when it is resolved. Answers end up in the pipeline task's `data.human`, so field names are
 * plain identifiers and never shadow what the resolution itself writes there.
 */
import type { Json, JsonObject } from '../engine/types.ts';
import { InputError } from '../errors.ts';
import { FIELD_TYPES, type FormField } from './types.ts';

/** Keys the resolution writes into `data.human` itself; form fields may not reuse them. */
export const RESERVED_HUMAN_KEYS = [
  'taskId',
  'type',
  'decision',
  'resolved',
  'fields',
  'notes',
  'respondedBy',
  'resolvedAt',
  'timeToClaimMs',
  'timeToResolveMs',
  'outcome',
] as const;

const NAME = /^[a-z][a-z0-9_]{0,63}$/;
const DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** Checks and normalises a form definition (`label` defaults to the name, `required` to false). */
export function checkFormFields(input: unknown): FormField[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) throw new InputError('fields must be a list of form fields', ['fields']);
  const seen = new Set<string>();
  return input.map((raw, i): FormField => {
    const at = (key: string) => ['fields', String(i), key];
    if (!isPlainObject(raw)) throw new InputError(`fields[${i}] must be an object with name, type and label`, ['fields', String(i)]);
    const { name, type, label, required, options } = raw;
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new InputError(`fields[${i}].name must be lower_snake_case (a letter, then letters, digits or underscores)`, at('name'));
    }
    if ((RESERVED_HUMAN_KEYS as readonly string[]).includes(name)) {
      throw new InputError(`fields[${i}].name "${name}" is reserved (${RESERVED_HUMAN_KEYS.join(', ')}); choose another name`, at('name'));
    }
    if (seen.has(name)) throw new InputError(`fields[${i}].name "${name}" is used twice`, at('name'));
    seen.add(name);
    if (typeof type !== 'string' || !(FIELD_TYPES as readonly string[]).includes(type)) {
      throw new InputError(`fields[${i}].type must be one of ${FIELD_TYPES.join(', ')}`, at('type'));
    }
    if (label !== undefined && (typeof label !== 'string' || label === '')) throw new InputError(`fields[${i}].label must be a non-empty string`, at('label'));
    if (required !== undefined && typeof required !== 'boolean') throw new InputError(`fields[${i}].required must be true or false`, at('required'));
    const field: FormField = { name, label: label ?? name, type: type as FormField['type'], required: required ?? false };
    if (type === 'select') {
      if (!Array.isArray(options) || options.length === 0 || !options.every((o) => typeof o === 'string' && o !== '')) {
        throw new InputError(`fields[${i}].options must list the choices of select field "${name}"`, at('options'));
      }
      field.options = [...new Set(options as string[])];
    } else if (options !== undefined) {
      throw new InputError(`fields[${i}].options only applies to select fields`, at('options'));
    }
    return field;
  });
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** Why `value` does not fit `field`, or undefined when it does. */
function mismatch(field: FormField, value: unknown): string | undefined {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return typeof value === 'string' ? undefined : 'must be text';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'select':
      return typeof value === 'string' && field.options?.includes(value) ? undefined : `must be one of ${(field.options ?? []).join(', ')}`;
    case 'date':
      return typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : 'must be a date such as 2026-01-31 or 2026-01-31T14:00:00Z';
  }
}

/**
 * Checks a resolution's answers against the form: every required field present, every value of its
 * field's type, no field the form does not define. Throws an InputError naming the field.
 */
export function checkAnswers(form: FormField[], input: unknown): JsonObject {
  if (input === undefined) input = {};
  if (!isPlainObject(input)) throw new InputError('fields must be an object of answers', ['fields']);
  const byName = new Map(form.map((field) => [field.name, field]));
  const answers: JsonObject = {};
  for (const [name, value] of Object.entries(input)) {
    const field = byName.get(name);
    if (!field) {
      const known = form.length ? `; this task's fields: ${form.map((f) => f.name).join(', ')}` : '; this task has no form fields';
      throw new InputError(`unknown field "${name}"${known}`, ['fields', name]);
    }
    if (isMissing(value)) continue;
    const problem = mismatch(field, value);
    if (problem) throw new InputError(`field "${name}" (${field.label}) ${problem}`, ['fields', name]);
    answers[name] = value as Json;
  }
  for (const field of form) {
    if (field.required && answers[field.name] === undefined) {
      throw new InputError(`field "${field.name}" (${field.label}) is required`, ['fields', field.name]);
    }
  }
  return answers;
}

/**
 * Turns command-line text (`--field k=v`) into typed answers using the form: numbers, booleans
 * (true/false/yes/no) and everything else as text. Values that do not convert stay text, so the
 * service's check names the field and the expected type.
 */
export function coerceAnswers(form: FormField[], raw: Record<string, string>): JsonObject {
  const out: JsonObject = {};
  for (const [name, text] of Object.entries(raw)) {
    const type = form.find((f) => f.name === name)?.type;
    if (type === 'number' && text.trim() !== '' && Number.isFinite(Number(text))) out[name] = Number(text);
    else if (type === 'boolean' && /^(true|yes)$/i.test(text)) out[name] = true;
    else if (type === 'boolean' && /^(false|no)$/i.test(text)) out[name] = false;
    else out[name] = text;
  }
  return out;
}
