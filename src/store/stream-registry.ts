import { canonicalJson } from '../core/content-hash.js';
import { SluiceError } from '../core/errors.js';
import { sqlIdent, type StreamSchema, type SyncMode } from '../core/stream-schema.js';
import type { SqlExecutor } from './database.js';
import { streamViewSql } from './stream-view-sql.js';

export interface StreamRow {
  readonly id: number;
  readonly name: string;
  readonly connector: string;
  readonly primary_key: string[];
  readonly schema: StreamSchema;
  readonly sync_mode: SyncMode;
  readonly parent_stream: string | null;
  readonly view_name: string | null;
}

export interface StreamDeclaration {
  readonly name: string;
  readonly connector: string;
  readonly primaryKey: readonly string[];
  readonly schema: StreamSchema;
  readonly syncMode: SyncMode;
  readonly parentStream?: string;
}

/**
 * Registers a stream (or updates its schema) and (re)generates its typed view `data.<name>` when the schema changed.
 * Several connections of one connector may share a stream; a different connector may not take over a stream name.
 */
export async function ensureStream(db: SqlExecutor, d: StreamDeclaration): Promise<StreamRow> {
  const { rows } = await db.query<StreamRow>('select * from streams where name = $1', [d.name]);
  const existing = rows[0];
  if (existing && existing.connector !== d.connector) {
    throw new SluiceError('conflict', `stream "${d.name}" belongs to connector ${existing.connector}, not ${d.connector}`);
  }
  const sameSchema =
    existing &&
    canonicalJson(existing.schema) === canonicalJson(d.schema) &&
    canonicalJson(existing.primary_key) === canonicalJson(d.primaryKey) &&
    existing.sync_mode === d.syncMode;
  if (existing && sameSchema) return existing;
  const viewName = sqlIdent(d.name);
  const { rows: saved } = await db.query<StreamRow>(
    `insert into streams (name, connector, primary_key, schema, sync_mode, parent_stream, view_name)
     values ($1, $2, $3::text[], $4::jsonb, $5, $6, $7)
     on conflict (name) do update set primary_key = excluded.primary_key, schema = excluded.schema,
       sync_mode = excluded.sync_mode, parent_stream = excluded.parent_stream, view_name = excluded.view_name,
       updated_at = now()
     returning *`,
    [d.name, d.connector, [...d.primaryKey], JSON.stringify(d.schema), d.syncMode, d.parentStream ?? null, viewName],
  );
  const row = saved[0] as StreamRow;
  for (const stmt of streamViewSql(viewName, row.id, d.schema).split(';\n').filter((s) => s.trim())) {
    await db.query(stmt);
  }
  return row;
}

export async function getStream(db: SqlExecutor, name: string): Promise<StreamRow> {
  const { rows } = await db.query<StreamRow>('select * from streams where name = $1', [name]);
  const row = rows[0];
  if (!row) throw new SluiceError('stream_unknown', `no stream named "${name}"`);
  return row;
}

export async function listStreams(db: SqlExecutor): Promise<StreamRow[]> {
  const { rows } = await db.query<StreamRow>('select * from streams order by name');
  return rows;
}
