import { randomBytes } from 'node:crypto';
import { describe } from 'vitest';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';

/** PostgreSQL server for the same suite, when CI (or you) sets SLUICE_TEST_PG_URL. */
export const PG_URL = process.env.SLUICE_TEST_PG_URL;

export type DatabaseKind = 'pglite' | 'postgres';

export const DATABASE_KINDS: readonly DatabaseKind[] = PG_URL ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase {
  readonly db: Database;
  /** A postgres:// URL for child processes (PostgreSQL only). */
  readonly url: string | undefined;
  /** The PGlite data folder for child processes (PGlite only). */
  readonly dataDir: string | undefined;
  drop(): Promise<void>;
}

/** A fresh, migrated database: in-memory PGlite, or a new throwaway database on the PostgreSQL server. */
export async function createTestDatabase(kind: DatabaseKind, opts: { dataDir?: string; migrate?: boolean } = {}): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const db = await openDatabase(opts.dataDir ? { dataDir: opts.dataDir } : { memory: true });
    if (opts.migrate !== false) await migrate(db);
    return { db, url: undefined, dataDir: opts.dataDir, drop: () => db.close() };
  }
  if (!PG_URL) throw new Error('SLUICE_TEST_PG_URL is not set');
  const name = `sluice_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ url: PG_URL, poolSize: 1 });
  await admin.exec(`create database ${name}`);
  await admin.close();
  const url = withDatabase(PG_URL, name);
  const db = await openDatabase({ url, poolSize: 5 });
  if (opts.migrate !== false) await migrate(db);
  return {
    db,
    url,
    dataDir: undefined,
    drop: async () => {
      await db.close();
      const a = await openDatabase({ url: PG_URL, poolSize: 1 });
      await a.exec(`drop database if exists ${name} with (force)`);
      await a.close();
    },
  };
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs the same block of tests on every database kind available (PGlite always, PostgreSQL when configured). */
export function describeEachDatabase(title: string, fn: (kind: DatabaseKind) => void): void {
  for (const kind of DATABASE_KINDS) describe(`${title} [${kind}]`, () => fn(kind));
}
