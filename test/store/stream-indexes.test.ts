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

  it('refuses fields the stream does not have, with a stable code', async () => {
    await ensureStream(t.db, { name: 'people', connector: 'csv', primaryKey: ['id'], schema, syncMode: 'full_snapshot' });
    await expect(declareStreamIndex(t.db, { stream: 'people', fields: ['nope'], source: 'settings' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
