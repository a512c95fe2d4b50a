import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type { SqlExecutor } from './database.js';
import { buildRecordQuery, type RecordQueryInput } from './records-query.js';

const BATCH = 2_000;

/** The export formats, one writer for all of them (API, CLI, file destination). */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  ndjson: 'application/x-ndjson',
};

/**
 * The one export format: CSV columns `key,status,<schema fields…>,updated_at` (nested values as JSON text, SQL NULL as
 * an empty cell); NDJSON lines and JSON array items `{key, status, data, updated_at}`.
 */
export function exportColumns(fields: readonly { readonly name: string }[]): string[] {
  return ['key', 'status', ...fields.map((f) => f.name), 'updated_at'];
}

interface ExportRow {
  key: string;
  sort_value: unknown;
  [column: string]: unknown;
}

export interface ExportOptions {
  /** Stop after this many records (CLI `records --limit`); every matching record by default. */
  readonly maxRows?: number;
  /** Told the size of each batch as it is handed over (progress, counts). */
  readonly onBatch?: (records: number) => void;
}

/**
 * Streams every matching record as CSV, JSON or NDJSON in keyset batches: memory stays flat whatever the stream's
 * size, and no transaction or cursor is held open between batches (PGlite has one connection; other requests
 * interleave). Backpressure: the next batch is read only when the consumer has taken the previous one. SQL hands over
 * flat text (each field as text for CSV, each row as one JSON line otherwise), so a batch creates no parsed JSON objects.
 */
export function exportRecords(
  db: SqlExecutor,
  query: Omit<RecordQueryInput, 'limit' | 'after' | 'shape'>,
  format: ExportFormat,
  signal: AbortSignal,
  opts: ExportOptions = {},
): Readable {
  const max = opts.maxRows ?? Number.POSITIVE_INFINITY;
  async function* generate(): AsyncGenerator<string> {
    let after: unknown[] | undefined;
    let sent = 0;
    if (format === 'csv') yield stringify([exportColumns(query.fields)]);
    if (format === 'json') yield '[';
    for (;;) {
      if (signal.aborted || sent >= max) break;
      const limit = Math.min(BATCH, max - sent);
      const q = buildRecordQuery({ ...query, limit, shape: format === 'csv' ? 'csv' : 'ndjson', ...(after ? { after } : {}) });
      const { rows } = await db.query<ExportRow>(q.text, q.params);
      if (rows.length === 0) break;
      if (format === 'csv') {
        // `data->>'field'` gives nested JSON as JSON text and booleans as true/false; SQL NULL becomes an empty cell.
        yield stringify(rows.map((r) => [r.key, r.status, ...query.fields.map((_f, i) => r[`f${i}`] ?? ''), r.updated_at ?? '']));
      } else if (format === 'json') {
        yield `${sent === 0 ? '\n' : ',\n'}${rows.map((r) => String(r.line)).join(',\n')}`;
      } else {
        yield `${rows.map((r) => String(r.line)).join('\n')}\n`;
      }
      sent += rows.length;
      opts.onBatch?.(rows.length);
      const last = rows[rows.length - 1] as ExportRow;
      after = [last.sort_value, last.key];
      if (rows.length < limit) break;
    }
    if (format === 'json') yield '\n]\n';
  }
  return Readable.from(generate(), { objectMode: false, highWaterMark: 1 });
}
