import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { SluiceError } from '../../src/core/errors.js';
import type { HttpRequest } from '../../src/http/http-client.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createEchoSimulator } from '../sandbox-core/echo-simulator.js';
import { metricValue, testFactory, upstreamName } from './http-test-support.js';

let sb: Sandbox;
let echoUrl: string;
const factories: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  sb = await createSandbox({ simulators: [createEchoSimulator()] });
  await sb.listen(0);
  echoUrl = sb.url('echo');
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

function client(label: string, over: Parameters<typeof testFactory>[0] = {}, up: Record<string, unknown> = {}) {
  const t = testFactory(over);
  factories.push(t.factory);
  const upstream = upstreamName(label);
  return { ...t, upstream, http: t.factory({ upstream, baseUrl: echoUrl, ...up }) };
}

/** Requests that reached the sandbox under /echo (faulted ones included). */
const hits = () => sb.stats().echo?.requests ?? 0;

async function failure(p: Promise<unknown>): Promise<SluiceError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SluiceError);
  return err as SluiceError;
}

describe('HTTP layer against sandbox faults', () => {
  it('a 429 storm with Retry-After: 0 is retried at once and then succeeds; retries and 429s are counted', async () => {
    const { http, upstream } = client('429');
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 0, count: 2 });
    const res = await http.request<{ items: unknown[] }>({ path: '/items' });
    expect(res.status).toBe(200);
    expect(res.attempts).toBe(3);
    expect(res.body.items).toHaveLength(3);
    expect(hits()).toBe(3);
    expect(await metricValue('sluice_upstream_retries_total', { upstream })).toBe(2);
    expect(await metricValue('sluice_upstream_rate_limited_total', { upstream })).toBe(2);
    expect(await metricValue('sluice_upstream_requests_total', { upstream, status: '429' })).toBe(2);
    expect(await metricValue('sluice_upstream_requests_total', { upstream, status: '200' })).toBe(1);
    expect(await metricValue('sluice_upstream_request_duration_seconds', { upstream })).toBe(3);
  });

  it('waits the Retry-After in seconds before retrying', async () => {
    const { http } = client('429-seconds');
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 1, count: 1 });
    const started = performance.now();
    await http.request({ path: '/items' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(hits()).toBe(2);
  });

  it('waits the Retry-After given as an HTTP-date', async () => {
    const { http } = client('429-date');
    // HTTP-dates have whole seconds: "2 s from now" is 1–2 s away when the client reads it.
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 2, retryAfterFormat: 'http-date', count: 1 });
    const started = performance.now();
    await http.request({ path: '/items' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('gives up on a lasting 429 after 3 retries with upstream_rate_limited', async () => {
    const { http } = client('429-lasting');
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 0 });
    const err = await failure(http.request({ path: '/items' }));
    expect(err.code).toBe('upstream_rate_limited');
    expect(err.details).toMatchObject({ method: 'GET', path: '/items', status: 429 });
    expect(hits()).toBe(4);
  });

  it('does not wait for a Retry-After longer than the configured maximum', async () => {
    const t = testFactory({}, { maxRetryAfterMs: 1_000 });
    factories.push(t.factory);
    const http = t.factory({ upstream: upstreamName('429-long'), baseUrl: echoUrl });
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 3_600 });
    const err = await failure(http.request({ path: '/items' }));
    expect(err.code).toBe('upstream_rate_limited');
    expect(hits()).toBe(1);
  });

  it('retries 5xx with backoff, then succeeds; a lasting 5xx is upstream_error', async () => {
    const { http, upstream } = client('5xx');
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 502, count: 2 });
    expect((await http.request({ path: '/items' })).attempts).toBe(3);
    expect(await metricValue('sluice_upstream_requests_total', { upstream, status: '502' })).toBe(2);
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 500 });
    const err = await failure(http.request({ path: '/items' }));
    expect(err.code).toBe('upstream_error');
    expect(err.retryable).toBe(true);
    expect(hits()).toBe(3 + 4);
  });

  it('honours a 5xx rate: with half the requests failing, retries carry every call through', async () => {
    const { http, upstream } = client('5xx-rate', { retries: 6 });
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 503, rate: 0.5 });
    for (let i = 0; i < 6; i += 1) expect((await http.request({ path: '/items' })).status).toBe(200);
    const failed = await metricValue('sluice_upstream_requests_total', { upstream, status: '503' });
    expect(failed).toBeGreaterThan(0);
    expect(await metricValue('sluice_upstream_retries_total', { upstream })).toBe(failed);
  });

  it('does not retry when the call says so (non-idempotent writes)', async () => {
    const { http } = client('no-retry');
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 503, count: 1 });
    const err = await failure(http.request({ method: 'POST', path: '/items', json: { a: 1 }, retry: false }));
    expect(err.code).toBe('upstream_error');
    expect(hits()).toBe(1);
  });

  it('times out a hung connection per attempt and retries it: upstream_timeout', async () => {
    const { http, upstream } = client('hang', { timeoutMs: 150, retries: 1 });
    sb.faults.set({ prefix: 'echo', kind: 'hang' });
    const err = await failure(http.request({ path: '/items' }));
    expect(err.code).toBe('upstream_timeout');
    expect(hits()).toBe(2);
    expect(await metricValue('sluice_upstream_requests_total', { upstream, status: 'timeout' })).toBe(2);
    sb.faults.clear();
    sb.faults.set({ prefix: 'echo', kind: 'delay', delayMs: 400, count: 1 });
    expect((await http.request({ path: '/items' })).attempts).toBe(2);
  });

  it('a per-request timeout overrides the upstream default', async () => {
    const { http } = client('timeout-override', { timeoutMs: 5_000, retries: 0 });
    sb.faults.set({ prefix: 'echo', kind: 'delay', delayMs: 500, count: 1 });
    expect((await failure(http.request({ path: '/items', timeoutMs: 100 }))).code).toBe('upstream_timeout');
  });

  it('malformed JSON fails as malformed_response without retrying', async () => {
    const { http } = client('malformed');
    sb.faults.set({ prefix: 'echo', kind: 'malformed_json', count: 1 });
    const err = await failure(http.request({ path: '/big' }));
    expect(err.code).toBe('malformed_response');
    expect(hits()).toBe(1);
    // The same body read as text is handed over as it is.
    sb.faults.set({ prefix: 'echo', kind: 'malformed_json', count: 1 });
    const text = await http.request<string>({ path: '/big', expect: 'text' });
    expect(typeof text.body).toBe('string');
  });

  it('a truncated body is a network error: retried, then upstream_unavailable if it lasts', async () => {
    const { http, upstream } = client('truncated', { retries: 2 });
    sb.faults.set({ prefix: 'echo', kind: 'truncated', count: 1 });
    const ok = await http.request<{ rows: unknown[] }>({ path: '/big' });
    expect(ok.attempts).toBe(2);
    expect(ok.body.rows).toHaveLength(200);
    sb.faults.set({ prefix: 'echo', kind: 'truncated' });
    expect((await failure(http.request({ path: '/big' }))).code).toBe('upstream_unavailable');
    expect(await metricValue('sluice_upstream_requests_total', { upstream, status: 'network_error' })).toBe(4);
  });

  it('a reset connection and a closed port are upstream_unavailable', async () => {
    const { http } = client('reset', { retries: 1 });
    sb.faults.set({ prefix: 'echo', kind: 'reset' });
    expect((await failure(http.request({ path: '/items' }))).code).toBe('upstream_unavailable');
    expect(hits()).toBe(2);
    const t = testFactory({ retries: 0 });
    factories.push(t.factory);
    const closed = t.factory({ upstream: upstreamName('closed'), baseUrl: 'http://127.0.0.1:9/x' });
    expect((await failure(closed.request({ path: '/items' }))).code).toBe('upstream_unavailable');
  });

  it('401 fails fast as auth_failed: no retry, and counted once', async () => {
    const { http } = client('401');
    sb.faults.set({ prefix: 'echo', kind: 'unauthorized', reason: 'expired' });
    const err = await failure(http.request({ path: '/items' }));
    expect(err.code).toBe('auth_failed');
    expect(err.retryable).toBe(false);
    expect(err.details).toMatchObject({ status: 401, path: '/items' });
    // Fail fast: one attempt, no backoff.
    expect(hits()).toBe(1);
    sb.faults.clear();
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 403, count: 1 });
    expect((await failure(http.request({ path: '/items' }))).code).toBe('auth_failed');
  });

  it('401 calls onUnauthorized once; a renewed credential is used for the single retry', async () => {
    let token = 'old-token';
    let renewals = 0;
    const { http } = client('401-renew', {}, {
      authHeaders: () => ({ authorization: `Bearer ${token}` }),
      onUnauthorized: () => {
        renewals += 1;
        token = 'new-token';
        return Promise.resolve(true);
      },
    });
    sb.faults.set({ prefix: 'echo', kind: 'unauthorized', count: 1 });
    const res = await http.request<{ headers: Record<string, string> }>({ path: '/echo' });
    expect(res.body.headers.authorization).toBe('Bearer new-token');
    expect(renewals).toBe(1);
    sb.faults.set({ prefix: 'echo', kind: 'unauthorized' });
    expect((await failure(http.request({ path: '/echo' }))).code).toBe('auth_failed');
    expect(renewals).toBe(2);
    expect(hits()).toBe(2 + 2);
  });

  it('409 and other 4xx are upstream_rejected with status and body, never retried', async () => {
    const { http } = client('409');
    sb.faults.set({ prefix: 'echo', kind: 'conflict', count: 1 });
    const err = await failure(http.request({ method: 'PATCH', path: '/items', json: {} }));
    expect(err.code).toBe('upstream_rejected');
    expect(err.details).toMatchObject({ upstream: expect.stringContaining('409') as unknown, method: 'PATCH', status: 409 });
    expect((err.details as { body: unknown }).body).toMatchObject({ status: 409 });
    const missing = await failure(http.request({ path: '/nowhere' }));
    expect([missing.code, (missing.details as { status: number }).status]).toEqual(['upstream_rejected', 404]);
    expect(hits()).toBe(2);
  });

  it('returns statuses listed in acceptStatus instead of throwing', async () => {
    const { http } = client('accept');
    const res = await http.request({ path: '/nowhere', acceptStatus: [404] });
    expect(res.status).toBe(404);
    sb.faults.set({ prefix: 'echo', kind: 'conflict', count: 1 });
    expect((await http.request({ path: '/items', acceptStatus: [409] })).status).toBe(409);
  });

  it('one region down while the others answer', async () => {
    const { http } = client('region', { retries: 1 });
    sb.faults.set({ prefix: 'echo', kind: 'error', status: 503, path: '/regions/eu/*' });
    expect((await failure(http.request({ path: '/regions/eu/items' }))).code).toBe('upstream_error');
    expect((await http.request({ path: '/regions/us/items' })).status).toBe(200);
  });

  it('sends query, JSON body and headers; absolute URLs are used as they are', async () => {
    const { http } = client('shape', {}, { headers: { 'x-api-key': 'k1' } });
    const res = await http.request<{ headers: Record<string, string>; query: Record<string, string> }>({
      path: '/echo',
      query: { a: 1, b: true, skip: undefined, none: null, s: 'x y' },
      headers: { 'x-extra': 'e' },
    });
    expect(res.body.query).toEqual({ a: '1', b: 'true', s: 'x y' });
    expect(res.body.headers).toMatchObject({ 'x-api-key': 'k1', 'x-extra': 'e', accept: 'application/json' });
    const created = await http.request<{ created: unknown }>({ method: 'POST', path: '/items', json: { n: 1 } });
    expect([created.status, created.body.created]).toEqual([201, { n: 1 }]);
    const abs = await http.request<{ items: unknown[] }>({ path: `${echoUrl}/items` });
    expect(abs.body.items).toHaveLength(3);
  });
});

