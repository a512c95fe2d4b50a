import type { Database } from '../src/store/database.js';
import { ensureStream, type StreamRow } from '../src/store/stream-registry.js';

/**
 * The API and UI benchmarks' fixture: a stream `bench` of N company records written with set-based SQL in chunks
 * (the product's ingest path is what the ingest benchmark measures, not this).
 */
export async function seedBenchStream(db: Database, rows: number): Promise<StreamRow> {
  const stream = await ensureStream(db, {
    name: 'bench',
    connector: 'csv',
    primaryKey: ['id'],
    schema: {
      fields: [
        { name: 'name', type: 'string' },
        { name: 'country', type: 'string' },
        { name: 'city', type: 'string' },
        { name: 'employees', type: 'integer' },
        { name: 'email', type: 'email' },
        { name: 'active', type: 'boolean' },
      ],
    },
    syncMode: 'full_snapshot',
  });
  const CHUNK = 100_000;
  for (let start = 1; start <= rows; start += CHUNK) {
    await db.query(
      `insert into records (stream_id, key, data, hash)
       select $1, lpad(i::text, 9, '0'),
         jsonb_build_object('name', 'Company ' || md5(i::text), 'country', (array['FR','DE','US','ID','JP','BR','IN','PT'])[1 + i % 8],
           'city', 'City ' || (i % 500), 'employees', i % 5000, 'email', 'contact' || i || '@example.com', 'active', i % 3 <> 0),
         md5(i::text)
       from generate_series($2::int, $3::int) i`,
      [stream.id, start, Math.min(rows, start + CHUNK - 1)],
    );
  }
  return stream;
}
