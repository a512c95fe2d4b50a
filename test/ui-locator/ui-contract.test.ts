import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLocatorResponse } from '../../src/connectors/ui-distributor-locator/locator-response.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUiSimulator } from '../../src/sandbox/ui/ui.simulator.js';
import { HAS_SHARED, RECORDED_DIR } from '../support/shared.js';

type Body = Record<string, unknown> & { resellers: Record<string, unknown>[]; master_resellers: Record<string, unknown>[] };

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Field name → the set of JSON types seen, over every entry of every body. */
function entryShape(bodies: readonly Body[]): Record<string, string[]> {
  const out: Record<string, Set<string>> = {};
  for (const b of bodies) {
    for (const e of [...b.resellers, ...b.master_resellers]) {
      for (const [k, v] of Object.entries(e)) (out[k] ??= new Set()).add(typeOf(v));
    }
  }
  const pairs: [string, string[]][] = Object.entries(out).map(([k, v]) => [k, [...v].sort()]);
  return Object.fromEntries(pairs.sort(([a], [b]) => a.localeCompare(b)));
}

// The recorded capture stays in shared/: it is read here, never copied into the project.
describe.skipIf(!HAS_SHARED)('ui locator contract: simulator vs the recorded capture', () => {
  let sb: Sandbox;
  let recorded: Record<string, Body>;
  beforeAll(async () => {
    recorded = JSON.parse(readFileSync(join(RECORDED_DIR, 'ui-distributors.json'), 'utf8')) as Record<string, Body>;
    sb = await createSandbox({ seed: 42, simulators: [createUiSimulator()] });
    await sb.listen(0);
  });
  afterAll(async () => sb?.close());

  it('answers the five recorded URLs with the same envelope, field names and field types', async () => {
    const simulated: Body[] = [];
    for (const url of Object.keys(recorded)) {
      const u = new URL(url);
      const r = await fetch(`${sb.url('ui')}${u.pathname}${u.search}`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
      expect(r.status).toBe(200);
      const body = (await r.json()) as Body;
      const rec = recorded[url] as Body;
      expect(Object.keys(body).sort()).toEqual(Object.keys(rec).sort());
      expect(body.resellers_count).toBe(body.resellers.length);
      expect(body.master_resellers_count).toBe(body.master_resellers.length);
      expect(body.resellers.length + body.master_resellers.length).toBeGreaterThan(0);
      simulated.push(body);
    }
    const want = entryShape(Object.values(recorded));
    expect(Object.keys(want)).toHaveLength(13);
    expect(entryShape(simulated)).toEqual(want);
    // Every simulated entry has all 13 fields, in the recorded order.
    const order = Object.keys((Object.values(recorded)[0] as Body).resellers[0] ?? {});
    for (const b of simulated) for (const e of [...b.resellers, ...b.master_resellers]) expect(Object.keys(e)).toEqual(order);
  });

  it('formats values like the recordings: ISO timestamps, numeric strings for coordinates', async () => {
    const r = await fetch(`${sb.url('ui')}/distributors/?region=eur`, { headers: { 'x-requested-with': 'XMLHttpRequest' } });
    const body = (await r.json()) as Body;
    for (const bodyOf of [body, ...Object.values(recorded)]) {
      for (const e of [...bodyOf.resellers, ...bodyOf.master_resellers]) {
        expect(e.last_modified).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(e.latitude).toMatch(/^(-?\d+(\.\d+)?)?$/);
        expect(e.longitude).toMatch(/^(-?\d+(\.\d+)?)?$/);
      }
    }
  });

  it('the connector parses every recorded entry', () => {
    for (const body of Object.values(recorded)) {
      const p = parseLocatorResponse(body);
      expect(p?.invalid).toEqual([]);
      expect(p?.entries).toHaveLength(body.resellers.length + body.master_resellers.length);
    }
  });
});
