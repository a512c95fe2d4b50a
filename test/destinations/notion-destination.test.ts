import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { StreamSchema } from '../../src/core/stream-schema.js';
import { getDestinationStatus } from '../../src/destinations/destination-status.js';
import { runPush } from '../../src/destinations/run-push.js';
import type { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { describeEachDatabase } from '../support/databases.js';
import { startNotionSandbox, type NotionSandbox } from '../notion/notion-sandbox.js';
import { addDestination, createPushFixture, setRecordStatus, updateRecords, type PushFixture } from './push-fixture.js';
import { seedStream } from './push-fixture.js';

const schema: StreamSchema = {
  fields: [
    { name: 'id', type: 'string', required: true },
    { name: 'name', type: 'string' },
    { name: 'partner_type', type: 'string', enum: ['Master Distributor', 'Reseller'] },
    { name: 'email', type: 'email' },
    { name: 'locations', type: 'integer' },
    { name: 'since', type: 'date' },
    { name: 'notes_long', type: 'text' },
  ],
};

const N = 20;
const records = Array.from({ length: N }, (_, i) => ({
  id: `d${String(i).padStart(3, '0')}`, name: `Distributor ${i}`, partner_type: i % 3 ? 'Reseller' : 'Master Distributor',
  email: `d${i}@example.com`, locations: i, since: '2024-01-15', notes_long: i === 0 ? 'x'.repeat(4500) : `short ${i}`,
}));

function pagesOf(sim: NotionSimulator, inTrash = false) {
  return [...sim.store.pages.values()].filter((p) => p.dataSourceId && p.inTrash === inTrash);
}

function pageByKey(sim: NotionSimulator, key: string) {
  const page = pagesOf(sim).concat(pagesOf(sim, true)).find((p) => sim.store.plainProperties(p.id)['Sluice Key'] === key);
  if (!page) throw new Error(`no page for ${key}`);
  return page;
}

describeEachDatabase('Notion destination', (kind) => {
  let f: PushFixture;
  let sb: NotionSandbox;
  let streamId: number;
  const requests = () => sb.sim.counts().requests;

  beforeAll(async () => {
    sb = await startNotionSandbox();
    f = await createPushFixture(kind, { SLUICE_HTTP_RETRIES: '3' });
    streamId = await seedStream(f.db, 'distributors', schema, records);
    const creds = sb.sim.credentials();
    await addDestination(f, 'notion-distributors', 'notion', {
      token: creds.token, parent_page_id: creds.parent_page_id, stream: 'distributors', base_url: sb.baseUrl,
      database_title: 'UniFi Distributors', title_field: 'name', human_owned: 'Notes,Priority',
      properties: JSON.stringify({ name: { name: 'Company Name' }, partner_type: { name: 'Partner Type' } }),
      extra_properties: JSON.stringify({ Priority: { type: 'select', options: ['High', 'Low'] } }),
      rate_per_second: 200, workers: 3,
    });
  });
  afterAll(async () => {
    await f.close();
    await sb.close();
  });
  beforeEach(() => sb.sim.reset());

  it('dry run plans without calling Notion', async () => {
    const s = await runPush(f.app, { destination: 'notion-distributors', dryRun: true });
    expect(s.plan).toMatchObject({ create: N, update: 0, trash: 0, unchanged: 0 });
    expect(s.items).toHaveLength(N);
    expect(requests()).toBe(0);
  });

  it('initial push creates the database and one page per record', async () => {
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(s).toMatchObject({ status: 'succeeded', pushed: N, failed: 0 });
    expect(requests()).toBe(N + 1); // POST /databases + one POST /pages per record: the minimum
    expect(s.calls).toBe(requests());
    const pages = pagesOf(sb.sim);
    expect(pages).toHaveLength(N);
    const p = sb.sim.store.plainProperties(pageByKey(sb.sim, 'd003').id);
    expect(p).toMatchObject({ 'Company Name': 'Distributor 3', 'Partner Type': 'Master Distributor', email: 'd3@example.com', locations: '3', since: '2024-01-15', Notes: '', Priority: '' });
    // 4,500 chars: split into three rich-text pieces, the cut logged and counted.
    expect(sb.sim.store.plainProperties(pageByKey(sb.sim, 'd000').id).notes_long).toHaveLength(4500);
    expect(s.cuts).toBe(1);
  });

  it('a push with no new changes makes zero Notion calls', async () => {
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(requests()).toBe(0);
    expect(s).toMatchObject({ calls: 0, pushed: 0, plan: { unchanged: 0, create: 0, update: 0 } });
  });

  it('an update sends only what changed (one call per changed record)', async () => {
    const page = pageByKey(sb.sim, 'd005');
    // Someone edits a Sluice-owned column in Notion; an update of another field must not resend it.
    sb.sim.editAsPerson(page.id, { locations: { number: 99 } });
    await updateRecords(f.db, streamId, [{ key: 'd005', set: { name: 'Distributor Five' } }]);
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(requests()).toBe(1);
    expect(s.plan).toMatchObject({ update: 1, unchanged: 0 });
    expect(sb.sim.store.plainProperties(page.id)).toMatchObject({ 'Company Name': 'Distributor Five', locations: '99' });
  });

  it('human-owned properties are never overwritten and are pulled back with who/when', async () => {
    const page = pageByKey(sb.sim, 'd007');
    sb.sim.editAsPerson(page.id, { Notes: { rich_text: [{ text: { content: 'Call back Monday' } }] }, Priority: { select: { name: 'High' } } });
    const pull = await runPush(f.app, { destination: 'notion-distributors', pull: true });
    expect(pull.pulled).toBe(1);
    const { rows } = await f.db.query<{ annotations: Record<string, Record<string, { value: unknown; by: string; at: string }>> }>(
      `select annotations from records where stream_id = $1 and key = 'd007'`, [streamId]);
    const ann = rows[0]!.annotations['notion-distributors']!;
    expect(ann.Notes).toMatchObject({ value: 'Call back Monday', by: expect.any(String) as string });
    expect(ann.Priority!.value).toBe('High');
    const hist = await f.db.query<{ kind: string; fields: Record<string, { new: unknown }>; actor: string }>(
      `select kind, fields, actor from changes where stream_id = $1 and key = 'd007' and kind = 'annotated'`, [streamId]);
    expect(hist.rows).toHaveLength(1);
    expect(hist.rows[0]!.fields.Notes!.new).toBe('Call back Monday');
    expect(hist.rows[0]!.actor).toMatch(/^notion:/);
    // A second pull finds nothing new.
    const again = await runPush(f.app, { destination: 'notion-distributors', pull: true });
    expect(again.pulled).toBe(0);
    await updateRecords(f.db, streamId, [{ key: 'd007', set: { locations: 70 } }]);
    sb.sim.reset();
    await runPush(f.app, { destination: 'notion-distributors' });
    expect(sb.sim.store.plainProperties(page.id)).toMatchObject({ Notes: 'Call back Monday', Priority: 'High', locations: '70' });
    expect(requests()).toBe(1);
  });

  it('a crash between create and bookkeeping does not duplicate the page', async () => {
    const before = pagesOf(sb.sim).length;
    // The state a crash leaves: the create was sent (the page exists) but its page id was never stored.
    await f.db.query(`update destination_records set state = 'pending_create', external_id = null, delivered = null where key = 'd010'`);
    await updateRecords(f.db, streamId, [{ key: 'd010', set: { locations: 1010 } }]);
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(s.failed).toBe(0);
    expect(pagesOf(sb.sim)).toHaveLength(before);
    expect(pagesOf(sb.sim).filter((p) => sb.sim.store.plainProperties(p.id)['Sluice Key'] === 'd010')).toHaveLength(1);
    expect(sb.sim.store.plainProperties(pageByKey(sb.sim, 'd010').id).locations).toBe('1010');
    const { rows } = await f.db.query<{ state: string; external_id: string }>(`select state, external_id from destination_records where key = 'd010'`);
    expect(rows[0]).toMatchObject({ state: 'delivered', external_id: pageByKey(sb.sim, 'd010').id });
  });

  it('rides out a 429 storm (Retry-After honoured) without failing a record', async () => {
    sb.sim.failNext(4, 'rate_limited', { retryAfter: 0 });
    await updateRecords(f.db, streamId, [11, 12, 13].map((i) => ({ key: `d0${i}`, set: { locations: i * 100 } })));
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(s).toMatchObject({ failed: 0, pushed: 3 });
    expect(sb.sim.counts().rateLimited).toBe(4);
    expect(sb.sim.store.plainProperties(pageByKey(sb.sim, 'd013').id).locations).toBe('1300');
  });

  it('retries 409 conflict_error with jitter', async () => {
    sb.sim.failNext(2, 'conflict_error', { match: (m) => m === 'PATCH' });
    await updateRecords(f.db, streamId, [{ key: 'd014', set: { locations: 1400 } }]);
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(s).toMatchObject({ failed: 0, pushed: 1 });
    expect(sb.sim.counts().conflicts).toBe(2);
    expect(sb.sim.store.plainProperties(pageByKey(sb.sim, 'd014').id).locations).toBe('1400');
  });

  it('a 400 fails only that record, with Notion’s message, and the push goes on', async () => {
    await updateRecords(f.db, streamId, [
      { key: 'd015', set: { since: '31/02/2025' } },
      { key: 'd016', set: { locations: 1600 } },
    ]);
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(s).toMatchObject({ status: 'partial', failed: 1, pushed: 1 });
    expect(s.failures[0]).toMatchObject({ key: 'd015', code: 'validation_error', status: 400 });
    expect(s.failures[0]!.message).toContain('ISO 8601');
    const { rows } = await f.db.query<{ state: string; error: { message: string } }>(`select state, error from destination_records where key = 'd015'`);
    expect(rows[0]!.state).toBe('failed');
    const status = await getDestinationStatus(f.db, 'notion-distributors');
    expect(status.failures[0]).toMatchObject({ key: 'd015', error: { code: 'validation_error', status: 400 } });
    expect(status.destination.config.token).toBe('••••');
    // Unchanged, a failed record is not retried on every push; once fixed it is.
    sb.sim.reset();
    await runPush(f.app, { destination: 'notion-distributors' });
    expect(requests()).toBe(0);
    await updateRecords(f.db, streamId, [{ key: 'd015', set: { since: '2025-02-28' } }]);
    const fixed = await runPush(f.app, { destination: 'notion-distributors' });
    expect(fixed).toMatchObject({ failed: 0, pushed: 1 });
  });

  it('removal trashes the page and a restore un-trashes the same page', async () => {
    const id = pageByKey(sb.sim, 'd017').id;
    await setRecordStatus(f.db, streamId, 'd017', 'removed');
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(s.plan.trash).toBe(1);
    expect(sb.sim.store.pages.get(id)!.inTrash).toBe(true);
    await setRecordStatus(f.db, streamId, 'd017', 'active');
    const r = await runPush(f.app, { destination: 'notion-distributors' });
    expect(r.plan.restore).toBe(1);
    expect(sb.sim.store.pages.get(id)!.inTrash).toBe(false);
    expect(pagesOf(sb.sim).filter((p) => sb.sim.store.plainProperties(p.id)['Sluice Key'] === 'd017')).toHaveLength(1);
  });

  it('a page that is gone from Notion (404) fails once, then gets a new page', async () => {
    const old = pageByKey(sb.sim, 'd018');
    sb.sim.store.pages.delete(old.id); // unshared or deleted: Notion answers object_not_found
    await updateRecords(f.db, streamId, [{ key: 'd018', set: { locations: 1800 } }]);
    const s = await runPush(f.app, { destination: 'notion-distributors' });
    expect(s.failures[0]).toMatchObject({ key: 'd018', code: 'object_not_found', status: 404 });
    const again = await runPush(f.app, { destination: 'notion-distributors' });
    expect(again).toMatchObject({ failed: 0, pushed: 1, plan: { create: 1 } });
    expect(sb.sim.store.plainProperties(pageByKey(sb.sim, 'd018').id).locations).toBe('1800');
  });
});
