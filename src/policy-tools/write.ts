/**
 * Writes a suggestion as a policy file: the base file with that one number changed. The `yaml`
 * Document API finds the number and the trigger in the text; only those spots are edited, so the
 * comments and layout stay exactly as the team wrote them. Each file is loaded
 * back before it counts as written, so `policy replay --policy <file>` accepts it.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, parseDocument } from 'yaml';
import { InputError, errorMessage } from '../errors.ts';
import { parsePolicy } from '../policy/load.ts';
import { leversOf, withThreshold } from './levers.ts';
import type { Suggestion } from './suggest.ts';
import type { JsonObject } from '../engine/types.ts';

/** Where suggestions go without `--out`: a new folder per run under the data directory. */
export function defaultOutDir(dataDir: string, now: Date): string {
  return path.join(dataDir, 'policy-suggestions', now.toISOString().replace(/[:.]/g, '-'));
}

function fileName(s: Suggestion): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '');
  return `${safe(s.trigger)}.${safe(s.path)}.${safe(String(s.to))}.policy.yaml`;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

/** The text range of the scalar at `at`, or null when the file does not spell it out. */
function scalarRange(doc: ReturnType<typeof parseDocument>, at: (string | number)[]): [number, number] | null {
  const node = doc.getIn(at, true);
  return isScalar(node) && node.range ? [node.range[0], node.range[1]] : null;
}

/**
 * Folders a policy names are relative to its file; a copy elsewhere must point at the same folders,
 * so relative ones are made absolute (the policy's version ignores all but their last part).
 */
function pinFolders(doc: ReturnType<typeof parseDocument>, baseDir: string): Edit[] {
  const edits: Edit[] = [];
  for (const at of [['knowledge_base', 'dir'], ['languages', 'replies']]) {
    const node = doc.getIn(at, true);
    const range = scalarRange(doc, at);
    if (range && isScalar(node) && typeof node.value === 'string' && !path.isAbsolute(node.value)) {
      edits.push({ start: range[0], end: range[1], text: JSON.stringify(path.resolve(baseDir, node.value)) });
    }
  }
  return edits;
}

/** Applies non-overlapping edits, last first so earlier offsets stay valid. */
function apply(text: string, edits: Edit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((out, e) => out.slice(0, e.start) + e.text + out.slice(e.end), text);
}

/** Writes one file per suggestion into `outDir`; sets `file` and `replay` on each. */
export async function writeSuggestions(baseFile: string, suggestions: Suggestion[], outDir: string, replayArgs: string): Promise<void> {
  if (suggestions.length === 0) return;
  const text = await readFile(baseFile, 'utf8');
  const base = parsePolicy(text, baseFile);
  try {
    await mkdir(outDir, { recursive: true });
  } catch (error) {
    throw new InputError(`cannot create ${outDir} (${errorMessage(error)}); choose another folder with --out`, ['--out']);
  }
  for (const s of suggestions) {
    const index = base.source.triggers.findIndex((t) => t.id === s.trigger);
    const lever = leversOf(base.source.triggers[index]!.when as JsonObject).find((l) => l.path === s.path && l.op === s.op && l.value === s.from);
    if (!lever) throw new Error(`suggestion ${s.text} names no comparison of trigger ${s.trigger}`);
    // The Document locates the number and the trigger; the file is changed only there, so every
    // comment, blank line and flow style stays byte for byte (re-serialising would restyle the file).
    const doc = parseDocument(text);
    const trigger = doc.getIn(['triggers', index], true);
    const number = scalarRange(doc, ['triggers', index, 'when', ...lever.location]);
    if (!isMap(trigger) || !trigger.range || !number) throw new Error(`cannot find triggers[${index}].when in ${baseFile}`);
    const lineStart = text.lastIndexOf('\n', trigger.range[0] - 1) + 1;
    const indent = /^\s*/.exec(text.slice(lineStart, trigger.range[0]))![0];
    const edits: Edit[] = [
      { start: number[0], end: number[1], text: String(s.to) },
      { start: lineStart, end: lineStart, text: `${indent}# suggested by \`triage policy suggest\`: ${s.text}\n` },
      ...pinFolders(doc, path.dirname(path.resolve(baseFile))),
    ];
    const file = path.join(outDir, fileName(s));
    const written = apply(text, edits);
    // Loaded back: a file replay would refuse is not a suggestion.
    const check = parsePolicy(written, file);
    const expected = withThreshold(base.source.triggers[index]!.when as JsonObject, lever.location, s.to);
    if (JSON.stringify(check.source.triggers[index]?.when) !== JSON.stringify(expected)) throw new Error(`writing the suggestion for ${s.trigger} changed more than ${s.path}`);
    await writeFile(file, written, 'utf8');
    s.file = file;
    s.replay = `triage policy replay --policy ${file} --base ${baseFile}${replayArgs}`;
  }
}
