import { afterEach, beforeEach, expect, it } from 'vitest';
import type { AggregateRequest } from '../../src/store/aggregate-query.js';
import { aggregateRows, buildAggregateQuery, recordSource } from '../../src/store/aggregate-sql.js';
import { rollupSource } from '../../src/store/rollup-source.js';
import { aggregateStream } from '../../src/store/run-aggregate.js';
import { declareStreamRollup, dropStreamRollups, listStreamRollups, rollupDistinctValues } from '../../src/store/stream-rollups.js';
import { ensureStream } from '../../src/store/stream-registry.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

const fields = [
  { name: 'dealerId', type: 'string' as const },
  { name: 'status', type: 'string' as const },
  { name: 'invoiceDate', type: 'date' as const },
  { name: 'createdTime', type: 'datetime' as const },
  { name: 'total', type: 'number' as const },
  { name: 'parts', type: 'integer' as const },
  { name: 'note', type: 'string' as const },
];

const REQUESTS: AggregateRequest[] = [
  { by: [], metrics: ['count', 'sum:total', 'avg:total', 'sum:parts'] },
  { by: [], metrics: ['count', 'sum:total'], where: ['dealerId:eq:D2'] },
  { by: [], metrics: ['count', 'sum:total'], where: ['dealerId:eq:D2', 'invoiceDate:gte:2026-11-03', 'invoiceDate:lt:2026-11-06'] },
  { by: [], metrics: ['count', 'sum:parts'], where: ['createdTime:gte:2026-11-02', 'createdTime:lt:2026-11-04'] },
  { by: ['dealerId'], metrics: ['count', 'sum:total'], sort: '-sum_total' },
  { by: ['status'], metrics: ['count', 'avg:parts'], where: ['dealerId:in:D1|D3'] },
  { by: ['invoiceDate:week'], metrics: ['count'] },
  { by: [], metrics: ['count', 'sum:total'], where: ['dealerId:eq:nobody'] },
];

describeEachDatabase('stream rollups', (kind) => {
  let t: TestDatabase;
  let streamId = 0;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
    streamId = (await ensureStream(t.db, { name: 'inv', connector: 'csv', primaryKey: ['id'], schema: { fields }, syncMode: 'incremental' })).id;
  });
  afterEach(async () => t.drop());

  const raw = async (req: AggregateRequest) => {
    const q = buildAggregateQuery(recordSource(streamId, fields), req);
    return aggregateRows(q.columns, (await t.db.query(q.text, q.params)).rows);
  };
  const insert = (from: number, to: number) =>
    t.db.query(
      `insert into records (stream_id, key, data, hash)
       select $1, i::text, jsonb_build_object(
         'dealerId', 'D' || (i % 4), 'status', (array['open','paid',null])[1 + i % 3],
         'invoiceDate', to_char(date '2026-11-01' + (i % 9), 'YYYY-MM-DD'),
         'createdTime', to_char(timestamp '2026-11-01 20:00' + (i % 7) * interval '9 hours', 'YYYY-MM-DD"T"HH24:MI:SS"+07:00"'),
         'total', case when i % 5 = 0 then null else round((i * 1234.5)::numeric, 1) end,
         'parts', i % 3, 'note', 'n' || i), md5(i::text)
       from generate_series($2::int, $3::int) i`,
      [streamId, from, to],
    );
  const expectSameAsRecords = async () => {
    const rollups = await listStreamRollups(t.db, 'inv');
    for (const req of REQUESTS) {
      expect(rollupSource(fields, rollups, req), JSON.stringify(req)).not.toBeNull();
      expect(await aggregateStream(t.db, 'inv', req), JSON.stringify(req)).toEqual({ columns: expect.anything(), rows: await raw(req) });
    }
  };

  it('answers counts, sums and averages exactly as the records do, through inserts, updates, removals and deletes', async () => {
    await insert(1, 300);
    // declared over existing records: backfilled
    await declareStreamRollup(t.db, { stream: 'inv', dims: ['dealerId'], day: 'invoiceDate', measures: ['total', 'parts'], source: 'pack:test' });
    await declareStreamRollup(t.db, { stream: 'inv', dims: ['dealerId', 'status'], day: 'invoiceDate', measures: ['total', 'parts'], source: 'pack:test' });
    await declareStreamRollup(t.db, { stream: 'inv', dims: ['dealerId'], day: 'createdTime', measures: ['parts'], source: 'pack:test' });
    await expectSameAsRecords();
    await insert(301, 500);
    await t.db.query(`update records set data = data || jsonb_build_object('dealerId', 'D9', 'total', 7.5) where stream_id = $1 and key::int % 7 = 0`, [streamId]);
    await t.db.query(`update records set data = data || '{"note": "only a note"}' where stream_id = $1 and key::int % 11 = 0`, [streamId]);
    await t.db.query(`update records set status = 'removed' where stream_id = $1 and key::int % 13 = 0`, [streamId]);
    await t.db.query(`delete from records where stream_id = $1 and key::int % 17 = 0`, [streamId]);
    // a value that is not a number counts as empty rather than failing the write
    await t.db.query(`update records set data = data || '{"total": "n/a"}' where stream_id = $1 and key = '2'`, [streamId]);
    await t.db.query(`update records set data = data || '{"total": 1}' where stream_id = $1 and key = '2'`, [streamId]);
    await expectSameAsRecords();
    expect(await rollupDistinctValues(t.db, 'inv', 'dealerId', 10)).toEqual(['D0', 'D1', 'D2', 'D3', 'D9']);
    // the narrow rollup answers what it can; a filter on a field no rollup groups by goes to the records
    const rollups = await listStreamRollups(t.db, 'inv');
    const picked = rollupSource(fields, rollups, { by: [], metrics: ['count'], where: ['dealerId:eq:D1'] })?.params[0];
    expect(rollups.find((r) => r.id === picked)?.dims).toEqual(['dealerId']);
    expect(rollupSource(fields, rollups, { by: [], metrics: ['count'], where: ['note:eq:n1'] })).toBeNull();
    expect(rollupSource(fields, rollups, { by: [], metrics: ['count_distinct:status'] })).toBeNull();
    expect(rollupSource(fields, rollups, { by: [], metrics: ['count'], q: 'x' })).toBeNull();
    expect(rollupSource(fields, rollups, { by: [], metrics: ['count'], where: ['createdTime:lte:2026-11-03'] })).toBeNull();
    expect(await dropStreamRollups(t.db, 'pack:test')).toBe(3);
    expect((await t.db.query('select count(*)::int as n from stream_rollup_groups')).rows[0]).toEqual({ n: 0 });
  });
});
