import { describe, expect, it } from 'vitest';
import { EmbeddedTaskStore } from '../../../src/store/embedded.ts';
import { createStore } from '../../../src/store/index.ts';

describe('createStore', () => {
  it('builds the embedded store under TRIAGE_DATA_DIR by default, without starting it', async () => {
    const store = await createStore({ TRIAGE_DATA_DIR: '/nonexistent/triage-data', MONGODB_URI: undefined });
    expect(store).toBeInstanceOf(EmbeddedTaskStore);
    expect(store.kind).toBe('embedded');
    expect((store as EmbeddedTaskStore).filename).toBe('/nonexistent/triage-data/tasks.db');
  });

  it('builds the mongodb store when MONGODB_URI is set, without connecting', async () => {
    const store = await createStore({ TRIAGE_DATA_DIR: './x', MONGODB_URI: 'mongodb://127.0.0.1:1/triage' });
    expect(store.kind).toBe('mongodb');
  });
});
