import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { SluiceError } from '../../src/core/errors.js';
import { metricsRegistry } from '../../src/observability/metrics-registry.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createEchoSimulator } from '../sandbox-core/echo-simulator.js';
import { testFactory, upstreamName } from './http-test-support.js';

let sb: Sandbox;
beforeAll(async () => {
  sb = await createSandbox({ simulators: [createEchoSimulator()] });
  await sb.listen(0);
});
afterAll(async () => {
  await sb.close();
});

describe('HTTP layer observability', () => {
  it('never puts secrets (headers, auth headers, query values, bodies) in logs or error details', async () => {
    const SECRETS = ['sk-static-header-secret', 'bearer-rotating-secret', 'query-api-key-secret', 'body-password-secret'];
    const t = testFactory({ retries: 1 });
    const http = t.factory({
      upstream: upstreamName('redact'),
      baseUrl: sb.url('echo'),
      headers: { 'x-api-key': SECRETS[0] ?? '' },
      authHeaders: () => ({ authorization: `Bearer ${SECRETS[1] ?? ''}` }),
    });
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 503 });
    const err = await http
      .request({ method: 'POST', path: `/items?api_key=${SECRETS[2] ?? ''}`, json: { password: SECRETS[3] } })
      .catch((e: unknown) => e);
    sb.faults.clear();
    await http.request({ path: '/items', query: { api_key: SECRETS[2] } });
    await t.factory.close();

    expect(err).toBeInstanceOf(SluiceError);
    const exposed = [JSON.stringify(err), (err as Error).message, ...t.lines()].join('\n');
    expect(t.lines().length).toBeGreaterThanOrEqual(2);
    expect(exposed).toContain('/items');
    for (const s of SECRETS) expect(exposed).not.toContain(s);
    expect((err as SluiceError).details).toEqual({
      upstream: expect.any(String) as unknown,
      method: 'POST',
      path: '/items',
      status: 503,
      body: expect.anything() as unknown,
    });
  });

  it('exposes the five upstream metrics in the Prometheus text format', async () => {
    const t = testFactory();
    const upstream = upstreamName('metrics');
    const http = t.factory({ upstream, baseUrl: sb.url('echo') });
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 0, count: 1 });
    await http.request({ path: '/items' });
    await t.factory.close();
    const text = await metricsRegistry.metrics();
    expect(text).toContain(`sluice_upstream_requests_total{upstream="${upstream}",status="429"} 1`);
    expect(text).toContain(`sluice_upstream_requests_total{upstream="${upstream}",status="200"} 1`);
    expect(text).toContain(`sluice_upstream_request_duration_seconds_count{upstream="${upstream}"} 2`);
    expect(text).toContain(`sluice_upstream_retries_total{upstream="${upstream}"} 1`);
    expect(text).toContain(`sluice_upstream_rate_limited_total{upstream="${upstream}"} 1`);
    expect(text).toContain(`sluice_upstream_breaker_state{upstream="${upstream}"} 0`);
  });

  it('defines the metrics once even when the module is loaded twice against the same registry', async () => {
    const first = await import('../../src/http/http-metrics.js');
    vi.resetModules();
    vi.doMock('../../src/observability/metrics-registry.js', () => ({ metricsRegistry }));
    const again = await import('../../src/http/http-metrics.js');
    vi.doUnmock('../../src/observability/metrics-registry.js');
    expect(again).not.toBe(first);
    expect(again.upstreamRequestsTotal).toBe(first.upstreamRequestsTotal);
    expect(again.upstreamBreakerState).toBe(first.upstreamBreakerState);
  });
});
