import { afterAll, beforeAll, expect, it } from 'vitest';
import { installPack } from '../../src/packs/install-pack.js';
import { evaluationInstant, latestHealthDate } from '../../src/packs/msp-dashboards/health-time.js';
import { runPack } from '../../src/packs/run-pack.js';
import { backupJobsAt } from '../../src/sandbox/ninjaone/ninja-backup-jobs.js';
import { createNinjaOneSimulator, type NinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUnifiSimulator, type UnifiSimulator } from '../../src/sandbox/unifi/unifi.simulator.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

type Row = Record<string, unknown>;

const PROPERTIES: Record<string, string[]> = {
  'Customer Status': ['Site Name', 'Customer ID', 'State', 'Device Count', 'Stack Type', 'Deployment Status', 'Health Score', 'Last Health Check', 'Open Tickets', 'Contract Renewal', 'Primary Contact', 'Notes'],
  'Daily Health': ['Date', 'Site', 'Devices Online', 'Devices Offline', 'Devices Total', 'Availability %', 'WiFi Clients', 'Signal Warnings', 'Active Alerts', 'Alert Summary', 'Config Drift', 'Backup Status', 'Health Score', 'Notes'],
  'Config Changes': ['Change ID', 'Site', 'Tool', 'Vendor', 'Category', 'Action', 'Summary', 'Details', 'Engineer', 'Timestamp', 'Risk Level', 'Ticket ID', 'Rollback Plan'],
  Alerts: ['Device', 'Organization', 'Issue Type', 'Severity', 'Priority', 'Details', 'Status', 'Alert UID', 'Created', 'Last Seen'],
};

