/**
 * The static files pages use, read once from this folder and from npm packages (the app must work
 * with no internet, so nothing comes from a CDN). Only the names listed here are served.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

function packageFile(pkg: string, file: string): string {
  return join(dirname(require.resolve(`${pkg}/package.json`)), file);
}

const SOURCES: Record<string, { path: () => string; type: string }> = {
  'app.css': { path: () => join(here, 'assets', 'app.css'), type: 'text/css; charset=utf-8' },
  'ui.js': { path: () => join(here, 'assets', 'ui.js'), type: 'text/javascript; charset=utf-8' },
  'inbox.js': { path: () => join(here, 'assets', 'inbox.js'), type: 'text/javascript; charset=utf-8' },
  'charts.js': { path: () => join(here, 'assets', 'charts.js'), type: 'text/javascript; charset=utf-8' },
  'htmx.min.js': { path: () => packageFile('htmx.org', 'dist/htmx.min.js'), type: 'text/javascript; charset=utf-8' },
  'uPlot.iife.min.js': { path: () => packageFile('uplot', 'dist/uPlot.iife.min.js'), type: 'text/javascript; charset=utf-8' },
  'uPlot.min.css': { path: () => packageFile('uplot', 'dist/uPlot.min.css'), type: 'text/css; charset=utf-8' },
};

export interface Asset {
  body: string;
  type: string;
}

const cache = new Map<string, Asset>();

/** The asset called `name`, or null when it is not one we serve (or its file is missing). */
export function asset(name: string): Asset | null {
  const source = SOURCES[name];
  if (!source) return null;
  let found = cache.get(name);
  if (!found) {
    try {
      found = { body: readFileSync(source.path(), 'utf8'), type: source.type };
    } catch {
      return null;
    }
    cache.set(name, found);
  }
  return found;
}

/** Names of every asset, for tests and for inlining into self-contained pages. */
export const ASSET_NAMES = Object.keys(SOURCES);
