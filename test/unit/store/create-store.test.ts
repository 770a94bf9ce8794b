import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createStorage } from '../../../src/store/index.ts';

describe('createStorage', () => {
  it('builds the embedded SQLite database under TRIAGE_DATA_DIR by default, without opening it', async () => {
    const dir = join('/nonexistent', 'triage-data');
    const storage = await createStorage({ TRIAGE_DATA_DIR: dir, MONGODB_URI: undefined });
    expect(storage.name).toBe('sqlite');
    // Nothing was opened: the folder does not exist and no error was raised.
  });

  it('builds the mongodb database when MONGODB_URI is set, without connecting', async () => {
    const storage = await createStorage({ TRIAGE_DATA_DIR: './x', MONGODB_URI: 'mongodb://127.0.0.1:1/triage' });
    expect(storage.name).toBe('mongodb');
  });
});
