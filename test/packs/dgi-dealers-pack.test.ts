import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { exportRecords } from '../../src/store/record-export.js';
import { evaluateDashboard } from '../../src/dashboards/evaluate-dashboard.js';
import { runHistoryTotals } from '../../src/jobs/run-history.js';
import { listSchedules, pauseSchedule, resumeSchedule } from '../../src/jobs/schedule-store.js';
import { addPackInstance, installPack } from '../../src/packs/install-pack.js';
import { runPack } from '../../src/packs/run-pack.js';
import { createDgiSimulator } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { getStream } from '../../src/store/stream-registry.js';
import { listDealers, setDealerActive } from '../../src/packs/dgi-dealers/dealer-admin.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describeEachDatabase('dgi-dealers pack end to end against the sandbox', (kind) => {
  let t: TestApp;
  let sandbox: Sandbox;
  const sim = createDgiSimulator();
  const creds = () => sim.credentials();
  const dealer = (i: number, extra: Record<string, string> = {}) => ({
    'dealer.dealer_id': creds()[i]!.dealer_id, 'dealer.dealer_name': creds()[i]!.dealer_name,
    'dealer.api_key': creds()[i]!.api_key, 'dealer.secret_key': creds()[i]!.secret_key, ...extra,
  });
  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 31, simulators: [sim] });
    const url = await sandbox.listen(0);
    t = await createTestApp(kind);
    const r = await installPack(t.app, 'dgi-dealers', { sandbox: { url, credentials: sandbox.credentials() } });
    expect(r.status).toBe('installed');
    expect(r.changes.filter((c) => c.kind === 'dashboard')).toHaveLength(16);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('adds dealers with one staggered schedule per job type; refuses a bad ODA code', async () => {
    for (const [name, i] of [['D12284', 0], ['D29437', 2]] as const) {
      const r = await addPackInstance(t.app, 'dgi-dealers', 'dealer', name, { set: dealer(i) });
      expect(r.changes.filter((c) => c.action === 'failed'), JSON.stringify(r.changes)).toEqual([]);
      // its own 15, plus (re-spread) any of the earlier dealer's whose slot moved
      expect(r.changes.filter((c) => c.kind === 'schedule' && c.name.startsWith(`sync:${name}/`))).toHaveLength(15);
    }
    const schedules = (await listSchedules(t.app.db)).filter((s) => s.target.startsWith('sync:D12284/'));
    expect(schedules).toHaveLength(15);
    expect(new Set(schedules.map((s) => s.cron)).size).toBe(15); // one dealer's job types never start together
    expect(schedules.every((s) => s.timezone === 'Asia/Jakarta')).toBe(true);
    expect(schedules.map((s) => s.target)).toContain('sync:D12284/dgi_inv2');

    const bad = await addPackInstance(t.app, 'dgi-dealers', 'dealer', 'Dbad', { set: dealer(1, { 'dealer.dealer_id': 'ABCDEFGHIJK' }) }).catch((e: unknown) => e);
    const text = JSON.stringify(bad);
    expect(text).toMatch(/at most 10 characters/);
    // the same dealer with a wrong secret: added, and its runs fail alone
    await addPackInstance(t.app, 'dgi-dealers', 'dealer', 'Dbad', { set: dealer(1, { 'dealer.secret_key': 'wrong-secret' }) });
  }, 120_000);

  it('runs every dealer; a dealer with bad keys fails alone with the upstream’s message; a second run creates nothing', async () => {
    const first = await runPack(t.app, 'dgi-dealers');
    const byName = new Map(first.steps.map((s) => [s.name, s]));
    expect(byName.get('D12284')?.status).toBe('succeeded');
    expect(byName.get('D29437')?.status).toBe('succeeded');
    expect(byName.get('Dbad')?.status).toBe('failed');
    expect(byName.get('Dbad')?.error).toMatch(/Token|token|key/);
    expect(first.status).toBe('partial');
    const again = await runPack(t.app, 'dgi-dealers');
    for (const s of again.steps.filter((x) => x.name !== 'Dbad')) {
      for (const [stream, c] of Object.entries(s.counts ?? {})) expect((c as { created: number }).created, `${s.name} ${stream}`).toBe(0);
    }
  }, 600_000);

  it('the workshop-invoice page: NJB and NSC totals equal the sums of the exported rows, overall and per dealer', async () => {
    const home = await evaluateDashboard(t.app.db, 'dgi-dealers');
    expect(home.widgets.filter((w) => w.error)).toEqual([]);
    expect(home.pages).toHaveLength(15);
    const s = await getStream(t.app.db, 'dgi_inv2');
    const sums = async (where: string[]) => {
      let csv = '';
      for await (const chunk of exportRecords(t.app.db, { streamId: s.id, fields: s.schema.fields, where, status: 'active' }, 'csv', new AbortController().signal)) csv += String(chunk);
      const rows = parse<Record<string, string>>(csv, { columns: true });
      const sum = (f: string) => rows.reduce((n, r) => n + Number(r[f] || 0), 0);
      return { rows: rows.length, njb: sum('totalHargaNJB'), nsc: sum('totalHargaNSC') };
    };
    for (const filters of [{}, { dealer: '12284' }] as Record<string, string>[]) {
      const page = await evaluateDashboard(t.app.db, 'dgi-dealers-inv2-read', { filters });
      expect(page.widgets.filter((w) => w.error)).toEqual([]);
      const value = (id: string) => {
        const w = page.widgets.find((x) => x.id === id);
        if (w?.type !== 'metric') throw new Error(`no metric ${id}`);
        return w.data.value;
      };
      const expected = await sums('dealer' in filters ? ['dealerId:eq:12284'] : []);
      expect(expected.rows).toBeGreaterThan(0);
      expect(value('invoices')).toBe(expected.rows);
      expect(value('njb-total')).toBe(expected.njb);
      expect(value('nsc-total')).toBe(expected.nsc);
      const table = page.widgets.find((w) => w.id === 'records');
      expect(table?.type).toBe('table');
      expect(table?.source?.where ?? []).toEqual('dealer' in filters ? ['dealerId:eq:12284'] : []);
    }
  }, 300_000);

  it('the home page: jobs, success rate, failures and duration from the run history, overall and per dealer', async () => {
    const metric = (d: Awaited<ReturnType<typeof evaluateDashboard>>, id: string) => {
      const w = d.widgets.find((x) => x.id === id);
      if (w?.type !== 'metric') throw new Error(`no metric ${id}`);
      expect(w.error).toBeUndefined();
      return w.data.value;
    };
    // the indexes the pack declares exist once their streams have synced (made by the pack run)
    const ix = await t.app.db.query<{ n: string }>(`select count(*) as n from pg_indexes where indexname like 'records_sidx_%'`);
    expect(Number(ix.rows[0]!.n)).toBeGreaterThan(20);
    const overall = (await runHistoryTotals(t.app.db, { connections: ['D12284', 'D29437', 'Dbad'] })).find((x) => x.connection === '*')!;
    const home = await evaluateDashboard(t.app.db, 'dgi-dealers');
    expect(overall.failed).toBeGreaterThan(0);
    expect(overall.succeeded).toBeGreaterThanOrEqual(60); // two runs × two good dealers × 15 job types
    expect(metric(home, 'jobs')).toBe(overall.total);
    expect(metric(home, 'success-rate')).toBe(overall.success_rate);
    expect(metric(home, 'success-rate')).toBeGreaterThan(0);
    expect(metric(home, 'success-rate')).toBeLessThan(1);
    expect(metric(home, 'failed-jobs')).toBe(overall.failed);
    expect(metric(home, 'avg-duration')).toBe(overall.avg_duration_ms);

    const good = await evaluateDashboard(t.app.db, 'dgi-dealers', { filters: { dealer: '12284' } });
    const goodTotals = (await runHistoryTotals(t.app.db, { connections: ['D12284'] })).find((x) => x.connection === '*')!;
    expect(metric(good, 'jobs')).toBe(goodTotals.total);
    expect(metric(good, 'success-rate')).toBe(1);
    const bad = await evaluateDashboard(t.app.db, 'dgi-dealers', { filters: { dealer: '08138' } }); // Dbad
    expect(metric(bad, 'success-rate')).toBe(0);
    expect(metric(bad, 'failed-jobs')).toBeGreaterThan(0);
    // a dealer id no connection has (removed, or never added): no jobs, no widget error
    const nobody = await evaluateDashboard(t.app.db, 'dgi-dealers', { filters: { dealer: 'NOBODY' } });
    expect(nobody.widgets.filter((w) => w.error)).toEqual([]);
    expect(metric(nobody, 'jobs')).toBe(0);
    const later = await evaluateDashboard(t.app.db, 'dgi-dealers', { filters: { from: '2099-01-01' } });
    expect(metric(later, 'jobs')).toBe(0);
    expect(metric(later, 'success-rate')).toBeNull();

    const table = home.widgets.find((w) => w.id === 'jobs-by-dealer');
    if (table?.type !== 'table') throw new Error('no jobs-by-dealer table');
    expect(table.data.rows.map((r) => r.connection)).toEqual(['Dbad', 'D12284', 'D29437']);
    expect(table.data.rows[0]).toMatchObject({ success_rate: 0 });
  }, 120_000);

  it('dealer admin: secrets write-only in the list; an inactive dealer keeps its data and runs nothing', async () => {
    const dealers = await listDealers(t.app);
    expect(dealers.map((d) => d.name)).toEqual(['D12284', 'D29437', 'Dbad']);
    const d = dealers.find((x) => x.name === 'D12284')!;
    expect(d).toMatchObject({ dealer_id: '12284', active: true, schedules: 15, secrets_set: ['api_key', 'secret_key'] });
    expect(JSON.stringify(dealers)).not.toContain(creds()[0]!.secret_key);
    const count = async () => Number((await t.app.db.query<{ n: string }>(`select count(*) as n from records where data->>'dealerId' = '12284'`)).rows[0]!.n);
    const before = await count();
    expect(before).toBeGreaterThan(0);
    const off = await setDealerActive(t.app, 'D12284', false);
    expect(off).toMatchObject({ active: false, schedules: 0 });
    const r = await runPack(t.app, 'dgi-dealers');
    expect(r.steps.map((s) => s.name)).not.toContain('D12284');
    expect(await count()).toBe(before);
    expect(await setDealerActive(t.app, 'D12284', true)).toMatchObject({ active: true, schedules: 15 });
    await expect(setDealerActive(t.app, 'nobody', false)).rejects.toMatchObject({ code: 'not_found' });
  }, 300_000);

  it('reactivating a dealer resumes only the schedules its deactivation paused, never one a person paused by hand', async () => {
    const paused = async () => (await listSchedules(t.app.db)).filter((s) => s.target.startsWith('sync:D29437/') && s.paused).map((s) => s.target).sort();
    // a person pauses one job type before, and another while the dealer is inactive
    await pauseSchedule(t.app.db, 'sync:D29437/dgi_pkb');
    expect(await setDealerActive(t.app, 'D29437', false)).toMatchObject({ active: false, schedules: 0 });
    await pauseSchedule(t.app.db, 'sync:D29437/dgi_inv2');
    // deactivating twice notes nothing more; setting an active dealer active touches no schedule
    await setDealerActive(t.app, 'D29437', false);
    expect(await setDealerActive(t.app, 'D29437', true)).toMatchObject({ active: true, schedules: 14 });
    expect(await paused()).toEqual(['sync:D29437/dgi_pkb']);
    await pauseSchedule(t.app.db, 'sync:D29437/dgi_inv2');
    expect(await setDealerActive(t.app, 'D29437', true)).toMatchObject({ active: true, schedules: 13 });
    expect(await paused()).toEqual(['sync:D29437/dgi_inv2', 'sync:D29437/dgi_pkb']);
    await resumeSchedule(t.app.db, 'sync:D29437/dgi_inv2');
    await resumeSchedule(t.app.db, 'sync:D29437/dgi_pkb');
  }, 120_000);
});
