import { afterAll, beforeAll, expect, it } from 'vitest';
import { contentHash } from '../../src/core/content-hash.js';
import type { StreamSchema } from '../../src/core/stream-schema.js';
import { runPush } from '../../src/destinations/run-push.js';
import { describeEachDatabase } from '../support/databases.js';
import { notionFetch, startNotionSandbox, type NotionSandbox } from '../notion/notion-sandbox.js';
import { addDestination, createPushFixture, seedStream, writeChanges, type PushFixture } from './push-fixture.js';

const sites: StreamSchema = { fields: [{ name: 'site_id', type: 'string' }, { name: 'site_name', type: 'string' }, { name: 'state', type: 'string' }] };
const health: StreamSchema = { fields: [{ name: 'id', type: 'string' }, { name: 'site', type: 'string' }, { name: 'date', type: 'date' }, { name: 'score', type: 'number' }] };

describeEachDatabase('Notion destination: relations, existing databases, schema growth', (kind) => {
  let f: PushFixture;
  let sb: NotionSandbox;
  let healthStream: number;
  let siteStream: number;
  beforeAll(async () => {
    sb = await startNotionSandbox();
    f = await createPushFixture(kind);
    siteStream = await seedStream(f.db, 'customer_status', sites, [{ site_id: 's1', site_name: 'Alpha', state: 'TX' }, { site_id: 's2', site_name: 'Beta', state: 'CA' }], 'site_id');
    healthStream = await seedStream(f.db, 'daily_health', health, [
      { id: 's1|2026-11-22', site: 's1', date: '2026-11-22', score: 91 },
      { id: 's2|2026-11-22', site: 's2', date: '2026-11-22', score: 48 },
    ]);
    const c = sb.sim.credentials();
    const common = { token: c.token, parent_page_id: c.parent_page_id, base_url: sb.baseUrl, rate_per_second: 200 };
    await addDestination(f, 'customers', 'notion', { ...common, stream: 'customer_status', title_field: 'site_name', human_owned: 'Notes', properties: { site_name: { name: 'Site Name' } } });
    await addDestination(f, 'health', 'notion', { ...common, stream: 'daily_health', properties: { site: { name: 'Site', relation: 'customers' } } });
  });
  afterAll(async () => {
    await f.close();
    await sb.close();
  });

  const pageFor = (key: string) => [...sb.sim.store.pages.values()].find((p) => p.dataSourceId && sb.sim.store.plainProperties(p.id)['Sluice Key'] === key)!;

  it('refuses to push a relation before its target database exists', async () => {
    await expect(runPush(f.app, { destination: 'health' })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('resolves relations through the stored page ids of the target destination', async () => {
    await runPush(f.app, { destination: 'customers' });
    const s = await runPush(f.app, { destination: 'health' });
    expect(s).toMatchObject({ failed: 0, pushed: 2 });
    expect(sb.sim.store.plainProperties(pageFor('s1|2026-11-22').id).Site).toBe(pageFor('s1').id);
  });

  it('a relation to a page not pushed yet is filled in on a later push', async () => {
    await f.db.query(`insert into records (stream_id, key, data, hash) values ($1, 's3', $2::jsonb, 'h-s3')`, [siteStream, JSON.stringify({ site_id: 's3', site_name: 'Gamma', state: 'NY' })]);
    await writeChanges(f.db, siteStream, [{ key: 's3', kind: 'created', fields: null }]);
    const d = { id: 's3|2026-11-22', site: 's3', date: '2026-11-22', score: 77 };
    await f.db.query(`insert into records (stream_id, key, data, hash) values ($1, $2, $3::jsonb, $4)`, [healthStream, d.id, JSON.stringify(d), contentHash(d)]);
    await writeChanges(f.db, healthStream, [{ key: d.id, kind: 'created', fields: null }]);
    await runPush(f.app, { destination: 'health' });
    expect(sb.sim.store.plainProperties(pageFor(d.id).id).Site).toBe('');
    await runPush(f.app, { destination: 'customers' });
    sb.sim.reset();
    const again = await runPush(f.app, { destination: 'health' });
    expect(again.plan.update).toBe(1);
    expect(sb.sim.counts().requests).toBe(1);
    expect(sb.sim.store.plainProperties(pageFor(d.id).id).Site).toBe(pageFor('s3').id);
  });

  it('grows the Notion schema when the stream gains a field', async () => {
    const grown: StreamSchema = { fields: [...sites.fields, { name: 'region', type: 'string', enum: ['South', 'West'] }] };
    await f.db.query(`update streams set schema = $2::jsonb where id = $1`, [siteStream, JSON.stringify(grown)]);
    await f.db.query(`update records set data = data || '{"region":"South"}'::jsonb, hash = hash || '-r' where stream_id = $1 and key = 's1'`, [siteStream]);
    sb.sim.reset();
    const s = await runPush(f.app, { destination: 'customers' });
    expect(s.failed).toBe(0);
    const { rows } = await f.db.query<{ ds: string }>(`select state->>'data_source_id' as ds from destinations where name = 'customers'`);
    const ds = await notionFetch(sb, 'GET', `/v1/data_sources/${rows[0]!.ds}`);
    expect((ds.body.properties as Record<string, { type: string }>).region!.type).toBe('select');
    expect(sb.sim.store.plainProperties(pageFor('s1').id).region).toBe('South');
    // GET + PATCH of the data source, then one update for the one record whose mapped values changed.
    expect(sb.sim.counts().byRoute).toMatchObject({ 'GET /v1/data_sources/:id': 2, 'PATCH /v1/data_sources/:id': 1, 'PATCH /v1/pages/:id': 1 });
  });

  it('adopts an existing database and updates its pages instead of duplicating them', async () => {
    const c = sb.sim.credentials();
    const db = await notionFetch(sb, 'POST', '/v1/databases', {
      parent: { type: 'page_id', page_id: c.parent_page_id }, title: [{ text: { content: 'Legacy sites' } }],
      initial_data_source: { properties: { Name: { title: {} }, 'Sluice Key': { rich_text: {} } } },
    });
    const dsId = (db.body.data_sources as { id: string }[])[0]!.id;
    const legacy = await notionFetch(sb, 'POST', '/v1/pages', { parent: { data_source_id: dsId }, properties: { Name: { title: [{ text: { content: 'old alpha' } }] }, 'Sluice Key': { rich_text: [{ text: { content: 's1' } }] } } });
    await addDestination(f, 'legacy', 'notion', { token: c.token, parent_page_id: c.parent_page_id, base_url: sb.baseUrl, rate_per_second: 200, stream: 'customer_status', database_id: db.body.id, title_field: 'site_name' });
    const s = await runPush(f.app, { destination: 'legacy' });
    expect(s.failed).toBe(0);
    const inLegacy = [...sb.sim.store.pages.values()].filter((p) => p.dataSourceId === dsId);
    expect(inLegacy).toHaveLength(3);
    expect(sb.sim.store.plainProperties(legacy.body.id as string)).toMatchObject({ site_name: 'Alpha', 'Sluice Key': 's1', state: 'TX' });
  });
});
