import { pino } from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { listMapping, mappingStats } from '../../src/connectors/ui-distributor-locator/region-mapping-store.js';
import { refreshRegionMapping } from '../../src/connectors/ui-distributor-locator/refresh-region-mapping.js';
import { uiDistributorLocatorConnector as connector } from '../../src/connectors/ui-distributor-locator/ui-distributor-locator.connector.js';
import { uiLocatorConfigSchema } from '../../src/connectors/ui-distributor-locator/ui-locator-config.js';
import type { ConnectorContext } from '../../src/core/connector.js';
import { runSync } from '../../src/pipeline/run-sync.js';
import { describeEachDatabase } from '../support/databases.js';
import { startUiHarness, type UiHarness } from './ui-harness.js';

describeEachDatabase('ui locator region mapping and check()', (kind) => {
  let h: UiHarness;
  beforeEach(async () => {
    h = await startUiHarness(kind);
  });
  afterEach(async () => h.close());

  const config = (over: Record<string, unknown> = {}) =>
    uiLocatorConfigSchema.parse({ base_url: h.baseUrl, min_interval_ms: 0, retries: 0, ...over });

  it('refresh adds discovered pairs, deactivates vanished ones, reactivates returning ones, and keeps the mapping when discovery fails', async () => {
    // Before any discovery: the static fallback.
    const seeded = await listMapping(h.app.db);
    expect(seeded).toHaveLength(131);
    expect(seeded.every((r) => r.active && r.source === 'fallback' && r.last_seen_at === null)).toBe(true);
    // Listing is a read: nothing was written.
    const { rows: stored } = await h.app.db.query<{ n: number }>('select count(*)::int as n from ui_region_mapping');
    expect(stored[0]?.n).toBe(0);

    const r0 = await refreshRegionMapping(h.app.db, h.app.http, config());
    expect(r0).toEqual({ ok: true, discovered: 132, added: ['af/BW'], deactivated: [], reactivated: [], unchanged: 131 });
    const hidden = [...h.sim.world().at(1).hiddenPairs.keys()];
    expect(hidden).toHaveLength(1);

    h.sandbox.clock.advance();
    const r1 = await refreshRegionMapping(h.app.db, h.app.http, config());
    expect(r1).toMatchObject({ ok: true, discovered: 131, added: [], deactivated: hidden, reactivated: [] });
    const inactive = await listMapping(h.app.db, { active: false });
    expect(inactive.map((r) => `${r.region}/${r.country_state}`)).toEqual(hidden);
    expect(inactive[0]?.deactivated_at).toBeInstanceOf(Date);

    // Discovery down: recorded, nothing changes (the fallback is no evidence that a pair vanished or returned).
    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 500, path: '/distributors/', count: 1 });
    const failed = await refreshRegionMapping(h.app.db, h.app.http, config());
    expect(failed.ok).toBe(false);
    expect((await listMapping(h.app.db, { active: false })).map((r) => `${r.region}/${r.country_state}`)).toEqual(hidden);

    h.sandbox.clock.advance({ steps: 2 });
    expect(h.sim.world().at(3).hiddenPairs.size).toBe(0);
    const r3 = await refreshRegionMapping(h.app.db, h.app.http, config());
    expect(r3).toMatchObject({ ok: true, discovered: 132, added: [], deactivated: [], reactivated: hidden });
    const back = (await listMapping(h.app.db)).find((r) => `${r.region}/${r.country_state}` === hidden[0]);
    expect(back).toMatchObject({ active: true, times_reactivated: 1, deactivated_at: null });
    expect(back?.reactivated_at).toBeInstanceOf(Date);

    // Stats and per-pair distributor counts after a sync.
    await h.addConnection();
    expect((await runSync(h.app, { connection: 'ui' })).status).toBe('succeeded');
    const visible = [...h.sim.world().visibleAt(3).values()];
    const ca = (await listMapping(h.app.db, { region: 'usa' })).find((r) => r.country_state === 'CA');
    expect(ca?.distributors).toBe(visible.filter((v) => v.pairs.includes('usa/CA')).length);
    const s = await mappingStats(h.app.db);
    expect(s).toMatchObject({ total: 132, active: 132, inactive: 0, discovered: 1 });
    expect(s.last_refresh).toMatchObject({ ok: true, discovered: 132 });
    expect(s.regions.find((g) => g.region === 'af')).toMatchObject({ active: 11, empty_active: 1 });
    expect(s.regions.find((g) => g.region === 'eur')?.distributors).toBe(visible.filter((v) => v.pairs.some((p) => p.startsWith('eur/'))).length);
  });

  it('check() says what is wrong: ok, unreachable, unexpected page, unexpected JSON', async () => {
    const ctx: ConnectorContext = {
      logger: pino({ level: 'silent' }), http: h.app.http, signal: new AbortController().signal, now: () => new Date(), defaultPhoneRegion: 'US',
    };
    const ok = await connector.check(config(), ctx);
    expect(ok).toMatchObject({ ok: true, message: '132 region/country pairs discovered; usa/CA lists 10 distributors' });

    const down = await connector.check(config({ base_url: 'http://127.0.0.1:9/ui' }), ctx);
    expect(down.ok).toBe(false);
    expect(down.message).toMatch(/^cannot read the locator page at http:\/\/127\.0\.0\.1:9\/ui: /);

    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 503, path: '/distributors/', count: 1 });
    const busy = await connector.check(config(), ctx);
    expect(busy).toMatchObject({ ok: false, message: `cannot read the locator page at ${h.baseUrl}: it answered HTTP 503` });

    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 200, body: '<html>maintenance</html>', path: '/distributors/', count: 1 });
    const odd = await connector.check(config(), ctx);
    expect(odd.ok).toBe(false);
    expect(odd.message).toMatch(/unexpected response .*no readable mainRegionsData/);

    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 200, body: { error: 'gone' }, query: { region: 'usa', country_state: 'CA' }, count: 1 });
    const badJson = await connector.check(config(), ctx);
    expect(badJson).toMatchObject({ ok: false, message: 'unexpected response for usa/CA: not the {resellers, master_resellers} JSON envelope' });
  });
});
