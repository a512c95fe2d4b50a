import type { Database } from '../../src/store/database.js';
import { ensureStream } from '../../src/store/stream-registry.js';

export const COMPANY_FIELDS = [
  { name: 'name', type: 'string' as const, required: true },
  { name: 'country', type: 'string' as const },
  { name: 'employees', type: 'integer' as const },
  { name: 'active', type: 'boolean' as const },
];

/** A stream of `n` synthetic companies, written with one set-based statement (as the benchmark does at 1 M). */
export async function seedCompanies(db: Database, n: number, stream = 'companies'): Promise<number> {
  const s = await ensureStream(db, {
    name: stream,
    connector: 'csv',
    primaryKey: ['id'],
    schema: { fields: COMPANY_FIELDS },
    syncMode: 'full_snapshot',
  });
  await db.query(
    `insert into records (stream_id, key, data, hash)
     select $1, lpad(i::text, 8, '0'),
       jsonb_build_object('name', 'Company ' || i, 'country', (array['FR','DE','US'])[1 + i % 3],
         'employees', i % 100, 'active', i % 2 = 0),
       md5(i::text)
     from generate_series(1, $2::int) i`,
    [s.id, n],
  );
  return s.id;
}
