import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../config/load-config.js';
import { SluiceError } from '../core/errors.js';
import { createAppContext } from '../main/app-context.js';
import type { AnyDb, Database } from '../store/database.js';
import { createServer } from './create-server.js';

function noDatabase(): never {
  throw new SluiceError('internal', 'the OpenAPI document is built without a database');
}

/**
 * A database that refuses every statement: registering routes queries nothing, and opening a real one (PGlite) costs
 * seconds that every `npm install` would pay.
 */
function offlineDatabase(): Database {
  return {
    kind: 'postgres',
    // pg's pool connects on first use only, and nothing uses it.
    kysely: new Kysely<AnyDb>({ dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }) }),
    query: async () => noDatabase(),
    transaction: async () => noDatabase(),
    exec: async () => noDatabase(),
    boss: { executeSql: async () => noDatabase() },
    pglite: undefined,
    url: undefined,
    close: async () => undefined,
  };
}

/**
 * The OpenAPI document of the API, built in-process without listening. The web build generates its typed client
 * from it, so a changed API breaks the UI's type check.
 */
export async function buildOpenApiDocument(): Promise<unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-openapi-'));
  try {
    const config = loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent' }, dir);
    const app = await createAppContext(config, { db: offlineDatabase(), logger: pino({ level: 'silent' }), migrate: false });
    const server = await createServer(app, { web: false });
    try {
      return server.swagger();
    } finally {
      await server.close();
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
