import { request as httpRequest } from 'node:http';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import type { Simulator } from '../../src/sandbox/simulator.js';
import { createEchoSimulator } from './echo-simulator.js';

let sb: Sandbox;
let base: string;
beforeAll(async () => {
  const enveloped: Simulator = {
    ...createEchoSimulator('enveloped', null),
    faultBody: (status, message) => ({ object: 'error', status, code: 'sim_code', message }),
  };
  sb = await createSandbox({ simulators: [createEchoSimulator(), enveloped], seed: 42 });
  base = await sb.listen(0);
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.reset();
});

async function get(path: string): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A raw request that reports what arrived, including a connection that ends early. */
function raw(path: string, timeoutMs = 2_000): Promise<{ status?: number; length?: number; bytes: number; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${base}${path}`, { agent: false, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, length: Number(res.headers['content-length']), bytes }));
      res.on('error', (e) => resolve({ status: res.statusCode, length: Number(res.headers['content-length']), bytes, error: e.message }));
      res.on('aborted', () => resolve({ status: res.statusCode, length: Number(res.headers['content-length']), bytes, error: 'aborted' }));
    });
    req.on('timeout', () => req.destroy(new Error('client timeout')));
    req.on('error', (e) => resolve({ bytes: 0, error: e.message }));
    req.end();
  });
}

describe('faults through /_admin/faults', () => {
  it('sets, lists, deletes by id and clears by prefix, and validates specs', async () => {
    const post = (body: unknown) =>
      fetch(`${base}/_admin/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const created = await post([{ prefix: 'echo', kind: 'rate_limit', retryAfter: 0, count: 2 }, { prefix: 'enveloped', kind: 'error' }]);
    expect(created.status).toBe(201);
    const { faults } = (await created.json()) as { faults: { id: string }[] };
    expect(faults).toHaveLength(2);
    expect((await (await fetch(`${base}/_admin/faults`)).json())).toEqual({
      faults: [
        { id: faults[0]?.id, prefix: 'echo', kind: 'rate_limit', retryAfter: 0, count: 2, remaining: 2, hits: 0 },
        { id: faults[1]?.id, prefix: 'enveloped', kind: 'error', remaining: undefined, hits: 0 },
      ].map((f) => JSON.parse(JSON.stringify(f)) as unknown),
    });
    expect((await fetch(`${base}/_admin/faults/${faults[0]?.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await fetch(`${base}/_admin/faults/${faults[0]?.id}`, { method: 'DELETE' })).status).toBe(404);
    expect(await (await fetch(`${base}/_admin/faults?prefix=enveloped`, { method: 'DELETE' })).json()).toEqual({ removed: 1 });
    expect(sb.faults.list()).toEqual([]);

    expect((await post({ prefix: 'echo', kind: 'explode' })).status).toBe(400);
    expect((await post({ prefix: 'nope', kind: 'error' })).status).toBe(400);
    expect((await post({ prefix: 'echo', kind: 'error', rate: 2 })).status).toBe(400);
  });
});

describe('fault kinds', () => {
  it('429 storm: the next N requests get 429 with Retry-After, then the fault is gone', async () => {
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 0, count: 2 });
    const a = await get('/echo/items');
    const b = await get('/echo/items');
    const c = await get('/echo/items');
    expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
    expect(a.headers.get('retry-after')).toBe('0');
    expect(sb.faults.list()).toEqual([]);
    expect(sb.stats().echo?.faults).toEqual({ rate_limit: 2 });
  });

  it('Retry-After as an HTTP-date, or omitted', async () => {
    sb.faults.set([
      { prefix: 'echo', kind: 'rate_limit', retryAfter: 30, retryAfterFormat: 'http-date', count: 1 },
      { prefix: 'echo', kind: 'rate_limit', retryAfterFormat: 'none', count: 1 },
    ]);
    const dated = await get('/echo/items');
    const at = Date.parse(dated.headers.get('retry-after') ?? '');
    expect(at - Date.now()).toBeGreaterThan(25_000);
    expect(at - Date.now()).toBeLessThanOrEqual(30_000);
    const bare = await get('/echo/items');
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('error, unauthorized and conflict statuses, in the simulator’s own error envelope when it has one', async () => {
    sb.faults.set([
      { prefix: 'enveloped', kind: 'unauthorized', reason: 'expired', count: 1 },
      { prefix: 'enveloped', kind: 'conflict', count: 1 },
      { prefix: 'echo', kind: 'error', status: 503, retryAfter: 5, count: 1 },
      { prefix: 'echo', kind: 'error', body: { custom: true }, count: 1 },
    ]);
    const u = await get('/enveloped/items');
    expect(u.status).toBe(401);
    expect(JSON.parse(u.text)).toEqual({ object: 'error', status: 401, code: 'sim_code', message: 'The access token has expired.' });
    const c = await get('/enveloped/items');
    expect(c.status).toBe(409);
    const e = await get('/echo/items');
    expect(e.status).toBe(503);
    expect(e.headers.get('retry-after')).toBe('5');
    expect(JSON.parse(e.text)).toMatchObject({ status: 503, error: 'Service Unavailable' });
    const custom = await get('/echo/items');
    expect([custom.status, JSON.parse(custom.text)]).toEqual([500, { custom: true }]);
  });

  it('one endpoint or one region down while the others answer (path glob, query, method)', async () => {
    sb.faults.set([
      { prefix: 'echo', kind: 'error', status: 503, path: '/regions/eu*' },
      { prefix: 'echo', kind: 'error', status: 502, query: { site: 'b' } },
      { prefix: 'echo', kind: 'error', status: 500, method: 'POST' },
    ]);
    expect((await get('/echo/regions/eu/items')).status).toBe(503);
    expect((await get('/echo/regions/us/items')).status).toBe(200);
    expect((await get('/echo/items?site=b')).status).toBe(502);
    expect((await get('/echo/items?site=a')).status).toBe(200);
    expect((await fetch(`${base}/echo/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(500);
    expect((await get('/enveloped/regions/eu/items')).status).toBe(200);
  });

  it('a rate hits a seeded, repeatable share of requests', async () => {
    const pattern = async (s: Sandbox, url: string) => {
      s.faults.set({ prefix: 'echo', kind: 'error', rate: 0.5 });
      const out: number[] = [];
      for (let i = 0; i < 20; i += 1) out.push((await fetch(`${url}/echo/items`)).status);
      s.faults.clear();
      return out;
    };
    const first = await pattern(sb, base);
    const twin = await createSandbox({ simulators: [createEchoSimulator()], seed: 42 });
    try {
      const second = await pattern(twin, await twin.listen(0));
      expect(second).toEqual(first);
    } finally {
      await twin.close();
    }
    const failed = first.filter((s) => s === 500).length;
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(17);
  });

  it('malformed JSON: a complete 200 response that does not parse', async () => {
    sb.faults.set({ prefix: 'echo', kind: 'malformed_json', count: 1 });
    const r = await get('/echo/big');
    expect(r.status).toBe(200);
    expect(() => JSON.parse(r.text) as unknown).toThrow();
    const after = (await get('/echo/big')).text;
    expect(() => JSON.parse(after) as unknown).not.toThrow();
  });

  it('truncated body: the full Content-Length is announced, half arrives, the connection closes', async () => {
    sb.faults.set({ prefix: 'echo', kind: 'truncated', count: 1 });
    const r = await raw('/echo/big');
    expect(r.status).toBe(200);
    expect(r.error).toBeDefined();
    expect(r.bytes).toBeGreaterThan(0);
    expect(r.bytes).toBeLessThan(r.length ?? 0);
    const ok = await raw('/echo/big');
    expect(ok.bytes).toBe(ok.length);
  });

  it('hang keeps the connection open without an answer; reset drops it; delay answers late', async () => {
    sb.faults.set([
      { prefix: 'echo', kind: 'hang', count: 1 },
      { prefix: 'echo', kind: 'reset', count: 1 },
      { prefix: 'echo', kind: 'delay', delayMs: 150, count: 1 },
    ]);
    expect(await raw('/echo/items', 300)).toEqual({ bytes: 0, error: 'client timeout' });
    const reset = await raw('/echo/items');
    expect(reset.status).toBeUndefined();
    expect(reset.error).toMatch(/socket hang up|ECONNRESET/);
    const started = Date.now();
    expect((await raw('/echo/items')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('closes promptly while a connection hangs', async () => {
    const s = await createSandbox({ simulators: [createEchoSimulator()] });
    const url = await s.listen(0);
    s.faults.set({ prefix: 'echo', kind: 'hang' });
    const pending = fetch(`${url}/echo/items`).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await s.close();
    expect(await pending).toBeInstanceOf(Error);
  });
});
