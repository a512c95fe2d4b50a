import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { registerConnector } from '../../src/connectors/registry.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { setSchedule } from '../../src/jobs/schedule-store.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { createConnection } from '../../src/store/connection-store.js';
import { createTestDatabase, PG_URL, type TestDatabase } from '../support/databases.js';
import { createSlowConnector } from './fixtures/slow-connector.js';
import {
  EXEC_TABLE_SQL,
  execRows,
  expectKilledSyncConsistent,
  expectNoConcurrentRuns,
  expectTicksRanOnce,
  spawnJobProcess,
  type JobProcess,
} from './job-process-harness.js';
import { waitFor } from './job-test-support.js';

registerConnector(createSlowConnector());

/**
 * Three worker processes (each also running a scheduler) and one scheduler-only process on one PostgreSQL, with
 * second-level schedules: every tick runs once, no key runs twice at once, a SIGKILLed worker's sync is retried and
 * consistent, cancellation reaches the connector, and a missed tick is caught up once.
 */
describe.skipIf(!PG_URL)('jobs across processes [postgres]', () => {
  let tdb: TestDatabase;
  let app: AppContext;
  let queue: JobQueue;
  let dir: string;
  const children: JobProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-jobs-'));
    tdb = await createTestDatabase('postgres');
    app = await createAppContext(
      loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }),
      { db: tdb.db, logger: pino({ level: 'silent' }) },
    );
    await tdb.db.exec(EXEC_TABLE_SQL);
    const conn = (name: string, config: Record<string, unknown>) =>
      createConnection(app.db, app.secrets, { name, connector: 'slowlist', config });
    await conn('slow-kill', { prefix: 'kill-', count: 400, delayMs: 10 });
    await conn('slow-busy', { prefix: 'busy-', count: 30, delayMs: 10 });
    await conn('slow-cancel', { prefix: 'cancel-', count: 5_000, delayMs: 10 });
    queue = await JobQueue.open(tdb.db, { supervise: false, instanceName: 'test-driver' });
  });

  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    await Promise.all(children.map((c) => c.exited));
    await queue?.stop(0);
    await app?.close();
    await tdb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('3 workers + 1 scheduler: ticks once, no double runs, SIGKILL retried and consistent, cancel, missed tick once', async () => {
    const env = { JOBS_DB_URL: tdb.url!, JOBS_TMP_DIR: dir };
    await setSchedule(app.db, { target: 'push:tick-a', cron: '*/2 * * * * *' });
    await setSchedule(app.db, { target: 'model:tick-m', cron: '*/3 * * * * *', timezone: 'Asia/Kolkata' });
    const workers = [0, 1, 2].map(() => spawnJobProcess({ ...env, JOBS_ROLE: 'both' }));
    const scheduler = spawnJobProcess({ ...env, JOBS_ROLE: 'scheduler' });
    children.push(...workers, scheduler);
    await Promise.all(children.map((c) => c.ready));

    // — SIGKILL a worker in the middle of a real sync —
    const killJob = (await queue.enqueue('sync', { connection: 'slow-kill' }))!;
    const victim = await waitFor('the sync to start', async () => (await execRows(app.db)).find((r) => r.job_id === killJob));
    await waitFor('a committed batch', async () => {
      const { rows } = await app.db.query<{ n: number }>(`select count(*)::int as n from records where key like 'kill-%'`);
      return rows[0]!.n >= 100;
    });
    const killedAt = new Date();
    workers.find((w) => w.pid === victim.pid)!.kill('SIGKILL');
    await workers.find((w) => w.pid === victim.pid)!.exited;

    // — the same connection requested many times: coalesced, never concurrent —
    for (let i = 0; i < 6; i++) {
      await queue.enqueue('sync', { connection: 'slow-busy' });
      await sleep(150);
    }

    // — cancel a long sync while it runs —
    const cancelJob = (await queue.enqueue('sync', { connection: 'slow-cancel' }))!;
    await waitFor('the long sync to start', async () => (await execRows(app.db)).find((r) => r.job_id === cancelJob));
    await sleep(1_500);
    expect((await queue.cancel(cancelJob)).state).toBe('cancelled');
    const cancelledRun = await waitFor('the cancelled run to end', async () => {
      const { rows } = await app.db.query<{ status: string }>(`select status from runs where connection_name = 'slow-cancel' and status <> 'running'`);
      return rows[0];
    }, 15_000);
    expect(cancelledRun.status).toBe('cancelled');
    const { rows: cancelState } = await app.db.query(
      `select ss.state from stream_state ss join connections c on c.id = ss.connection_id where c.name = 'slow-cancel' and ss.state is not null`,
    );
    expect(cancelState).toEqual([]); // the cursor did not move

    // — the killed sync is retried by a surviving worker after its lease expires —
    await waitFor('the killed sync to be retried and complete', async () => (await queue.get(killJob))?.state === 'completed', 45_000);
    const killExecs = (await execRows(app.db)).filter((r) => r.job_id === killJob);
    expect(killExecs.length).toBe(2);
    expect(killExecs[1]!.pid).not.toBe(victim.pid);
    await expectKilledSyncConsistent(app.db, 'slow-kill', 'kill-', 400);

    // — stop everyone gracefully, then check every tick and every key —
    await sleep(2_000);
    const stopAt = new Date();
    for (const c of children) c.kill('SIGTERM');
    const codes = await Promise.all(children.filter((c) => c.pid !== victim.pid).map((c) => c.exited));
    expect(codes).toEqual([0, 0, 0]);
    const checkUntil = new Date(stopAt.getTime() - 3_000);
    const a = await expectTicksRanOnce(app.db, 'push:tick-a', 2_000, checkUntil);
    const m = await expectTicksRanOnce(app.db, 'model:tick-m', 3_000, checkUntil);
    expect(a + m).toBeGreaterThanOrEqual(10);
    expectNoConcurrentRuns(await execRows(app.db), [{ pid: victim.pid, at: killedAt }]);
    expect((await queue.list({ kind: 'sync' })).filter((j) => j.data.connection === 'slow-busy').every((j) => j.state === 'completed')).toBe(true);

    // — all schedulers down for a while: on recovery the missed ticks fire once —
    const { rows: lastRows } = await app.db.query<{ last: Date }>(
      `select max(t.tick_at) as last from job_schedule_ticks t join job_schedules s on s.id = t.schedule_id where s.target = 'push:tick-a'`,
    );
    const lastBefore = lastRows[0]!.last;
    await sleep(5_000);
    const again = spawnJobProcess({ ...env, JOBS_ROLE: 'scheduler' });
    children.push(again);
    await again.ready;
    const first = await waitFor('the catch-up tick', async () => {
      const { rows } = await app.db.query<{ tick_at: Date }>(
        `select t.tick_at from job_schedule_ticks t join job_schedules s on s.id = t.schedule_id
          where s.target = 'push:tick-a' and t.tick_at > $1 order by t.tick_at limit 1`,
        [lastBefore],
      );
      return rows[0];
    });
    expect(first.tick_at.getTime() - lastBefore.getTime()).toBeGreaterThanOrEqual(4_000); // occurrences were missed while everything was down…
    const { rows: between } = await app.db.query<{ n: number }>(
      `select count(*)::int as n from job_schedule_ticks t join job_schedules s on s.id = t.schedule_id
        where s.target = 'push:tick-a' and t.tick_at > $1 and t.tick_at <= $2`,
      [lastBefore, first.tick_at],
    );
    expect(between[0]!.n).toBe(1); // …and fired once
    again.kill('SIGTERM');
    expect(await again.exited).toBe(0);
  }, 150_000);
});
