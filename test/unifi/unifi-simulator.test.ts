import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnifiSimulator } from '../../src/sandbox/unifi/unifi.simulator.js';
import { UnifiFleet } from '../../src/sandbox/unifi/unifi-fleet.js';
import { startUnifiHarness, type UnifiHarness } from './unifi-harness.js';

describe('UniFi Site Manager simulator', () => {
  let h: UnifiHarness;
  beforeAll(async () => {
    h = await startUnifiHarness({ rateLimitPerMinute: 100_000 });
  });
  afterAll(async () => h.close());

  it('serves the seed scale by default: 98 sites and 496 devices', async () => {
    const sites = await h.get('/v1/sites?pageSize=500');
    expect((sites.body.data as unknown[]).length).toBe(98);
    const devices = await h.get('/v1/devices?pageSize=500');
    const groups = devices.body.data as { devices: unknown[] }[];
    expect(groups.reduce((n, g) => n + g.devices.length, 0)).toBe(496);
    expect(devices.body.nextToken).toBeUndefined();
  });

  it('needs X-API-KEY (any header case) and answers 401 with the error envelope otherwise', async () => {
    const none = await h.get('/v1/hosts', {});
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ code: 'unauthorized', httpStatusCode: 401, message: 'unauthorized' });
    expect(typeof none.body.traceId).toBe('string');
    expect((await h.get('/v1/hosts', { 'X-API-KEY': 'wrong' })).status).toBe(401);
    expect((await h.get('/v1/hosts', { 'x-api-key': h.apiKey })).status).toBe(200);
  });

  it('pages with pageSize and nextToken; page size 1 walks every host exactly once', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await h.get(`/v1/hosts?pageSize=1${token ? `&nextToken=${token}` : ''}`);
      expect(res.status).toBe(200);
      const data = res.body.data as { id: string }[];
      expect(data.length).toBe(1);
      seen.push(data[0]!.id);
      token = typeof res.body.nextToken === 'string' && res.body.nextToken !== '' ? res.body.nextToken : undefined;
      pages += 1;
    } while (token && pages < 1000);
    expect(seen.length).toBe(h.sim.fleet.hosts().length);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('ends /v1/hosts with an empty nextToken and sites/devices without one (as recorded)', async () => {
    const hosts = await h.get('/v1/hosts?pageSize=500');
    expect(hosts.body.nextToken).toBe('');
    const sites = await h.get('/v1/sites?pageSize=98');
    expect('nextToken' in sites.body).toBe(false);
    const first = await h.get('/v1/sites?pageSize=97');
    const last = await h.get(`/v1/sites?pageSize=97&nextToken=${String(first.body.nextToken)}`);
    expect((last.body.data as unknown[]).length).toBe(1);
    expect('nextToken' in last.body).toBe(false);
  });

  it('returns an empty page for a host filter that matches nothing, and filters by hostIds[]', async () => {
    const empty = await h.get('/v1/devices?hostIds[]=nope');
    expect(empty.body.data).toEqual([]);
    expect('nextToken' in empty.body).toBe(false);
    const host = h.sim.fleet.hosts()[0]!;
    const one = await h.get(`/v1/devices?hostIds[]=${encodeURIComponent(host.id)}`);
    const groups = one.body.data as { hostId: string }[];
    expect(groups.map((g) => g.hostId)).toEqual([host.id]);
  });

  it('rejects bad parameters with 400 parameter_invalid', async () => {
    expect((await h.get('/v1/hosts?pageSize=abc')).body).toMatchObject({ code: 'parameter_invalid', httpStatusCode: 400 });
    expect((await h.get('/v1/sites?nextToken=not-a-token')).status).toBe(400);
    const time = await h.get('/v1/devices?time=2024-04-24');
    expect(time.body).toMatchObject({ code: 'parameter_invalid', message: 'invalid time format: 2024-04-24' });
    expect((await h.get('/v1/devices?time=2025-06-17T02:45:58Z&pageSize=1')).status).toBe(200);
  });

  it('gets one host by id and answers 404 NOT_FOUND for an unknown one', async () => {
    const host = h.sim.fleet.hosts()[0]!;
    const one = await h.get(`/v1/hosts/${encodeURIComponent(host.id)}`);
    expect((one.body.data as { id: string }).id).toBe(host.id);
    const missing = await h.get('/v1/hosts/unknown-host');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', message: 'thing not found: unknown-host' });
  });

  it('serves the older /ea/ aliases', async () => {
    const ea = await h.get('/ea/sites?pageSize=5');
    expect(ea.status).toBe(200);
    expect((ea.body.data as unknown[]).length).toBe(5);
  });

  it('derives site counts from its devices', async () => {
    const res = await h.get('/v1/sites?pageSize=500');
    const sites = res.body.data as { siteId: string; statistics: { counts: Record<string, number> } }[];
    for (const s of sites) {
      const mine = h.sim.fleet.devices().filter((d) => d.siteId === s.siteId);
      expect(s.statistics.counts.totalDevice).toBe(mine.length);
      expect(s.statistics.counts.offlineDevice).toBe(mine.filter((d) => d.body.status === 'offline').length);
    }
  });

  it('moves devices offline/online and rolls out firmware as the clock steps, deterministically', () => {
    const a = new UnifiFleet(7, { sites: 20, devices: 100 });
    const b = new UnifiFleet(7, { sites: 20, devices: 100 });
    const t = new Date('2026-11-23T12:00:00Z');
    a.advanceTo(12, t);
    b.advanceTo(12, t);
    expect(JSON.stringify(a.devices().map((d) => d.body))).toBe(JSON.stringify(b.devices().map((d) => d.body)));
    const fields = new Set(a.changes().map((c) => c.field));
    expect(fields.has('status')).toBe(true);
    expect(fields.has('version')).toBe(true);
    expect(a.changes().some((c) => c.kind === 'created')).toBe(true);
    const c = new UnifiFleet(8, { sites: 20, devices: 100 });
    expect(c.devices()[0]!.body.id).not.toBe(a.devices()[0]!.body.id);
  });
});

