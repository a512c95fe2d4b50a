import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DashboardSpecInput } from '../../src/dashboards/dashboard-spec.js';
import { listDashboards, removeDashboard, saveDashboard } from '../../src/dashboards/dashboard-store.js';
import { evaluatedDashboard, type EvaluatedDashboard, type EvaluatedWidget } from '../../src/dashboards/dashboard-view.js';
import { evaluateDashboard } from '../../src/dashboards/evaluate-dashboard.js';
import { saveModel } from '../../src/models/model-store.js';
import { ensureStream } from '../../src/store/stream-registry.js';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from '../api/api-harness.js';

const ORDERS = [
  { id: 'o1', dealer: 'D1', dealer_name: 'Dealer One', total: 1_500_000, at: '2024-03-04T10:00:00.000Z', day: '2024-03-04', country: 'id', lat: -6.2, lon: 106.8 },
  { id: 'o2', dealer: 'D1', dealer_name: 'Dealer One', total: 500_000, at: '2024-03-12T10:00:00.000Z', day: '2024-03-12', country: 'ID', lat: -6.9, lon: 107.6 },
  { id: 'o3', dealer: 'D2', dealer_name: 'Dealer Two', total: 2_000_000, at: '2024-03-13T10:00:00.000Z', day: '2024-03-13', country: 'SG' },
  { id: 'o4', dealer: 'D2', dealer_name: 'Dealer Two', total: null, at: '2024-03-20T10:00:00.000Z', day: '2024-03-20', country: 'SG', lat: 1.3, lon: 103.8 },
];

export const SALES: DashboardSpecInput = {
  id: 'sales',
  title: 'Sales',
  description: 'orders by dealer',
  filters: [
    { name: 'dealer', label: 'Dealer', type: 'select', options: { stream: 'orders', field: 'dealer', labelField: 'dealer_name' } },
    { name: 'from', label: 'From', type: 'date_from' },
    { name: 'to', label: 'To', type: 'date_to' },
  ],
  widgets: [
    { id: 'revenue', title: 'Revenue', type: 'metric', format: 'idr', width: 3, query: { kind: 'aggregate', stream: 'orders', metrics: ['sum:total'] }, filters: { dealer: 'dealer', from: 'day', to: 'day' } },
    { id: 'priced', title: 'Priced orders', type: 'metric', format: 'percent', width: 3, query: { kind: 'aggregate', stream: 'orders', metrics: ['count:total', 'count'] }, divideBy: 'count', filters: { dealer: 'dealer' } },
    { id: 'by-dealer', title: 'By dealer', type: 'bar', query: { kind: 'aggregate', stream: 'orders', by: ['dealer'], metrics: ['sum:total'] }, formats: { sum_total: 'idr' }, labels: { sum_total: 'Revenue' }, filters: { from: 'day', to: 'day' } },
    { id: 'weekly', title: 'Changes per week', type: 'line', query: { kind: 'changes_aggregate', stream: 'orders', by: ['at:week', 'kind'], metrics: ['count'] } },
    { id: 'mix', title: 'Mix', type: 'pie', query: { kind: 'aggregate', stream: 'orders', by: ['country'], metrics: ['count'] } },
    { id: 'lines', title: 'Lines', type: 'table', query: { kind: 'aggregate', stream: 'orders_lines', by: ['part'], metrics: ['sum:amount'], sort: '-sum_amount' }, formats: { sum_amount: 'idr' } },
    { id: 'orders', title: 'Orders', type: 'table', width: 12, query: { kind: 'records', stream: 'orders', fields: ['id', 'dealer', 'total', 'day'], sort: '-total', pageSize: 2 }, filters: { dealer: 'dealer', from: 'day', to: 'day' } },
    { id: 'points', title: 'Where', type: 'map', query: { mode: 'points', stream: 'orders', lat: 'lat', lon: 'lon', label: 'dealer_name' }, filters: { dealer: 'dealer' } },
    { id: 'countries', title: 'Countries', type: 'map', query: { mode: 'countries', stream: 'orders', country: 'country', metric: 'sum:total' } },
    { id: 'feed', title: 'Latest changes', type: 'changes', query: { kind: 'changes', streams: ['orders'], limit: 3 }, filters: { from: 'at' } },
    { id: 'broken', title: 'Not synced yet', type: 'bar', query: { kind: 'aggregate', stream: 'nowhere', by: ['x'], metrics: ['count'] } },
    { id: 'bad-field', title: 'Bad field', type: 'metric', query: { kind: 'aggregate', stream: 'orders', metrics: ['sum:dealer'] } },
  ],
};

