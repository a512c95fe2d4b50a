import { SluiceError } from '../core/errors.js';
import type { DataColumn, DataRow } from '../dashboards/dashboard-view.js';
import type { AggregateRequest } from './aggregate-query.js';
import { aggregateRows, buildAggregateQuery, changeSource, recordSource } from './aggregate-sql.js';
import type { SqlExecutor } from './database.js';
import { rollupSource } from './rollup-source.js';
import { listStreamRollups } from './stream-rollups.js';
import type { StreamRow } from './stream-registry.js';

export interface AggregateResult {
  readonly columns: DataColumn[];
  readonly rows: DataRow[];
}

type StreamInfo = Pick<StreamRow, 'id' | 'name' | 'schema' | 'parent_stream'>;

async function streamByName(db: SqlExecutor, name: string): Promise<StreamInfo> {
  const { rows } = await db.query<StreamInfo>('select id, name, schema, parent_stream from streams where name = $1', [name]);
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no stream named "${name}"`);
  return row;
}

/** Group-by and metrics over a stream's records (child streams, with their parent's fields as `parent.<f>`, and models are streams too). */
export async function aggregateStream(db: SqlExecutor, stream: string, req: AggregateRequest): Promise<AggregateResult> {
  const s = await streamByName(db, stream);
  // A rollup of the stream answers counts and sums from its groups, not from millions of records.
  const rolled = rollupSource(s.schema.fields, await listStreamRollups(db, stream), req);
  if (rolled) {
    const q = buildAggregateQuery(rolled, req);
    const { rows } = await db.query(q.text, q.params);
    return { columns: q.columns, rows: aggregateRows(q.columns, rows) };
  }
  const parent = s.parent_stream ? await streamByName(db, s.parent_stream).catch(() => null) : null;
  const q = buildAggregateQuery(recordSource(s.id, s.schema.fields, parent ? { id: parent.id, fields: parent.schema.fields } : undefined), req);
  const { rows } = await db.query(q.text, q.params);
  return { columns: q.columns, rows: aggregateRows(q.columns, rows) };
}

/** Group-by and metrics over a stream's change history (fields `at`, `kind`, `key`, `actor`, `run_id`). */
export async function aggregateChanges(db: SqlExecutor, stream: string, req: AggregateRequest): Promise<AggregateResult> {
  const s = await streamByName(db, stream);
  const q = buildAggregateQuery(changeSource(s.id), req);
  const { rows } = await db.query(q.text, q.params);
  return { columns: q.columns, rows: aggregateRows(q.columns, rows) };
}
