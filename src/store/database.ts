import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { SluiceError } from '../core/errors.js';
import { PglitePool } from './pglite-pool.js';

/** The one port every repository uses: run a statement, get rows back. */
export interface SqlExecutor {
  query<R = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

export interface Tx extends SqlExecutor {
  readonly kysely: Transaction<AnyDb>;
  /**
   * Bulk-loads rows inside this transaction: `COPY <table> (<columns>) FROM STDIN` fed with `payload` in COPY text
   * format (see `toCopyText`). On PostgreSQL through pg-copy-streams on the transaction's own connection, on PGlite
   * through its `/dev/blob` device.
   */
  copyIn(table: string, columns: readonly string[], payload: string): Promise<void>;
}

// The schema is generated per stream at run time, so queries are typed at the repository level instead.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = any;

export interface Database extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  readonly kysely: Kysely<AnyDb>;
  /** Runs `fn` in one transaction; it commits when `fn` resolves and rolls back when it throws. */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** A parameterless, multi-statement script (migrations). */
  exec(script: string): Promise<void>;
  /** pg-boss's database port, through the same connection discipline as everything else. */
  readonly boss: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
  /** The embedded instance, when there is one (LISTEN/NOTIFY for the job queue). */
  readonly pglite: PGlite | undefined;
  /** Connection string for PostgreSQL, when on a server (extra sessions for LISTEN). */
  readonly url: string | undefined;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent the embedded database in `dataDir` is used. */
  url?: string | undefined;
  dataDir?: string;
  /** In-memory PGlite (tests). */
  memory?: boolean;
  poolSize?: number;
}

// Counts and ids are well inside 2^53: read BIGINT as a number on both backends so results compare equal.
const INT8 = 20;
pg.types.setTypeParser(INT8, (v) => Number(v));

const PGLITE_SETTINGS = [
  'shared_buffers = 16MB',
  'work_mem = 4MB',
  'maintenance_work_mem = 16MB',
  'wal_buffers = 1MB',
  'max_wal_size = 64MB',
  'min_wal_size = 32MB',
  'checkpoint_timeout = 60s',
];

function executorOf(k: Kysely<AnyDb> | Transaction<AnyDb>): SqlExecutor {
  return {
    async query<R>(text: string, params: readonly unknown[] = []) {
      const r = await k.executeQuery<R>(CompiledQuery.raw(text, [...params]));
      return { rows: [...r.rows], rowCount: Number(r.numAffectedRows ?? r.rows.length) };
    },
  };
}

function copySql(table: string, columns: readonly string[], source: string): string {
  return `copy ${table} (${columns.join(', ')}) from ${source}`;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  if (opts.url) return openPostgres(opts.url, opts.poolSize ?? 10);
  return openPglite(opts);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  pool.on('error', () => {
    /* an idle client died; the pool replaces it and the next query reports real failures */
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw new SluiceError('database_error', `cannot connect to PostgreSQL: ${(err as Error).message}`, { cause: err });
  }
  // Kysely hides the connection a transaction runs on; COPY needs it. The connection a transaction checks out is
  // noted in the transaction's async context, so `copyIn` streams into the same session as the transaction.
  const txConnection = new AsyncLocalStorage<{ client?: pg.PoolClient }>();
  const notingPool = {
    connect: async () => {
      const client = await pool.connect();
      const slot = txConnection.getStore();
      if (slot && !slot.client) slot.client = client;
      return client;
    },
    end: () => pool.end(),
  };
  const kysely = new Kysely<AnyDb>({ dialect: new PostgresDialect({ pool: notingPool as unknown as pg.Pool }) });
  const exec = executorOf(kysely);
  return {
    kind: 'postgres',
    kysely,
    query: (text, params) => exec.query(text, params),
    transaction: (fn) => {
      const slot: { client?: pg.PoolClient } = {};
      return txConnection.run(slot, () =>
        kysely.transaction().execute((trx) =>
          fn({
            ...executorOf(trx),
            kysely: trx,
            copyIn: async (table, columns, payload) => {
              if (!slot.client) throw new SluiceError('database_error', 'COPY outside a transaction connection');
              const sink = slot.client.query(copyFrom(copySql(table, columns, 'STDIN')));
              await pipeline(Readable.from([payload]), sink);
            },
          }),
        ),
      );
    },
    exec: async (script) => {
      await pool.query(script);
    },
    boss: {
      async executeSql(text, values) {
        const r = await pool.query(text, values);
        const results = Array.isArray(r) ? (r as pg.QueryResult[]) : [r];
        return { rows: results.flatMap((x): unknown[] => x.rows ?? []) };
      },
    },
    pglite: undefined,
    url,
    close: async () => {
      await kysely.destroy();
    },
  };
}

async function openPglite(opts: OpenDatabaseOptions): Promise<Database> {
  let dir: string | undefined;
  if (!opts.memory) {
    if (!opts.dataDir) throw new SluiceError('config_invalid', 'a data directory is required for the embedded database');
    dir = join(opts.dataDir, 'pgdata');
    mkdirSync(dir, { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(dir ? { dataDir: dir } : {}),
    // PGlite's WASM heap only grows: small buffers and a short WAL keep a large load's memory and disk bounded.
    postgresqlconf: PGLITE_SETTINGS,
    extensions: { pg_trgm },
    parsers: { [INT8]: (v: string) => Number(v) },
  });
  const pool = new PglitePool(pglite);
  const kysely = new Kysely<AnyDb>({ dialect: new PostgresDialect({ pool: pool as never }) });
  const exec = executorOf(kysely);
  return {
    kind: 'pglite',
    kysely,
    query: (text, params) => exec.query(text, params),
    // PGlite has one session: a statement sent straight to the instance while the transaction holds the pool's lock
    // runs inside that transaction.
    transaction: (fn) =>
      kysely.transaction().execute((trx) =>
        fn({
          ...executorOf(trx),
          kysely: trx,
          copyIn: async (table, columns, payload) => {
            await pglite.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([payload]) });
          },
        }),
      ),
    exec: async (script) => {
      await pool.exec(script);
    },
    boss: {
      async executeSql(text, values) {
        if (values && values.length > 0) {
          const c = await pool.connect();
          try {
            return { rows: (await c.query(text, values)).rows };
          } finally {
            c.release();
          }
        }
        return { rows: await pool.exec(text) };
      },
    },
    pglite,
    url: undefined,
    close: async () => {
      await kysely.destroy();
      await pool.lock.runExclusive(() => pglite.close());
    },
  };
}
