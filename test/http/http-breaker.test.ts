import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { SluiceError } from '../../src/core/errors.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createEchoSimulator } from '../sandbox-core/echo-simulator.js';
import { metricValue, testFactory, upstreamName } from './http-test-support.js';

let sb: Sandbox;
const factories: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  sb = await createSandbox({ simulators: [createEchoSimulator()] });
  await sb.listen(0);
});
afterAll(async () => {
  await sb.close();
});
beforeEach(() => {
  sb.reset();
});
afterEach(async () => {
  await Promise.all(factories.splice(0).map((f) => f.close()));
});

const hits = () => sb.stats().echo?.requests ?? 0;
const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof SluiceError ? e.code : String(e)),
  );
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries off, so one call is one attempt and the counts below read plainly. */
function setup(over: Parameters<typeof testFactory>[0] = {}) {
  const t = testFactory({ retries: 0, breakerHalfOpenMs: 300, ...over });
  factories.push(t.factory);
  const upstream = upstreamName('breaker');
  return { ...t, upstream, http: t.factory({ upstream, baseUrl: sb.url('echo') }) };
}

describe('circuit breaker per upstream', () => {
  it('opens after 5 consecutive failures, fails fast while open, half-opens and closes after 3 successes', async () => {
    const { http, factory, upstream, lines } = setup();
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 503 });
    for (let i = 0; i < 5; i += 1) expect(await code(http.request({ path: '/items' }))).toBe('upstream_error');
    expect(http.breakerState()).toBe('open');
    expect(factory.breakerStates()[upstream]).toBe('open');
    expect(await metricValue('sluice_upstream_breaker_state', { upstream })).toBe(2);

    // Open: nothing reaches the upstream.
    expect(await code(http.request({ path: '/items' }))).toBe('circuit_open');
    expect(hits()).toBe(5);

    sb.faults.clear();
    await sleep(350);
    expect(http.breakerState()).toBe('half_open');
    expect(await code(http.request({ path: '/items' }))).toBe('ok');
    expect(http.breakerState()).toBe('half_open');
    expect(await metricValue('sluice_upstream_breaker_state', { upstream })).toBe(1);
    expect(await code(http.request({ path: '/items' }))).toBe('ok');
    expect(http.breakerState()).toBe('half_open');
    expect(await code(http.request({ path: '/items' }))).toBe('ok');
    expect(http.breakerState()).toBe('closed');
    expect(await metricValue('sluice_upstream_breaker_state', { upstream })).toBe(0);
    expect(lines().some((l) => l.includes('circuit breaker opened'))).toBe(true);
    expect(lines().some((l) => l.includes('circuit breaker closed'))).toBe(true);
  });

  it('a failure while half-open opens it again', async () => {
    const { http } = setup({ breakerFailures: 2 });
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 500 });
    await code(http.request({ path: '/items' }));
    await code(http.request({ path: '/items' }));
    expect(http.breakerState()).toBe('open');
    await sleep(350);
    expect(await code(http.request({ path: '/items' }))).toBe('upstream_error');
    expect(http.breakerState()).toBe('open');
    expect(await code(http.request({ path: '/items' }))).toBe('circuit_open');
  });

  it('is shared by every client of the same upstream, and separate per upstream', async () => {
    const t = testFactory({ retries: 0, breakerFailures: 2, breakerHalfOpenMs: 60_000 });
    factories.push(t.factory);
    const name = upstreamName('shared');
    const a = t.factory({ upstream: name, baseUrl: sb.url('echo'), credentialKey: 'one' });
    const b = t.factory({ upstream: name, baseUrl: sb.url('echo'), credentialKey: 'two' });
    const other = t.factory({ upstream: upstreamName('other'), baseUrl: sb.url('echo') });
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 500, path: '/items' });
    await code(a.request({ path: '/items' }));
    await code(a.request({ path: '/items' }));
    expect(await code(b.request({ path: '/regions/us/items' }))).toBe('circuit_open');
    expect(await code(other.request({ path: '/regions/us/items' }))).toBe('ok');
  });

  it('counts 429s after retries and timeouts, but never 4xx answers', async () => {
    const { http } = setup({ breakerFailures: 2, timeoutMs: 100 });
    sb.faults.set({ prefix: 'echo', kind: 'conflict' });
    for (let i = 0; i < 4; i += 1) expect(await code(http.request({ path: '/items' }))).toBe('upstream_rejected');
    sb.faults.clear();
    sb.faults.set({ prefix: 'echo', kind: 'unauthorized' });
    for (let i = 0; i < 3; i += 1) expect(await code(http.request({ path: '/items' }))).toBe('auth_failed');
    expect(http.breakerState()).toBe('closed');
    sb.faults.clear();
    sb.faults.set([
      { prefix: 'echo', kind: 'rate_limit', retryAfter: 0, count: 1 },
      { prefix: 'echo', kind: 'hang', count: 1 },
    ]);
    expect(await code(http.request({ path: '/items' }))).toBe('upstream_rate_limited');
    expect(await code(http.request({ path: '/items' }))).toBe('upstream_timeout');
    expect(http.breakerState()).toBe('open');
  });

  it('a success resets the count of consecutive failures', async () => {
    const { http } = setup({ breakerFailures: 3 });
    for (let round = 0; round < 3; round += 1) {
      sb.faults.set({ prefix: 'echo', kind: 'error', count: 2 });
      await code(http.request({ path: '/items' }));
      await code(http.request({ path: '/items' }));
      expect(await code(http.request({ path: '/items' }))).toBe('ok');
    }
    expect(http.breakerState()).toBe('closed');
  });
});
