/**
 * Write-once files for the outbox: the idempotency key names the file, so a retried effect finds
 * its earlier file instead of producing a second one. Plain JavaScript (types in files.d.mts) because
 * the outbox writer thread runs it without a TypeScript loader (see writer-thread.mjs).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

/**
 * A file-name-safe form of `key`. The hash suffix keeps keys apart that sanitise to the same text
 * ("a/b" and "a_b"), and the length cap keeps long keys under file-system limits.
 * @param {string} key
 */
export function fileNameForKey(key) {
  const safe = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 96);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${safe || 'key'}-${hash}`;
}

/** Folders this process has made or found, so a file in a known folder costs no `mkdir`. @type {Set<string>} */
const knownDirs = new Set();

/**
 * Writes `content` to `dataDir/relPath` unless that file already exists, and returns the path relative
 * to `dataDir` (with `/` separators) either way. A reader never sees a half-written file: the content
 * goes to a temporary file first and is linked into place, and `link` refuses to replace a file that a
 * concurrent writer put there first.
 *
 * The calls are synchronous on purpose: an outbox file is a few kilobytes in the page cache, written in
 * microseconds, while each asynchronous call waited its turn in libuv's thread pool; with five or six
 * files per escalated ticket those waits were a quarter of the pipeline's wall time. In the app they run
 * on the outbox writer's own thread (writer-thread.mjs), so they block no worker (see docs/benchmarks.md).
 *
 * @param {string} dataDir
 * @param {string} relPath
 * @param {string | Buffer} content
 * @returns {Promise<string>}
 */
export async function writeOnce(dataDir, relPath, content) {
  const target = join(dataDir, relPath);
  const ref = relative(dataDir, target).split(sep).join('/');
  const dir = dirname(target);
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  for (let attempt = 1; ; attempt++) {
    if (!knownDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      knownDirs.add(dir);
    }
    try {
      writeFileSync(temp, content);
      // An existing file (a retried effect, or a concurrent writer that won) makes `link` fail with EEXIST.
      linkSync(temp, target);
    } catch (error) {
      const code = /** @type {NodeJS.ErrnoException} */ (error).code;
      if (code === 'ENOENT' && attempt === 1) {
        // The folder went away since this process made it (someone cleaned the outbox): make it again.
        knownDirs.delete(dir);
        unlinkQuietly(temp);
        continue;
      }
      if (code === 'EEXIST') {
        // The first file is the delivery.
      } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
        // Some file systems have no hard links; rename is still atomic, only not exclusive.
        if (existsSync(target)) unlinkQuietly(temp);
        else renameSync(temp, target);
        return ref;
      } else {
        unlinkQuietly(temp);
        throw error;
      }
    }
    unlinkQuietly(temp);
    return ref;
  }
}

/** @param {string} path */
function unlinkQuietly(path) {
  try {
    unlinkSync(path);
  } catch {
    // A leftover temporary file is harmless; the delivery is the linked file.
  }
}
