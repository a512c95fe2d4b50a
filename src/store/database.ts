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
import { SpanKind, withSpan } from '../observability/with-span.js';
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

const WRITTEN_TABLE = /^\s*(?:insert\s+into|update|delete\s+from)\s+([\w."]+)/i;

/** A statement's span is named by its verb, and the table for writes (`db select`, `db insert records`…). */
function spanNameOf(text: string): string {
  const verb = /^\s*(\w+)/.exec(text)?.[1]?.toLowerCase() ?? 'sql';
  const table = WRITTEN_TABLE.exec(text)?.[1];
  return table ? `db ${verb} ${table}` : `db ${verb}`;
}

function executorOf(k: Kysely<AnyDb> | Transaction<AnyDb>, system: Database['kind']): SqlExecutor {
  return {
    query<R>(text: string, params: readonly unknown[] = []) {
      return withSpan(spanNameOf(text), {
        kind: SpanKind.CLIENT,
        attributes: { 'db.system.name': 'postgresql', 'sluice.db': system, 'db.query.text': text.length > 2_000 ? `${text.slice(0, 2_000)}…` : text },
      }, async (span) => {
        const r = await k.executeQuery<R>(CompiledQuery.raw(text, [...params]));
        const rowCount = Number(r.numAffectedRows ?? r.rows.length);
        span.setAttribute('db.response.returned_rows', rowCount);
        return { rows: [...r.rows], rowCount };
      });
    },
  };
}

/** A transaction in a span; `copyIn` bulk-loads into the transaction's own session (each database knows how). */
function transactionOf(kysely: Kysely<AnyDb>, system: Database['kind'], copyIn: Tx['copyIn']): Database['transaction'] {
  return (fn) =>
    withSpan('db transaction', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'sluice.db': system } }, () =>
      kysely.transaction().execute((trx) => fn({ ...executorOf(trx, system), kysely: trx, copyIn })));
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
  // A client checked out of the pool (a transaction in progress) has no 'error' listener: when the server goes away
  // (restart, failover) pg emits 'error' on it, and an unheard 'error' event crashes the process. The query in flight
  // is rejected with the same error, so the caller still sees the failure; the process stays up and reconnects.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
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
  const exec = executorOf(kysely, 'postgres');
  const transaction = transactionOf(kysely, 'postgres', async (table, columns, payload) => {
    const client = txConnection.getStore()?.client;
    if (!client) throw new SluiceError('database_error', 'COPY outside a transaction connection');
    const sink = client.query(copyFrom(copySql(table, columns, 'STDIN')));
    await pipeline(Readable.from([payload]), sink);
  });
  return {
    kind: 'postgres',
    kysely,
    query: (text, params) => exec.query(text, params),
    transaction: (fn) => txConnection.run({}, () => transaction(fn)),
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
  const exec = executorOf(kysely, 'pglite');
  return {
    kind: 'pglite',
    kysely,
    query: (text, params) => exec.query(text, params),
    // PGlite has one session: a statement sent straight to the instance while the transaction holds the pool's lock
    // runs inside that transaction.
    transaction: transactionOf(kysely, 'pglite', async (table, columns, payload) => {
      await pglite.query(copySql(table, columns, "'/dev/blob'"), [], { blob: new Blob([payload]) });
    }),
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
