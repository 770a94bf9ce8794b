import { describe, expect, it } from 'vitest';
import { createStorage } from '../../../src/store/index.ts';
import { EmbeddedTaskStore } from '../../../src/store/nedb/tasks.ts';

describe('createStorage', () => {
  it('builds the embedded database under TRIAGE_DATA_DIR by default, without starting it', async () => {
    const storage = await createStorage({ TRIAGE_DATA_DIR: '/nonexistent/triage-data', MONGODB_URI: undefined });
    expect(storage.name).toBe('nedb');
    expect((storage.tasks as EmbeddedTaskStore).filename).toBe('/nonexistent/triage-data/tasks.db');
  });

  it('builds the mongodb database when MONGODB_URI is set, without connecting', async () => {
    const storage = await createStorage({ TRIAGE_DATA_DIR: './x', MONGODB_URI: 'mongodb://127.0.0.1:1/triage' });
    expect(storage.name).toBe('mongodb');
  });
});
