/**
 * Write-once files for the outbox: the idempotency key names the file, so a retried effect finds
 * its earlier file instead of producing a second one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { link, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';

/**
 * A file-name-safe form of `key`. The hash suffix keeps keys apart that sanitise to the same text
 * ("a/b" and "a_b"), and the length cap keeps long keys under file-system limits.
 */
export function fileNameForKey(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 96);
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 10);
  return `${safe || 'key'}-${hash}`;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/**
 * Writes `content` to `dataDir/relPath` unless that file already exists, and returns the path relative
 * to `dataDir` (with `/` separators) either way. A reader never sees a half-written file: the content
 * goes to a temporary file first and is linked into place, and `link` refuses to replace a file that a
 * concurrent writer put there first.
 */
export async function writeOnce(dataDir: string, relPath: string, content: string | Buffer): Promise<string> {
  const target = join(dataDir, relPath);
  const ref = relative(dataDir, target).split(sep).join('/');
  if (await exists(target)) return ref;
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temp, content);
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      // Another call with the same key won the race; its file is the delivery.
    } else if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') {
      // Some file systems have no hard links; rename is still atomic, only not exclusive.
      await rename(temp, target);
      return ref;
    } else {
      await unlink(temp).catch(() => {});
      throw error;
    }
  }
  await unlink(temp).catch(() => {});
  return ref;
}
