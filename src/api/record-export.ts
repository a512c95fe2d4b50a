import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { SqlExecutor } from '../store/database.js';
import { buildRecordQuery, type RecordQueryInput } from './records-query.js';

const BATCH = 2_000;

interface ExportRow {
  key: string;
  sort_value: unknown;
  [column: string]: unknown;
}

/**
 * Streams every matching record as CSV or NDJSON in keyset batches: memory stays flat whatever the stream's size,
 * and no transaction or cursor is held open between batches (PGlite has one connection; other requests interleave).
 * Backpressure: the next batch is read only when the consumer has taken the previous one. SQL hands over flat text
 * (each field as text for CSV, each row as one JSON line for NDJSON), so a batch creates no parsed JSON objects.
 */
export function exportRecords(
  db: SqlExecutor,
  query: Omit<RecordQueryInput, 'limit' | 'after' | 'shape'>,
  format: 'csv' | 'ndjson',
  signal: AbortSignal,
): Readable {
  const columns = ['key', 'status', ...query.fields.map((f) => f.name), 'updated_at'];
  async function* generate(): AsyncGenerator<string> {
    let after: unknown[] | undefined;
    if (format === 'csv') yield stringify([columns]);
    for (;;) {
      if (signal.aborted) return;
      const q = buildRecordQuery({ ...query, limit: BATCH, shape: format, ...(after ? { after } : {}) });
      const { rows } = await db.query<ExportRow>(q.text, q.params);
      if (rows.length === 0) return;
      if (format === 'csv') {
        // `data->>'field'` gives nested JSON as JSON text and booleans as true/false; SQL NULL becomes an empty cell.
        yield stringify(rows.map((r) => [r.key, r.status, ...query.fields.map((_f, i) => r[`f${i}`] ?? ''), r.updated_at ?? '']));
      } else {
        yield `${rows.map((r) => String(r.line)).join('\n')}\n`;
      }
      const last = rows[rows.length - 1] as ExportRow;
      after = [last.sort_value, last.key];
      if (rows.length < BATCH) return;
    }
  }
  return Readable.from(generate(), { objectMode: false, highWaterMark: 1 });
}
