/**
 * Reading JSON given on the command line or in a file, with errors that say where the problem is.
 */
import { readFile } from 'node:fs/promises';
import { InputError, errorMessage } from '../errors.ts';

export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${what} is not valid JSON: ${errorMessage(error)}`);
  }
}

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${errorMessage(error)}`);
  }
  return parseJson(text, file);
}
