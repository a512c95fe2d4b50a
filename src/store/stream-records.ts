import type { SqlExecutor } from './database.js';

export interface RecordRow {
  readonly key: string;
  readonly status: string;
  readonly data: Record<string, unknown>;
}

/**
 * Every record of a stream in key order, fetched page by page (keyset pagination), so exporting a million records
 * holds one page in memory at a time.
 */
export async function* streamRecords(
  db: SqlExecutor,
  streamId: number,
  opts: { status?: 'active' | 'removed' | 'all'; pageSize?: number } = {},
): AsyncGenerator<RecordRow> {
  const status = opts.status ?? 'active';
  const page = opts.pageSize ?? 5_000;
  let after = '';
  for (;;) {
    const { rows } = await db.query<RecordRow>(
      `select key, status, data from records where stream_id = $1 and key > $2 and ($3 = 'all' or status = $3)
       order by key limit $4`,
      [streamId, after, status, page],
    );
    for (const r of rows) yield r;
    if (rows.length < page) return;
    after = rows[rows.length - 1]!.key;
  }
}
