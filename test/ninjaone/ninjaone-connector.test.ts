import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSluiceError } from '../../src/core/errors.js';
import { activitiesState } from '../../src/connectors/ninjaone/ninjaone-activities.js';
import { byKey, diffSnapshots, readAll, records, startNinjaHarness, type NinjaHarness } from './ninjaone-harness.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('ninjaone connector against the sandbox', () => {
  let h: NinjaHarness;
  beforeAll(async () => {
    h = await startNinjaHarness();
  });
  afterAll(async () => h.close());
  beforeEach(() => h.sandbox.reset());

  it('reads organizations, devices (detailed), alerts and a week of activities, sharing one token', async () => {
    const orgs = records(await readAll(h.stream('ninjaone_organizations'), h.ctx()));
    const devices = records(await readAll(h.stream('ninjaone_devices'), h.ctx()));
    const alerts = records(await readAll(h.stream('ninjaone_alerts'), h.ctx()));
    const acts = records(await readAll(h.stream('ninjaone_activities'), h.ctx()));
    expect(orgs.length).toBe(72);
    expect(devices.length).toBe(323);
    expect(alerts.length).toBe(h.sim.estate.alerts().length);
    expect(alerts.length).toBeGreaterThan(0);
    expect(acts.length).toBe(h.sim.estate.activities().length);
    expect(h.tokensIssued()).toBe(1);
    const truth = new Map(h.sim.estate.devices().map((d) => [d.id, d]));
    for (const d of devices) {
      const t = truth.get(d.id as number)!;
      expect(d.lastContact).toMatch(ISO);
      expect(Date.parse(String(d.lastContact))).toBe(Math.round(t.lastContact * 1000));
      expect(d.organizationName).toBe(h.sim.estate.organizations.find((o) => o.id === t.organizationId)!.name);
    }
    expect(alerts[0]!.createTime).toMatch(ISO);
    expect(acts[0]!.activityTime).toMatch(ISO);
  });

  it('pages devices and organizations with page size 1 and activities with page size 10', async () => {
    const devices = records(await readAll(h.stream('ninjaone_devices'), h.ctx(h.config({ page_size: 1 }))));
    expect(devices.length).toBe(323);
    expect(new Set(devices.map((d) => d.id)).size).toBe(323);
    // One request per device, then the empty page that ends the list.
    expect(h.requests('GET /v2/devices-detailed')).toBe(324);
    const acts = records(await readAll(h.stream('ninjaone_activities'), h.ctx(h.config({ activities_page_size: 10 }))));
    expect(acts.length).toBe(h.sim.estate.activities().length);
    expect(new Set(acts.map((a) => a.id)).size).toBe(acts.length);
  });

  it('after clock steps, devices and alerts change exactly as the simulator changed them (a cleared alert is gone)', async () => {
    const devBefore = byKey(records(await readAll(h.stream('ninjaone_devices'), h.ctx())), 'id');
    const alBefore = byKey(records(await readAll(h.stream('ninjaone_alerts'), h.ctx())), 'uid');
    const step = h.sandbox.clock.step;
    h.sandbox.clock.advance({ steps: 2 });
    const devAfter = byKey(records(await readAll(h.stream('ninjaone_devices'), h.ctx())), 'id');
    const alAfter = byKey(records(await readAll(h.stream('ninjaone_alerts'), h.ctx())), 'uid');
    const changes = h.sim.estate.changes(step);
    const ids = (entity: string, kind: string, present: Map<string, unknown>) =>
      [...new Set(changes.filter((c) => c.entity === entity && c.kind === kind).map((c) => c.id))].filter((id) => present.has(id)).sort();
    const dd = diffSnapshots(devBefore, devAfter);
    expect(dd.created).toEqual(ids('device', 'created', devAfter).filter((id) => !devBefore.has(id)));
    expect(dd.removed).toEqual(ids('device', 'removed', devBefore).filter((id) => !devAfter.has(id)));
    expect(dd.updated).toEqual(ids('device', 'updated', devAfter).filter((id) => devBefore.has(id)));
    const ad = diffSnapshots(alBefore, alAfter);
    expect(ad.created).toEqual(ids('alert', 'created', alAfter).filter((id) => !alBefore.has(id)));
    expect(ad.removed).toEqual(ids('alert', 'removed', alBefore).filter((id) => !alAfter.has(id)));
    expect(ad.updated).toEqual(ids('alert', 'updated', alAfter).filter((id) => alBefore.has(id)));
    expect(ad.created.length + ad.removed.length).toBeGreaterThan(0);
  });

  it('reads activities incrementally: newerThan the stored max id, no duplicates, nothing skipped', async () => {
    const stream = h.stream('ninjaone_activities');
    const config = h.config({ activities_page_size: 10 });
    const first = records(await readAll(stream, h.ctx(config)));
    const state = first.reduce<unknown>((s, r) => stream.nextState!(s, r), undefined);
    const maxId = Math.max(...first.map((a) => a.id as number));
    expect(activitiesState(state)).toEqual({ maxId });
    h.sandbox.clock.advance({ steps: 3 });
    const second = records(await readAll(stream, h.ctx(config, { state })));
    const expected = h.sim.estate.activities().filter((a) => a.body.id > maxId).map((a) => a.body.id);
    expect(second.map((a) => a.id)).toEqual(expected);
    expect(second.length).toBeGreaterThan(10);
    const again = records(await readAll(stream, h.ctx(config, { state: second.reduce<unknown>((s, r) => stream.nextState!(s, r), state) })));
    expect(again).toEqual([]);
  });

  it('retries a 429 with Retry-After 0 and a 503, then completes', async () => {
    h.sandbox.faults.set([
      { prefix: 'ninjaone', kind: 'rate_limit', path: '/v2/alerts', retryAfter: 0, count: 1 },
      { prefix: 'ninjaone', kind: 'error', status: 503, path: '/v2/alerts', count: 1 },
    ]);
    const alerts = records(await readAll(h.stream('ninjaone_alerts'), h.ctx()));
    expect(alerts.length).toBe(h.sim.estate.alerts().length);
    expect(h.sandbox.faults.list()).toEqual([]);
  });

  it('fails with auth_failed after one renewal when the API keeps refusing (401)', async () => {
    h.sandbox.faults.set({ prefix: 'ninjaone', kind: 'unauthorized', path: '/v2/organizations' });
    const issued = h.tokensIssued();
    const err = await readAll(h.stream('ninjaone_organizations'), h.ctx()).catch((e: unknown) => e);
    h.sandbox.faults.clear();
    expect(isSluiceError(err) && err.code).toBe('auth_failed');
    expect(h.sandbox.stats().ninjaone!.faults).toMatchObject({ unauthorized: 2 });
    expect(h.tokensIssued() - issued).toBe(1);
  });

  it('fails with auth_failed and a precise reason when the secret is wrong', async () => {
    const err = await readAll(h.stream('ninjaone_alerts'), h.ctx(h.config({ client_secret: 'wrong' }))).catch((e: unknown) => e);
    expect(isSluiceError(err) && err.code).toBe('auth_failed');
    expect((err as Error).message).toMatch(/rejected the client id or secret \(invalid_client/);
  });
});

