import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegionsPage } from '../../src/connectors/ui-distributor-locator/parse-regions-page.js';
import { FALLBACK_PAIRS, pairId } from '../../src/connectors/ui-distributor-locator/region-pairs.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import type { UiEnvelope, UiEntry } from '../../src/sandbox/ui/ui-entry.js';
import { createUiSimulator, type UiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { UiWorld } from '../../src/sandbox/ui/ui-world.js';

const XHR = { 'x-requested-with': 'XMLHttpRequest', accept: 'application/json, text/javascript, */*' };

describe('ui locator simulator', () => {
  let sb: Sandbox;
  let sim: UiSimulator;
  let base: string;
  beforeAll(async () => {
    sim = createUiSimulator();
    sb = await createSandbox({ seed: 42, simulators: [sim] });
    await sb.listen(0);
    base = sb.url('ui');
  });
  afterAll(async () => sb.close());

  const json = async (query: string): Promise<UiEnvelope> => {
    const r = await fetch(`${base}/distributors/${query}`, { headers: XHR });
    expect(r.headers.get('content-type')).toMatch(/application\/json/);
    return (await r.json()) as UiEnvelope;
  };
  const all = (e: UiEnvelope): UiEntry[] => [...e.resellers, ...e.master_resellers];

  it('answers JSON only to XHR requests, the HTML page with mainRegionsData otherwise', async () => {
    const page = await fetch(`${base}/distributors/?region=eur&country_state=DE`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/var mapInit = \[\{id:/);
    const pairs = parseRegionsPage(html);
    expect(pairs).not.toBeNull();
    const ids = new Set((pairs ?? []).map(pairId));
    // Every pair of the static fallback, plus one the menu lists where nobody is listed.
    for (const p of FALLBACK_PAIRS) expect(ids.has(pairId(p))).toBe(true);
    expect([...ids].filter((id) => !FALLBACK_PAIRS.some((p) => pairId(p) === id))).toEqual(['af/BW']);
  });

  it('serves every pair, at least as many distributors as the real capture (332), some under several pairs', async () => {
    const seen = new Map<number, string[]>();
    for (const p of FALLBACK_PAIRS) {
      const e = await json(`?region=${p.region}&country_state=${p.code}`);
      expect(e.resellers_count).toBe(e.resellers.length);
      expect(e.master_resellers_count).toBe(e.master_resellers.length);
      expect(all(e).length).toBeGreaterThan(0);
      for (const d of all(e)) seen.set(d.id, [...(seen.get(d.id) ?? []), pairId(p)]);
    }
    expect(seen.size).toBeGreaterThanOrEqual(332);
    expect([...seen.values()].filter((ps) => ps.length > 1).length).toBeGreaterThan(20);
    expect(all(await json('?region=af&country_state=BW'))).toEqual([]);
    expect(all(await json('?region=usa&country_state=ZZ'))).toEqual([]);
  });

  it('lists a whole region deduplicated, and the usa region without parameters, ordered by `order`', async () => {
    const eur = all(await json('?region=eur'));
    expect(new Set(eur.map((d) => d.id)).size).toBe(eur.length);
    const de = all(await json('?region=eur&country_state=DE'));
    const eurIds = new Set(eur.map((d) => d.id));
    expect(de.every((d) => eurIds.has(d.id))).toBe(true);
    const none = await json('');
    expect(none).toEqual(await json('?region=usa'));
    const orders = none.resellers.map((d) => d.order);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
  });

  it('carries the odd values of the recordings: empty, mailto: and URL emails, labelled phones, CRLF addresses, string coordinates', () => {
    const entries = [...sim.world().visibleAt(0).values()].map((v) => v.d.entry);
    expect(entries.some((e) => e.email === '')).toBe(true);
    expect(entries.some((e) => e.email.startsWith('mailto:'))).toBe(true);
    expect(entries.some((e) => /^https?:\/\//.test(e.email))).toBe(true);
    expect(entries.some((e) => /^(Phone|Tel)/i.test(e.phone))).toBe(true);
    expect(entries.some((e) => e.address.includes('\r\n'))).toBe(true);
    expect(entries.some((e) => e.latitude === '' && e.longitude === '')).toBe(true);
    expect(entries.every((e) => typeof e.latitude === 'string' && typeof e.longitude === 'string')).toBe(true);
    expect(entries.some((e) => e.logo !== '')).toBe(true);
    expect(entries.some((e) => e.sunmax)).toBe(true);
    const masters = entries.filter((e) => e.master_reseller).length / entries.length;
    expect(masters).toBeGreaterThan(0.15);
    expect(masters).toBeLessThan(0.5);
  });

  it('moves with the clock: what a client sees changes exactly as changes(step) says', async () => {
    const snapshot = async () => {
      const m = new Map<number, string>();
      for (const region of ['af', 'as', 'aus-nzl', 'can', 'eur', 'lat-a', 'mid-e', 'usa']) {
        for (const d of all(await json(`?region=${region}`))) m.set(d.id, JSON.stringify(d));
      }
      return m;
    };
    const before = await snapshot();
    sb.clock.advance();
    const after = await snapshot();
    const c = sim.changes(1);
    expect(c.created.length + c.removed.length + c.updated.length).toBeGreaterThan(0);
    expect([...after.keys()].filter((id) => !before.has(id)).sort((a, b) => a - b)).toEqual([...c.created, ...c.restored].sort((a, b) => a - b));
    expect([...before.keys()].filter((id) => !after.has(id)).sort((a, b) => a - b)).toEqual(c.removed);
    // Updates include listings that only moved between pairs, which a region-level read cannot see: a superset.
    const changedEntries = [...after].filter(([id, v]) => before.has(id) && before.get(id) !== v).map(([id]) => id);
    for (const id of changedEntries) expect(c.updated).toContain(id);
  });
});

describe('ui world determinism', () => {
  it('is the same for the same seed and step, different for another seed, and brings some removed distributors back', () => {
    const a = new UiWorld(7);
    const b = new UiWorld(7);
    const c = new UiWorld(8);
    const dump = (w: UiWorld, s: number) => JSON.stringify([...w.visibleAt(s).values()]);
    expect(dump(a, 5)).toBe(dump(b, 5));
    expect(dump(a, 0)).not.toBe(dump(c, 0));
    const kinds = { created: 0, updated: 0, removed: 0, restored: 0 };
    for (let s = 1; s <= 6; s++) {
      const ch = a.changes(s);
      expect(ch).toEqual(b.changes(s));
      for (const k of Object.keys(kinds) as (keyof typeof kinds)[]) kinds[k] += ch[k].length;
    }
    expect(kinds.created).toBeGreaterThan(0);
    expect(kinds.updated).toBeGreaterThan(0);
    expect(kinds.removed).toBeGreaterThan(0);
    expect(kinds.restored).toBeGreaterThan(0);
  });
});
