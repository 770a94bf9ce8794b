// Module hooks that write the name of every npm package a process loads to the file in MODULE_LOG
// (one line per module), for tests that check which SDKs a start loads.
import { appendFileSync } from 'node:fs';

const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

export async function load(url, context, nextLoad) {
  const match = PACKAGE.exec(url);
  if (match && process.env.MODULE_LOG) appendFileSync(process.env.MODULE_LOG, `${match[1]}\n`);
  return nextLoad(url, context);
}
