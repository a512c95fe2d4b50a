import { afterEach, beforeEach, expect, it } from 'vitest';
import { runSync } from '../../src/pipeline/run-sync.js';
import { updateConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { startUiHarness, type UiHarness } from './ui-harness.js';

describeEachDatabase('ui-distributor-locator fault classes', (kind) => {
  let h: UiHarness;
  beforeEach(async () => {
    h = await startUiHarness(kind);
  });
  afterEach(async () => h.close());

  const active = async (): Promise<Map<number, string[]>> => {
    const { rows } = await h.app.db.query<{ key: string; data: { locations: { region: string; country_state: string }[] } }>(
      `select r.key, r.data from records r join streams s on s.id = r.stream_id where s.name = 'distributors' and r.status = 'active'`,
    );
    return new Map(rows.map((r) => [Number(r.key), r.data.locations.map((l) => `${l.region}/${l.country_state}`)]));
  };
  const reconfigure = (config: Record<string, unknown>) => updateConnection(h.app.db, h.app.secrets, 'ui', { config });

  it('a failing pair makes the run partial and removes nobody listed only there; 429 with Retry-After 0 is retried; discovery falls back', async () => {
    await h.addConnection();
    expect((await runSync(h.app, { connection: 'ui' })).status).toBe('succeeded');
    const visible = h.sim.world().visibleAt(0);
    // A pair with a distributor listed nowhere else: the one a false removal would hit.
    const only = new Map<string, number[]>();
    for (const [id, v] of visible) if (v.pairs.length === 1) only.set(v.pairs[0]!, [...(only.get(v.pairs[0]!) ?? []), id]);
    // …and with a distributor also listed elsewhere, whose other listing must not look dropped.
    const shared = (k: string) => [...visible.values()].some((v) => v.pairs.length > 1 && v.pairs.includes(k));
    const target = [...only.keys()].find((k) => shared(k))!;
    expect(target).toBeDefined();
    const [region, code] = target.split('/') as [string, string];
    const onlyThere = only.get(target)!;
    const all = await active();
    expect(all.size).toBe(visible.size);

    const expectPartialWithoutRemoval = async (what: string) => {
      const r = await runSync(h.app, { connection: 'ui' });
      expect(r.status, what).toBe('partial');
      expect(r.flags.join(' '), what).toMatch(new RegExp(`incomplete: 1 of 132 region/country pairs could not be read \\(${target}\\)`));
      expect(r.streams.distributors, what).toMatchObject({ removed: 0, updated: 0, created: 0 });
      const now = await active();
      expect(now, what).toEqual(all);
      for (const id of onlyThere) expect(now.get(id), what).toEqual([target]);
      h.sandbox.faults.clear();
    };

    // 5xx: retried (1 + 2 retries), then given up.
    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 503, query: { region, country_state: code } });
    await expectPartialWithoutRemoval('503');
    expect(h.sandbox.stats().ui?.byStatus['503']).toBe(3);

    await reconfigure({ timeout_ms: 1500, retries: 0 });
    h.sandbox.faults.set({ prefix: 'ui', kind: 'delay', delayMs: 4000, query: { region, country_state: code } });
    await expectPartialWithoutRemoval('timeout');
    h.sandbox.faults.set({ prefix: 'ui', kind: 'malformed_json', query: { region, country_state: code } });
    await expectPartialWithoutRemoval('malformed JSON');

    // After the gap closes, the run is complete again and the store matches the site.
    const healed = await runSync(h.app, { connection: 'ui' });
    expect(healed.status).toBe('succeeded');
    expect(healed.streams.distributors).toMatchObject({ removed: 0, updated: 0, unchanged: visible.size });
    expect(await active()).toEqual(all);

    // 429 with Retry-After: 0 is waited for (not at all) and retried; the run is complete.
    await reconfigure({ retries: 2 });
    h.sandbox.reset();
    h.sandbox.faults.set({ prefix: 'ui', kind: 'rate_limit', retryAfter: 0, count: 2, query: { region, country_state: code } });
    const limited = await runSync(h.app, { connection: 'ui' });
    expect(limited.status).toBe('succeeded');
    expect(h.sandbox.stats().ui?.byStatus['429']).toBe(2);
    expect(limited.streams.distributors).toMatchObject({ created: 0, updated: 0, removed: 0, unchanged: visible.size });

    // The page (discovery) fails: the static fallback is read, the run is partial, and nobody is removed.
    await reconfigure({ retries: 0 });
    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 500, path: '/distributors/', count: 1 });
    const fallback = await runSync(h.app, { connection: 'ui' });
    expect(fallback.status).toBe('partial');
    expect(fallback.flags.join(' ')).toMatch(/region discovery failed .* read the static list of 131 pairs/);
    expect(fallback.streams.distributors).toMatchObject({ removed: 0, updated: 0 });
    h.sandbox.faults.clear();

    // One entry without the recorded shape (latitude null): quarantined with its reason, the run is partial, and the
    // distributor is not inferred removed (its id was seen).
    const entries = h.sim.world().entriesFor(0, [target]).map((d) => d.entry);
    const broken = { ...entries[0]!, latitude: null };
    const body = {
      resellers: [broken, ...entries.slice(1)].filter((e) => !e.master_reseller || e === broken),
      master_resellers: entries.slice(1).filter((e) => e.master_reseller),
      resellers_count: 0,
      master_resellers_count: 0,
    };
    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 200, body, query: { region, country_state: code } });
    const quarantined = await runSync(h.app, { connection: 'ui' });
    expect(quarantined.status).toBe('partial');
    expect(quarantined.streams.distributors).toMatchObject({ quarantined: 1, removed: 0 });
    const q = await h.app.db.query<{ reasons: string[] }>('select reasons from quarantine');
    expect(q.rows.map((r) => r.reasons.join())).toEqual([`${target}: latitude: Invalid input`]);
    expect((await active()).has(broken.id)).toBe(true);
    h.sandbox.faults.clear();

    // Everything down: the run fails and nothing is touched (last: it opens the circuit breaker).
    h.sandbox.faults.set({ prefix: 'ui', kind: 'error', status: 502 });
    const down = await runSync(h.app, { connection: 'ui' });
    expect(down.status).toBe('failed');
    expect(down.errors[0]?.code).toBe('source_read_failed');
    expect(await active()).toEqual(all);
  });
});
