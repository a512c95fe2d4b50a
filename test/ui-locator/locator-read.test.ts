import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { readDistributors } from '../../src/connectors/ui-distributor-locator/read-distributors.js';
import { uiLocatorConfigSchema } from '../../src/connectors/ui-distributor-locator/ui-locator-config.js';
import type { ReadContext, SourceMessage } from '../../src/core/connector.js';
import { createHttpClientFactory, type SluiceHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUiSimulator, type UiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import type { UiLocatorConfig } from '../../src/connectors/ui-distributor-locator/ui-locator-config.js';

describe('readDistributors against the sandbox (no store)', () => {
  let sb: Sandbox;
  let sim: UiSimulator;
  let http: SluiceHttpClientFactory;
  beforeAll(async () => {
    sim = createUiSimulator();
    sb = await createSandbox({ seed: 42, simulators: [sim] });
    await sb.listen(0);
    http = createHttpClientFactory({ config: loadConfig({ SLUICE_HTTP_RETRIES: '0' }).http, logger: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await http.close();
    await sb.close();
  });

  const ctx = (over: Record<string, unknown>, signal = new AbortController().signal): ReadContext<UiLocatorConfig> => ({
    logger: pino({ level: 'silent' }),
    http,
    signal,
    now: () => new Date(),
    defaultPhoneRegion: 'US',
    config: uiLocatorConfigSchema.parse({ base_url: sb.url('ui'), min_interval_ms: 0, ...over }),
    state: undefined,
    full: false,
  });
  const collect = async (it: AsyncIterable<SourceMessage>) => {
    const out: SourceMessage[] = [];
    for await (const m of it) out.push(m);
    return out;
  };

  it('reads only the configured regions, paced by min_interval_ms, records in id order', async () => {
    sb.reset();
    const msgs = await collect(readDistributors(ctx({ regions: 'aus-nzl,can', min_interval_ms: 50 })));
    const byPair = (sb.stats().ui?.simulator as { by_pair: Record<string, number> }).by_pair;
    expect(Object.keys(byPair).sort()).toEqual(['(none)', 'aus-nzl/AU', 'aus-nzl/NZ', 'can/AB', 'can/BC', 'can/ON', 'can/QC']);
    const records = msgs.filter((m) => m.type === 'record').map((m) => m.data);
    expect(msgs.every((m) => m.type === 'record')).toBe(true);
    const ids = records.map((r) => Number(r.id));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    const want = [...sim.world().visibleAt(sb.clock.step).values()].filter((v) => v.pairs.some((p) => /^(aus-nzl|can)\//.test(p)));
    expect(ids).toEqual(want.map((v) => v.d.entry.id).sort((a, b) => a - b));
    // Listings outside the configured regions are not part of the record.
    for (const r of records) expect((r.regions as string[]).every((g) => g === 'aus-nzl' || g === 'can')).toBe(true);
  });

  it('stops with `cancelled` when the run is cancelled mid-read', async () => {
    const ac = new AbortController();
    const it = readDistributors(ctx({ min_interval_ms: 20 }, ac.signal));
    setTimeout(() => ac.abort(), 100);
    await expect(collect(it)).rejects.toMatchObject({ code: 'cancelled' });
  });
});
