import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import type { Simulator } from '../../src/sandbox/simulator.js';
import { testFactory, upstreamName } from './http-test-support.js';

/** Records when each request arrived and with which credential, to measure the spacing the client kept. */
function arrivalsSimulator(): Simulator & { arrivals: { at: number; key: string }[] } {
  const arrivals: { at: number; key: string }[] = [];
  return {
    prefix: 'clock',
    arrivals,
    register(app) {
      app.get('/tick', async (req) => {
        arrivals.push({ at: performance.now(), key: String(req.headers['x-key'] ?? '') });
        return { ok: true };
      });
    },
    credentials: () => undefined,
    reset: () => arrivals.splice(0),
  };
}

let sb: Sandbox;
let sim: ReturnType<typeof arrivalsSimulator>;
const factories: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  sim = arrivalsSimulator();
  sb = await createSandbox({ simulators: [sim] });
  await sb.listen(0);
});
afterAll(async () => {
  await sb.close();
});
afterEach(async () => {
  sb.reset();
  await Promise.all(factories.splice(0).map((f) => f.close()));
});

/**
 * When the limiter released each request: the moment the HTTP layer called fetch, recorded by a wrapping fetch. (Server
 * arrival times would add each request's own latency — a new connection, a busy event loop on 2 shared cores.)
 */
function recordingFetch() {
  const calls: { at: number; key: string }[] = [];
  const impl: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    calls.push({ at: performance.now(), key: headers.get('x-key') ?? '' });
    return fetch(input, init);
  };
  return { impl, calls };
}

const span = (times: number[]) => Math.max(...times) - Math.min(...times);

describe('rate limiter per credential (in-process)', () => {
  it('spaces requests of one credential at 1/perSecond, concurrent callers included', async () => {
    const rec = recordingFetch();
    const t = testFactory({}, { fetch: rec.impl });
    factories.push(t.factory);
    const http = t.factory({ upstream: upstreamName('rl'), baseUrl: sb.url('clock'), credentialKey: 'tok-a', rateLimit: { perSecond: 10 } });
    await Promise.all(Array.from({ length: 6 }, () => http.request({ path: '/tick' })));
    expect(sim.arrivals).toHaveLength(6);
    const times = rec.calls.map((c) => c.at).sort((a, b) => a - b);
    // 5 intervals of 100 ms = 500 ms, less the jitter between a release and its fetch call on a loaded machine
    // (seen up to ~40 ms on 2 busy cores); unlimited, all six go out within a few ms.
    expect(span(times)).toBeGreaterThanOrEqual(400);
  });

  it('keeps a minimum interval (ui.com: ≥ 200 ms)', async () => {
    const rec = recordingFetch();
    const t = testFactory({}, { fetch: rec.impl });
    factories.push(t.factory);
    const http = t.factory({ upstream: upstreamName('rl-min'), baseUrl: sb.url('clock'), rateLimit: { minIntervalMs: 200 } });
    for (let i = 0; i < 3; i += 1) await http.request({ path: '/tick' });
    expect(span(rec.calls.map((c) => c.at))).toBeGreaterThanOrEqual(340);
  });

  it('shares a bucket between clients of one credential, not between credentials', async () => {
    const rec = recordingFetch();
    const t = testFactory({}, { fetch: rec.impl });
    factories.push(t.factory);
    const make = (key: string) =>
      t.factory({ upstream: 'rl-shared', baseUrl: sb.url('clock'), credentialKey: key, headers: { 'x-key': key }, rateLimit: { perSecond: 10 } });
    const [a1, a2, b] = [make('a'), make('a'), make('b')];
    await Promise.all([
      ...[a1, a2, a1, a2].map((c) => c.request({ path: '/tick' })),
      ...[b, b].map((c) => c.request({ path: '/tick' })),
    ]);
    const of = (key: string) => rec.calls.filter((x) => x.key === key).map((x) => x.at).sort((x, y) => x - y);
    expect(span(of('a'))).toBeGreaterThanOrEqual(240);
    // b's first request did not queue behind a's four.
    expect((of('b')[0] ?? Infinity) - (of('a')[0] ?? 0)).toBeLessThan(250);
  });

  it('keeps working (in-process) when the Redis store is unreachable', async () => {
    const rec = recordingFetch();
    const t = testFactory({}, { fetch: rec.impl, redisUrl: 'redis://127.0.0.1:1', redisKeyPrefix: `sluice-test:${process.pid}:down` });
    factories.push(t.factory);
    const http = t.factory({ upstream: upstreamName('rl-down'), baseUrl: sb.url('clock'), rateLimit: { perSecond: 20 } });
    for (let i = 0; i < 3; i += 1) expect((await http.request({ path: '/tick' })).status).toBe(200);
    expect(span(rec.calls.map((c) => c.at))).toBeGreaterThanOrEqual(60);
    expect(t.lines().some((l) => l.includes('rate-limit store (Redis) unavailable'))).toBe(true);
  });
});
