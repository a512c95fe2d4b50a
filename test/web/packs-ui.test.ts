import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDestination } from '../../src/destinations/destination-store.js';
import { runPush } from '../../src/destinations/run-push.js';
import { createDgiSimulator } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createHooksSimulator } from '../../src/sandbox/hooks/hooks.simulator.js';
import { createNinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { createUnifiSimulator } from '../../src/sandbox/unifi/unifi.simulator.js';
import { bearer } from '../api/api-harness.js';
import { seedStream, updateRecords } from '../destinations/push-fixture.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { expectAccessible, expectNoConsoleErrors, hasChromium, hasWebBuild, shot, startWebHarness, type WebHarness } from './web-harness.js';

// The PostgreSQL server when configured (CI), else the embedded database: one real database either way.
const kind = DATABASE_KINDS.includes('postgres') ? 'postgres' : 'pglite';
const POLL = { timeout: 30_000, interval: 250 };
const PACKS = ['unifi-channels', 'msp-dashboards', 'dgi-dealers'] as const;

/**
 * The real packs, installed from the browser against the in-process simulators (`--sandbox URL` in the install form),
 * run from the browser, and every dashboard they declare read in Chromium with no console error.
 */
describe.skipIf(!hasChromium || !hasWebBuild)(`packs in the web UI [${kind}]`, () => {
  let h: WebHarness;
  let sandbox: Sandbox;
  let sandboxUrl = '';
  let page: Page;
  const dgi = createDgiSimulator();

  beforeAll(async () => {
    sandbox = await createSandbox({
      seed: 42,
      simulators: [
        new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 }),
        createUiSimulator(),
        createHooksSimulator(),
        createUnifiSimulator({ sites: 8, devices: 30 }),
        createNinjaOneSimulator({ devices: 24, organizations: 6 }),
        dgi,
      ],
    });
    sandboxUrl = await sandbox.listen(0);
    h = await startWebHarness(kind);
    ({ page } = await h.signIn('admin'));
  }, 120_000);
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED-packs-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  const api = async <T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<T> => {
    const r = await h.api.server.inject({ method, url, headers: bearer(h.api.tokens.admin), ...(payload === undefined ? {} : { payload: payload as object }) });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json<T>();
  };

  async function installFromForm(pack: string, settings: Record<string, string> = {}): Promise<void> {
    await page.goto(`${h.url}/packs/${pack}`);
    await page.getByRole('button', { name: 'Install pack' }).waitFor();
    for (const [key, value] of Object.entries(settings)) await page.getByLabel(key, { exact: true }).fill(value);
    await page.getByLabel('Sandbox URL').fill(sandboxUrl);
    await page.getByRole('button', { name: 'Install pack' }).click();
    await page.getByText(/^Pack installed: \d+ part\(s\) changed\.$/).waitFor(POLL);
    await page.getByRole('table', { name: 'Pack parts' }).waitFor(POLL);
  }

  async function runFromPage(pack: string): Promise<void> {
    await page.goto(`${h.url}/packs/${pack}`);
    await page.getByRole('button', { name: 'Run now' }).click();
    const outcome = page.getByRole('status').filter({ hasText: /^Run (succeeded|partial|failed)/ });
    await outcome.waitFor({ timeout: 240_000 });
    expect(await outcome.textContent()).toMatch(/^Run succeeded/);
  }

  it('installs unifi-channels from its settings form with the sandbox URL and runs it from the browser', async () => {
    await installFromForm('unifi-channels', { 'ui.removal_misses': '1' });
    const status = await api<{ status: string; missing: string[] }>('GET', '/api/v1/packs/unifi-channels/status');
    expect(status).toMatchObject({ status: 'installed', missing: [] });
    await expectAccessible(page, 'pack page');
    await shot(page, '30-pack-installed');
    await runFromPage('unifi-channels');
    await shot(page, '31-pack-run');
    expectNoConsoleErrors(page);
  }, 300_000);

  it('msp-dashboards: installed and run; the change log refuses a risky change without a rollback plan with the API’s code', async () => {
    await installFromForm('msp-dashboards');
    await runFromPage('msp-dashboards');
    const form = page.getByRole('form', { name: 'Log a change' });
    await form.getByLabel('Site *').fill('lab');
    await form.getByLabel('Tool *').fill('ansible');
    await form.getByLabel('Category *').fill('firewall');
    await form.getByLabel('Action *').fill('update');
    await form.getByLabel('Summary *').fill('Open port 443 on the production firewall');
    await page.getByText(/This change is high risk \(mentions "production"\)/).waitFor();
    await form.getByRole('button', { name: 'Log change' }).click();
    const alert = form.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/high-risk change \(mentions "production"\) needs a rollback plan.*rollback_plan_required.*HTTP 422/);
    expect((await api<{ items: unknown[] }>('GET', '/api/v1/packs/msp-dashboards/changes')).items).toEqual([]);
    await expectAccessible(page, 'msp change log');
    await shot(page, '32-msp-change-refused');
    await form.getByLabel('Rollback plan *').fill('Close port 443 again from the controller backup');
    await form.getByRole('button', { name: 'Log change' }).click();
    await page.getByText(/^Logged CHG-\d+ as high risk\.$/).waitFor();
    const logged = page.getByRole('table', { name: 'Logged changes' });
    await logged.getByText('Open port 443 on the production firewall').waitFor();
    const items = (await api<{ items: { risk_level: string; rollback_plan: string }[] }>('GET', '/api/v1/packs/msp-dashboards/changes')).items;
    expect(items).toEqual([expect.objectContaining({ risk_level: 'high', rollback_plan: 'Close port 443 again from the controller backup' })]);
    await shot(page, '33-msp-change-logged');
    expectNoConsoleErrors(page);
  }, 400_000);

  it('dgi-dealers: adds a dealer from the dealer admin, refuses a bad ODA code, deactivates and reactivates it, runs', async () => {
    await installFromForm('dgi-dealers');
    const c = dgi.credentials()[0]!;
    const form = page.getByRole('form', { name: 'Add a dealer' });
    const fill = async (name: string, id: string) => {
      await form.getByLabel('Connection name *').fill(name);
      await form.getByLabel('ODA code *').fill(id);
      await form.getByLabel('Dealer name *').fill(c.dealer_name);
      await form.getByLabel('API key *').fill(c.api_key);
      await form.getByLabel('Secret key *').fill(c.secret_key);
    };
    // The API's own refusal, with its code, for an ODA code longer than DGI issues.
    await fill('D-first', 'ABCDEFGHIJK');
    await form.getByRole('button', { name: 'Add dealer' }).click();
    await form.getByRole('alert').waitFor(POLL);
    expect(await form.getByRole('alert').textContent()).toMatch(/validation_failed \(HTTP 400\).*dealer_id/);
    await fill('D-first', c.dealer_id);
    await form.getByRole('button', { name: 'Add dealer' }).click();
    await page.getByText(/^Dealer D-first added with \d+ schedules\.$/).waitFor(POLL);
    const dealers = page.getByRole('table', { name: 'Dealers' });
    await dealers.getByText(c.dealer_id).waitFor();
    expect(await dealers.textContent()).toMatch(/api_key.*secret_key|secret_key.*api_key/);
    expect(await dealers.textContent()).not.toContain(c.secret_key);
    await expectAccessible(page, 'dgi dealers');
    await shot(page, '34-dgi-dealers');
    await page.getByRole('button', { name: 'Deactivate D-first' }).click();
    await page.getByText('D-first is inactive.').waitFor();
    expect((await api<{ items: { name: string; active: boolean }[] }>('GET', '/api/v1/packs/dgi-dealers/dealers')).items).toEqual([expect.objectContaining({ name: 'D-first', active: false })]);
    await page.getByRole('button', { name: 'Activate D-first' }).click();
    await page.getByText('D-first is active.').waitFor();
    await page.getByRole('button', { name: 'Edit D-first' }).click();
    await page.getByRole('form', { name: 'Edit dealer D-first' }).getByLabel('Dealer name').fill('First Dealer (renamed)');
    await page.getByRole('button', { name: 'Save dealer' }).click();
    await dealers.getByText('First Dealer (renamed)').waitFor(POLL);
    await runFromPage('dgi-dealers');
    expectNoConsoleErrors(page);
  }, 400_000);

  it('reads every dashboard of every installed pack: each widget drawn, none in error, no console error', async () => {
    // The packs that declare dashboards (msp-dashboards reports into Notion and declares none).
    const withDashboards: string[] = [];
    for (const pack of PACKS) if ((await api<{ dashboards: string[] }>('GET', `/api/v1/packs/${pack}`)).dashboards.length) withDashboards.push(pack);
    expect(withDashboards.length).toBeGreaterThanOrEqual(2);
    const list = (await api<{ items: { id: string; title: string; pack?: string }[] }>('GET', '/api/v1/dashboards')).items;
    expect(new Set(list.map((d) => d.pack))).toEqual(new Set(withDashboards));
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboards' }).click();
    for (const pack of withDashboards) await page.getByRole('heading', { name: pack, level: 2 }).waitFor();
    await expectAccessible(page, 'dashboards list');
    await shot(page, '35-dashboards');
    const seen: Record<string, number> = {};
    for (const d of list) {
      const evaluated = await api<{ widgets: { id: string; error?: unknown }[] }>('GET', `/api/v1/dashboards/${encodeURIComponent(d.id)}`);
      await page.goto(`${h.url}/dashboards/${encodeURIComponent(d.id)}`);
      await page.getByRole('heading', { name: d.title, level: 1 }).waitFor(POLL);
      await expect.poll(() => page.locator('.widget').count(), POLL).toBe(evaluated.widgets.length);
      expect(await page.getByText('This widget could not be evaluated').count(), d.id).toBe(0);
      // Charts and maps draw into a canvas once ECharts has loaded.
      await expect.poll(() => page.evaluate<number>(`[...document.querySelectorAll('[role="img"]')].filter((e) => !e.querySelector('canvas')).length`), POLL).toBe(0);
      seen[d.pack ?? ''] = (seen[d.pack ?? ''] ?? 0) + 1;
    }
    expect(Object.keys(seen).sort()).toEqual([...withDashboards].sort());
    for (const pack of withDashboards) {
      await page.goto(`${h.url}/dashboards/${encodeURIComponent(list.find((d) => d.pack === pack)!.id)}`);
      await page.locator('.widget').first().waitFor();
      await expectAccessible(page, `${pack} dashboard`);
      await shot(page, `36-dashboard-${pack}`);
    }
    expectNoConsoleErrors(page);
  }, 600_000);

  it('a webhook’s dead letters show the receiver’s answer and are redelivered from the destination page', async () => {
    const script: number[] = [];
    const receiver: Server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.statusCode = script.shift() ?? 200;
        res.end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    try {
      const db = h.api.app.db;
      const id = await seedStream(db, 'hook_sites', { fields: [{ name: 'id', type: 'string' }, { name: 'name', type: 'string' }] }, [{ id: 's1', name: 'One' }]);
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      await createDestination(db, h.api.app.secrets, { name: 'ops-hook', kind: 'webhook', config: { url, secret: 'whsec_0123456789abcdef', streams: 'hook_sites', max_attempts: 2, backoff_ms: 5 } });
      await runPush(h.api.app, { destination: 'ops-hook' });
      await updateRecords(db, id, [{ key: 's1', set: { name: 'Uno' } }]);
      script.push(503, 503);
      expect((await runPush(h.api.app, { destination: 'ops-hook' })).failed).toBe(1);
      await page.goto(`${h.url}/destinations/ops-hook`);
      const dead = page.getByRole('table', { name: 'Dead letters' });
      await dead.getByText(/503/).waitFor(POLL);
      await expectAccessible(page, 'dead letters');
      await shot(page, '37-dead-letters');
      await page.getByRole('button', { name: /^Redeliver all \(1\)$/ }).click();
      await page.getByText(/^Redelivered 1 batch\(es\): 1 event\(s\) delivered in 1 request\(s\)\.$/).waitFor(POLL);
      await page.getByText('No dead letter: every batch was delivered or is still being retried.').waitFor(POLL);
      expectNoConsoleErrors(page);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });

  it('pack screens work on a 390-wide phone screen', async () => {
    const { page: m } = await h.signIn('operator', { width: 390, height: 844 });
    for (const path of ['/packs/msp-dashboards', '/packs/dgi-dealers', `/dashboards/${encodeURIComponent((await api<{ items: { id: string; pack?: string }[] }>('GET', '/api/v1/dashboards')).items.find((d) => d.pack === 'dgi-dealers')!.id)}`]) {
      await m.goto(`${h.url}${path}`);
      await m.locator('main#main h1').waitFor(POLL);
      await m.locator('.card').first().waitFor(POLL);
      const overflow = await m.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    // An operator logs changes but does not see the dealer admin's actions.
    await m.goto(`${h.url}/packs/dgi-dealers`);
    await m.getByRole('table', { name: 'Dealers' }).waitFor(POLL);
    expect(await m.getByRole('form', { name: 'Add a dealer' }).count()).toBe(0);
    expect(await m.getByRole('button', { name: /Deactivate|Activate/ }).count()).toBe(0);
    await shot(m, '38-phone-dgi-dealers');
    await m.goto(`${h.url}/packs/msp-dashboards`);
    await m.getByRole('form', { name: 'Log a change' }).waitFor(POLL);
    await shot(m, '39-phone-msp-change-log');
    expectNoConsoleErrors(m);
  }, 180_000);
});
