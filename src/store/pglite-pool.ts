import type { PGlite } from '@electric-sql/pglite';
import { Mutex } from '@electric-sql/pglite';

/** What Kysely's PostgresDialect and our raw queries need from a connection. */
export interface PoolClientLike {
  query(text: string, params?: readonly unknown[]): Promise<{ rows: unknown[]; rowCount: number; command: string }>;
  release(): void;
}

/**
 * Presents one embedded PGlite instance as a `pg.Pool` of size one. PGlite has a single session, so every user —
 * Kysely, transactions, the job queue — must take the same lock, or a query from one would run inside another's
 * open transaction.
 */
export class PglitePool {
  readonly lock = new Mutex();

  constructor(readonly pglite: PGlite) {}

  async connect(): Promise<PoolClientLike> {
    const release = await this.lock.acquire();
    let released = false;
    return {
      query: (text, params) => runQuery(this.pglite, text, params),
      release: () => {
        if (!released) {
          released = true;
          release();
        }
      },
    };
  }

  /** Runs a parameterless, possibly multi-statement script (migrations, pg-boss DDL). */
  async exec(script: string): Promise<unknown[]> {
    return this.lock.runExclusive(async () => {
      try {
        const results = await this.pglite.exec(script);
        return results.flatMap((r) => r.rows ?? []);
      } catch (err) {
        // A failed `BEGIN; …; COMMIT;` script leaves the single session inside an aborted transaction; roll it back
        // under the same lock so no other statement runs in between.
        await this.pglite.exec('rollback').catch(() => undefined);
        throw err;
      }
    });
  }

  async end(): Promise<void> {
    /* the owner closes the PGlite instance */
  }
}

async function runQuery(
  pglite: PGlite,
  text: string,
  params?: readonly unknown[],
): Promise<{ rows: unknown[]; rowCount: number; command: string }> {
  if (!params || params.length === 0) {
    // The simple protocol accepts several statements; the result of the last one with rows wins, as in `pg`.
    const results = await pglite.exec(text);
    const last = results[results.length - 1];
    return {
      rows: last?.rows ?? [],
      rowCount: last?.affectedRows ?? last?.rows.length ?? 0,
      command: commandOf(text),
    };
  }
  const r = await pglite.query(text, params as unknown[]);
  return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length, command: commandOf(text) };
}

// Kysely reads `command` only to report affected rows for INSERT/UPDATE/DELETE/MERGE.
function commandOf(text: string): string {
  return (text.trimStart().split(/\s+/, 1)[0] ?? '').toUpperCase();
}
