import { afterAll, beforeAll, expect, it } from 'vitest';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createHooksSimulator, type HooksSimulator } from '../../src/sandbox/hooks/hooks.simulator.js';
import { createUiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { installPack } from '../../src/packs/install-pack.js';
import { runPack } from '../../src/packs/run-pack.js';
import { packStatus } from '../../src/packs/pack-status.js';
import { uninstallPack } from '../../src/packs/uninstall-pack.js';
import { loadRecordDetail } from '../../src/store/record-detail.js';
import { evaluateDashboard } from '../../src/dashboards/evaluate-dashboard.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const EXPECTED_PROPERTIES: Record<string, string> = {
  'Company Name': 'title', 'Partner Type': 'select', Address: 'rich_text', City: 'rich_text', Region: 'select',
  'Country/State': 'rich_text', Phone: 'phone_number', Email: 'email', Website: 'url', Coordinates: 'rich_text',
  SunMax: 'checkbox', Status: 'select', 'First Discovered': 'date', 'Last Verified': 'date', 'Unifi ID': 'number',
  'Analysis Status': 'select', Priority: 'select', Notes: 'rich_text',
};

describeEachDatabase('unifi-channels pack end to end against the sandbox', (kind) => {
  let t: TestApp;
  let sandbox: Sandbox;
  let notion: NotionSimulator;
  let hooks: HooksSimulator;

  const writes = () => Object.entries(notion.counts().byRoute)
    .filter(([route]) => route.startsWith('PATCH') || (route.startsWith('POST') && !route.includes('/query')))
    .reduce((n, [, c]) => n + c, 0);
  const database = () => {
    const ds = [...notion.store.dataSources.values()].filter((d) => !d.inTrash);
    expect(ds).toHaveLength(1);
    return ds[0]!;
  };
  const pages = () => [...notion.store.pages.values()].filter((p) => p.dataSourceId === database().id && !p.inTrash);
  const pageOf = (id: string) => pages().find((p) => notion.store.plainProperties(p.id)['Unifi ID'] === id);
  const activeKeys = async () => (await t.app.db.query<{ key: string }>(
    `select r.key from records r join streams s on s.id = r.stream_id where s.name = 'distributors' and r.status = 'active'`,
  )).rows.map((r) => r.key);

  beforeAll(async () => {
    notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
    hooks = createHooksSimulator();
    sandbox = await createSandbox({ simulators: [notion, createUiSimulator(), hooks] });
    const url = await sandbox.listen(0);
    t = await createTestApp(kind);
    const r = await installPack(t.app, 'unifi-channels', { sandbox: { url, credentials: sandbox.credentials() }, set: { 'ui.removal_misses': '1' } });
    expect(r.status).toBe('installed');
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await sandbox.close();
  });

  it('installing again changes nothing', async () => {
    const r = await installPack(t.app, 'unifi-channels');
    expect(r.status).toBe('installed');
    expect(r.changes.filter((c) => c.action !== 'unchanged')).toEqual([]);
    expect(r.changes.map((c) => c.kind).sort()).toEqual(['connection', 'dashboard', 'destination', 'destination', 'model', 'schedule']);
  });

  it('builds "UniFi Distributors" with exactly the listed properties, one page per active distributor', async () => {
    const s = await runPack(t.app, 'unifi-channels');
    expect(s.status, JSON.stringify(s.steps.filter((x) => x.status !== 'succeeded'))).toBe('succeeded');
    expect(s.steps.map((x) => x.kind)).toEqual(['sync', 'resolve', 'model', 'push', 'push']);
    const ds = database();
    expect(ds.title).toBe('UniFi Distributors');
    expect(Object.fromEntries([...ds.schema.values()].map((p) => [p.name, p.type]))).toEqual(EXPECTED_PROPERTIES);
    const keys = await activeKeys();
    expect(keys.length).toBeGreaterThan(100);
    const ids = pages().map((p) => notion.store.plainProperties(p.id)['Unifi ID']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...keys].sort());
    const sample = notion.store.plainProperties(pages()[0]!.id);
    expect(sample.Status).toBe('active');
    expect(sample.Coordinates).toMatch(/^-?\d+(\.\d+)?, -?\d+(\.\d+)?$/);
    expect(sample['First Discovered']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The digest: one message with a Markdown body listing the new distributors.
    const digests = hooks.received('unifi-channels');
    expect(digests).toHaveLength(1);
    const body = digests[0]!.body as { kind: string; counts: { created: number }; markdown: string };
    expect(body.kind).toBe('digest');
    expect(body.counts.created).toBe(keys.length);
    expect(body.markdown).toContain(`${keys.length} new`);
  }, 120_000);

  it('a second run with no upstream change makes zero Notion writes and posts no digest', async () => {
    const before = writes();
    const s = await runPack(t.app, 'unifi-channels');
    expect(s.status).toBe('succeeded');
    expect(writes() - before).toBe(0);
    expect(hooks.received('unifi-channels')).toHaveLength(1);
  }, 60_000);

  it("a person's Notes and Priority survive later runs and show in the record", async () => {
    const key = (await activeKeys())[0]!;
    const page = pageOf(key)!;
    notion.editAsPerson(page.id, { Notes: { rich_text: [{ text: { content: 'Call them about SunMax' } }] }, Priority: { select: { name: 'High' } } });
    await runPack(t.app, 'unifi-channels');
    await runPack(t.app, 'unifi-channels');
    const props = notion.store.plainProperties(page.id);
    expect(props.Notes).toBe('Call them about SunMax');
    expect(props.Priority).toBe('High');
    const detail = await loadRecordDetail(t.app.db, 'distributors', key);
    const ann = detail.annotations['unifi-channels-notion'] as Record<string, { value: unknown }>;
    expect(ann.Notes?.value).toBe('Call them about SunMax');
    expect(ann.Priority?.value).toBe('High');
    expect(detail.changes.some((c) => c.kind === 'annotated')).toBe(true);
    expect(detail.entities.map((e) => e.type)).toEqual(['company']);
  }, 60_000);

  it('after the locator changes, removed distributors read Status = removed and new ones appear', async () => {
    const before = new Set(await activeKeys());
    sandbox.clock.advance({ steps: 1 });
    const s = await runPack(t.app, 'unifi-channels');
    expect(s.status).toBe('succeeded');
    const after = new Set(await activeKeys());
    const removed = [...before].filter((k) => !after.has(k));
    const added = [...after].filter((k) => !before.has(k));
    expect(removed.length + added.length).toBeGreaterThan(0);
    for (const k of removed) expect(notion.store.plainProperties(pageOf(k)!.id).Status).toBe('removed');
    for (const k of added) expect(notion.store.plainProperties(pageOf(k)!.id).Status).toBe('active');
    const digest = hooks.received('unifi-channels').at(-1)!.body as { counts: { created: number; removed: number } };
    expect(digest.counts.created).toBe(added.length);
    expect(digest.counts.removed).toBe(removed.length);
  }, 60_000);

  it("companies group every active distributor; the dashboard's region counts sum to the active distributors", async () => {
    const { rows } = await t.app.db.query<{ n: string; d: string }>(
      `select count(*)::text as n, coalesce(sum((r.data->>'distributors')::int), 0)::text as d
         from records r join streams s on s.id = r.stream_id where s.name = 'companies' and r.status = 'active'`,
    );
    const active = (await activeKeys()).length;
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
    expect(Number(rows[0]?.d)).toBe(active);
    const dash = await evaluateDashboard(t.app.db, 'unifi-channels');
    const byRegion = dash.widgets.find((w) => w.id === 'by-region');
    expect(byRegion?.type).toBe('bar');
    const regionRows = byRegion && 'data' in byRegion && byRegion.data && 'rows' in byRegion.data ? byRegion.data.rows : [];
    expect(regionRows.reduce((n, r) => n + Number(r.count ?? 0), 0)).toBe(active);
    const broken = dash.widgets.filter((w) => 'error' in w && w.error);
    expect(broken.map((w) => w.id)).toEqual([]);
  }, 60_000);

  it('status shows every part with its last outcome and the next scheduled time', async () => {
    const s = await packStatus(t.app, 'unifi-channels');
    expect(s.status).toBe('installed');
    expect(s.last_run?.status).toBe('succeeded');
    const conn = s.parts.find((p) => p.kind === 'connection')!;
    expect(conn.last_status).toBe('succeeded');
    expect(conn.counts.active).toBe((await activeKeys()).length);
    expect(s.parts.find((p) => p.kind === 'schedule')?.next_run_at).toMatch(/^\d{4}-/);
    expect(s.parts.find((p) => p.kind === 'destination' && p.part === 'notion')?.last_status).toBe('succeeded');
  });

  it('uninstall --keep-data keeps the records; installing again picks them up; a plain uninstall drops them', async () => {
    const count = (await activeKeys()).length;
    const u = await uninstallPack(t.app, 'unifi-channels', { keepData: true });
    expect(u.droppedStreams).toEqual([]);
    expect((await activeKeys()).length).toBe(count);
    const { rows } = await t.app.db.query(`select 1 from connections where name = 'unifi-channels-ui'`);
    expect(rows).toHaveLength(0);
    const again = await installPack(t.app, 'unifi-channels', { sandbox: { url: sandbox.url('ui').replace(/\/ui$/, ''), credentials: sandbox.credentials() } });
    expect(again.status).toBe('installed');
    const u2 = await uninstallPack(t.app, 'unifi-channels');
    expect(u2.droppedStreams).toContain('distributors');
    const { rows: left } = await t.app.db.query(`select 1 from streams where name = 'distributors'`);
    expect(left).toHaveLength(0);
  }, 60_000);
});
