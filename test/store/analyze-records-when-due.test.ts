import { afterAll, beforeAll, expect, it } from 'vitest';
import { analyzeRecordsWhenDue } from '../../src/store/analyze-records-when-due.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

describeEachDatabase('analyzeRecordsWhenDue: autovacuum analyze rule for records and changes', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await t.db.query(`insert into streams (name, connector, primary_key, schema, sync_mode) values ('s', 'csv', '{id}', '{"fields":[]}', 'full_snapshot')`);
  });
  afterAll(() => t?.drop());

  /** Writes n records and their `created` change rows, as the pipeline does. */
  const write = async (from: number, n: number) => {
    await t.db.query(
      `with w as (insert into records (stream_id, key, data, hash) select (select id from streams where name = 's'), g::text, jsonb_build_object('id', g), 'h'
         from generate_series($1::int, $2::int) g returning stream_id, key)
       insert into changes (stream_id, key, kind) select stream_id, key, 'created' from w`,
      [from, from + n - 1],
    );
  };
  const tuples = async () => Number((await t.db.query<{ n: number }>("select reltuples::float8 as n from pg_class where oid = 'records'::regclass")).rows[0]!.n);

  it('analyzes once per process, then only after 50 + 10 % of the table was written', async () => {
    await write(1, 1000);
    expect(await analyzeRecordsWhenDue(t.db)).toBe(true);
    expect(await tuples()).toBe(1000);
    // 140 rows written: under 50 + 100.
    await write(1001, 140);
    expect(await analyzeRecordsWhenDue(t.db)).toBe(false);
    expect(await tuples()).toBe(1000);
    // 160 in all since the analysis: over.
    await write(1141, 20);
    expect(await analyzeRecordsWhenDue(t.db)).toBe(true);
    expect(await tuples()).toBe(1160);
    expect(await analyzeRecordsWhenDue(t.db)).toBe(false);
  });
});
