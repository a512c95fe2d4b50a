import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config.js';
import { registerConnector } from '../../src/connectors/registry.js';
import { setSchedule } from '../../src/jobs/schedule-store.js';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { startJobRuntime, type JobRuntime } from '../../src/jobs/start-job-runtime.js';
import { createAppContext, type AppContext } from '../../src/main/app-context.js';
import { createConnection } from '../../src/store/connection-store.js';
import { openDatabase } from '../../src/store/database.js';
import { createSlowConnector } from './fixtures/slow-connector.js';
import { createRecordingHandlers } from './fixtures/test-handlers.js';
import {
  EXEC_TABLE_SQL,
  execRows,
  expectKilledSyncConsistent,
  expectNoConcurrentRuns,
  expectTicksRanOnce,
  spawnJobProcess,
  type JobProcess,
} from './job-process-harness.js';
import { FAST_QUEUE, waitFor } from './job-test-support.js';

registerConnector(createSlowConnector());

const SECRET = Buffer.alloc(32, 7).toString('base64');

/**
 * The single-process variant on the embedded database (PGlite serves one process at a time): a worker process is
 * SIGKILLed mid-sync; the next process on the same data folder retries the job after its lease, fails the orphaned
 * run, and the data is whole. Then, in one process with two schedulers: ticks once, no double runs, cancellation, and
 * the ticks missed while no process ran fire once.
 */
describe('jobs on the embedded database [pglite]', () => {
  let dir: string;
  let app: AppContext | undefined;
  let runtime: JobRuntime | undefined;
  let child: JobProcess | undefined;
  const openApp = async () => {
    const db = await openDatabase({ dataDir: dir });
    return createAppContext(loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_BATCH_SIZE: '100', SLUICE_SECRET_KEY: SECRET }), {
      db,
      logger: pino({ level: 'silent' }),
    });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-jobs-embedded-'));
    const setup = await openApp();
    await setup.db.exec(EXEC_TABLE_SQL);
    const conn = (name: string, config: Record<string, unknown>) =>
      createConnection(setup.db, setup.secrets, { name, connector: 'slowlist', config });
    await conn('slow-kill', { prefix: 'kill-', count: 400, delayMs: 10 });
    await conn('slow-busy', { prefix: 'busy-', count: 30, delayMs: 10 });
    await conn('slow-cancel', { prefix: 'cancel-', count: 5_000, delayMs: 10 });
    await setSchedule(setup.db, { target: 'push:tick-a', cron: '*/2 * * * * *' });
    await setup.close();
    await setup.db.close();
  });

  afterAll(async () => {
    child?.kill('SIGKILL');
    await child?.exited;
    await runtime?.stop();
    await app?.close();
    await app?.db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('SIGKILL mid-sync → retried by the next process and consistent; ticks once; cancel; missed ticks once', async () => {
    // — a worker process syncs and is killed in the middle —
    child = spawnJobProcess({ JOBS_DATA_DIR: dir, JOBS_ROLE: 'both', JOBS_ENQUEUE: 'sync:slow-kill' });
    await child.ready;
    const line = await child.waitForLine(/^exec sync slow-kill /);
    const killJob = line.split(' ')[3]!;
    await sleep(1_800); // a batch or more committed, the read still going
    child.kill('SIGKILL');
    await child.exited;
    const killedAt = new Date();
    const victimPid = child.pid;
    await sleep(4_500); // nothing runs for a while: schedule occurrences are missed

    // — the next process on the same folder: worker + scheduler, and a second scheduler racing it —
    app = await openApp();
    const a = app;
    const { rows: lastRows } = await a.db.query<{ last: Date }>(`select max(tick_at) as last from job_schedule_ticks`);
    const lastBefore = lastRows[0]!.last;
    expect(lastBefore).toBeTruthy();
    runtime = await startJobRuntime(a, {
      worker: true,
      scheduler: true,
      concurrency: 2,
      handlers: createRecordingHandlers(a),
      queue: FAST_QUEUE,
      schedulerIntervalMs: 200,
      shutdownGraceMs: 2_000,
    });
    const rival = new Scheduler(a.db, { enqueue: (k, p, o) => runtime!.queue.enqueue(k, p, o), exists: (id) => runtime!.queue.exists(id) }, { instance: 'rival', intervalMs: 150 });
    rival.start();
    const startedAt = new Date();

    for (let i = 0; i < 6; i++) {
      await runtime.enqueue('sync', { connection: 'slow-busy' });
      await sleep(150);
    }
    const cancelJob = (await runtime.enqueue('sync', { connection: 'slow-cancel' }))!;
    await waitFor('the long sync to start', async () => (await execRows(a.db)).find((r) => r.job_id === cancelJob));
    await sleep(1_000);
    expect((await runtime.queue.cancel(cancelJob)).state).toBe('cancelled');
    const cancelled = await waitFor('the cancelled run to end', async () => {
      const { rows } = await a.db.query<{ status: string }>(`select status from runs where connection_name = 'slow-cancel' and status <> 'running'`);
      return rows[0];
    }, 15_000);
    expect(cancelled.status).toBe('cancelled');
    const { rows: cancelState } = await a.db.query(
      `select ss.state from stream_state ss join connections c on c.id = ss.connection_id where c.name = 'slow-cancel' and ss.state is not null`,
    );
    expect(cancelState).toEqual([]);

    await waitFor('the killed sync to be retried and complete', async () => (await runtime!.queue.get(killJob))?.state === 'completed', 45_000);
    await expectKilledSyncConsistent(a.db, 'slow-kill', 'kill-', 400);

    // the ticks missed while no process ran fired once, then every tick ran once
    const { rows: after } = await a.db.query<{ tick_at: Date }>(`select tick_at from job_schedule_ticks where tick_at > $1 order by tick_at`, [lastBefore]);
    expect(after[0]!.tick_at.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() - 2_000);
    expect(after[0]!.tick_at.getTime() - lastBefore.getTime()).toBeGreaterThanOrEqual(4_000);
    await sleep(2_000);
    const stopAt = new Date();
    await rival.stop();
    await runtime.stop();
    runtime = undefined;
    expect(await expectTicksRanOnce(a.db, 'push:tick-a', 2_000, new Date(stopAt.getTime() - 3_000), after[0]!.tick_at)).toBeGreaterThanOrEqual(4);
    expectNoConcurrentRuns(await execRows(a.db), [{ pid: victimPid, at: killedAt }]);
  }, 150_000);
});
