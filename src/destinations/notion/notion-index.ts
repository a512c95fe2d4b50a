import { SluiceError } from '../../core/errors.js';
import type { SqlExecutor } from '../../store/database.js';
import type { NotionApi } from './notion-api.js';
import { plainPropertyValue } from './notion-values.js';

/**
 * An adopted database (config.database_id) may already hold pages for our keys: index them once by the external-key
 * property (100 pages per call) so the first push updates them instead of creating duplicates.
 */
export async function indexExistingPages(
  db: SqlExecutor,
  api: NotionApi,
  destinationId: string,
  streamId: number,
  dataSourceId: string,
  keyProperty: string,
): Promise<number> {
  const pages = await api.queryAll(dataSourceId, undefined);
  if (!pages.ok) throw new SluiceError('upstream_rejected', `cannot index the existing Notion pages: ${pages.message} (${pages.code})`);
  const byKey = new Map<string, string>();
  for (const p of pages.body) {
    const key = plainPropertyValue(p.properties[keyProperty]);
    if ((typeof key === 'string' || typeof key === 'number') && key !== '' && !byKey.has(String(key))) byKey.set(String(key), p.id);
  }
  if (byKey.size === 0) return 0;
  await db.query(
    `insert into destination_records (destination_id, stream_id, key, external_id, state)
     select $1, $2, k, e, 'delivered' from unnest($3::text[], $4::text[]) as t(k, e)
     on conflict (destination_id, stream_id, key) do update set external_id = excluded.external_id, state = 'delivered',
       delivered = null, delivered_hash = null, updated_at = now()
       where destination_records.external_id is null`,
    [destinationId, streamId, [...byKey.keys()], [...byKey.values()]],
  );
  return byKey.size;
}