describeEachDatabase('dashboards', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind);
    const db = h.app.db;
    const s = await ensureStream(db, {
      name: 'orders', connector: 'csv', primaryKey: ['id'], syncMode: 'full_snapshot',
      schema: { fields: [
        { name: 'id', type: 'string' }, { name: 'dealer', type: 'string' }, { name: 'dealer_name', type: 'string' }, { name: 'total', type: 'integer' },
        { name: 'at', type: 'datetime' }, { name: 'day', type: 'date' }, { name: 'country', type: 'string' }, { name: 'lat', type: 'number' }, { name: 'lon', type: 'number' },
      ] },
    });
    const lines = await ensureStream(db, {
      name: 'orders_lines', connector: 'csv', primaryKey: ['_parent_key', '_child_key'], syncMode: 'full_snapshot', parentStream: 'orders',
      schema: { fields: [{ name: 'part', type: 'string' }, { name: 'amount', type: 'integer' }] },
    });
    for (const o of ORDERS) {
      const data = Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
      await db.query(`insert into records (stream_id, key, data, hash) values ($1, $2, $3::jsonb, 'h')`, [s.id, o.id, JSON.stringify(data)]);
    }
    for (const [key, parent, part, amount] of [['o1/a', 'o1', 'A', 1000], ['o1/b', 'o1', 'B', 2500], ['o3/a', 'o3', 'A', 400]] as const) {
      await db.query(`insert into records (stream_id, key, parent_key, data, hash) values ($1, $2, $3, $4::jsonb, 'h')`, [lines.id, key, parent, JSON.stringify({ part, amount })]);
    }
    await db.query(
      `insert into changes (stream_id, key, kind, at) values ($1, 'o1', 'created', '2024-03-04T10:00:00Z'), ($1, 'o2', 'created', '2024-03-12T10:00:00Z'),
        ($1, 'o1', 'updated', '2024-03-13T10:00:00Z'), ($1, 'o3', 'created', '2024-03-13T11:00:00Z')`,
      [s.id],
    );
    expect((await saveDashboard(db, SALES, { pack: 'test' })).outcome).toBe('created');
    expect((await saveDashboard(db, SALES, { pack: 'test' })).outcome).toBe('unchanged');
    await saveDashboard(db, { id: 'sales-lines', parent: 'sales', title: 'Lines', widgets: [{ id: 'n', title: 'Lines', type: 'metric', query: { kind: 'aggregate', stream: 'orders_lines', metrics: ['count'] } }] }, { pack: 'test' });
  });
  afterAll(async () => h?.close());

  type Chart = 'bar' | 'line' | 'pie';
  type W<T> = T extends Chart ? Extract<EvaluatedWidget, { type: Chart }> : Extract<EvaluatedWidget, { type: T }>;
  const widget = <T extends EvaluatedWidget['type']>(d: EvaluatedDashboard, id: string, _type?: T) => d.widgets.find((w) => w.id === id) as W<T>;

  it('evaluates every widget type into the view contract; a failing widget carries its error, the rest renders', async () => {
    const d = await evaluateDashboard(h.app.db, 'sales', { now: new Date('2024-03-25T00:00:00Z') });
    expect(evaluatedDashboard.parse(d)).toEqual(d);
    expect(d).toMatchObject({ id: 'sales', title: 'Sales', pack: 'test', pages: [{ id: 'sales-lines', parent: 'sales', title: 'Lines' }] });
    expect(d.filters[0]).toEqual({
      name: 'dealer', label: 'Dealer', type: 'select', value: null,
      options: [{ value: 'D1', label: 'Dealer One' }, { value: 'D2', label: 'Dealer Two' }],
    });
    expect(widget(d, 'revenue', 'metric')).toMatchObject({ type: 'metric', format: 'idr', width: 3, data: { value: 4_000_000 }, source: { stream: 'orders', where: [], status: 'active' } });
    expect(widget(d, 'priced', 'metric').data.value).toBe(0.75);
    const bar = widget(d, 'by-dealer', 'bar');
    expect(bar).toMatchObject({ x: 'dealer', y: ['sum_total'], width: 6 });
    expect(bar.data.columns[1]).toMatchObject({ name: 'sum_total', label: 'Revenue', format: 'idr' });
    expect(bar.data.rows).toEqual([{ dealer: 'D1', sum_total: 2_000_000 }, { dealer: 'D2', sum_total: 2_000_000 }]);
    const line = widget(d, 'weekly', 'line');
    expect(line).toMatchObject({ x: 'at_week', y: ['count'], series: 'kind' });
    expect(line.data.rows).toEqual([
      { at_week: '2024-03-04', kind: 'created', count: 1 }, { at_week: '2024-03-11', kind: 'created', count: 2 }, { at_week: '2024-03-11', kind: 'updated', count: 1 },
    ]);
    expect(widget(d, 'mix', 'pie').data.rows).toEqual([{ country: 'ID', count: 1 }, { country: 'SG', count: 2 }, { country: 'id', count: 1 }]);
    expect(widget(d, 'lines', 'table')).toMatchObject({ paged: false, data: { rows: [{ part: 'B', sum_amount: 2500 }, { part: 'A', sum_amount: 1400 }] } });
    const orders = widget(d, 'orders', 'table');
    expect(orders).toMatchObject({ paged: true, sort: '-total', width: 12 });
    expect(orders.data.columns.map((c) => [c.name, c.type, c.format])).toEqual([['id', 'string', undefined], ['dealer', 'string', undefined], ['total', 'number', 'integer'], ['day', 'date', 'date']]);
    expect(orders.data.rows.map((r) => r.id)).toEqual(['o3', 'o1']);
    expect(orders.next_cursor).toEqual(expect.any(String));
    // the cursor continues the same query through the records API
    const next = await h.server.inject({ url: `/api/v1/streams/orders/records?sort=-total&limit=2&cursor=${orders.next_cursor}`, headers: bearer(h.tokens.viewer) });
    expect(next.json<{ items: { key: string }[] }>().items.map((i) => i.key)).toEqual(['o2', 'o4']);
    expect(widget(d, 'points', 'map').data).toEqual({ mode: 'points', points: [
      { lat: -6.2, lon: 106.8, label: 'Dealer One', key: 'o1' }, { lat: -6.9, lon: 107.6, label: 'Dealer One', key: 'o2' }, { lat: 1.3, lon: 103.8, label: 'Dealer Two', key: 'o4' },
    ] });
    expect(widget(d, 'countries', 'map').data).toEqual({ mode: 'countries', countries: [{ code: 'ID', value: 500_000 }, { code: 'SG', value: 2_000_000 }, { code: 'ID', value: 1_500_000 }] });
    expect(widget(d, 'feed', 'changes').data.items.map((i) => [i.key, i.kind])).toEqual([['o3', 'created'], ['o1', 'updated'], ['o2', 'created']]);
    expect(widget(d, 'broken', 'bar').error).toEqual({ code: 'not_found', message: 'no stream named "nowhere" (not synced yet?)' });
    expect(widget(d, 'bad-field', 'metric').error?.code).toBe('validation_failed');
    expect(widget(d, 'bad-field', 'metric').data.value).toBeNull();
  });

  it('applies filters to the widgets that map them', async () => {
    const d = await evaluateDashboard(h.app.db, 'sales', { filters: { dealer: 'D1', from: '2024-03-05', to: '2024-03-12' } });
    expect(d.filters.map((f) => [f.name, f.value])).toEqual([['dealer', 'D1'], ['from', '2024-03-05'], ['to', '2024-03-12']]);
    expect(widget(d, 'revenue', 'metric').data.value).toBe(500_000);
    expect(widget(d, 'revenue', 'metric').source).toEqual({ stream: 'orders', where: ['dealer:eq:D1', 'day:gte:2024-03-05', 'day:lt:2024-03-13'], status: 'active' });
    expect(widget(d, 'priced', 'metric').data.value).toBe(1);
    expect(widget(d, 'by-dealer', 'bar').data.rows).toEqual([{ dealer: 'D1', sum_total: 500_000 }]);
    expect(widget(d, 'orders', 'table').data.rows.map((r) => r.id)).toEqual(['o2']);
    expect(widget(d, 'points', 'map').data).toMatchObject({ points: [{ key: 'o1' }, { key: 'o2' }] });
    expect(widget(d, 'feed', 'changes').data.items.map((i) => i.key)).toEqual(['o3', 'o1', 'o2']);
    // widgets without the mapping are unfiltered
    expect(widget(d, 'mix', 'pie').data.rows).toHaveLength(3);
  });

  it('serves the list and the evaluated page through the API, refusing bad filters', async () => {
    const get = (url: string) => h.server.inject({ url, headers: bearer(h.tokens.viewer) });
    const list = await get('/api/v1/dashboards');
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ items: [
      { id: 'sales', title: 'Sales', description: 'orders by dealer', pack: 'test' },
      { id: 'sales-lines', title: 'Lines', pack: 'test', parent: 'sales' },
    ] });
    const one = await get('/api/v1/dashboards/sales?f.dealer=D2');
    expect(one.statusCode, one.body).toBe(200);
    const body = one.json<EvaluatedDashboard>();
    expect(widget(body, 'revenue', 'metric').data.value).toBe(2_000_000);
    const bad = await get('/api/v1/dashboards/sales?f.nope=1&f.from=March');
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { problems: string[] } } }>().error.details.problems).toEqual([
      'f.nope: this dashboard has no filter "nope" (dealer, from, to)', 'f.from: a date YYYY-MM-DD',
    ]);
    expect((await get('/api/v1/dashboards/ghost')).statusCode).toBe(404);
    const doc = await h.server.inject({ url: '/api/v1/openapi.json' });
    expect(doc.body).toContain('/api/v1/dashboards/{id}');
  });

  it('refuses invalid declarations with every problem listed; removes', async () => {
    await expect(saveDashboard(h.app.db, {
      id: 'Bad Id', title: '', widgets: [
        { id: 'a', title: 'A', type: 'metric', query: { kind: 'aggregate', stream: 's' }, filters: { ghost: 'x' } },
        { id: 'a', title: 'A', type: 'pie', query: { kind: 'records', stream: 's' } },
      ],
    } as unknown as DashboardSpecInput)).rejects.toMatchObject({ code: 'validation_failed', details: { problems: expect.arrayContaining([expect.stringMatching(/^id:/), expect.stringMatching(/^title:/), expect.stringMatching(/^widgets\.1\.query/)]) } });
    await removeDashboard(h.app.db, 'sales-lines');
    expect((await listDashboards(h.app.db)).map((x) => x.id)).toEqual(['sales']);
    await expect(removeDashboard(h.app.db, 'sales-lines')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('models through the API: list, show, refresh (run in this process without a job queue), 404s', async () => {
    await saveModel(h.app.db, {
      name: 'dealer_totals', inputs: ['orders'], primaryKey: ['dealer'], title: 'Totals per dealer',
      sql: `select dealer, sum(total)::bigint as total from data.orders where _status = 'active' group by dealer`,
      schema: { fields: [{ name: 'dealer', type: 'string' }, { name: 'total', type: 'integer' }] },
    }, { pack: 'test' });
    const get = (url: string) => h.server.inject({ url, headers: bearer(h.tokens.viewer) });
    const list = await get('/api/v1/models');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json<{ items: { name: string }[] }>().items.map((m) => m.name)).toEqual(['dealer_totals', 'unified_company_member']);
    expect((await h.server.inject({ method: 'POST', url: '/api/v1/models/dealer_totals/refresh', headers: bearer(h.tokens.viewer) })).statusCode).toBe(403);
    const refresh = await h.server.inject({ method: 'POST', url: '/api/v1/models/dealer_totals/refresh', headers: bearer(h.tokens.operator) });
    expect(refresh.statusCode, refresh.body).toBe(202);
    const runId = refresh.json<{ run_id: string }>().run_id;
    let one: { counts: { active: number }; last_run: { id: string; status: string } | null; validation: string; title: string; pack: string } | undefined;
    for (let i = 0; i < 100; i++) {
      one = (await get('/api/v1/models/dealer_totals')).json();
      if (one?.last_run?.status && one.last_run.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(one).toMatchObject({ title: 'Totals per dealer', pack: 'test', validation: 'ok', counts: { active: 2 }, last_run: { id: runId, status: 'succeeded' } });
    const runs = await get('/api/v1/runs?connection=model:dealer_totals');
    expect(runs.json<{ items: { id: string; kind: string }[] }>().items[0]).toMatchObject({ id: runId, kind: 'model' });
    expect((await get('/api/v1/models/ghost')).statusCode).toBe(404);
    expect((await h.server.inject({ method: 'POST', url: '/api/v1/models/ghost/refresh', headers: bearer(h.tokens.operator) })).statusCode).toBe(404);
    // a model is a stream: its aggregate works like any other
    const agg = await get('/api/v1/streams/dealer_totals/aggregate?metric=sum:total');
    expect(agg.json()).toMatchObject({ rows: [{ sum_total: 4_000_000 }] });
  });
});