describe('cancellation', () => {
  it('an abort during a hung request rejects at once with cancelled', async () => {
    const { http } = client('abort-hang', { timeoutMs: 30_000 });
    sb.faults.set({ prefix: 'echo', kind: 'hang' });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 100);
    const started = performance.now();
    const err = await failure(http.request({ path: '/items', signal: ctrl.signal }));
    expect(err.code).toBe('cancelled');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(hits()).toBe(1);
  });

  it('an abort while waiting out a Retry-After rejects without another attempt', async () => {
    const { http } = client('abort-wait');
    sb.faults.set({ prefix: 'echo', kind: 'rate_limit', retryAfter: 30 });
    const ctrl = new AbortController();
    setTimeout(() => ctrl.abort(), 150);
    const err = await failure(http.request({ path: '/items', signal: ctrl.signal }));
    expect(err.code).toBe('cancelled');
    expect(hits()).toBe(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const { http } = client('abort-before');
    const err = await failure(http.request({ path: '/items', signal: AbortSignal.abort() } satisfies HttpRequest));
    expect(err.code).toBe('cancelled');
    expect(hits()).toBe(0);
  });
});

describe('request URLs', () => {
  it('a malformed URL fails as bad_request without quoting it', async () => {
    const t = testFactory();
    factories.push(t.factory);
    const http = t.factory({ upstream: upstreamName('bad-url'), baseUrl: 'not a url' });
    const err = await failure(http.request({ path: '/items', query: { api_key: 'secret-in-query' } }));
    expect(err.code).toBe('bad_request');
    expect(JSON.stringify(err)).not.toContain('secret-in-query');
    expect(err.message).not.toContain('secret-in-query');
  });
});