describeEachDatabase('msp-dashboards pack end to end (sandbox)', (kind) => {
  let sandbox: Sandbox;
  let notion: NotionSimulator;
  let unifi: UnifiSimulator;
  let ninja: NinjaOneSimulator;
  let t: TestApp;
  const now = () => sandbox.clock.now();
  beforeAll(async () => {
    notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
    unifi = createUnifiSimulator({ sites: 24, devices: 110 });
    ninja = createNinjaOneSimulator({ devices: 80, organizations: 20 });
    sandbox = await createSandbox({ seed: 42, simulators: [unifi, ninja, notion] });
    await sandbox.listen(0);
    t = await createTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  const rows = async (view: string, where = 'true') => (await t.app.db.query<Row>(`select to_jsonb(v) as r from data.${view} v where ${where}`)).rows.map((x) => x.r as Row);
  const pagesOf = (title: string) => {
    const ds = [...notion.store.dataSources.values()].find((d) => d.title === title);
    if (!ds) throw new Error(`no data source ${title}`);
    return { ds, pages: [...notion.store.pages.values()].filter((p) => p.dataSourceId === ds.id).map((p) => notion.store.plainProperties(p.id)) };
  };
  const writes = () => {
    const by = (notion.stats() as { byRoute: Record<string, number> }).byRoute;
    return Object.entries(by).filter(([r]) => /^(POST|PATCH)/.test(r) && !/query|search/.test(r)).reduce((a, [, n]) => a + n, 0);
  };

  it('installs against servers it has never seen and fills the four databases with the exact properties', async () => {
    const base = sandbox.url('notion').replace(/\/notion$/, '');
    const inst = await installPack(t.app, 'msp-dashboards', { sandbox: { url: base, credentials: sandbox.credentials() } });
    expect(inst.status, JSON.stringify(inst.missing)).toBe('installed');
    const { logChange } = await import('../../src/packs/msp-dashboards/change-log-store.js');
    await logChange(t.app.db, { site: 'lab', tool: 'ansible', category: 'wifi', action: 'update', summary: 'Guest SSID password rotated' }, { actor: 'test' });
    const run = await runPack(t.app, 'msp-dashboards', { now });
    expect(run.steps.filter((s) => s.status !== 'succeeded').map((s) => `${s.name}: ${s.error}`)).toEqual([]);
    for (const [title, props] of Object.entries(PROPERTIES)) {
      const { ds, pages } = pagesOf(title);
      expect([...ds.schema.keys()]).toEqual(expect.arrayContaining(props));
      expect(pages.length).toBeGreaterThan(0);
    }
    expect(pagesOf('Customer Status').pages).toHaveLength(24);
    expect(pagesOf('Daily Health').pages).toHaveLength(24);
    expect(pagesOf('Alerts').pages).toHaveLength(ninja.estate.alerts().length);
    // Every page created is in the audit log.
    const created = await t.app.db.query<{ n: number }>("select count(*)::int as n from audit_log where action = 'notion.page.created'");
    expect(created.rows[0]!.n).toBe([...notion.store.pages.values()].filter((p) => p.dataSourceId).length);
  });

  it('every site\'s Health Score, band and Deployment Status equal the formula applied by hand to the upstream data', async () => {
    const key = (sandbox.credentials()['unifi-site-manager'] as { api_key: string }).api_key;
    const res = await fetch(`${sandbox.url('unifi')}/v1/sites?pageSize=500`, { headers: { 'x-api-key': key } });
    const sites = ((await res.json()) as { data: Row[] }).data;
    const links = new Map((await rows('msp_customer_links')).map((l) => [l.site_id, l.organization_id as number | null]));
    const alerts = await rows('msp_alerts', "status <> 'resolved'");
    const health = new Map((await rows('msp_daily_health')).map((h) => [h.site_id, h]));
    const status = new Map((await rows('msp_customer_status')).map((c) => [c.customer_id, c]));
    const notionHealth = new Map<unknown, Record<string, string>>(pagesOf('Customer Status').pages.map((p) => [p['Customer ID'], p]));
    let linked = 0;
    for (const s of sites) {
      const counts = (s.statistics as { counts: Record<string, number> }).counts;
      const tz = (s.meta as { timezone: string }).timezone;
      const org = links.get(s.siteId) ?? null;
      if (org !== null) linked++;
      const devices = org === null ? [] : ninja.estate.devices().filter((d) => d.organizationId === org);
      const total = counts.totalDevice! + devices.length;
      const offline = counts.offlineDevice! + devices.filter((d) => d.offline).length;
      const availability = total === 0 ? 1 : (total - offline) / total;
      const weak = counts.wifiDevice ? counts.offlineWifiDevice! / counts.wifiDevice : 0;
      const open = alerts.filter((a) => org !== null && a.organization_id === org);
      const critical = open.filter((a) => a.severity === 'critical').length;
      const warning = open.length - critical;
      const evalAt = evaluationInstant(latestHealthDate(now(), tz), tz).getTime();
      const jobs = backupJobsAt(42, devices, now().getTime()).filter((j) => j.jobStartTime * 1000 > evalAt - 86_400_000 && j.jobStartTime * 1000 <= evalAt);
      const done = jobs.filter((j) => j.jobStatus === 'COMPLETED').length;
      const failed = jobs.filter((j) => j.jobStatus === 'FAILED' || j.jobStatus === 'CANCELED').length;
      const backup = done + failed === 0 ? 0.33 : failed === 0 ? 0 : done === 0 ? 1 : 0.5;
      const raw = 100 - (1 - availability) * 30 - weak * 20 - Math.min(20, 10 * critical + 2 * warning) - backup * 15;
      const score = Math.min(100, Math.max(0, Math.round(raw)));
      const band = score >= 80 ? 'healthy' : score >= 50 ? 'warning' : 'critical';
      const h = health.get(s.siteId)!;
      expect({ site: s.siteId, score: h.health_score, total: h.devices_total, offline: h.devices_offline, drift: h.config_drift })
        .toEqual({ site: s.siteId, score, total, offline, drift: false });
      expect(status.get(s.siteId)).toMatchObject({ health_score: score, band, deployment_status: { healthy: 'active', warning: 'maintenance', critical: 'needs attention' }[band] });
      expect(notionHealth.get(s.siteId)).toMatchObject({ 'Health Score': String(score) });
    }
    expect(linked).toBeGreaterThan(10);
  });

  it('a cycle with no changes makes zero Notion writes', async () => {
    const before = writes();
    const run = await runPack(t.app, 'msp-dashboards', { now });
    expect(run.status).toBe('succeeded');
    expect(run.steps.filter((s) => s.kind === 'push').map((s) => (s.counts as { pushed?: number }).pushed)).toEqual([0, 0, 0, 0]);
    expect(writes()).toBe(before);
  });

  it('a cleared alert is resolved and a firmware change upstream is a detected config change', async () => {
    const open = new Set(ninja.estate.alerts().map((a) => a.uid));
    const fromStep = sandbox.clock.step;
    let steps = 0;
    while (!unifi.fleet.changes(fromStep).some((c) => c.field === 'version') && steps < 48) {
      sandbox.clock.advance();
      steps++;
    }
    const fw = unifi.fleet.changes(fromStep).find((c) => c.field === 'version')!;
    expect(fw).toBeDefined();
    const run = await runPack(t.app, 'msp-dashboards', { now });
    expect(run.steps.filter((s) => s.status !== 'succeeded').map((s) => `${s.name}: ${s.error}`)).toEqual([]);
    const cleared = [...open].filter((u) => !ninja.estate.alerts().some((a) => a.uid === u));
    expect(cleared.length).toBeGreaterThan(0);
    const alertPages = new Map(pagesOf('Alerts').pages.map((p) => [p['Alert UID'], p]));
    for (const uid of cleared) expect(alertPages.get(uid)?.Status).toBe('resolved');
    const detected = await rows('msp_config_changes', `source = 'detected' and category = 'firmware'`);
    const dev = unifi.fleet.devices().find((d) => d.body.id === fw.id)!;
    expect(detected.map((d) => d.summary)).toContain(`Firmware ${String(fw.from)} → ${String(fw.to)} on ${String(dev.body.name)}`);
    expect(pagesOf('Config Changes').pages.some((p) => p.Summary?.startsWith('Firmware '))).toBe(true);
  });

  it('--health-date recomputes a given day; NinjaOne down does not stop the UniFi rows, which say NinjaOne is stale', async () => {
    const day = '2026-01-15';
    const r = await runPack(t.app, 'msp-dashboards', { now, params: { health_date: day } });
    expect(r.steps.filter((s) => s.status !== 'succeeded')).toEqual([]);
    expect(await rows('msp_daily_health', `date = '${day}'`)).toHaveLength(24);
    sandbox.faults.set([{ prefix: 'ninjaone', kind: 'error', status: 503 }]);
    sandbox.clock.advance({ steps: 2 });
    const down = await runPack(t.app, 'msp-dashboards', { now, params: { health_date: '2026-01-16' } });
    sandbox.faults.set([]);
    expect(down.status).toBe('partial');
    expect(down.steps.find((s) => s.name === 'msp-dashboards-ninjaone')?.status).toBe('failed');
    expect(down.steps.find((s) => s.name === 'msp-dashboards-unifi')?.status).toBe('succeeded');
    const fresh = await rows('msp_daily_health', `date = '2026-01-16'`);
    expect(fresh).toHaveLength(24);
    const linked = new Set((await rows('msp_customer_links', 'organization_id is not null')).map((l) => l.site_id));
    for (const h of fresh) {
      if (linked.has(h.site_id)) expect(h.notes).toMatch(/NinjaOne data stale/);
      else expect(h.notes ?? '').not.toMatch(/NinjaOne/);
    }
  });
});
