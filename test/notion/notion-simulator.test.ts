import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notionFetch, startNotionSandbox, type NotionSandbox } from './notion-sandbox.js';

describe('Notion simulator (2025-09-03)', () => {
  let sb: NotionSandbox;
  let dbId: string;
  let dsId: string;
  beforeAll(async () => {
    sb = await startNotionSandbox();
    const parent = sb.sim.credentials().parent_page_id;
    const db = await notionFetch(sb, 'POST', '/v1/databases', {
      parent: { type: 'page_id', page_id: parent },
      title: [{ type: 'text', text: { content: 'Distributors' } }],
      initial_data_source: { properties: { Name: { title: {} }, Key: { rich_text: {} }, Count: { number: {} }, Tier: { select: { options: [{ name: 'Gold' }] } } } },
    });
    expect(db.status).toBe(200);
    dbId = db.body.id as string;
    dsId = (db.body.data_sources as { id: string }[])[0]!.id;
  });
  afterAll(() => sb.close());

  it('discovers the data source through GET /databases and returns no properties there', async () => {
    const db = await notionFetch(sb, 'GET', `/v1/databases/${dbId.replace(/-/g, '')}`);
    expect(db.body.object).toBe('database');
    expect(db.body).not.toHaveProperty('properties');
    expect((db.body.data_sources as { id: string }[])[0]!.id).toBe(dsId);
    const ds = await notionFetch(sb, 'GET', `/v1/data_sources/${dsId}`);
    expect(Object.keys(ds.body.properties as object).sort()).toEqual(['Count', 'Key', 'Name', 'Tier']);
  });

  it('creates, filters, pages through and trashes pages', async () => {
    for (let i = 0; i < 5; i += 1) {
      const r = await notionFetch(sb, 'POST', '/v1/pages', {
        parent: { data_source_id: dsId },
        properties: { Name: { title: [{ text: { content: `Acme ${i}` } }] }, Key: { rich_text: [{ text: { content: `k${i}` } }] }, Count: { number: i }, Tier: { select: { name: i % 2 ? 'Gold' : 'Silver' } } },
      });
      expect(r.status).toBe(200);
    }
    const byKey = await notionFetch(sb, 'POST', `/v1/data_sources/${dsId}/query`, { filter: { property: 'Key', rich_text: { equals: 'k3' } } });
    const results = byKey.body.results as { id: string; properties: { Count: { number: number } } }[];
    expect(results).toHaveLength(1);
    expect(results[0]!.properties.Count.number).toBe(3);
    const page1 = await notionFetch(sb, 'POST', `/v1/data_sources/${dsId}/query`, { page_size: 2, filter: { property: 'Count', number: { greater_than_or_equal_to: 1 } } });
    expect(page1.body.has_more).toBe(true);
    const page2 = await notionFetch(sb, 'POST', `/v1/data_sources/${dsId}/query`, { page_size: 2, start_cursor: page1.body.next_cursor, filter: { property: 'Count', number: { greater_than_or_equal_to: 1 } } });
    expect([...(page1.body.results as unknown[]), ...(page2.body.results as unknown[])]).toHaveLength(4);
    expect(page2.body.has_more).toBe(false);
    expect(page2.body.next_cursor).toBeNull();
    const trashed = await notionFetch(sb, 'PATCH', `/v1/pages/${results[0]!.id}`, { in_trash: true });
    expect(trashed.body.in_trash).toBe(true);
    const after = await notionFetch(sb, 'POST', `/v1/data_sources/${dsId}/query`, { filter: { property: 'Key', rich_text: { equals: 'k3' } } });
    expect(after.body.results).toHaveLength(0);
    const edit = await notionFetch(sb, 'PATCH', `/v1/pages/${results[0]!.id}`, { properties: { Count: { number: 9 } } });
    expect(edit.status).toBe(400);
  });

  it('validates values strictly with Notion error bodies', async () => {
    const long = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Key: { rich_text: [{ text: { content: 'x'.repeat(2001) } }] } } });
    expect(long.status).toBe(400);
    expect(long.body).toMatchObject({ object: 'error', status: 400, code: 'validation_error' });
    expect(long.body.message).toContain('should be ≤ `2000`, instead was `2001`');
    const unknown = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Nope: { number: 1 } } });
    expect(unknown.body.message).toBe('Nope is not a property that exists.');
    const wrongType = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Count: { rich_text: [] } } });
    expect(wrongType.body.message).toBe('Count is expected to be number.');
    const badDate = await notionFetch(sb, 'PATCH', `/v1/data_sources/${dsId}`, { properties: { When: { date: {} }, Email: { email: {} } } });
    expect(badDate.status).toBe(200);
    const d = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { When: { date: { start: '31/02/2025' } } } });
    expect(d.status).toBe(400);
    const e = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Email: { email: `${'a'.repeat(195)}@x.com` } } });
    expect(e.body.message).toContain('should be ≤ `200`, instead was `201`');
    const tags = await notionFetch(sb, 'PATCH', `/v1/data_sources/${dsId}`, { properties: { Tags: { multi_select: {} } } });
    expect(tags.status).toBe(200);
    const many = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Tags: { multi_select: Array.from({ length: 101 }, (_, i) => ({ name: `t${i}` })) } } });
    expect(many.body.message).toContain('should be ≤ `100`, instead was `101`');
  });

  it('answers auth, version and URL errors as recorded', async () => {
    const bad = await notionFetch(sb, 'GET', '/v1/users/me', undefined, { authorization: 'Bearer nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ code: 'unauthorized', message: 'API token is invalid.' });
    const url = await notionFetch(sb, 'GET', '/v1/invalid');
    expect(url.body).toMatchObject({ status: 400, code: 'invalid_request_url', message: 'Invalid request URL.' });
    const missing = await fetch(`${sb.baseUrl}/v1/users/me`, { headers: { authorization: `Bearer ${sb.sim.credentials().token}` } });
    expect(((await missing.json()) as { code: string }).code).toBe('missing_version');
    const notFound = await notionFetch(sb, 'GET', '/v1/pages/00000000-0000-0000-0000-000000000000');
    expect(notFound.status).toBe(404);
    expect(notFound.body.code).toBe('object_not_found');
  });

  it('rate limits per token with 429 and Retry-After', async () => {
    const limited = await startNotionSandbox({ rateLimit: { perSecond: 3, windowSeconds: 1 } });
    try {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let i = 0; i < 5; i += 1) {
        const r = await notionFetch(limited, 'GET', '/v1/users/me');
        statuses.push(r.status);
        if (r.status === 429) retryAfter = r.headers.get('retry-after');
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(2);
      expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
      expect(limited.sim.counts().rateLimited).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('answers 409 to concurrent edits of one page and lets people edit pages', async () => {
    const created = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Key: { rich_text: [{ text: { content: 'conc' } }] } } });
    const id = created.body.id as string;
    // Hold each page write long enough that the two requests overlap even on a loaded machine (the default 5 ms hold
    // let them run one after the other under CI load, and both succeeded).
    const simOpts = (sb.sim as unknown as { opts: { writeHoldMs?: number } }).opts;
    simOpts.writeHoldMs = 1_500;
    const [a, b] = await Promise.all([
      notionFetch(sb, 'PATCH', `/v1/pages/${id}`, { properties: { Count: { number: 1 } } }),
      notionFetch(sb, 'PATCH', `/v1/pages/${id}`, { properties: { Count: { number: 2 } } }),
    ]);
    delete simOpts.writeHoldMs;
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)!.body.code).toBe('conflict_error');
    sb.sim.editAsPerson(id, { Key: { rich_text: [{ text: { content: 'edited' } }] } });
    const page = await notionFetch(sb, 'GET', `/v1/pages/${id}`);
    expect((page.body.last_edited_by as { id: string }).id).not.toBe((page.body.created_by as { id: string }).id);
    expect(sb.sim.store.plainProperties(id).Key).toBe('edited');
    expect(String(page.body.last_edited_time)).toMatch(/:00\.000Z$/);
  });
});
