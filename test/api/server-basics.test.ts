import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from './api-harness.js';

const promtool = spawnSync('promtool', ['--version']).status === 0;

describeEachDatabase('server basics', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, { env: { SLUICE_CORS_ORIGINS: 'https://ui.example.com', SLUICE_BODY_LIMIT_BYTES: '2048' } });
  });
  afterAll(async () => h?.close());

  it('gives every response a request id (echoing a sane incoming one) and one error shape', async () => {
    const a = await h.server.inject({ url: '/api/v1/nope' });
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.statusCode).toBe(404);
    expect(a.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const b = await h.server.inject({ url: '/health/live', headers: { 'x-request-id': 'abc-123' } });
    expect(b.headers['x-request-id']).toBe('abc-123');
    expect(h.logs.some((l) => l.includes('"request_id":"abc-123"'))).toBe(true);
  });

  it('lists every validation problem in one 400', async () => {
    const r = await h.server.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: bearer(h.tokens.admin),
      payload: { email: 'not-an-email', password: 'short', role: 'king' },
    });
    expect(r.statusCode).toBe(400);
    const e = r.json<{ error: { code: string; details: { problems: string[] } } }>().error;
    expect(e.code).toBe('validation_failed');
    expect(e.details.problems).toHaveLength(3);
    expect(e.details.problems.join(' ')).toMatch(/body\.email.*body\.password.*body\.role/);
  });

  it('limits body size, sets security headers and allows only listed CORS origins', async () => {
    const big = await h.server.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'a@example.com', password: 'x'.repeat(4000) },
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error: { code: 'payload_too_large' } });
    const r = await h.server.inject({ url: '/health/live', headers: { origin: 'https://ui.example.com' } });
    expect(r.headers['access-control-allow-origin']).toBe('https://ui.example.com');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    const evil = await h.server.inject({ url: '/health/live', headers: { origin: 'https://evil.example.com' } });
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('reports liveness and readiness with components', async () => {
    expect((await h.server.inject({ url: '/health/live' })).json()).toEqual({ status: 'ok' });
    const ready = await h.server.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    const names = ready.json<{ components: { name: string; status: string }[] }>().components.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['database', 'disk']));
  });

  it.skipIf(!promtool)('serves /metrics that promtool accepts, with the server and HTTP-layer series', async () => {
    await h.server.inject({ url: '/api/v1/auth/me', headers: bearer(h.tokens.viewer) });
    const r = await h.server.inject({ url: '/metrics' });
    expect(r.headers['content-type']).toMatch(/text\/plain/);
    for (const name of ['sluice_up 1', 'sluice_uptime_seconds', 'sluice_component_healthy{component="database"} 1', 'sluice_http_request_duration_seconds_bucket']) {
      expect(r.body).toContain(name);
    }
    expect(r.body).toMatch(/route="\/api\/v1\/auth\/me"/);
    // Series declared by the pipeline, the job queue and the HTTP layer are listed too.
    for (const name of ['sluice_records_total', 'sluice_sync_runs_total', 'sluice_sync_errors_total', 'sluice_job_queue_depth', 'sluice_upstream_requests_total', 'sluice_upstream_retries_total', 'sluice_upstream_rate_limited_total', 'sluice_upstream_breaker_state']) {
      expect(r.body).toContain(`# TYPE ${name}`);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'prom-')), 'metrics.txt');
    writeFileSync(file, r.body);
    const out = spawnSync('sh', ['-c', `promtool check metrics < ${file}`], { encoding: 'utf8' });
    expect(out.stderr + out.stdout).not.toMatch(/error/i);
    expect(out.status).toBe(0);
  });

  it('serves the same API over a real port', async () => {
    const address = await h.server.listen({ port: 0, host: '127.0.0.1' });
    const r = await fetch(`${address}/api/v1/auth/me`, { headers: bearer(h.tokens.operator) });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toBeTruthy();
    expect(((await r.json()) as { role: string }).role).toBe('operator');
    const docs = await fetch(`${address}/api/v1/docs`);
    expect(await docs.text()).toContain('openapi.json');
  });
});

if (!promtool) {
  describe('promtool', () => {
    it.skip('promtool is not installed (apt-get install prometheus): /metrics format check skipped', () => undefined);
  });
}

describeEachDatabase('rate limits', (kind) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(kind, { env: { SLUICE_RATE_LIMIT_PER_MINUTE: '8' } });
  });
  afterAll(async () => h?.close());

  it('answers 429 with Retry-After and X-RateLimit-* once a client runs out', async () => {
    // The harness's three logins used three points of the IP budget.
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 8; i++) {
      last = await h.server.inject({ url: '/api/v1/streams', headers: bearer(h.tokens.viewer) });
      statuses.push(last.statusCode);
    }
    expect(statuses).toContain(429);
    expect(last?.statusCode).toBe(429);
    expect(last?.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(last?.headers['retry-after'])).toBeGreaterThan(0);
    expect(last?.headers['x-ratelimit-limit']).toBe('8');
    expect(last?.headers['x-ratelimit-remaining']).toBe('0');
    // Probes are never rate limited.
    expect((await h.server.inject({ url: '/health/live' })).statusCode).toBe(200);
  });
});

describeEachDatabase('readiness without a database', (kind) => {
  it('flips to 503 and names the database', async () => {
    const h = await startHarness(kind);
    try {
      await h.tdb.db.close();
      const r = await h.server.inject({ url: '/health/ready' });
      expect(r.statusCode).toBe(503);
      expect(r.json()).toMatchObject({ ready: false, failing: ['database'] });
      expect((await h.server.inject({ url: '/health/live' })).statusCode).toBe(200);
    } finally {
      await h.server.close();
      await h.app.close();
      await h.tdb.drop().catch(() => undefined);
    }
  });
});
