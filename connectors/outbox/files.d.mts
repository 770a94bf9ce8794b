/** A file-name-safe form of `key`, kept apart from other keys by a hash suffix. */
export function fileNameForKey(key: string): string;

/**
 * Writes `content` to `dataDir/relPath` unless that file already exists, and resolves to the path
 * relative to `dataDir` either way; a reader never sees a half-written file.
 */
export function writeOnce(dataDir: string, relPath: string, content: string | Buffer): Promise<string>;
