import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { SqlExecutor } from '../store/database.js';
import { buildRecordQuery, type RecordQueryInput } from './records-query.js';

const BATCH = 2_000;

interface Row {
  key: string;
  status: string;
  data: Record<string, unknown>;
  updated_at: Date;
  sort_value: unknown;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/**
 * Streams every matching record as CSV or NDJSON in keyset batches: memory stays flat whatever the stream's size,
 * and no transaction or cursor is held open between batches (PGlite has one connection; other requests interleave).
 * Backpressure: the next batch is read only when the consumer has taken the previous one.
 */
export function exportRecords(
  db: SqlExecutor,
  query: Omit<RecordQueryInput, 'limit' | 'after'>,
  format: 'csv' | 'ndjson',
  signal: AbortSignal,
): Readable {
  const columns = ['key', 'status', ...query.fields.map((f) => f.name), 'updated_at'];
  async function* generate(): AsyncGenerator<string> {
    let after: unknown[] | undefined;
    if (format === 'csv') yield stringify([columns]);
    for (;;) {
      if (signal.aborted) return;
      const q = buildRecordQuery({ ...query, limit: BATCH, ...(after ? { after } : {}) });
      const { rows } = await db.query<Row>(q.text, q.params);
      if (rows.length === 0) return;
      if (format === 'csv') {
        yield stringify(
          rows.map((r) => [r.key, r.status, ...query.fields.map((f) => cell(r.data[f.name])), cell(r.updated_at)]),
        );
      } else {
        yield rows.map((r) => JSON.stringify({ key: r.key, status: r.status, data: r.data, updated_at: r.updated_at })).join('\n') + '\n';
      }
      const last = rows[rows.length - 1] as Row;
      after = [last.sort_value, last.key];
      if (rows.length < BATCH) return;
    }
  }
  return Readable.from(generate(), { objectMode: false, highWaterMark: 1 });
}
