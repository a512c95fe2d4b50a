import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SluiceError } from '../../src/core/errors.js';
import { JobHandlerRegistry, type JobContext } from '../../src/jobs/job-handlers.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { setQueueDepthSource } from '../../src/jobs/job-metrics.js';
import { metricsRegistry } from '../../src/observability/metrics-registry.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { abortableSleep, FAST_QUEUE, waitFor } from './job-test-support.js';

type Behaviour = (ctx: JobContext) => Promise<Record<string, unknown>>;

describeEachDatabase('job queue', (kind) => {
  let tdb: TestDatabase;
  let queue: JobQueue;
  // Each test installs its own behaviour per connection / destination name; unknown names complete at once.
  const behaviours = new Map<string, Behaviour>();
  const nameOf = (ctx: JobContext): string => {
    const p = ctx.payload as { connection?: string; destination?: string; model?: string };
    return p.connection ?? p.destination ?? p.model ?? '';
  };
  const dispatch: Behaviour = async (ctx) => (behaviours.get(nameOf(ctx)) ?? (async () => ({ ok: true })))(ctx);

  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    queue = await JobQueue.open(tdb.db, { ...FAST_QUEUE, instanceName: `test-${kind}` });
    await queue.work(new JobHandlerRegistry({ sync: dispatch, push: dispatch, model: dispatch }), { concurrency: 3 });
  });
  afterAll(async () => {
    await queue.stop(1_000);
    await tdb.drop();
  });

  const settled = (id: string) =>
    waitFor(`job ${id} to settle`, async () => {
      const j = await queue.get(id);
      return j && ['completed', 'failed', 'cancelled'].includes(j.state) ? j : undefined;
    });

  it('runs a job, keeps its output, and lists it', async () => {
    behaviours.set('out', async (ctx) => ({ saw: ctx.payload, attempt: ctx.attempt }));
    const id = (await queue.enqueue('sync', { connection: 'out', streams: ['a'], full: true }))!;
    const job = await settled(id);
    expect(job).toMatchObject({ kind: 'sync', state: 'completed', retry_count: 0, singleton_key: 'sync/out' });
    expect(job.output).toEqual({ saw: { connection: 'out', streams: ['a'], full: true }, attempt: 0 });
    expect((await queue.list({ kind: 'sync' })).map((j) => j.id)).toContain(id);
  });

  it('never runs the same connection twice at once; other connections run in parallel; a third request coalesces', async () => {
    const active = new Map<string, number>();
    let maxSame = 0;
    let maxAll = 0;
    const slow: Behaviour = async (ctx) => {
      const n = nameOf(ctx);
      active.set(n, (active.get(n) ?? 0) + 1);
      maxSame = Math.max(maxSame, active.get(n)!);
      maxAll = Math.max(maxAll, [...active.values()].reduce((a, b) => a + b, 0));
      await sleep(400);
      active.set(n, active.get(n)! - 1);
      return {};
    };
    behaviours.set('one', slow);
    behaviours.set('two', slow);
    const a1 = await queue.enqueue('sync', { connection: 'one' });
    await waitFor('first job active', async () => (await queue.get(a1!))?.state === 'active');
    const a2 = await queue.enqueue('sync', { connection: 'one' });
    const a3 = await queue.enqueue('sync', { connection: 'one' });
    const b1 = await queue.enqueue('sync', { connection: 'two' });
    expect(a2).not.toBeNull();
    expect(a3).toBeNull(); // one active and one waiting already cover it
    for (const id of [a1!, a2!, b1!]) expect((await settled(id)).state).toBe('completed');
    expect(maxSame).toBe(1);
    expect(maxAll).toBe(2);
    const [j1, j2] = [await queue.get(a1!), await queue.get(a2!)];
    expect(j2!.started_on!.getTime()).toBeGreaterThanOrEqual(j1!.completed_on!.getTime());
  });

  it('retries retryable errors with backoff until they succeed', async () => {
    behaviours.set('flaky', async (ctx) => {
      if (ctx.attempt < 2) throw new SluiceError('upstream_unavailable', `503 on attempt ${ctx.attempt}`);
      return { attempt: ctx.attempt };
    });
    const id = (await queue.enqueue('push', { destination: 'flaky' }))!;
    const job = await settled(id);
    expect(job).toMatchObject({ state: 'completed', retry_count: 2, output: { attempt: 2 } });
  });

  it('fails non-retryable errors at once and keeps the error visible', async () => {
    behaviours.set('broken', async () => {
      throw new SluiceError('connector_config_invalid', 'api_key is missing');
    });
    behaviours.set('bug', async () => {
      throw new TypeError('x is undefined');
    });
    const a = (await queue.enqueue('sync', { connection: 'broken' }))!;
    const b = (await queue.enqueue('sync', { connection: 'bug' }))!;
    const ja = await settled(a);
    const jb = await settled(b);
    expect(ja).toMatchObject({ state: 'failed', retry_count: 0, output: { code: 'connector_config_invalid', message: 'api_key is missing', retryable: false } });
    expect(jb).toMatchObject({ state: 'failed', retry_count: 0, output: { code: 'internal', message: 'x is undefined' } });
    expect((await queue.list({ state: 'failed' })).map((j) => j.id)).toEqual(expect.arrayContaining([a, b]));
  });

  it('cancels a running job: the handler sees its signal abort, the job ends cancelled', async () => {
    let aborted: unknown;
    behaviours.set('long', async (ctx) => {
      try {
        await abortableSleep(30_000, ctx.signal);
      } catch {
        aborted = ctx.signal.reason;
      }
      throw new SluiceError('cancelled', 'stopped');
    });
    const id = (await queue.enqueue('sync', { connection: 'long' }))!;
    await waitFor('job active', async () => (await queue.get(id))?.state === 'active');
    const after = await queue.cancel(id);
    expect(after.state).toBe('cancelled');
    await waitFor('handler abort', async () => aborted !== undefined);
    await sleep(300);
    expect((await queue.get(id))!.state).toBe('cancelled');
    await expect(queue.cancel(id)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('a cancel from another process reaches the running handler through its heartbeat', async () => {
    let abortedAt = 0;
    behaviours.set('remote', async (ctx) => {
      await abortableSleep(30_000, ctx.signal).catch(() => {
        abortedAt = Date.now();
      });
      return {};
    });
    const other = await JobQueue.open(tdb.db, { ...FAST_QUEUE, supervise: false, instanceName: `other-${kind}` });
    try {
      const id = (await queue.enqueue('sync', { connection: 'remote' }))!;
      await waitFor('job active', async () => (await queue.get(id))?.state === 'active');
      const cancelledAt = Date.now();
      await other.cancel(id);
      await waitFor('remote abort', async () => abortedAt > 0, 10_000);
      expect(abortedAt - cancelledAt).toBeLessThan(5_000);
      expect((await queue.get(id))!.state).toBe('cancelled');
    } finally {
      await other.stop(500);
    }
  });

  it('a job that outruns its kind timeout is aborted and failed; retry() runs it again', async () => {
    let calls = 0;
    behaviours.set('slowmodel', async (ctx) => {
      calls++;
      if (calls === 1) await abortableSleep(30_000, ctx.signal).catch(() => undefined);
      return { calls };
    });
    const id = (await queue.enqueue('model', { model: 'slowmodel' }))!;
    const failed = await settled(id);
    expect(failed.state).toBe('failed');
    expect(JSON.stringify(failed.output)).toMatch(/exceeded 2s|timed out/); // the worker's own timer or the supervisor, whichever is first
    const again = await queue.retry(id);
    expect(['created', 'retry', 'active', 'completed']).toContain(again.state);
    await waitFor('retried job to complete', async () => (await queue.get(id))?.state === 'completed');
    expect(calls).toBe(2);
    await expect(queue.retry(id)).rejects.toMatchObject({ code: 'conflict' });
    await expect(queue.cancel('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('reports the waiting depth per kind on the metrics registry', async () => {
    // resolve has no handler in this process, so its jobs wait
    await queue.enqueue('resolve', { entityType: 'company' });
    await queue.enqueue('resolve', { entityType: 'person' });
    expect(await queue.depth()).toBeGreaterThanOrEqual(2);
    setQueueDepthSource(() => queue.depthByKind());
    const text = await metricsRegistry.getSingleMetricAsString('sluice_job_queue_depth');
    expect(text).toMatch(/sluice_job_queue_depth\{kind="resolve",state="waiting"\} 2/);
    setQueueDepthSource(undefined);
  });

  it('a worker shutting down hands its running job back; another worker finishes it', async () => {
    const seen: { attempt: number; by: string }[] = [];
    const handler = (by: string): Behaviour => async (ctx) => {
      if ((ctx.payload as { entityType: string }).entityType !== 'handback') return {}; // jobs left by other tests
      seen.push({ attempt: ctx.attempt, by });
      if (by === 'leaving') await abortableSleep(30_000, ctx.signal).catch(() => undefined);
      return { by };
    };
    const leaving = await JobQueue.open(tdb.db, { ...FAST_QUEUE, supervise: false, instanceName: `leaving-${kind}` });
    // `resolve` has no handler in the shared queue, so only these two workers take the job
    await leaving.work(new JobHandlerRegistry({ resolve: handler('leaving') }), { concurrency: 1 });
    const id = (await leaving.enqueue('resolve', { entityType: 'handback' }))!;
    await waitFor('the leaving worker to start it', async () => seen.length === 1);
    await leaving.stop(300);
    const handedBack = await queue.get(id);
    expect(handedBack).toMatchObject({ state: 'retry', output: { code: 'worker_shutdown' } });
    const staying = await JobQueue.open(tdb.db, { ...FAST_QUEUE, supervise: false, instanceName: `staying-${kind}` });
    try {
      await staying.work(new JobHandlerRegistry({ resolve: handler('staying') }), { concurrency: 1 });
      const done = await settled(id);
      expect(done).toMatchObject({ state: 'completed', retry_count: 1, output: { by: 'staying' } });
      expect(seen.map((s) => s.by)).toEqual(['leaving', 'staying']);
    } finally {
      await staying.stop(500);
    }
  });

  it('rejects an invalid payload before anything is stored', async () => {
    await expect(queue.enqueue('sync', { connection: '' })).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
