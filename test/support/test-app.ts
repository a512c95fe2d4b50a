import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/load-config.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.js';

export interface TestApp {
  readonly app: AppContext;
  readonly tdb: TestDatabase;
  readonly dir: string;
  close(): Promise<void>;
}

/** An AppContext over a fresh test database, with a temporary data dir and a silent logger. */
export async function createTestApp(kind: DatabaseKind, env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-test-'));
  const tdb = await createTestDatabase(kind);
  const config = loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_BATCH_SIZE: '500', ...env });
  const app = await createAppContext(config, { db: tdb.db, logger: pino({ level: 'silent' }) });
  return {
    app,
    tdb,
    dir,
    close: async () => {
      await app.close();
      await tdb.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
