import { afterAll, beforeAll, expect, it } from 'vitest';
import { installPack } from '../../src/packs/install-pack.js';
import { runPack } from '../../src/packs/run-pack.js';
import { createNinjaOneSimulator, type NinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { NotionSimulator } from '../../src/sandbox/notion/notion.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUnifiSimulator } from '../../src/sandbox/unifi/unifi.simulator.js';
import { bearer, startHarness, type Harness } from '../api/api-harness.js';
import { describeEachDatabase } from '../support/databases.js';

type Row = Record<string, unknown>;

describeEachDatabase('msp-dashboards customer decisions (API)', (kind) => {
  let h: Harness;
  let sandbox: Sandbox;
  let notion: NotionSimulator;
  let ninja: NinjaOneSimulator;
  const now = () => sandbox.clock.now();
  beforeAll(async () => {
    notion = new NotionSimulator({ rateLimit: false, humanEditsPerStep: 0 });
    // 10 sites, 6 organizations: the last sites have no organization of their own name.
    sandbox = await createSandbox({ seed: 7, simulators: [createUnifiSimulator({ sites: 10, devices: 30 }), (ninja = createNinjaOneSimulator({ devices: 20, organizations: 6 })), notion] });
    await sandbox.listen(0);
    h = await startHarness(kind);
    const base = sandbox.url('notion').replace(/\/notion$/, '');
    expect((await installPack(h.app, 'msp-dashboards', { sandbox: { url: base, credentials: sandbox.credentials() } })).status).toBe('installed');
    const run = await runPack(h.app, 'msp-dashboards', { now });
    expect(run.steps.filter((s) => s.status !== 'succeeded').map((s) => `${s.name}: ${s.error}`)).toEqual([]);
  });
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });

  const rows = async (view: string, where = 'true') => (await h.app.db.query<Row>(`select to_jsonb(v) as r from data.${view} v where ${where}`)).rows.map((x) => x.r as Row);
  const call = (method: 'PUT' | 'DELETE' | 'GET', path: string, body?: unknown, token = h.tokens.operator) =>
    h.server.inject({
      method, url: `/api/v1/packs/msp-dashboards/customers${path}`, headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const code = (r: { json: <T>() => T }) => r.json<{ error: { code: string } }>().error.code;
  const deploymentPage = (siteId: string) => {
    const ds = [...notion.store.dataSources.values()].find((d) => d.title === 'Customer Status')!;
    const page = [...notion.store.pages.values()].find((p) => p.dataSourceId === ds.id && notion.store.plainProperties(p.id)['Customer ID'] === siteId)!;
    return notion.store.plainProperties(page.id)['Deployment Status'];
  };

  it('refuses bad input with stable codes and stores nothing', async () => {
    const [site] = await rows('msp_customer_links', 'organization_id is null');
    expect(site).toBeDefined();
    const siteId = String(site!.site_id);
    expect(code(await call('PUT', '/no-such-site/organization', { organization: 1 }))).toBe('site_unknown');
    expect((await call('PUT', '/no-such-site/organization', { organization: 1 })).statusCode).toBe(404);
    const unknownOrg = await call('PUT', `/${siteId}/organization`, { organization: 999_999 });
    expect([unknownOrg.statusCode, code(unknownOrg)]).toEqual([422, 'organization_unknown']);
    expect(code(await call('PUT', `/${siteId}/organization`, { organization: 'Nobody Incorporated Ltd' }))).toBe('organization_unknown');
    const bad = await call('PUT', `/${siteId}/organization`, { org: 1 });
    expect([bad.statusCode, code(bad)]).toEqual([400, 'validation_failed']);
    const badStatus = await call('PUT', `/${siteId}/deployment`, { status: 'paused' });
    expect([badStatus.statusCode, code(badStatus)]).toEqual([400, 'validation_failed']);
    expect((await call('PUT', `/${siteId}/organization`, { organization: 1 }, h.tokens.viewer)).statusCode).toBe(403);
    expect((await h.app.db.query<{ n: number }>('select count(*)::int as n from msp_customer_decisions')).rows[0]!.n).toBe(0);
  });

  it('a person\'s mapping (by name or id, or to none) wins over matching at the next run, and can be forgotten', async () => {
    const before = await rows('msp_customer_links');
    const unlinked = before.find((l) => l.organization_id === null)!;
    const linked = before.find((l) => l.organization_id !== null && l.match_method === 'exact')!;
    const [org] = await rows('ninjaone_organizations', `id <> ${Number(linked.organization_id)}`);
    // By exact name (any case) for the site without an organization, to none for a matched one.
    const mapped = await call('PUT', `/${String(unlinked.site_id)}/organization`, { organization: String(org!.name).toUpperCase() });
    expect(mapped.statusCode, mapped.body).toBe(200);
    expect(mapped.json<{ decision: Row }>().decision).toMatchObject({ site_id: unlinked.site_id, manual_org: true, organization_id: org!.id });
    expect((await call('PUT', `/${String(linked.site_id)}/organization`, { organization: null })).statusCode).toBe(200);
    await runPack(h.app, 'msp-dashboards', { now });
    const after = new Map((await rows('msp_customer_links')).map((l) => [l.site_id, l]));
    expect(after.get(unlinked.site_id)).toMatchObject({ organization_id: org!.id, match_method: 'manual', match_status: 'linked' });
    expect(after.get(linked.site_id)).toMatchObject({ organization_id: null, match_method: 'manual', match_status: 'unmatched' });
    const status = new Map((await rows('msp_customer_status')).map((c) => [c.customer_id, c]));
    expect(status.get(unlinked.site_id)).toMatchObject({ stack_type: 'UniFi + NinjaOne' });
    expect(status.get(linked.site_id)).toMatchObject({ stack_type: 'UniFi' });
    const list = await call('GET', '', undefined, h.tokens.viewer);
    expect(list.json<{ items: Row[] }>().items.find((c) => c.site_id === linked.site_id)).toMatchObject({ manual_org: true, organization_id: null, match_method: 'manual' });
    // Forgotten: matching decides again.
    const cleared = await call('DELETE', `/${String(linked.site_id)}/organization`);
    expect(cleared.json<{ decision: Row | null }>().decision).toBeNull();
    await runPack(h.app, 'msp-dashboards', { now });
    expect((await rows('msp_customer_links', `site_id = '${String(linked.site_id)}'`))[0]).toMatchObject({ organization_id: linked.organization_id, match_method: 'exact' });
    const audit = await h.app.db.query<{ action: string }>("select action from audit_log where action like 'msp.customer.%' order by id");
    expect(audit.rows.map((a) => a.action)).toEqual(['msp.customer.mapped', 'msp.customer.mapped', 'msp.customer.unmapped']);
  });

  it('onboarding / offboarding set by a person wins over the health band, in the model and in Notion, until cleared', async () => {
    const [a, b] = await rows('msp_customer_status');
    expect((await call('PUT', `/${String(a!.customer_id)}/deployment`, { status: 'onboarding' })).statusCode).toBe(200);
    // By the site's description, as a person would name it.
    const r = await call('PUT', `/${encodeURIComponent(String(b!.site_name))}/deployment`, { status: 'offboarding' });
    expect(r.json<{ decision: Row }>().decision).toMatchObject({ site_id: b!.customer_id, deployment_override: 'offboarding', manual_org: false });
    await runPack(h.app, 'msp-dashboards', { now });
    const status = new Map((await rows('msp_customer_status')).map((c) => [c.customer_id, c]));
    expect(status.get(a!.customer_id)?.deployment_status).toBe('onboarding');
    expect(status.get(b!.customer_id)?.deployment_status).toBe('offboarding');
    expect(deploymentPage(String(a!.customer_id))).toBe('onboarding');
    expect(deploymentPage(String(b!.customer_id))).toBe('offboarding');
    expect((await call('PUT', `/${String(a!.customer_id)}/deployment`, { status: null })).json<{ decision: Row | null }>().decision).toBeNull();
    await runPack(h.app, 'msp-dashboards', { now });
    const band = (await rows('msp_customer_status', `customer_id = '${String(a!.customer_id)}'`))[0]!;
    expect(band.deployment_status).toBe({ healthy: 'active', warning: 'maintenance', critical: 'needs attention' }[String(band.band)]);
    expect(deploymentPage(String(a!.customer_id))).toBe(band.deployment_status);
  });

  it('onboarding / offboarding set by a person in Notion wins, is never overwritten, and hands back to the band when changed there', async () => {
    const decided = new Set((await h.app.db.query<{ site_id: string }>('select site_id from msp_customer_decisions')).rows.map((r) => r.site_id));
    const site = (await rows('msp_customer_status')).find((c) => !decided.has(String(c.customer_id)))!;
    const siteId = String(site.customer_id);
    const ds = [...notion.store.dataSources.values()].find((d) => d.title === 'Customer Status')!;
    const page = [...notion.store.pages.values()].find((p) => p.dataSourceId === ds.id && notion.store.plainProperties(p.id)['Customer ID'] === siteId)!;
    const statusOf = async () => (await rows('msp_customer_status', `customer_id = '${siteId}'`))[0]!.deployment_status;
    const bandStatus = { healthy: 'active', warning: 'maintenance', critical: 'needs attention' }[String(site.band)];
    // Through Sluice first: offboarding, in the model and in Notion.
    expect((await call('PUT', `/${siteId}/deployment`, { status: 'offboarding' })).statusCode).toBe(200);
    await runPack(h.app, 'msp-dashboards', { now });
    expect(deploymentPage(siteId)).toBe('offboarding');
    // A person sets onboarding in Notion while the Sluice override is cleared: this cycle's model (computed before the
    // edit is pulled) says the band's status, yet the page a person holds is not written.
    notion.editAsPerson(page.id, { 'Deployment Status': { select: { name: 'onboarding' } } });
    expect((await call('PUT', `/${siteId}/deployment`, { status: null })).statusCode).toBe(200);
    await runPack(h.app, 'msp-dashboards', { now });
    expect(await statusOf()).toBe(bandStatus);
    expect(deploymentPage(siteId)).toBe('onboarding');
    expect(notion.store.pages.get(page.id)?.lastEditedBy).not.toBe(ds.createdBy);
    // From the next cycle the model says what the person set, and Notion keeps it.
    await runPack(h.app, 'msp-dashboards', { now });
    expect(await statusOf()).toBe('onboarding');
    expect(deploymentPage(siteId)).toBe('onboarding');
    const ann = await h.app.db.query<{ n: number }>(
      "select count(*)::int as n from changes c join streams s on s.id = c.stream_id where s.name = 'msp_customer_status' and c.key = $1 and c.kind = 'annotated'",
      [siteId],
    );
    expect(ann.rows[0]!.n).toBeGreaterThan(0);
    // A person setting another value in Notion hands Deployment Status back to the health band.
    notion.editAsPerson(page.id, { 'Deployment Status': { select: { name: 'active' } } });
    await runPack(h.app, 'msp-dashboards', { now });
    await runPack(h.app, 'msp-dashboards', { now });
    expect(await statusOf()).toBe(bandStatus);
    expect(deploymentPage(siteId)).toBe(bandStatus);
  });

  it('an ambiguous site goes to the platform review queue; the reviewer\'s decision binds later runs', async () => {
    const decided = new Set((await h.app.db.query<{ site_id: string }>('select site_id from msp_customer_decisions')).rows.map((r) => r.site_id));
    const site = (await rows('msp_customer_links', "match_method = 'exact'")).find((l) => !decided.has(String(l.site_id)))!;
    const original = ninja.estate.organizations.find((o) => o.id === site.organization_id)!;
    // A second organization of the very same name appears upstream: the site matches both equally.
    ninja.estate.organizations.push({ ...original, id: 9001, description: 'Austin, TX' });
    await runPack(h.app, 'msp-dashboards', { now });
    const inReview = (await rows('msp_customer_links', `site_id = '${String(site.site_id)}'`))[0]!;
    expect(inReview).toMatchObject({ organization_id: null, match_status: 'review' });
    expect((inReview.candidates as Row[]).map((c) => c.id).sort()).toEqual([original.id, 9001].sort());
    const queue = await h.server.inject({ url: '/api/v1/review/msp_customer', headers: bearer(h.tokens.viewer) });
    const item = queue.json<{ items: Row[] }>().items.find((i) => [i.record_a, i.record_b].includes(`unifi_sites:${String(site.site_id)}`))!;
    expect(item).toMatchObject({ entity_type: 'msp_customer', status: 'open', cause: 'guard' });
    const detail = await h.server.inject({ url: `/api/v1/review-items/${Number(item.id)}/detail`, headers: bearer(h.tokens.viewer) });
    expect(detail.json<{ records: (Row | null)[] }>().records.every((r) => r !== null)).toBe(true);
    // The reviewer says the site belongs to the organization of the queued pair.
    const chosen = Number(String([item.record_a, item.record_b].find((r) => String(r).startsWith('ninjaone_organizations:'))).split(':')[1]);
    const d = await h.server.inject({
      method: 'POST', url: `/api/v1/review-items/${Number(item.id)}/decide`, headers: { ...bearer(h.tokens.admin), 'content-type': 'application/json' },
      payload: JSON.stringify({ verdict: 'approve' }),
    });
    expect(d.statusCode, d.body).toBe(200);
    for (let i = 0; i < 2; i++) {
      await runPack(h.app, 'msp-dashboards', { now });
      expect((await rows('msp_customer_links', `site_id = '${String(site.site_id)}'`))[0]).toMatchObject({ organization_id: chosen, match_method: 'review', match_status: 'linked' });
      const open = await h.app.db.query<Row>(
        "select id, record_a, record_b, cause, status from resolution_reviews where entity_type = 'msp_customer' and status = 'open' and $1 in (record_a, record_b)",
        [`unifi_sites:${String(site.site_id)}`],
      );
      // The approval answered the other organization of that name too: nothing about the site is asked again.
      expect(open.rows).toEqual([]);
    }
    // A person's mapping still wins over the reviewer's decision.
    const other = chosen === 9001 ? original.id : 9001;
    expect((await call('PUT', `/${String(site.site_id)}/organization`, { organization: other })).statusCode).toBe(200);
    await runPack(h.app, 'msp-dashboards', { now });
    expect((await rows('msp_customer_links', `site_id = '${String(site.site_id)}'`))[0]).toMatchObject({ organization_id: other, match_method: 'manual' });
  });
});
