import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NinjaEstate } from '../../src/sandbox/ninjaone/ninja-estate.js';
import { startNinjaHarness, type NinjaHarness } from './ninjaone-harness.js';

type Row = Record<string, unknown>;

async function form(h: NinjaHarness, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.baseUrl}/ws/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, body: (await res.json()) as Row };
}

describe('NinjaOne simulator', () => {
  let h: NinjaHarness;
  let token: string;
  beforeAll(async () => {
    h = await startNinjaHarness();
    token = await h.token();
  });
  afterAll(async () => h.close());

  it('issues client-credentials tokens (post or basic) with a 3600 s expiry, and refuses bad clients and scopes', async () => {
    const ok = await form(h, { grant_type: 'client_credentials', ...h.creds, scope: 'monitoring management' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'monitoring management' });
    const basic = Buffer.from(`${h.creds.client_id}:${h.creds.client_secret}`).toString('base64');
    expect((await form(h, { grant_type: 'client_credentials', scope: 'monitoring' }, { authorization: `Basic ${basic}` })).status).toBe(200);
    const bad = await form(h, { grant_type: 'client_credentials', client_id: h.creds.client_id, client_secret: 'wrong' });
    expect(bad).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    const scope = await form(h, { grant_type: 'client_credentials', ...h.creds, scope: 'monitoring offline_access' });
    expect(scope).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    const grant = await form(h, { grant_type: 'password', ...h.creds });
    expect(grant).toMatchObject({ status: 400, body: { error: 'unsupported_grant_type' } });
    expect((await fetch(`${h.baseUrl}/oauth/token`, { method: 'POST' })).status).toBe(405);
  });

  it('requires a valid bearer token with the monitoring scope', async () => {
    expect((await h.get('/v2/organizations')).status).toBe(401);
    expect((await h.get('/v2/organizations', 'made-up')).status).toBe(401);
    expect((await h.get('/v2/organizations', await h.token('management'))).status).toBe(403);
    expect((await h.get('/v2/organizations', token)).status).toBe(200);
    expect((await h.get('/api/v2/organizations', token)).status).toBe(200);
  });

  it('expires tokens on the sandbox clock', async () => {
    const t = await h.token();
    h.sandbox.clock.advance({ seconds: 3601 });
    expect((await h.get('/v2/alerts', t)).status).toBe(401);
    token = await h.token();
  });

  it('serves 323 devices by default, paged with after = last id', async () => {
    const all = (await h.get('/v2/devices', token)).body as Row[];
    expect(all.length).toBe(323);
    const ids = all.map((d) => d.id as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);
    const page = (await h.get(`/v2/devices-detailed?pageSize=2&after=${ids[4]}`, token)).body as Row[];
    expect(page.map((d) => d.id)).toEqual([ids[5], ids[6]]);
    expect(page[0]).toHaveProperty('references.organization.name');
    expect(all[0]).not.toHaveProperty('references');
    const last = (await h.get(`/v2/devices?pageSize=10&after=${ids.at(-1)}`, token)).body;
    expect(last).toEqual([]);
    expect(typeof all[0]!.created).toBe('number');
    expect(String(all[0]!.created)).toMatch(/^\d{10}(\.\d{1,3})?$/);
  });

  it('filters devices with df and rejects a filter it cannot parse', async () => {
    const org = (await h.get('/v2/devices?df=org%20%3D%201', token)).body as Row[];
    expect(org.every((d) => d.organizationId === 1)).toBe(true);
    const offline = (await h.get('/v2/devices?df=offline', token)).body as Row[];
    expect(offline.every((d) => d.offline === true)).toBe(true);
    expect((await h.get('/v2/devices?df=weird%20~%20x', token)).status).toBe(400);
  });

  it('lists organizations with pageSize / after', async () => {
    const first = (await h.get('/v2/organizations?pageSize=1', token)).body as Row[];
    expect(first.length).toBe(1);
    const next = (await h.get(`/v2/organizations?pageSize=1&after=${String(first[0]!.id)}`, token)).body as Row[];
    expect(next[0]!.id).not.toBe(first[0]!.id);
    expect(Object.keys(first[0]!).sort()).toEqual(['description', 'fields', 'id', 'name', 'nodeApprovalMode', 'tags', 'userData']);
  });

  it('lists activities newest first with lastActivityId, newerThan / olderThan windows and 10–1000 page sizes', async () => {
    const page = (await h.get('/v2/activities?pageSize=10', token)).body as { lastActivityId: number; activities: Row[] };
    const ids = page.activities.map((a) => a.id as number);
    expect(ids.length).toBe(10);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    expect(page.lastActivityId).toBe(ids.at(-1));
    const older = (await h.get(`/v2/activities?pageSize=10&olderThan=${page.lastActivityId}`, token)).body as { activities: Row[] };
    expect((older.activities[0]!.id as number) < page.lastActivityId).toBe(true);
    const newer = (await h.get(`/v2/activities?pageSize=10&newerThan=${ids[3]}`, token)).body as { activities: Row[] };
    expect(newer.activities.map((a) => a.id)).toEqual(ids.slice(0, 3));
    expect((await h.get('/v2/activities?pageSize=5', token)).status).toBe(400);
    expect((await h.get('/v2/activities?pageSize=1001', token)).status).toBe(400);
    expect((await h.get('/v2/activities?newerThan=abc', token)).status).toBe(400);
  });

  it('opens and clears alerts as the clock steps, each with a TRIGGERED / RESET activity sharing the seriesUid', async () => {
    const beforeRows = new Map(((await h.get('/v2/alerts', token)).body as Row[]).map((a) => [a.uid as string, a]));
    const before = new Set(beforeRows.keys());
    const step = h.sandbox.clock.step;
    const maxActivity = ((await h.get('/v2/activities?pageSize=10', token)).body as { activities: Row[] }).activities[0]!.id as number;
    h.sandbox.clock.advance({ steps: 2 });
    token = await h.token();
    const after = ((await h.get('/v2/alerts', token)).body as Row[]);
    const afterUids = new Set(after.map((a) => a.uid as string));
    const changes = h.sim.estate.changes(step).filter((c) => c.entity === 'alert');
    const opened = [...afterUids].filter((u) => !before.has(u));
    const cleared = [...before].filter((u) => !afterUids.has(u));
    expect(opened.length + cleared.length).toBeGreaterThan(0);
    for (const u of opened) expect(changes.some((c) => c.id === u && c.kind === 'created')).toBe(true);
    for (const u of cleared) expect(changes.some((c) => c.id === u && c.kind === 'removed')).toBe(true);
    const acts = ((await h.get(`/v2/activities?pageSize=1000&newerThan=${maxActivity}`, token)).body as { activities: Row[] }).activities;
    for (const u of opened) expect(acts.some((a) => a.seriesUid === u && a.statusCode === 'TRIGGERED')).toBe(true);
    const retired = new Set(h.sim.estate.changes(step).filter((c) => c.entity === 'device' && c.kind === 'removed').map((c) => c.id));
    for (const u of cleared) {
      // A cleared condition logs a RESET; the alerts of a retired device simply go.
      const reset = acts.some((a) => a.seriesUid === u && a.statusCode === 'RESET');
      expect(reset || retired.has(String(beforeRows.get(u)!.deviceId))).toBe(true);
    }
    const alert = after[0]!;
    expect(alert).toHaveProperty('device.id', alert.deviceId);
    expect(alert).not.toHaveProperty('severity');
  });

  it('is deterministic for a seed', () => {
    const a = new NinjaEstate(9, { devices: 40, organizations: 8 }, 1_790_000_000_000);
    const b = new NinjaEstate(9, { devices: 40, organizations: 8 }, 1_790_000_000_000);
    a.advanceTo(5, new Date(1_790_018_000_000));
    b.advanceTo(5, new Date(1_790_018_000_000));
    expect(JSON.stringify(a.devices())).toBe(JSON.stringify(b.devices()));
    expect(JSON.stringify(a.alerts())).toBe(JSON.stringify(b.alerts()));
  });
});

describe('NinjaOne token lifetime setting', () => {
  it('can be shortened by option and by the admin route', async () => {
    const h = await startNinjaHarness({ devices: 10, organizations: 3, tokenTtlSeconds: 30 });
    try {
      const first = await form(h, { grant_type: 'client_credentials', ...h.creds });
      expect(first.body.expires_in).toBe(30);
      const put = await fetch(`${h.baseUrl}/_admin/token-ttl`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seconds: 5 }) });
      expect(put.status).toBe(200);
      const second = await form(h, { grant_type: 'client_credentials', ...h.creds });
      expect(second.body.expires_in).toBe(5);
    } finally {
      await h.close();
    }
  });
});
