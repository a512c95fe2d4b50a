import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSluiceError } from '../../src/core/errors.js';
import { createHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { unifiSiteManagerConnector } from '../../src/connectors/unifi-site-manager/unifi-site-manager.connector.js';
import { byKey, diffSnapshots, readAll, records, silent, startUnifiHarness, type UnifiHarness } from './unifi-harness.js';

describe('unifi-site-manager connector against the sandbox', () => {
  let h: UnifiHarness;
  beforeAll(async () => {
    h = await startUnifiHarness();
  });
  afterAll(async () => h.close());
  beforeEach(() => h.sandbox.reset());

  it('reads every host, site and device (following every nextToken) with host and site ids', async () => {
    const hosts = records(await readAll(h.stream('unifi_hosts'), h.ctx()));
    const sites = records(await readAll(h.stream('unifi_sites'), h.ctx()));
    const devices = records(await readAll(h.stream('unifi_devices'), h.ctx()));
    expect(hosts.length).toBe(h.sim.fleet.hosts().length);
    expect(sites.length).toBe(98);
    expect(devices.length).toBe(496);
    expect(new Set(devices.map((d) => d.id)).size).toBe(496);
    // Default page size 100 → 93 hosts fit one page; devices are paged by host group.
    expect(h.requests('GET /v1/devices')).toBeGreaterThanOrEqual(1);
    const sim = new Map(h.sim.fleet.devices().map((d) => [d.body.id, d]));
    let placed = 0;
    for (const d of devices) {
      const truth = sim.get(String(d.id))!;
      expect(d.hostId).toBe(truth.hostId);
      // Site ids are exact where they can be known; devices of multi-site servers stay null rather than guessed.
      if (d.siteId !== null) {
        expect(d.siteId).toBe(truth.siteId);
        placed += 1;
      }
    }
    expect(placed).toBeGreaterThan(400);
    const offline = devices.find((d) => d.status === 'offline');
    expect(offline?.startupTime).toBeNull();
    const site = sites[0]!;
    expect(typeof site.totalDevice).toBe('number');
    expect(typeof site.desc).toBe('string');
  });

  it('reads the same data with page size 1 (one request per item)', async () => {
    const config = h.config({ page_size: 1 });
    const sites = records(await readAll(h.stream('unifi_sites'), h.ctx(config)));
    expect(sites.length).toBe(98);
    expect(h.requests('GET /v1/sites')).toBe(98);
    const hosts = records(await readAll(h.stream('unifi_hosts'), h.ctx(config)));
    expect(hosts.length).toBe(h.sim.fleet.hosts().length);
  });

  it('after a clock step, a second read shows exactly the changes the simulator made', async () => {
    const before = byKey(records(await readAll(h.stream('unifi_devices'), h.ctx())), 'id');
    const step = h.sandbox.clock.step;
    h.sandbox.clock.advance({ steps: 3 });
    const after = byKey(records(await readAll(h.stream('unifi_devices'), h.ctx())), 'id');
    const diff = diffSnapshots(before, after);
    const changes = h.sim.fleet.changes(step).filter((c) => c.entity === 'device');
    const created = changes.filter((c) => c.kind === 'created').map((c) => c.id);
    const removed = changes.filter((c) => c.kind === 'removed').map((c) => c.id);
    // Net field changes: first `from` against last `to` per device and field.
    const net = new Map<string, { from: unknown; to: unknown }>();
    for (const c of changes.filter((x) => x.kind === 'updated')) {
      const k = `${c.id}|${c.field}`;
      net.set(k, { from: net.get(k)?.from ?? c.from, to: c.to });
    }
    const updated = new Set([...net].filter(([, v]) => v.from !== v.to).map(([k]) => k.split('|')[0]!));
    const expectedCreated = created.filter((id) => !removed.includes(id)).sort();
    const expectedRemoved = removed.filter((id) => before.has(id)).sort();
    const expectedUpdated = [...updated].filter((id) => before.has(id) && after.has(id)).sort();
    expect(diff.created).toEqual(expectedCreated);
    expect(diff.removed).toEqual(expectedRemoved);
    expect(diff.updated).toEqual(expectedUpdated);
    expect(diff.updated.length).toBeGreaterThan(0);
    for (const id of expectedUpdated) {
      const truth = h.sim.fleet.devices().find((d) => d.body.id === id)!.body;
      const got = after.get(id)!;
      expect(got.status).toBe(truth.status);
      expect(got.version).toBe(truth.version);
      expect(got.updateAvailable).toBe(truth.updateAvailable);
    }
  });

  it('retries a 429 with Retry-After 0 and a 5xx, then completes', async () => {
    h.sandbox.faults.set([
      { prefix: 'unifi', kind: 'rate_limit', path: '/v1/sites', retryAfter: 0, count: 1 },
      { prefix: 'unifi', kind: 'error', status: 502, path: '/v1/sites', count: 1 },
    ]);
    const sites = records(await readAll(h.stream('unifi_sites'), h.ctx()));
    expect(sites.length).toBe(98);
    expect(h.sandbox.faults.list()).toEqual([]);
    expect(h.requests('GET /v1/sites')).toBe(1);
  });

  it('retries a timed-out request and a reset connection, then completes', async () => {
    const http = createHttpClientFactory({
      config: { timeoutMs: 300, retries: 2, breakerFailures: 1_000, breakerHalfOpenMs: 1_000, breakerSuccesses: 1 },
      logger: silent,
      backoff: { initialDelayMs: 5, maxDelayMs: 20 },
    });
    try {
      h.sandbox.faults.set([
        { prefix: 'unifi', kind: 'delay', delayMs: 1_500, path: '/v1/hosts', count: 1 },
        { prefix: 'unifi', kind: 'reset', path: '/v1/hosts', count: 1 },
      ]);
      const hosts = records(await readAll(h.stream('unifi_hosts'), { ...h.ctx(), http }));
      expect(hosts.length).toBe(h.sim.fleet.hosts().length);
      expect(h.sandbox.faults.list()).toEqual([]);
    } finally {
      await http.close();
    }
  });

  it('fails fast with auth_failed on 401 (no retries)', async () => {
    const config = h.config({ api_key: 'revoked-key' });
    const err = await readAll(h.stream('unifi_hosts'), h.ctx(config)).catch((e: unknown) => e);
    expect(isSluiceError(err) && err.code).toBe('auth_failed');
    expect(h.requests('GET /v1/hosts')).toBe(1);
  });

  it('turns a malformed body into malformed_response instead of partial data', async () => {
    h.sandbox.faults.set({ prefix: 'unifi', kind: 'malformed_json', path: '/v1/hosts', count: 1 });
    const err = await readAll(h.stream('unifi_hosts'), h.ctx()).catch((e: unknown) => e);
    expect(isSluiceError(err) && err.code).toBe('malformed_response');
  });
});

describe('unifi-site-manager check()', () => {
  let h: UnifiHarness;
  beforeAll(async () => {
    h = await startUnifiHarness({ sites: 5, devices: 20 });
  });
  afterAll(async () => h.close());

  it('accepts a good key', async () => {
    const r = await unifiSiteManagerConnector.check(h.config(), h.connectorCtx());
    expect(r).toMatchObject({ ok: true });
    expect(r.message).toMatch(/API key accepted/);
  });

  it('names a rejected key', async () => {
    const r = await unifiSiteManagerConnector.check(h.config({ api_key: 'nope' }), h.connectorCtx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/API key was rejected .*401/);
  });

  it('names a wrong host (no Site Manager API there)', async () => {
    const base = h.baseUrl.replace(/\/unifi$/, '/elsewhere');
    const r = await unifiSiteManagerConnector.check(h.config({ base_url: base }), h.connectorCtx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/has no Site Manager API .*404.*https:\/\/api\.ui\.com/);
  });

  it('names an unreachable host', async () => {
    const r = await unifiSiteManagerConnector.check(h.config({ base_url: 'http://127.0.0.1:9' }), h.connectorCtx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  it('flags the API key as a secret in its manifest and validates config', () => {
    const m = unifiSiteManagerConnector.manifest;
    expect(m.secrets).toEqual(['api_key']);
    expect(m.fields.find((f) => f.name === 'api_key')?.secret).toBe(true);
    const parsed = m.configSchema.parse({ api_key: 'k' });
    expect(parsed).toMatchObject({ base_url: 'https://api.ui.com', page_size: 100 });
    expect(m.configSchema.safeParse({ api_key: '' }).success).toBe(false);
  });
});
