import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureStream } from '../../src/store/stream-registry.js';
import { aggregateChanges, aggregateStream } from '../../src/store/run-aggregate.js';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from '../api/api-harness.js';

/**
 * Orders: a parent stream with a datetime across the Europe/Paris DST change (2024-03-31 01:00 UTC) and across
 * midnight, plus a child stream of order lines.
 */
const ORDERS = [
  { id: 'o1', dealer: 'D1', total: 100, paid: true, at: '2024-03-30T22:30:00.000Z', day: '2024-03-30' }, // Paris: 23:30 on the 30th
  { id: 'o2', dealer: 'D1', total: 50.5, paid: false, at: '2024-03-30T23:30:00.000Z', day: '2024-03-31' }, // Paris: 00:30 on the 31st
  { id: 'o3', dealer: 'D2', total: 200, paid: true, at: '2024-03-31T12:00:00.000Z', day: '2024-03-31' },
  { id: 'o4', dealer: 'D2', total: 10, paid: true, at: '2024-04-01T00:30:00.000Z', day: '2024-04-01' }, // Paris: 02:30 (CEST) on Apr 1
  { id: 'o5', dealer: 'D3', total: null, paid: null, at: '2024-04-15T10:00:00.000Z', day: '2024-04-15' },
];

describeEachDatabase('aggregates', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
    const db = h.app.db;
    const s = await ensureStream(db, {
      name: 'orders', connector: 'csv', primaryKey: ['id'], syncMode: 'full_snapshot',
      schema: { fields: [
        { name: 'id', type: 'string' }, { name: 'dealer', type: 'string' }, { name: 'total', type: 'number' },
        { name: 'paid', type: 'boolean' }, { name: 'at', type: 'datetime' }, { name: 'day', type: 'date' }, { name: 'tags', type: 'string[]' },
      ] },
    });
    const lines = await ensureStream(db, {
      name: 'orders_lines', connector: 'csv', primaryKey: ['_parent_key', '_child_key'], syncMode: 'full_snapshot', parentStream: 'orders',
      schema: { fields: [{ name: 'part', type: 'string' }, { name: 'amount', type: 'integer' }] },
    });
    for (const o of ORDERS) {
      const data = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
      await db.query(`insert into records (stream_id, key, data, hash) values ($1, $2, $3::jsonb, 'h')`, [s.id, o.id, JSON.stringify(data)]);
    }
    await db.query(`update records set status = 'removed' where stream_id = $1 and key = 'o5'`, [s.id]);
    for (const [key, parent, part, amount] of [['o1/a', 'o1', 'A', 1000], ['o1/b', 'o1', 'B', 2500], ['o3/a', 'o3', 'A', 400]] as const) {
      await db.query(`insert into records (stream_id, key, parent_key, data, hash) values ($1, $2, $3, $4::jsonb, 'h')`, [lines.id, key, parent, JSON.stringify({ part, amount })]);
    }
    await db.query(
      `insert into changes (stream_id, key, kind, at) values
        ($1, 'o1', 'created', '2024-03-04T10:00:00Z'), ($1, 'o2', 'created', '2024-03-05T10:00:00Z'),
        ($1, 'o1', 'updated', '2024-03-12T10:00:00Z'), ($1, 'o5', 'removed', '2024-03-13T10:00:00Z'), ($1, 'o3', 'created', '2024-03-14T10:00:00Z')`,
      [s.id],
    );
  });
  afterAll(async () => h?.close());

  it('every metric, grouped, with a default sort by group', async () => {
    const r = await aggregateStream(h.app.db, 'orders', {
      by: ['dealer'], metrics: ['count', 'count_distinct:paid', 'sum:total', 'avg:total', 'min:total', 'max:total', 'min:at', 'max:day', 'count:total'],
    });
    expect(r.columns.map((c) => [c.name, c.role, c.type])).toEqual([
      ['dealer', 'group', 'string'], ['count', 'metric', 'number'], ['count_distinct_paid', 'metric', 'number'], ['sum_total', 'metric', 'number'],
      ['avg_total', 'metric', 'number'], ['min_total', 'metric', 'number'], ['max_total', 'metric', 'number'], ['min_at', 'metric', 'datetime'],
      ['max_day', 'metric', 'date'], ['count_total', 'metric', 'number'],
    ]);
    expect(r.rows).toEqual([
      { dealer: 'D1', count: 2, count_distinct_paid: 2, sum_total: 150.5, avg_total: 75.25, min_total: 50.5, max_total: 100, min_at: '2024-03-30T22:30:00.000Z', max_day: '2024-03-31', count_total: 2 },
      { dealer: 'D2', count: 2, count_distinct_paid: 1, sum_total: 210, avg_total: 105, min_total: 10, max_total: 200, min_at: '2024-03-31T12:00:00.000Z', max_day: '2024-04-01', count_total: 2 },
    ]);
    // status all brings the removed one back; no group: one row
    const all = await aggregateStream(h.app.db, 'orders', { by: [], metrics: ['count', 'count:total'], status: 'all' });
    expect(all.rows).toEqual([{ count: 5, count_total: 4 }]);
  });

  it('time buckets in a time zone, across midnight and the DST change', async () => {
    const utc = await aggregateStream(h.app.db, 'orders', { by: ['at:day'], metrics: ['count'] });
    expect(utc.rows).toEqual([{ at_day: '2024-03-30', count: 2 }, { at_day: '2024-03-31', count: 1 }, { at_day: '2024-04-01', count: 1 }]);
    const paris = await aggregateStream(h.app.db, 'orders', { by: ['at:day'], metrics: ['count'], tz: 'Europe/Paris' });
    expect(paris.rows).toEqual([{ at_day: '2024-03-30', count: 1 }, { at_day: '2024-03-31', count: 2 }, { at_day: '2024-04-01', count: 1 }]);
    expect(paris.columns[0]).toMatchObject({ name: 'at_day', role: 'group', type: 'date' });
    // weeks start on Monday: Sat 30 and Sun 31 March are in the week of the 25th, Mon 1 April starts the next
    const weeks = await aggregateStream(h.app.db, 'orders', { by: ['at:week'], metrics: ['sum:total'], tz: 'Europe/Paris' });
    expect(weeks.rows).toEqual([{ at_week: '2024-03-25', sum_total: 350.5 }, { at_week: '2024-04-01', sum_total: 10 }]);
    const months = await aggregateStream(h.app.db, 'orders', { by: ['day:month', 'dealer'], metrics: ['count'] });
    expect(months.rows).toEqual([
      { day_month: '2024-03-01', dealer: 'D1', count: 2 }, { day_month: '2024-03-01', dealer: 'D2', count: 1 }, { day_month: '2024-04-01', dealer: 'D2', count: 1 },
    ]);
  });

  it('filters, sort and limit; child streams; the change history', async () => {
    const f = await aggregateStream(h.app.db, 'orders', { by: ['dealer'], metrics: ['sum:total'], where: ['paid:eq:true', 'total:gte:50'], sort: '-sum_total', limit: 1 });
    expect(f.rows).toEqual([{ dealer: 'D2', sum_total: 200 }]);
    const q = await aggregateStream(h.app.db, 'orders', { by: ['paid'], metrics: ['count'], q: 'D1', sort: 'paid' });
    expect(q.rows).toEqual([{ paid: false, count: 1 }, { paid: true, count: 1 }]);
    const child = await aggregateStream(h.app.db, 'orders_lines', { by: ['part'], metrics: ['sum:amount', 'count'], sort: '-sum_amount' });
    expect(child.rows).toEqual([{ part: 'B', sum_amount: 2500, count: 1 }, { part: 'A', sum_amount: 1400, count: 2 }]);
    const ch = await aggregateChanges(h.app.db, 'orders', { by: ['at:week', 'kind'], metrics: ['count'] });
    expect(ch.rows).toEqual([
      { at_week: '2024-03-04', kind: 'created', count: 2 },
      { at_week: '2024-03-11', kind: 'created', count: 1 }, { at_week: '2024-03-11', kind: 'removed', count: 1 }, { at_week: '2024-03-11', kind: 'updated', count: 1 },
    ]);
    const created = await aggregateChanges(h.app.db, 'orders', { by: [], metrics: ['count'], where: ['kind:eq:created', 'at:gte:2024-03-05'] });
    expect(created.rows).toEqual([{ count: 2 }]);
  });

  it('refuses unknown fields, bad metrics, buckets and sorts with one 400 listing every problem', async () => {
    const get = (qs: string) => h.server.inject({ url: `/api/v1/streams/orders/aggregate?${qs}`, headers: bearer(h.tokens.viewer) });
    const bad = await get('by=nope&by=dealer:year&by=total:week&by=tags&metric=sum:dealer&metric=median:total&metric=avg&metric=max:paid&where=ghost:eq:1&sort=zzz&tz=Mars/Base&limit=20000');
    expect(bad.statusCode).toBe(400);
    const body = bad.json<{ error: { code: string; details: { problems: string[] } } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.problems).toEqual([
      'tz: unknown time zone "Mars/Base" (an IANA name such as Europe/Paris)',
      'by nope: unknown field "nope"',
      'by dealer:year: unknown time bucket "year" (use day, week, month)',
      'by total:week: "total" is a number; time buckets need a date or datetime field',
      'by tags: "tags" is a string[] field; group by a single-valued field',
      'metric sum:dealer: "dealer" is a string; sum needs a number field',
      'metric median:total: unknown metric (use count, count:field, count_distinct:field, sum:field, avg:field, min:field, max:field)',
      'metric avg: avg needs a field (avg:field)',
      'metric max:paid: "paid" is a boolean; max needs a number, date or datetime field',
      'where ghost:eq:1: unknown field "ghost"',
      'limit: between 1 and 10000',
      'sort: "zzz" is not a column of this aggregate (none)',
    ]);
    const ok = await get('by=at:day&by=dealer&metric=count&metric=sum:total&tz=Europe/Paris&sort=-sum_total&limit=2');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      columns: [
        { name: 'at_day', label: 'at (day)', role: 'group', type: 'date', format: 'date' },
        { name: 'dealer', label: 'dealer', role: 'group', type: 'string' },
        { name: 'count', label: 'count', role: 'metric', type: 'number', format: 'integer' },
        { name: 'sum_total', label: 'sum of total', role: 'metric', type: 'number', format: 'number' },
      ],
      rows: [{ at_day: '2024-03-31', dealer: 'D2', count: 1, sum_total: 200 }, { at_day: '2024-03-30', dealer: 'D1', count: 1, sum_total: 100 }],
    });
    const changes = await h.server.inject({ url: '/api/v1/streams/orders/changes/aggregate?by=at:week&by=kind&metric=count', headers: bearer(h.tokens.viewer) });
    expect(changes.statusCode, changes.body).toBe(200);
    expect(changes.json<{ rows: unknown[] }>().rows).toHaveLength(4);
    const missing = await h.server.inject({ url: '/api/v1/streams/ghost/aggregate?metric=count', headers: bearer(h.tokens.viewer) });
    expect(missing.statusCode).toBe(404);
  });
});
