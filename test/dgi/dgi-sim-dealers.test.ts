import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dgiConfigSchema } from '../../src/connectors/dgi/dgi-config.js';
import { dgiStreams } from '../../src/connectors/dgi/dgi-streams.js';
import { generateSimDealers, SIM_DEALERS } from '../../src/sandbox/dgi/dgi-sim-dealers.js';
import { readAll, records, startDgiHarness, type DgiHarness } from './dgi-harness.js';

describe('DGI simulator: N generated dealers', () => {
  it('is deterministic from the seed: distinct ODA codes, the fixed dealers first, groups of dealers per key', () => {
    const a = generateSimDealers(1_000, 42);
    const b = generateSimDealers(1_000, 42);
    const c = generateSimDealers(1_000, 43);
    expect(a).toEqual(b);
    expect(c.dealers.slice(3).map((d) => d.dealerId)).not.toEqual(a.dealers.slice(3).map((d) => d.dealerId));
    expect(a.dealers).toHaveLength(1_000);
    expect(a.dealers.slice(0, 3)).toEqual(SIM_DEALERS);
    expect(new Set(a.dealers.map((d) => d.dealerId)).size).toBe(1_000);
    expect(a.dealers.every((d) => /^[0-9]{5}$/.test(d.dealerId))).toBe(true);
    // 997 generated dealers in groups of 10 (+ the two fixed groups), every group with its own key
    expect(a.credentials).toHaveLength(2 + 100);
    expect(new Set(a.credentials.map((k) => k.apiKey)).size).toBe(a.credentials.length);
    expect(a.dealers.filter((d) => d.group === 'GRP-0001')).toHaveLength(10);
    expect(generateSimDealers(50, 42, 25).credentials).toHaveLength(2 + 2);
    expect(() => generateSimDealers(0, 42)).toThrow(/dealers/);
  });

  describe('served', () => {
    let h: DgiHarness;
    beforeAll(async () => {
      h = await startDgiHarness({ dealers: 60, seed: 5 });
    });
    afterAll(async () => h?.close());

    it('a generated dealer reads with its group key; another group’s key is refused', async () => {
      expect(h.creds).toHaveLength(60);
      const cfg = h.config(50);
      const pkb = dgiStreams().find((s) => s.name === 'dgi_pkb')!;
      const recs = records(await readAll(pkb, h.ctx(cfg)));
      expect(recs.length).toBeGreaterThan(0);
      expect(recs.every((r) => r.dealerId === h.creds[50]!.dealer_id)).toBe(true);
      const other = h.creds.find((x) => x.api_key !== h.creds[50]!.api_key && x.dealer_id !== h.creds[50]!.dealer_id)!;
      const wrong = dgiConfigSchema.parse({ ...h.creds[50], api_key: other.api_key, secret_key: other.secret_key, base_url: h.baseUrl, requests_per_second: 100 });
      await expect(readAll(pkb, h.ctx(wrong))).rejects.toThrow();
    });
  });
});
