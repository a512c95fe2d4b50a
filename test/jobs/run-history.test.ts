import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createDgiSimulator } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createConnection } from '../../src/store/connection-store.js';
import { bearer, startHarness, type Harness } from '../api/api-harness.js';
import { describeEachDatabase } from '../support/databases.js';

interface Entry { id: string; run_id: string | null; job_id: string | null; connection: string; stream: string; status: string; duration_ms: number | null; fetched: number; error: string | null; range_from: string | null }
interface Totals { connection: string; stream: string; total: number; succeeded: number; failed: number; queued: number; success_rate: number | null; avg_duration_ms: number | null; records_fetched: number }

describeEachDatabase('job history: filters, totals, CSV, cancel and retry', (kind) => {
  let h: Harness;
  let sandbox: Sandbox;
  const sim = createDgiSimulator();
  const now = () => sandbox.clock.now();
  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 9, simulators: [sim] });
    await sandbox.listen(0);
    h = await startHarness(kind, { jobQueue: true });
    h.clock.now = now();
    const [a, b] = sim.credentials();
    await createConnection(h.app.db, h.app.secrets, { name: 'dealer-a', connector: 'dgi', config: { ...a!, base_url: sandbox.url('dgi'), requests_per_second: 100 } });
    await createConnection(h.app.db, h.app.secrets, { name: 'dealer-bad', connector: 'dgi', config: { ...b!, secret_key: 'wrong', base_url: sandbox.url('dgi'), requests_per_second: 100 } });
    expect((await runSync(h.app, { connection: 'dealer-a', streams: ['pkb', 'inv2_read'], now, trigger: 'cli' })).status).toBe('succeeded');
    expect((await runSync(h.app, { connection: 'dealer-bad', streams: ['pkb'], now, trigger: 'cli' })).status).toBe('failed');
    const from = new Date(now().getTime() - 10 * 86_400_000).toISOString();
    expect((await runSync(h.app, { connection: 'dealer-a', streams: ['pkb'], range: { from, to: now().toISOString() }, now, trigger: 'cli' })).status).toBe('succeeded');
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    await sandbox?.close();
  });
  const get = async <T>(url: string) => {
    const r = await h.server.inject({ url, headers: bearer(h.tokens.viewer) });
    expect(r.statusCode, r.body).toBe(200);
    return r.json<T>();
  };

  it('refuses an old range through the API before queueing or requesting anything', async () => {
    sim.reset();
    const r = await h.server.inject({
      method: 'POST', url: '/api/v1/connections/dealer-a/sync', headers: bearer(h.tokens.operator),
      payload: { streams: ['pkb'], from: new Date(now().getTime() - 45 * 86_400_000).toISOString().slice(0, 10) },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'range_refused', message: expect.stringContaining('older than the 30 days') });
    expect((sim.stats() as { requests: number }).requests).toBe(0);
  });

  it('lists one entry per run and stream, with waiting jobs, filtered by dealer, job type, status and date', async () => {
    const q = await h.server.inject({ method: 'POST', url: '/api/v1/connections/dealer-a/sync', headers: bearer(h.tokens.operator), payload: { streams: ['inv2_read'] } });
    expect(q.statusCode).toBe(202);
    const all = (await get<{ items: Entry[] }>('/api/v1/runs/history')).items;
    expect(all.map((e) => `${e.connection}/${e.stream}/${e.status}`).sort()).toEqual([
      'dealer-a/dgi_inv2/queued', 'dealer-a/dgi_inv2/succeeded', 'dealer-a/dgi_pkb/succeeded', 'dealer-a/dgi_pkb/succeeded', 'dealer-bad/dgi_pkb/failed',
    ]);
    const pkbA = (await get<{ items: Entry[] }>('/api/v1/runs/history?connection=dealer-a&stream=pkb')).items;
    expect(pkbA).toHaveLength(2);
    expect(pkbA.filter((e) => e.range_from !== null)).toHaveLength(1);
    for (const e of pkbA) expect(e.duration_ms).toBeGreaterThan(0);
    const failed = (await get<{ items: Entry[] }>('/api/v1/runs/history?status=failed,cancelled')).items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ connection: 'dealer-bad', stream: 'dgi_pkb' });
    expect(failed[0]!.error).toMatch(/token|key|signature/i); // the upstream's own message
    const queued = (await get<{ items: Entry[] }>('/api/v1/runs/history?status=queued')).items;
    expect(queued).toEqual([expect.objectContaining({ connection: 'dealer-a', stream: 'dgi_inv2', run_id: null, job_id: q.json<{ job_id: string }>().job_id })]);
    expect((await get<{ items: Entry[] }>('/api/v1/runs/history?until=2000-01-01')).items).toEqual([]);
    expect((await get<{ items: Entry[] }>(`/api/v1/runs/history?since=${new Date(Date.now() - 3_600_000).toISOString()}&connection=dealer-bad`)).items).toHaveLength(1);
    const page1 = await get<{ items: Entry[]; next_cursor: string | null }>('/api/v1/runs/history?limit=3');
    const page2 = await get<{ items: Entry[]; next_cursor: string | null }>(`/api/v1/runs/history?limit=3&cursor=${page1.next_cursor}`);
    expect([...page1.items, ...page2.items].map((e) => `${e.id}/${e.stream}`)).toEqual(all.map((e) => `${e.id}/${e.stream}`));
    const bad = await h.server.inject({ url: '/api/v1/runs/history?status=done', headers: bearer(h.tokens.viewer) });
    expect(bad.statusCode).toBe(400);

    // Totals per dealer × job type
    const t = await get<{ overall: Totals; items: Totals[] }>('/api/v1/runs/history/totals');
    expect(t.overall).toMatchObject({ total: 5, succeeded: 3, failed: 1, queued: 1, success_rate: 0.75 });
    const aPkb = t.items.find((x) => x.connection === 'dealer-a' && x.stream === 'dgi_pkb')!;
    expect(aPkb).toMatchObject({ total: 2, succeeded: 2, success_rate: 1 });
    expect(aPkb.avg_duration_ms).toBeGreaterThan(0);
    expect(aPkb.records_fetched).toBe(pkbA.reduce((n, e) => n + e.fetched, 0));
    expect(t.items.find((x) => x.connection === 'dealer-bad')).toMatchObject({ total: 1, failed: 1, success_rate: 0 });

    // CSV export matches the same filter
    const csv = await h.server.inject({ url: '/api/v1/runs/history/export?connection=dealer-a&stream=pkb', headers: bearer(h.tokens.viewer) });
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const rows = parse<Record<string, string>>(csv.body, { columns: true });
    expect(rows.map((r) => r.id).sort()).toEqual(pkbA.map((e) => e.id).sort());
    expect(Object.keys(rows[0]!)).toContain('duration_ms');

    // Cancel the waiting job; a finished run cannot be cancelled; the failed run is retried as a new job
    const cancel = await h.server.inject({ method: 'POST', url: `/api/v1/runs/${queued[0]!.id}/cancel`, headers: bearer(h.tokens.operator) });
    expect(cancel.json()).toMatchObject({ cancelled: 'job' });
    expect((await get<{ items: Entry[] }>('/api/v1/runs/history?status=queued')).items).toEqual([]);
    const done = await h.server.inject({ method: 'POST', url: `/api/v1/runs/${pkbA[0]!.id}/cancel`, headers: bearer(h.tokens.operator) });
    expect(done.statusCode).toBe(409);
    const viewerRetry = await h.server.inject({ method: 'POST', url: `/api/v1/runs/${failed[0]!.id}/retry`, headers: bearer(h.tokens.viewer) });
    expect(viewerRetry.statusCode).toBe(403);
    const retry = await h.server.inject({ method: 'POST', url: `/api/v1/runs/${failed[0]!.id}/retry`, headers: bearer(h.tokens.operator) });
    expect(retry.statusCode, retry.body).toBe(200);
    const again = (await get<{ items: Entry[] }>('/api/v1/runs/history?status=queued')).items;
    expect(again).toEqual([expect.objectContaining({ connection: 'dealer-bad', stream: 'dgi_pkb', job_id: retry.json<{ job_id: string }>().job_id })]);
  });
});
