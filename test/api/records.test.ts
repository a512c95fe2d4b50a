import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from './api-harness.js';
import { seedCompanies } from './seed-records.js';

interface Page {
  items: { key: string; data: Record<string, unknown>; status: string }[];
  next_cursor: string | null;
}

describeEachDatabase('records API', (kind) => {
  let h: Harness;
  let streamId: number;
  beforeAll(async () => {
    h = await startHarness(kind);
    streamId = await seedCompanies(h.app.db, 300);
    await h.app.db.query(
      `insert into changes (stream_id, key, kind, fields) values ($1, '00000007', 'created', null),
        ($1, '00000007', 'updated', '{"employees": {"op": "replace", "old": 6, "new": 7}}'::jsonb), ($1, '00000008', 'created', null)`,
      [streamId],
    );
  });
  afterAll(async () => h?.close());

  const get = (url: string) => h.server.inject({ url, headers: bearer(h.tokens.viewer) });

  it('filters with typed operators, sorts and walks every page exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs: string = `where=country:eq:FR&where=employees:gte:50&sort=-employees&limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await get(`/api/v1/streams/companies/records?${qs}`);
      expect(r.statusCode, r.body).toBe(200);
      const page = r.json<Page>();
      for (const it of page.items) {
        expect(it.data.country).toBe('FR');
        expect(it.data.employees as number).toBeGreaterThanOrEqual(50);
      }
      seen.push(...page.items.map((i) => i.key));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 100);
    // i % 3 = 2 → FR; i % 100 >= 50.
    const expected = Array.from({ length: 300 }, (_, k) => k + 1).filter((i) => i % 3 === 2 && i % 100 >= 50);
    expect(seen.length).toBe(expected.length);
    expect(new Set(seen).size).toBe(seen.length);
    const employees = seen.map((k) => Number(k) % 100);
    expect(employees).toEqual([...employees].sort((a, b) => b - a));
  });

  it('walks the key order both ways with cursors', async () => {
    for (const sort of ['key', '-key']) {
      const keys: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = (await get(`/api/v1/streams/companies/records?sort=${sort}&limit=64${cursor ? `&cursor=${cursor}` : ''}`)).json<Page>();
        keys.push(...page.items.map((i) => i.key));
        cursor = page.next_cursor;
      } while (cursor);
      const expected = Array.from({ length: 300 }, (_, i) => String(i + 1).padStart(8, '0'));
      expect(keys).toEqual(sort === 'key' ? expected : [...expected].reverse());
    }
  });

  it('searches full text, and filters with in / contains / boolean', async () => {
    const r = await get('/api/v1/streams/companies/records?q=Company%2029&where=active:eq:false&limit=100');
    const keys = r.json<Page>().items.map((i) => Number(i.key));
    expect(keys.every((k) => String(k).startsWith('29') && k % 2 === 1)).toBe(true);
    expect(keys).toContain(29);
    const inQ = await get('/api/v1/streams/companies/records?where=country:in:DE|US&where=name:contains:ny%2012&limit=100');
    expect(inQ.json<Page>().items.map((i) => i.data.country).every((c) => c === 'DE' || c === 'US')).toBe(true);
  });

  it('lists every problem with a query at once', async () => {
    const r = await get('/api/v1/streams/companies/records?where=nope:eq:1&where=employees:gt:many&where=name:like:x&sort=zzz&limit=5000');
    expect(r.statusCode).toBe(400);
    const body = r.json<{ error: { code: string; details: { problems: string[] } } }>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.problems.length).toBeGreaterThanOrEqual(1);
    const r2 = await get('/api/v1/streams/companies/records?where=nope:eq:1&where=employees:gt:many&where=name:like:x&sort=zzz');
    expect(r2.json<{ error: { details: { problems: string[] } } }>().error.details.problems).toHaveLength(4);
  });

  it('streams CSV and NDJSON exports of every matching record', async () => {
    const csv = await h.server.inject({ url: '/api/v1/streams/companies/export?format=csv&where=country:eq:DE', headers: bearer(h.tokens.viewer) });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows).toHaveLength(100);
    expect(Object.keys(rows[0] ?? {})).toEqual(['key', 'status', 'name', 'country', 'employees', 'active', 'updated_at']);
    const nd = await h.server.inject({ url: '/api/v1/streams/companies/export?format=ndjson', headers: bearer(h.tokens.viewer) });
    const lines = nd.body.trim().split('\n').map((l) => JSON.parse(l) as { key: string });
    expect(lines).toHaveLength(300);
    expect(new Set(lines.map((l) => l.key)).size).toBe(300);
  });

  it('shows a record with its change timeline, and the changes feed by cursor', async () => {
    const r = await get('/api/v1/streams/companies/records/00000007');
    expect(r.statusCode).toBe(200);
    const body = r.json<{ data: { name: string }; changes: { kind: string; fields: unknown }[] }>();
    expect(body.data.name).toBe('Company 7');
    expect(body.changes.map((c) => c.kind)).toEqual(['created', 'updated']);
    expect((await get('/api/v1/streams/companies/records/nope')).statusCode).toBe(404);

    const first = (await get('/api/v1/changes?limit=2')).json<{ items: { id: number; key: string }[]; next_cursor: number }>();
    expect(first.items).toHaveLength(2);
    const rest = (await get(`/api/v1/changes?limit=10&cursor=${first.next_cursor}`)).json<{ items: { key: string }[] }>();
    expect(rest.items.map((i) => i.key)).toEqual(['00000008']);
    const updates = (await get('/api/v1/changes?kind=updated&stream=companies')).json<{ items: unknown[] }>();
    expect(updates.items).toHaveLength(1);
  });

  it('lists streams with counts and schema', async () => {
    const list = (await get('/api/v1/streams')).json<{ items: { name: string; counts: { active: number } }[] }>();
    expect(list.items.find((s) => s.name === 'companies')?.counts.active).toBe(300);
    const one = (await get('/api/v1/streams/companies')).json<{ schema: { fields: { name: string }[] } }>();
    expect(one.schema.fields.map((f) => f.name)).toEqual(['name', 'country', 'employees', 'active']);
    expect((await get('/api/v1/streams/none')).statusCode).toBe(404);
  });
});
