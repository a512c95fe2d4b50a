import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../api/api-harness.js';
import { DATABASE_KINDS } from '../support/databases.js';
import { expectAccessible, expectNoConsoleErrors, hasChromium, hasWebBuild, shot, startWebHarness, type WebHarness } from './web-harness.js';

// The PostgreSQL server when configured (CI), else the embedded database: one real database either way.
const kind = DATABASE_KINDS.includes('postgres') ? 'postgres' : 'pglite';
/** Screens refresh over the network on a busy 2-core machine: wait up to 15 s for them. */
const POLL = { timeout: 15_000, interval: 200 };
const COUNTRIES = ['FR', 'DE', 'US', 'ID', 'BR'];

function companiesCsv(n: number, renamed?: number): string {
  const lines = ['id,name,country,employees,founded'];
  for (let i = 1; i <= n; i++) {
    const name = i === renamed ? `Renamed Company ${i}` : `Company ${i}`;
    lines.push(`${String(i).padStart(4, '0')},${name},${COUNTRIES[i % COUNTRIES.length]},${(i * 7) % 500},20${String(10 + (i % 15)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 10}`);
  }
  return `${lines.join('\n')}\n`;
}

describe.skipIf(!hasChromium || !hasWebBuild)(`web UI in Chromium [${kind}]`, () => {
  let h: WebHarness;
  let page: Page;
  const dir = mkdtempSync(join(tmpdir(), 'sluice-web-'));
  const csv = join(dir, 'companies.csv');

  beforeAll(async () => {
    writeFileSync(csv, companiesCsv(120));
    h = await startWebHarness(kind);
  });
  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) await shot(page, `FAILED-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const api = async <T>(method: string, url: string, payload?: unknown): Promise<T> => {
    const r = await h.api.server.inject({ method: method as 'GET', url, headers: bearer(h.api.tokens.admin), ...(payload ? { payload: payload } : {}) });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json<T>();
  };
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

  it('signs in with labelled fields, shows the API error on a bad password, and keeps the page on refresh', async () => {
    const context = await h.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await context.newPage();
    await p.goto(`${h.url}/jobs?tab=queue`);
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectAccessible(p, 'sign-in');
    await shot(p, '01-sign-in');
    await p.getByLabel('Email').fill('operator@example.com');
    await p.getByLabel('Password').fill('wrong password here');
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByRole('alert').waitFor();
    expect(await p.getByRole('alert').textContent()).toMatch(/invalid_credentials|auth/);
    expect(await p.getByRole('link', { name: 'set up Sluice' }).getAttribute('href')).toBe('/setup');
    await context.close();

    ({ page } = await h.signIn('operator'));
    await page.goto(`${h.url}/jobs?tab=queue`);
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Jobs' }).waitFor();
    expect(page.url()).toContain('/jobs?tab=queue');
  });

  it('Overview: a new installation says what to do next', async () => {
    await nav('Overview');
    await page.getByRole('heading', { name: 'Welcome to Sluice' }).waitFor();
    await expectAccessible(page, 'overview');
    await shot(page, '02-overview-empty');
  });

  it('Connections: adds a CSV connection from its schema form, tests it and syncs it with live progress', async () => {
    await nav('Connections');
    await page.getByRole('heading', { name: 'No connection yet' }).waitFor();
    await page.getByRole('link', { name: 'Add a CSV file connection' }).click();
    await page.getByLabel('Name', { exact: true }).fill('companies-csv');
    await page.getByLabel('File path').fill(csv);
    await page.getByLabel('Stream name').fill('companies');
    await page.getByLabel('Key column(s)').fill('id');
    await page.getByLabel('Field types').fill('employees:integer,founded:date');
    await expectAccessible(page, 'new connection');
    await shot(page, '03-new-connection');
    await page.getByRole('button', { name: 'Create connection' }).click();
    await page.getByRole('heading', { name: 'companies-csv' }).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText('Connection works').waitFor();
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page.getByText('Sync finished').waitFor({ timeout: 60_000 });
    expect(await page.getByText(/companies: 120 read, 120 new/).count()).toBe(1);
    await expectAccessible(page, 'connection');
    await shot(page, '04-connection-synced');
    expectNoConsoleErrors(page);
  });

  it('Data: the explorer shows the rows the API counts, filters by field type, sorts, pages and exports exactly the filtered rows', async () => {
    await nav('Data');
    await page.getByRole('link', { name: 'companies', exact: true }).click();
    await page.getByRole('heading', { name: 'companies' }).waitFor();
    const table = page.getByRole('table', { name: 'Records of companies' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(50);
    await expect.poll(() => page.getByText(/^120 active/).count(), POLL).toBe(1);
    await page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => page.url(), POLL).toContain('cursor=');
    await page.getByRole('button', { name: 'Previous' }).click();
    await expect.poll(() => page.url(), POLL).not.toContain('cursor=');
    // country is FR: every fifth company.
    await page.getByLabel('Filter field').selectOption('country');
    await page.getByLabel('Operator').selectOption('eq');
    await page.getByLabel('Value').fill('FR');
    await page.getByRole('button', { name: 'Add filter' }).click();
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(24);
    const api24 = await api<{ items: unknown[] }>('GET', '/api/v1/streams/companies/records?where=country:eq:FR&limit=100');
    expect(api24.items).toHaveLength(24);
    // A number filter: employees ≥ 400 among the FR rows.
    await page.getByLabel('Filter field').selectOption('employees');
    await page.getByLabel('Operator').selectOption('gte');
    await page.getByLabel('Value').fill('400');
    await page.getByRole('button', { name: 'Add filter' }).click();
    const both = await api<{ items: unknown[] }>('GET', '/api/v1/streams/companies/records?where=country:eq:FR&where=employees:gte:400&limit=100');
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(both.items.length);
    await page.getByRole('button', { name: /Remove filter employees/ }).click();
    await expect.poll(() => table.locator('tbody tr').count(), POLL).toBe(24);
    await page.getByRole('button', { name: /^employees/ }).click();
    await expect.poll(() => page.url(), POLL).toContain('sort=employees');
    const first = Number(await table.locator('tbody tr').first().locator('td').nth(4).textContent());
    const last = Number(await table.locator('tbody tr').last().locator('td').nth(4).textContent());
    expect(first).toBeLessThanOrEqual(last);
    await expectAccessible(page, 'explorer');
    await shot(page, '05-explorer-filtered');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    const text = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(text).toHaveLength(25);
    expect(text.slice(1).every((l) => l.includes(',FR,'))).toBe(true);
    // Statistics of one field over the same filtered rows, from the aggregate API.
    await page.getByLabel('Summary field').selectOption('employees');
    const stats = page.getByRole('definition').filter({ hasText: /^24$/ });
    await stats.first().waitFor();
    await page.getByRole('img', { name: 'Most frequent values of employees' }).waitFor();
    await shot(page, '05b-explorer-summary');
    expectNoConsoleErrors(page);
  });

  it('Record detail: fields and a field-by-field change timeline with the run that made each change', async () => {
    writeFileSync(csv, companiesCsv(120, 5));
    await api('POST', '/api/v1/connections/companies-csv/sync', {});
    await expect.poll(async () => (await api<{ items: { status: string }[] }>('GET', '/api/v1/runs?connection=companies-csv&limit=1')).items[0]?.status, { timeout: 60_000, interval: 500 }).toBe('succeeded');
    await page.goto(`${h.url}/data/companies/records/0005`);
    await page.getByRole('heading', { name: '0005' }).waitFor();
    const timeline = page.getByRole('list', { name: /Change timeline/ });
    await timeline.waitFor();
    expect(await timeline.locator(':scope > li').count()).toBe(2);
    expect(await timeline.textContent()).toContain('Renamed Company 5');
    expect(await timeline.getByRole('link', { name: /^run / }).count()).toBe(2);
    await expectAccessible(page, 'record');
    await shot(page, '06-record-timeline');
  });

  it('Changes: the feed lists changes and receives new ones live over server-sent events', async () => {
    await nav('Changes');
    await page.getByRole('table', { name: 'Changes' }).waitFor();
    await page.getByText('live', { exact: true }).waitFor();
    const rows = page.getByRole('table', { name: 'Changes' }).locator('tbody tr');
    const before = await rows.count();
    writeFileSync(csv, companiesCsv(121, 5));
    await api('POST', '/api/v1/connections/companies-csv/sync', {});
    await expect.poll(() => rows.count(), { timeout: 60_000, interval: 500 }).toBe(before + 1);
    expect(await rows.first().textContent()).toContain('0121');
    await expectAccessible(page, 'changes');
    await shot(page, '07-changes-live');
  });

  it('Jobs: run history with totals and a run with its log; the cron editor validates with the scheduler parser', async () => {
    await nav('Jobs');
    const runs = page.getByRole('table', { name: 'Runs' });
    await runs.waitFor();
    expect(await runs.locator('tbody tr').count()).toBe(3);
    // Totals come from the history totals endpoint (every matching run, not this page).
    const totals = await api<{ overall: { total: number; succeeded: number } }>('GET', '/api/v1/runs/history/totals');
    expect(totals.overall.total).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.locator('.stat').filter({ hasText: 'Stream runs matching' }).locator('.stat-value').textContent(), POLL).toBe(String(totals.overall.total));
    await expectAccessible(page, 'jobs');
    await shot(page, '08-jobs');
    await runs.locator('tbody tr').first().getByRole('link').first().click();
    await page.getByRole('log', { name: 'Run log' }).waitFor();
    await shot(page, '09-run');
    await page.goto(`${h.url}/connections/companies-csv?tab=schedule`);
    await page.getByLabel('Cron expression').fill('0 6 * * 1-5');
    await page.getByLabel('Time zone').selectOption('Asia/Jakarta');
    await expect.poll(() => page.getByRole('listitem').filter({ hasText: '06:00 Asia/Jakarta' }).count(), POLL).toBe(5);
    await page.getByLabel('Cron expression').fill('61 * * * *');
    await page.getByText('Not a valid schedule').waitFor();
    await page.getByLabel('Cron expression').fill('30 6 * * *');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await page.getByText('Schedule saved.').waitFor();
    const schedules = await api<{ items: { target: string; cron: string; timezone: string }[] }>('GET', '/api/v1/schedules');
    expect(schedules.items).toContainEqual(expect.objectContaining({ target: 'sync:companies-csv', cron: '30 6 * * *', timezone: 'Asia/Jakarta' }));
    await expectAccessible(page, 'schedule');
    await shot(page, '10-schedule');
    expectNoConsoleErrors(page);
  });

  it('Dashboards and Packs: with no pack installed yet, say what to do next', async () => {
    await nav('Dashboards');
    await page.getByRole('heading', { name: 'No dashboard yet' }).waitFor();
    await expectAccessible(page, 'dashboards');
    await shot(page, '11-dashboards');
    await nav('Packs');
    await page.getByRole('heading', { level: 3 }).first().waitFor();
    await expectAccessible(page, 'packs');
    await shot(page, '12-packs');
  });

  it('Review: both records side by side with the evidence, answered with the keyboard', async () => {
    const db = h.api.app.db;
    for (const [id, name, email] of [['crm:1', 'Ana Ruiz', 'ana@acme.example'], ['hr:7', 'Ana Ruiz-Diaz', 'ana@acme.example']] as const) {
      await db.query(
        `insert into resolution_records (entity_type, record_id, source, source_key, scope, name, emails, phones, attributes, observed_at, hash)
         values ('person', $1, $2, $3, 'acme', $4, array[$5], '{}', '{"title":"Engineer"}'::jsonb, now(), md5($1))`,
        [id, id.split(':')[0], id.split(':')[1], name, email],
      );
    }
    await db.query(
      `insert into resolution_reviews (entity_type, record_a, record_b, score, tier, cause, reasons)
       values ('person', 'crm:1', 'hr:7', 78, 'probable', 'name_similar', '["same email ana@acme.example","names 0.91 similar"]'::jsonb),
              ('person', 'crm:1', 'hr:9', 61, 'possible', 'phone', '["same phone"]'::jsonb)`,
    );
    await nav('Review');
    await page.getByText('same email ana@acme.example').waitFor();
    await page.getByText('Ana Ruiz-Diaz').waitFor();
    await expectAccessible(page, 'review');
    await shot(page, '13-review');
    await page.keyboard.press('j');
    await page.getByText('same phone').waitFor();
    await page.keyboard.press('k');
    await page.getByText('same email ana@acme.example').waitFor();
    await page.keyboard.press('a');
    await page.getByText('Pair #1 approved.').waitFor();
    const items = await api<{ items: { record_b: string; status: string }[] }>('GET', '/api/v1/review/person?status=approved');
    expect(items.items.map((i) => i.record_b)).toEqual(['hr:7']);
    expectNoConsoleErrors(page);
  });

  it('Admin: users, an API token shown once, and the audit log', async () => {
    const admin = await h.signIn('admin');
    const p = admin.page;
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Admin' }).click();
    await p.getByRole('table', { name: 'Users' }).getByText('viewer@example.com').waitFor();
    await expectAccessible(p, 'admin users');
    await shot(p, '14-admin-users');
    await p.getByRole('link', { name: 'API tokens' }).click();
    await p.getByLabel('Token name').fill('export script');
    await p.getByRole('button', { name: 'Create token' }).click();
    await p.getByText('it is shown only once').waitFor();
    const token = await p.getByLabel('Token', { exact: true }).inputValue();
    expect(token).toMatch(/^slu_/);
    const me = await h.api.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(me.statusCode).toBe(200);
    await p.getByRole('table', { name: 'API tokens' }).getByText('export script').waitFor();
    await shot(p, '15-admin-token');
    await p.getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'export script' }).getByRole('button', { name: 'Revoke' }).click();
    await p.getByRole('table', { name: 'API tokens' }).getByRole('row').filter({ hasText: 'export script' }).getByText('revoked').waitFor();
    const revoked = await h.api.server.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { authorization: `Bearer ${token}` } });
    expect(revoked.statusCode).toBe(401);
    // A user added from the form, then deleted (with a confirmation step).
    await p.getByRole('link', { name: 'Users' }).click();
    await p.getByLabel('Email').fill('temp@example.com');
    await p.getByLabel('Initial password').fill('temporary password 1');
    await p.getByRole('button', { name: 'Add user' }).click();
    await p.getByText('temp@example.com can now sign in.').waitFor();
    await p.getByRole('button', { name: 'Delete temp@example.com' }).click();
    await p.getByRole('button', { name: 'Confirm deleting temp@example.com' }).click();
    await expect.poll(() => p.getByRole('table', { name: 'Users' }).getByText('temp@example.com').count(), POLL).toBe(0);
    const users = await api<{ items: { email: string }[] }>('GET', '/api/v1/users');
    expect(users.items.map((u) => u.email)).not.toContain('temp@example.com');
    await p.getByRole('link', { name: 'Audit log' }).click();
    await p.getByRole('table', { name: 'Audit log' }).getByText('records.export').first().waitFor();
    await expectAccessible(p, 'audit');
    await shot(p, '16-admin-audit');
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Health' }).click();
    await p.getByRole('table', { name: 'Components' }).getByText('database').waitFor();
    await expectAccessible(p, 'health');
    await shot(p, '17-health');
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await p.getByRole('table', { name: 'Records per stream' }).getByText('companies').waitFor();
    await shot(p, '18-overview');
    await p.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Destinations' }).click();
    await p.getByRole('heading', { name: 'No destination yet' }).waitFor();
    await expectAccessible(p, 'destinations');
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.getByRole('button', { name: 'Sign in' }).waitFor();
    expectNoConsoleErrors(p);
  }, 180_000);

  it('a viewer never sees an action it may not take', async () => {
    const { page: v } = await h.signIn('viewer');
    const links = await v.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).toContain('Data');
    await v.goto(`${h.url}/connections`);
    await v.getByRole('table', { name: 'Connections' }).waitFor();
    expect(await v.getByRole('link', { name: /^Add a .* connection$/ }).count()).toBe(0);
    await v.getByRole('link', { name: 'companies-csv' }).click();
    await v.getByRole('button', { name: 'Test connection' }).waitFor();
    expect(await v.getByRole('button', { name: 'Sync now' }).count()).toBe(0);
    await v.goto(`${h.url}/connections/companies-csv?tab=schedule`);
    await v.getByText(/Current schedule/).waitFor();
    expect(await v.getByRole('button', { name: 'Save schedule' }).count()).toBe(0);
    await v.goto(`${h.url}/review?type=person&status=approved`);
    await v.getByText('same email ana@acme.example').waitFor();
    expect(await v.getByRole('button', { name: /Approve/ }).count()).toBe(0);
    await v.goto(`${h.url}/admin`);
    await v.getByRole('link', { name: 'API tokens' }).waitFor();
    const tabs = await v.getByRole('navigation', { name: 'Admin sections' }).getByRole('link').allTextContents();
    expect(tabs).toEqual(['API tokens']);
    await v.goto(`${h.url}/jobs?tab=queue`);
    await v.getByRole('heading', { name: 'Jobs' }).waitFor();
    expect(await v.getByRole('button', { name: /Cancel|Retry/ }).count()).toBe(0);
    await shot(v, '19-viewer-admin');
    expectNoConsoleErrors(v);
  });

  it('works on a 390-wide phone screen', async () => {
    const { page: m } = await h.signIn('operator', { width: 390, height: 844 });
    await m.goto(`${h.url}/data/companies`);
    await m.getByRole('table', { name: 'Records of companies' }).waitFor();
    expect(await m.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    await m.getByRole('button', { name: 'Menu' }).click();
    await m.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Jobs' }).click();
    await m.getByRole('heading', { name: 'Jobs' }).waitFor();
    const overflow = await m.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await shot(m, '20-phone-jobs');
    await m.goto(`${h.url}/data/companies`);
    await m.getByRole('table', { name: 'Records of companies' }).waitFor();
    await shot(m, '21-phone-explorer');
    expectNoConsoleErrors(m);
  });
});
