import { SluiceError } from '../core/errors.js';
import type { DataColumn, DataRow } from '../dashboards/dashboard-view.js';
import type { AggregateRequest } from './aggregate-query.js';
import { aggregateRows, buildAggregateQuery, changeSource, recordSource } from './aggregate-sql.js';
import type { SqlExecutor } from './database.js';
import type { StreamRow } from './stream-registry.js';

export interface AggregateResult {
  readonly columns: DataColumn[];
  readonly rows: DataRow[];
}

async function streamByName(db: SqlExecutor, name: string): Promise<Pick<StreamRow, 'id' | 'name' | 'schema'>> {
  const { rows } = await db.query<Pick<StreamRow, 'id' | 'name' | 'schema'>>('select id, name, schema from streams where name = $1', [name]);
  const row = rows[0];
  if (!row) throw new SluiceError('not_found', `no stream named "${name}"`);
  return row;
}

/** Group-by and metrics over a stream's records (child streams and models are streams too). */
export async function aggregateStream(db: SqlExecutor, stream: string, req: AggregateRequest): Promise<AggregateResult> {
  const s = await streamByName(db, stream);
  const q = buildAggregateQuery(recordSource(s.id, s.schema.fields), req);
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
