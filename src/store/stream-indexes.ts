import { createHash } from 'node:crypto';
import { SluiceError } from '../core/errors.js';
import type { Database } from './database.js';
import { fieldLiteral } from './record-filters.js';

export interface StreamIndexDeclaration {
  readonly stream: string;
  /** Fields filtered on (equality or range), in index order. */
  readonly fields: readonly string[];
  /** A field the stream is sorted on after those filters (the records API's `sort`), if any. */
  readonly sort?: string | undefined;
  /** Who declared it: `pack:<id>` or `settings`. */
  readonly source: string;
}

export interface StreamIndexView {
  readonly stream: string;
  readonly fields: string[];
  readonly sort: string | null;
  readonly source: string;
  readonly index_name: string;
  /** `ready` (built and valid), `pending` (the stream does not exist yet) or `invalid` (a concurrent build failed). */
  readonly state: 'ready' | 'pending' | 'invalid';
}

/**
 * The index's columns are exactly the expressions the records query uses (`store/records-query.ts`): each filter
 * field as text, then the sort field's jsonb value, then the key, partial on the stream so each index covers one
 * stream only.
 */
export function streamIndexSql(streamId: number, d: Pick<StreamIndexDeclaration, 'fields' | 'sort'>, name: string, concurrently: boolean): string {
  const cols = [
    ...d.fields.map((f) => `(data->>${fieldLiteral(f)})`),
    ...(d.sort ? [`(coalesce(data->${fieldLiteral(d.sort)}, 'null'::jsonb))`] : []),
    'key',
  ];
  return `create index ${concurrently ? 'concurrently ' : ''}if not exists ${name} on records (${cols.join(', ')}) where stream_id = ${streamId}`;
}

function indexName(d: Pick<StreamIndexDeclaration, 'stream' | 'fields' | 'sort'>): string {
  const h = createHash('sha1').update(JSON.stringify([d.stream, d.fields, d.sort ?? ''])).digest('hex').slice(0, 12);
  return `records_sidx_${h}`;
}

/**
 * Records a declaration (idempotent) and builds its index now when the stream exists; returns its view. A person's
 * declaration naming a field the stream lacks is refused; a pack's (`checkFields: false`) stays pending until it exists.
 */
export async function declareStreamIndex(db: Database, d: StreamIndexDeclaration, opts: { checkFields?: boolean } = {}): Promise<StreamIndexView> {
  if (d.fields.length === 0 && !d.sort) throw new SluiceError('validation_failed', 'an index needs at least one field');
  const name = indexName(d);
  const { rows: s } = await db.query<{ fields: { name: string }[] }>(`select schema->'fields' as fields from streams where name = $1`, [d.stream]);
  if (s[0] && opts.checkFields !== false) {
    const known = new Set(s[0].fields.map((f) => f.name));
    const unknown = [...d.fields, ...(d.sort ? [d.sort] : [])].filter((f) => !known.has(f));
    if (unknown.length > 0) {
      throw new SluiceError('validation_failed', `stream "${d.stream}" has no field(s) ${unknown.join(', ')} to index`, { details: { unknown } });
    }
  }
  await db.query(
    `insert into stream_indexes (stream_name, fields, sort_field, source, index_name) values ($1, $2::text[], $3, $4, $5)
     on conflict (stream_name, fields, sort_field) do nothing`,
    [d.stream, [...d.fields], d.sort ?? '', d.source, name],
  );
  await buildPendingIndexes(db, d.stream);
  const view = (await listStreamIndexes(db, d.stream)).find((v) => v.index_name === name);
  if (!view) throw new SluiceError('database_error', `index ${name} was not recorded`);
  return view;
}

/**
 * Builds the declared indexes of `stream` that are missing or invalid. PostgreSQL builds them CONCURRENTLY (writes to
 * the stream go on meanwhile); the embedded database has one session, so a plain build is already non-blocking for
 * others. Call it outside any transaction.
 */
export async function buildPendingIndexes(db: Database, stream: string): Promise<number> {
  const { rows: s } = await db.query<{ id: number; fields: { name: string }[] }>(
    `select id, schema->'fields' as fields from streams where name = $1`, [stream]);
  const row = s[0];
  if (!row) return 0;
  const known = new Set(row.fields.map((f) => f.name));
  const { rows } = await db.query<{ fields: string[]; sort_field: string; index_name: string; valid: boolean | null }>(
    `select d.fields, d.sort_field, d.index_name, i.indisvalid as valid
     from stream_indexes d left join pg_class c on c.relname = d.index_name and c.relkind = 'i'
     left join pg_index i on i.indexrelid = c.oid
     where d.stream_name = $1`,
    [stream],
  );
  let built = 0;
  for (const r of rows) {
    if (r.valid === true) continue;
    // A declaration naming fields the stream does not (yet) have stays pending.
    if ([...r.fields, ...(r.sort_field ? [r.sort_field] : [])].some((f) => !known.has(f))) continue;
    // A failed concurrent build leaves an invalid index behind: drop it and build again.
    if (r.valid === false) await db.exec(`drop index ${db.kind === 'postgres' ? 'concurrently ' : ''}if exists ${r.index_name}`);
    await db.exec(streamIndexSql(row.id, { fields: r.fields, sort: r.sort_field || undefined }, r.index_name, db.kind === 'postgres'));
    await db.query('update stream_indexes set created_at = now() where index_name = $1', [r.index_name]);
    built++;
  }
  return built;
}

export async function listStreamIndexes(db: Database, stream: string): Promise<StreamIndexView[]> {
  const { rows } = await db.query<{ stream_name: string; fields: string[]; sort_field: string; source: string; index_name: string; valid: boolean | null }>(
    `select d.stream_name, d.fields, d.sort_field, d.source, d.index_name, i.indisvalid as valid
     from stream_indexes d left join pg_class c on c.relname = d.index_name and c.relkind = 'i'
     left join pg_index i on i.indexrelid = c.oid
     where d.stream_name = $1 order by d.declared_at, d.index_name`,
    [stream],
  );
  return rows.map((r) => ({
    stream: r.stream_name,
    fields: r.fields,
    sort: r.sort_field || null,
    source: r.source,
    index_name: r.index_name,
    state: r.valid === true ? 'ready' : r.valid === false ? 'invalid' : 'pending',
  }));
}
