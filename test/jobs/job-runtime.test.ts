import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerConnector } from '../../src/connectors/registry.js';
import { createDestination } from '../../src/destinations/destination-store.js';
import { pauseSchedule, setSchedule } from '../../src/jobs/schedule-store.js';
import { startJobRuntime, type JobRuntime } from '../../src/jobs/start-job-runtime.js';
import { createConnection } from '../../src/store/connection-store.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { createSlowConnector } from './fixtures/slow-connector.js';
import { FAST_QUEUE, waitFor } from './job-test-support.js';

registerConnector(createSlowConnector());

/** The production handlers end to end: a sync job runs runSync, and its changes enqueue the pushes that read them. */
describeEachDatabase('job runtime with the real handlers', (kind) => {
  let t: TestApp;
  let runtime: JobRuntime;
  let server: Server;
  const bodies: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    t = await createTestApp(kind);
    await createConnection(t.app.db, t.app.secrets, { name: 'feed', connector: 'slowlist', config: { prefix: 'f-', count: 5, delayMs: 0 } });
    await createDestination(t.app.db, t.app.secrets, {
      name: 'hook',
      kind: 'webhook',
      config: { url, secret: 'whsec_0123456789abcdef', streams: 'slow_items', backoff_ms: 5 },
    });
    runtime = await startJobRuntime(t.app, { worker: true, scheduler: true, concurrency: 2, queue: FAST_QUEUE, schedulerIntervalMs: 200 });
  });
  afterAll(async () => {
    await runtime?.stop();
    await t?.close();
    await new Promise((r) => server.close(r));
  });

  it('a sync that changed records enqueues a push to each destination reading the stream; an unchanged one does not', async () => {
    const id = (await runtime.enqueue('sync', { connection: 'feed' }))!;
    const sync = await waitFor('the sync job', async () => {
      const j = await runtime.queue.get(id);
      return j?.state === 'completed' || j?.state === 'failed' ? j : undefined;
    });
    expect(sync.state).toBe('completed');
    const out = sync.output as { status: string; run_id: string; pushes: { destination: string; job: string }[] };
    expect(out.status).toBe('succeeded');
    expect(out.pushes.map((p) => p.destination)).toEqual(['hook']);
    const push = await waitFor('the push job', async () => {
      const j = await runtime.queue.get(out.pushes[0]!.job);
      return j?.state === 'completed' || j?.state === 'failed' ? j : undefined;
    });
    expect(push).toMatchObject({ state: 'completed', output: { status: 'succeeded', pushed: 5 } });
    expect(bodies.join('')).toContain('f-4');
    const { rows } = await t.app.db.query<{ trigger: string; status: string }>('select trigger, status from runs where id = $1', [out.run_id]);
    expect(rows[0]).toEqual({ trigger: 'job', status: 'succeeded' });

    const again = (await runtime.enqueue('sync', { connection: 'feed' }))!;
    const second = await waitFor('the second sync', async () => {
      const j = await runtime.queue.get(again);
      return j?.state === 'completed' ? j : undefined;
    });
    expect((second.output as { pushes: unknown[] }).pushes).toEqual([]);
    expect(await runtime.health()).toEqual({ ok: true, depth: 0 });
  });

  it('a scheduled sync runs through the same handler, and a failing one stays visible with its error', async () => {
    await setSchedule(t.app.db, { target: 'sync:feed', cron: '* * * * * *' });
    await waitFor('a scheduled run', async () => {
      const { rows } = await t.app.db.query(`select 1 from runs where trigger = 'schedule' and status = 'succeeded'`);
      return rows.length > 0;
    });
    await pauseSchedule(t.app.db, 'sync:feed');
    const bad = (await runtime.enqueue('sync', { connection: 'no-such-connection' }))!;
    const failed = await waitFor('the failing job', async () => {
      const j = await runtime.queue.get(bad);
      return j?.state === 'failed' ? j : undefined;
    });
    expect(failed.retry_count).toBe(0);
    expect(failed.output).toMatchObject({ code: 'not_found' });
  });
});