describe('UniFi simulator ISP metrics', () => {
  it('serves 5-minute metrics for 24 h and hourly ones for 7 or 30 days, deterministically, and validates the window', async () => {
    const h = await startUnifiHarness({ sites: 4, devices: 12 });
    try {
      const five = await h.get('/ea/isp-metrics/5m?duration=24h');
      const items = five.body.data as { siteId: string; periods: { metricTime: string; data: { wan: { uptime: number } } }[] }[];
      expect(items.length).toBe(4);
      expect(items[0]!.periods.length).toBeGreaterThanOrEqual(288);
      expect(items[0]!.periods[0]!.metricTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/);
      const again = await h.get('/v1/isp-metrics/5m?duration=24h');
      expect((again.body.data as typeof items)[0]!.periods[5]).toEqual(items[0]!.periods[5]);
      const week = await h.get('/ea/isp-metrics/1h?duration=7d');
      expect((week.body.data as typeof items)[0]!.periods.length).toBeGreaterThanOrEqual(168);
      expect((await h.get('/ea/isp-metrics/1h?duration=24h')).status).toBe(400);
      expect((await h.get('/ea/isp-metrics/15m')).status).toBe(400);
      expect((await h.get(`/ea/isp-metrics/1h?duration=7d&beginTimestamp=${new Date().toISOString()}`)).status).toBe(400);
      const end = new Date(Date.now() - 3 * 3_600_000).toISOString();
      const begin = new Date(Date.now() - 6 * 3_600_000).toISOString();
      const windowed = await h.get(`/ea/isp-metrics/1h?beginTimestamp=${begin}&endTimestamp=${end}`);
      expect((windowed.body.data as typeof items)[0]!.periods.length).toBe(3);
    } finally {
      await h.close();
    }
  });
});

describe('UniFi simulator rate limit', () => {
  it('answers 429 rate_limit with Retry-After once the per-key budget is spent', async () => {
    const h = await startUnifiHarness({ sites: 5, devices: 20, rateLimitPerMinute: 3 });
    try {
      for (let i = 0; i < 3; i++) expect((await h.get('/v1/hosts')).status).toBe(200);
      const limited = await h.get('/v1/hosts');
      expect(limited.status).toBe(429);
      expect(limited.body).toMatchObject({ code: 'rate_limit', httpStatusCode: 429 });
      expect(String(limited.body.message)).toMatch(/^rate limit exceeded, retry after \d+\.\d+s$/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await h.close();
    }
  });

  it('prints its credentials under the connector id', () => {
    const sim = createUnifiSimulator();
    expect(sim.credentialsKey).toBe('unifi-site-manager');
    expect(Object.keys(sim.credentials() as object)).toEqual(['api_key']);
  });
});
