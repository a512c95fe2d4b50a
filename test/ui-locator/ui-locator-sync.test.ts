import { afterEach, beforeEach, expect, it } from 'vitest';
import { runSync } from '../../src/pipeline/run-sync.js';
import { describeEachDatabase } from '../support/databases.js';
import { startUiHarness, type UiHarness } from './ui-harness.js';

interface Row {
  key: string;
  data: Record<string, unknown>;
  status: string;
}

describeEachDatabase('ui-distributor-locator sync through the store', (kind) => {
  let h: UiHarness;
  beforeEach(async () => {
    h = await startUiHarness(kind);
  });
  afterEach(async () => h.close());

  const records = async (): Promise<Row[]> =>
    (await h.app.db.query<Row>(
      `select r.key, r.data, r.status from records r join streams s on s.id = r.stream_id where s.name = 'distributors' order by r.key`,
    )).rows;
  const changesOf = async (runId: string) => {
    const { rows } = await h.app.db.query<{ key: string; kind: string }>(
      `select c.key, c.kind from changes c join streams s on s.id = c.stream_id where s.name = 'distributors' and c.run_id = $1::uuid`,
      [runId],
    );
    const by = (k: string) => rows.filter((r) => r.kind === k).map((r) => Number(r.key)).sort((a, b) => a - b);
    return { created: by('created'), updated: by('updated'), removed: by('removed'), restored: by('restored') };
  };

  it('a full sync stores one record per distributor with all its listings; each clock step changes exactly what the site changed', async () => {
    await h.addConnection();
    const world = h.sim.world();
    const visible = world.visibleAt(0);
    const first = await runSync(h.app, { connection: 'ui' });
    expect(first.status).toBe('succeeded');
    const listings = [...visible.values()].reduce((n, v) => n + v.pairs.length, 0);
    expect(first.streams.distributors).toMatchObject({ fetched: visible.size, valid: visible.size, created: visible.size, quarantined: 0 });
    expect(first.streams.distributor_locations).toMatchObject({ created: listings });
    expect(visible.size).toBeGreaterThanOrEqual(332);
    // Every discovered pair was asked once, the empty one (af/BW) included, and nothing else was.
    const byPair = (h.sandbox.stats().ui?.simulator as { by_pair: Record<string, number> }).by_pair;
    expect(byPair['af/BW']).toBe(1);
    expect(Object.keys(byPair)).toHaveLength(133);
    expect(byPair['(none)']).toBe(1);

    const rows = await records();
    expect(rows).toHaveLength(visible.size);
    let cityHits = 0;
    for (const r of rows) {
      const v = visible.get(Number(r.key));
      expect(v).toBeDefined();
      if (!v) continue;
      const d = r.data;
      expect(d.name).toBe(v.d.entry.name.replace(/\s+/g, ' ').trim());
      expect(d.partner_type).toBe(v.d.entry.master_reseller ? 'Master Distributor' : 'Reseller');
      expect((d.locations as { region: string; country_state: string }[]).map((l) => `${l.region}/${l.country_state}`)).toEqual(
        [...v.pairs].sort(),
      );
      expect(d.latitude).toBe(v.d.entry.latitude === '' ? null : Number(v.d.entry.latitude));
      if (d.email !== null) expect(String(d.email)).not.toMatch(/^mailto:|[A-Z]/);
      if (d.phone !== null) expect(String(d.phone)).toMatch(/^\+\d{7,15}$/);
      if (typeof d.city === 'string' && d.city.toLowerCase() === v.d.city.toLowerCase()) cityHits++;
    }
    const phones = rows.filter((r) => r.data.phone_raw !== null);
    expect(phones.filter((r) => r.data.phone !== null).length / phones.length).toBeGreaterThan(0.95);
    // City parsing against the generator's truth.
    expect(cityHits / rows.length).toBeGreaterThan(0.9);

    const again = await runSync(h.app, { connection: 'ui' });
    expect(again.streams.distributors).toMatchObject({ created: 0, updated: 0, removed: 0, restored: 0, unchanged: visible.size });

    for (let step = 1; step <= 3; step++) {
      h.sandbox.clock.advance();
      const r = await runSync(h.app, { connection: 'ui' });
      expect(r.status).toBe('succeeded');
      const expected = h.sim.changes(step);
      expect(await changesOf(r.run_id)).toEqual(expected);
      expect(r.streams.distributors).toMatchObject({
        created: expected.created.length,
        updated: expected.updated.length,
        removed: expected.removed.length,
        restored: expected.restored.length,
      });
      const active = (await records()).filter((x) => x.status === 'active').map((x) => Number(x.key)).sort((a, b) => a - b);
      expect(active).toEqual([...world.visibleAt(step).keys()].sort((a, b) => a - b));
    }
  });
});
