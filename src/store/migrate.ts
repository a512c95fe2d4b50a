import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SluiceError } from '../core/errors.js';
import type { Database } from './database.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 727_001;

export interface Migration {
  readonly id: string;
  readonly sql: string;
  readonly checksum: string;
}

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f))
    .sort()
    .map((f) => {
      const sql = readFileSync(join(dir, f), 'utf8');
      return { id: f.replace(/\.sql$/, ''), sql, checksum: createHash('sha256').update(sql).digest('hex').slice(0, 16) };
    });
}

export interface MigrateResult {
  readonly applied: string[];
  readonly alreadyApplied: number;
}

/**
 * Forward-only migrations, each in its own transaction, under an advisory lock so several processes starting at once
 * on one PostgreSQL apply each file exactly once. An edited, already-applied file is refused (checksum mismatch).
 */
export async function migrate(db: Database, dir = MIGRATIONS_DIR, only?: ReadonlySet<string>): Promise<MigrateResult> {
  // `only`: apply just these (a restore rebuilds the schema a backup was taken at, loads it, then migrates on).
  const migrations = listMigrations(dir).filter((m) => !only || only.has(m.id));
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`create table if not exists sluice_migrations (
      id text primary key, checksum text not null, applied_at timestamptz not null default now())`);
    const { rows } = await tx.query<{ id: string; checksum: string }>('select id, checksum from sluice_migrations');
    const done = new Map(rows.map((r) => [r.id, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      const prior = done.get(m.id);
      if (prior !== undefined) {
        if (prior !== m.checksum) {
          throw new SluiceError('migration_failed', `migration ${m.id} was changed after it was applied`, {
            details: { id: m.id, applied: prior, current: m.checksum },
          });
        }
        continue;
      }
      try {
        await tx.query(m.sql);
      } catch (err) {
        throw new SluiceError('migration_failed', `migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
      }
      await tx.query('insert into sluice_migrations (id, checksum) values ($1, $2)', [m.id, m.checksum]);
      applied.push(m.id);
    }
    return { applied, alreadyApplied: done.size };
  });
}