describe('ninjaone token renewal mid-sync (short token lifetime)', () => {
  let h: NinjaHarness;
  beforeAll(async () => {
    h = await startNinjaHarness({ tokenTtlSeconds: 60 });
  });
  afterAll(async () => h.close());

  it('renews before expiry when the clock nears it (no 401 seen)', async () => {
    const it = h.stream('ninjaone_devices').read(h.ctx(h.config({ page_size: 50 })))[Symbol.asyncIterator]();
    let n = 0;
    const issued = h.tokensIssued();
    for (let r = await it.next(); !r.done; r = await it.next()) {
      n += 1;
      // Between pages, the sandbox clock moves 55 s: the 60 s token is within its renewal margin.
      if (n % 50 === 0) h.sandbox.clock.advance({ seconds: 55 });
    }
    expect(n).toBe(323);
    expect(h.tokensIssued() - issued).toBeGreaterThanOrEqual(6);
    expect(h.sandbox.stats().ninjaone!.byStatus['401'] ?? 0).toBe(0);
  });

  it('renews once on a 401 mid-sync (token revoked) and completes', async () => {
    h.sandbox.reset();
    const it = h.stream('ninjaone_devices').read(h.ctx(h.config({ page_size: 100 })))[Symbol.asyncIterator]();
    let n = 0;
    const issued = h.tokensIssued();
    for (let r = await it.next(); !r.done; r = await it.next()) {
      n += 1;
      if (n === 100) h.sim.tokens.revokeAll();
    }
    expect(n).toBe(323);
    expect(h.sandbox.stats().ninjaone!.byStatus['401']).toBe(1);
    expect(h.tokensIssued() - issued).toBeLessThanOrEqual(2);
  });
});
