import { afterEach, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import type { Simulator } from '../../src/sandbox/simulator.js';
import { createEchoSimulator } from './echo-simulator.js';

const open: Sandbox[] = [];
async function start(opts: Parameters<typeof createSandbox>[0] = {}): Promise<{ sb: Sandbox; base: string }> {
  const sb = await createSandbox({ simulators: [createEchoSimulator()], ...opts });
  open.push(sb);
  const base = await sb.listen(0);
  return { sb, base };
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function getJson(url: string, init?: RequestInit): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(url, init);
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // kept as text
  }
  return { status: res.status, body, headers: res.headers };
}

const post = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('sandbox composer', () => {
  it('serves each simulator under its prefix on 127.0.0.1 and lists them at /', async () => {
    const other = createEchoSimulator('other', null);
    const { sb, base } = await start({ simulators: [createEchoSimulator(), other] });
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.url('echo')).toBe(`${base}/echo`);
    expect((await getJson(`${sb.url('other')}/items`)).status).toBe(200);
    expect((await getJson(`${base}/`)).body).toEqual({ sandbox: 'sluice', prefixes: ['echo', 'other'], admin: '/_admin' });
    expect(() => sb.url('nope')).toThrow(/no simulator/);
  });

  it('rejects duplicate or reserved prefixes', async () => {
    await expect(createSandbox({ simulators: [createEchoSimulator('a'), createEchoSimulator('a')] })).rejects.toThrow(/share/);
    await expect(createSandbox({ simulators: [createEchoSimulator('_admin')] })).rejects.toThrow(/invalid/);
  });

  it('builds the credentials map from credentialsKey (default the prefix), leaving out empty ones', async () => {
    const none: Simulator = { prefix: 'ui', register: () => undefined, credentials: () => ({}) };
    const { sb, base } = await start({ simulators: [createEchoSimulator(), createEchoSimulator('plain', null), none] });
    const expected = { 'echo-connector': { api_key: 'echo-demo-key' }, plain: { api_key: 'echo-demo-key' } };
    expect(sb.credentials()).toEqual(expected);
    expect((await getJson(`${base}/_admin/credentials`)).body).toEqual(expected);
  });
});

describe('sandbox clock', () => {
  it('keeps data still until told, then moves it one step per advance', async () => {
    const echo = createEchoSimulator();
    const { sb, base } = await start({ simulators: [echo], seed: 7 });
    const a = await getJson(`${base}/echo/items`);
    const b = await getJson(`${base}/echo/items`);
    expect((a.body as { items: unknown }).items).toEqual((b.body as { items: unknown }).items);

    const adv = await getJson(`${base}/_admin/clock/advance`, post({ steps: 2 }));
    expect(adv.body).toMatchObject({ step: 2, offset_ms: 7_200_000 });
    expect(echo.counts.advances).toEqual([1, 2]);
    const c = await getJson(`${base}/echo/items`);
    expect((c.body as { step: number }).step).toBe(2);
    expect((c.body as { items: unknown }).items).not.toEqual((a.body as { items: unknown }).items);

    // Time alone (e.g. to expire a token) does not move the data.
    sb.clock.advance({ seconds: 30 });
    expect(sb.clock.step).toBe(2);
    expect(sb.clock.offsetMs).toBe(7_230_000);
    expect(Math.abs(sb.clock.now().getTime() - Date.now() - 7_230_000)).toBeLessThan(1_000);
    expect((await getJson(`${base}/_admin/clock/advance`, post({ steps: -1 }))).status).toBe(400);
  });

  it('derives the same data from the same seed, different data from another seed', async () => {
    const one = await start({ seed: 1 });
    const same = await start({ seed: 1 });
    const other = await start({ seed: 2 });
    const items = async (base: string) => ((await getJson(`${base}/echo/items`)).body as { items: unknown }).items;
    expect(await items(one.base)).toEqual(await items(same.base));
    expect(await items(one.base)).not.toEqual(await items(other.base));
  });

  it('moves by itself in realtime mode', async () => {
    const { sb } = await start({ realtime: { stepMs: 40 } });
    await new Promise((r) => setTimeout(r, 300));
    expect(sb.clock.step).toBeGreaterThanOrEqual(2);
    sb.clock.stopRealtime();
    const at = sb.clock.step;
    await new Promise((r) => setTimeout(r, 120));
    expect(sb.clock.step).toBe(at);
  });
});

describe('sandbox admin: stats and reset', () => {
  it('counts requests per simulator by status and fault, and reset clears them and the simulator state', async () => {
    const echo = createEchoSimulator();
    const { sb, base } = await start({ simulators: [echo] });
    await getJson(`${base}/echo/items`);
    await getJson(`${base}/echo/missing`);
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 503, count: 1 });
    await getJson(`${base}/echo/items`);
    const stats = (await getJson(`${base}/_admin/stats`)).body as { simulators: Record<string, unknown> };
    expect(stats.simulators.echo).toEqual({
      requests: 3,
      byStatus: { 200: 1, 404: 1, 503: 1 },
      faults: { error: 1 },
      // The simulator saw only the request that reached it: the 404 is outside its routes, the fault answered first.
      simulator: { requests: 1 },
    });
    sb.faults.set({ prefix: 'echo', kind: 'error' });
    expect((await getJson(`${base}/_admin/reset`, { method: 'POST' })).body).toEqual({ reset: true });
    expect(echo.counts.resets).toBe(1);
    expect(sb.faults.list()).toEqual([]);
    expect(sb.stats().echo).toEqual({ requests: 0, byStatus: {}, faults: {}, simulator: { requests: 0 } });
  });
});
