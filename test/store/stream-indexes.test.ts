import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildRecordQuery } from '../../src/store/records-query.js';
import { buildPendingIndexes, declareStreamIndex, listStreamIndexes } from '../../src/store/stream-indexes.js';
import { ensureStream } from '../../src/store/stream-registry.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

describeEachDatabase('stream indexes', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => t.drop());

  const schema = { fields: [{ name: 'name', type: 'string' as const }, { name: 'country', type: 'string' as const }] };

  it('a declaration for a stream that does not exist yet stays pending and is built once the stream exists', async () => {
    const v = await declareStreamIndex(t.db, { stream: 'people', fields: ['country'], sort: 'name', source: 'pack:demo' });
    expect(v).toMatchObject({ stream: 'people', fields: ['country'], sort: 'name', source: 'pack:demo', state: 'pending' });
    const s = await ensureStream(t.db, { name: 'people', connector: 'csv', primaryKey: ['id'], schema, syncMode: 'full_snapshot' });
    expect(await buildPendingIndexes(t.db, 'people')).toBe(1);
    expect((await listStreamIndexes(t.db, 'people')).map((i) => i.state)).toEqual(['ready']);
    // Declaring it again changes nothing.
    await declareStreamIndex(t.db, { stream: 'people', fields: ['country'], sort: 'name', source: 'settings' });
    expect(await listStreamIndexes(t.db, 'people')).toHaveLength(1);

    // The records query's filter and sort expressions are the index's: the planner can use it.
    await t.db.query(
      `insert into records (stream_id, key, data, hash)
       select $1, i::text, jsonb_build_object('name', 'n' || i, 'country', (array['FR','DE','US'])[1 + i % 3]), md5(i::text)
       from generate_series(1, 3000) i`, [s.id]);
    await t.db.query('analyze records');
    const q = buildRecordQuery({ streamId: s.id, fields: schema.fields, where: ['country:eq:FR'], sort: 'name', limit: 51 });
    await t.db.query('set enable_seqscan = off');
    const plan = (await t.db.query<Record<string, string>>(`explain ${q.text.replace(/\$(\d+)/g, (_, n: string) => {
      const v = q.params[Number(n) - 1];
      return typeof v === 'number' ? String(v) : `'${String(v)}'`;
    })}`)).rows.map((r) => Object.values(r)[0]).join('\n');
    await t.db.query('reset enable_seqscan');
    expect(plan).toMatch(/records_sidx_/);
  });

  it('a date range on the sorted date walks the index; records without the date stay out as with any other filter', async () => {
    const fields = [{ name: 'dealer', type: 'string' as const }, { name: 'day', type: 'datetime' as const }];
    const s = await ensureStream(t.db, { name: 'inv', connector: 'csv', primaryKey: ['id'], schema: { fields }, syncMode: 'incremental' });
    await declareStreamIndex(t.db, { stream: 'inv', fields: [], sort: 'day', source: 'pack:demo' });
    await t.db.query(
      `insert into records (stream_id, key, data, hash)
       select $1, i::text, case when i % 10 = 0 then jsonb_build_object('dealer', 'D' || i % 3)
         else jsonb_build_object('dealer', 'D' || i % 3, 'day', to_char(timestamp '2026-11-01' + i * interval '3 hours', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')) end, md5(i::text)
       from generate_series(1, 2000) i`, [s.id]);
    await t.db.query('analyze records');
    const keys = async (where: string[]) => {
      const q = buildRecordQuery({ streamId: s.id, fields, where, sort: '-day', limit: 5000 });
      return (await t.db.query<{ key: string }>(q.text, q.params)).rows.map((r) => Number(r.key));
    };
    const day = (i: number) => new Date(Date.UTC(2026, 10, 1) + i * 3 * 3_600_000).toISOString().slice(0, 10);
    const expected = (pred: (d: string) => boolean) =>
      Array.from({ length: 2000 }, (_, j) => 2000 - j).filter((i) => i % 10 !== 0 && pred(day(i)));
    // same rows, newest first, as the text comparison of the ISO value against a date gives
    expect(await keys(['day:lt:2026-11-05'])).toEqual(expected((d) => d < '2026-11-05'));
    expect(await keys(['day:gte:2026-11-20', 'day:lt:2026-11-27'])).toEqual(expected((d) => d >= '2026-11-20' && d < '2026-11-27'));
    expect(await keys(['day:gte:2026-11-20', 'dealer:eq:D1'])).toEqual(expected((d) => d >= '2026-11-20').filter((i) => i % 3 === 1));
    const q = buildRecordQuery({ streamId: s.id, fields, where: ['day:gte:2026-11-20', 'day:lt:2026-11-27'], sort: '-day', limit: 51 });
    const lit = q.text.replace(/\$(\d+)/g, (_, n: string) => {
      const v = q.params[Number(n) - 1];
      return typeof v === 'number' ? String(v) : `'${String(v)}'`;
    });
    const plan = (await t.db.query<Record<string, string>>(`explain ${lit}`)).rows.map((r) => Object.values(r)[0]).join('\n');
    expect(plan).toMatch(/Index Scan Backward using records_sidx_/);
  });

  it('refuses fields the stream does not have, with a stable code', async () => {
    await ensureStream(t.db, { name: 'people', connector: 'csv', primaryKey: ['id'], schema, syncMode: 'full_snapshot' });
    await expect(declareStreamIndex(t.db, { stream: 'people', fields: ['nope'], source: 'settings' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
