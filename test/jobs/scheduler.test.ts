import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { JobKind, JobPayload } from '../../src/jobs/job-kinds.js';
import { JobQueue } from '../../src/jobs/job-queue.js';
import {
  getSchedule,
  listScheduleTicks,
  listSchedules,
  pauseSchedule,
  removeSchedule,
  resumeSchedule,
  setSchedule,
} from '../../src/jobs/schedule-store.js';
import { Scheduler, tickJobId, type TickEnqueuer } from '../../src/jobs/scheduler.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';

/** Records every enqueue; stands in for the queue where only the scheduler is under test. */
function recordingEnqueuer(): TickEnqueuer & { calls: { kind: JobKind; payload: JobPayload; id: string }[] } {
  const calls: { kind: JobKind; payload: JobPayload; id: string }[] = [];
  return {
    calls,
    enqueue: async (kind, payload, opts) => {
      calls.push({ kind, payload, id: opts.id });
      return opts.id;
    },
    exists: async (id) => calls.some((c) => c.id === id),
  };
}

describeEachDatabase('schedules', (kind) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
  });
  afterAll(async () => tdb.drop());
  beforeEach(async () => {
    await tdb.db.query('delete from job_schedules');
  });

  it('set, list, pause, resume and remove through the store (what the CLI and API call)', async () => {
    const s = await setSchedule(tdb.db, { target: 'sync:dealer-12/invoices', cron: '0 6 * * *', timezone: 'Europe/Paris', source: 'cli' });
    expect(s).toMatchObject({ target: 'sync:dealer-12/invoices', kind: 'sync', timezone: 'Europe/Paris', paused: false });
    expect(s.payload).toEqual({ connection: 'dealer-12', streams: ['invoices'], trigger: 'schedule' });
    // 06:00 in Paris is 05:00 or 04:00 UTC
    expect([4, 5]).toContain(s.next_due_at!.getUTCHours());
    const replaced = await setSchedule(tdb.db, { target: 'sync:dealer-12/invoices', cron: '30 7 * * 1-5', timezone: 'UTC' });
    expect(replaced.id).toBe(s.id);
    expect(replaced).toMatchObject({ cron: '30 7 * * 1-5', source: 'cli' });
    expect((await listSchedules(tdb.db)).map((x) => x.target)).toEqual(['sync:dealer-12/invoices']);
    expect((await pauseSchedule(tdb.db, 'sync:dealer-12/invoices')).next_due_at).toBeNull();
    const resumed = await resumeSchedule(tdb.db, s.id);
    expect(resumed.paused).toBe(false);
    expect(resumed.next_due_at!.getTime()).toBeGreaterThan(Date.now());
    await removeSchedule(tdb.db, 'sync:dealer-12/invoices');
    expect(await getSchedule(tdb.db, 'sync:dealer-12/invoices')).toBeUndefined();
    await expect(pauseSchedule(tdb.db, 'push:nope')).rejects.toMatchObject({ code: 'not_found' });
    await expect(setSchedule(tdb.db, { target: 'sync:x', cron: '0 6 * * *', timezone: 'Nowhere/Land' })).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('two schedulers racing on every tick fire each occurrence exactly once, with no gaps', async () => {
    await setSchedule(tdb.db, { target: 'push:race', cron: '*/2 * * * * *' });
    const q = recordingEnqueuer();
    const a = new Scheduler(tdb.db, q, { instance: 'a', intervalMs: 150 });
    const b = new Scheduler(tdb.db, q, { instance: 'b', intervalMs: 150 });
    a.start();
    b.start();
    await sleep(7_000);
    await Promise.all([a.stop(), b.stop()]);
    const ticks = (await listScheduleTicks(tdb.db, 'push:race')).reverse();
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    expect(q.calls.length).toBe(ticks.length);
    expect(new Set(q.calls.map((c) => c.id)).size).toBe(q.calls.length);
    expect(ticks.every((t) => t.status === 'enqueued')).toBe(true);
    for (let i = 1; i < ticks.length; i++) expect(ticks[i]!.tick_at.getTime() - ticks[i - 1]!.tick_at.getTime()).toBe(2_000);
    expect(q.calls[0]).toMatchObject({ kind: 'push', payload: { destination: 'race', trigger: 'schedule' } });
  });

  it('after downtime a missed tick runs once, at the latest occurrence', async () => {
    const s = await setSchedule(tdb.db, { target: 'model:*', cron: '* * * * * *' });
    await sleep(3_300); // three occurrences pass with no scheduler running
    const q = recordingEnqueuer();
    const sch = new Scheduler(tdb.db, q, { instance: 'late' });
    expect(await sch.fireDue()).toBe(1);
    expect(await sch.fireDue()).toBe(0);
    const ticks = await listScheduleTicks(tdb.db, s.id);
    expect(ticks).toHaveLength(1);
    expect(ticks[0]!.tick_at.getTime()).toBeGreaterThanOrEqual(s.next_due_at!.getTime() + 2_000);
    const after = await getSchedule(tdb.db, s.id);
    expect(after!.next_due_at!.getTime()).toBeGreaterThan(ticks[0]!.tick_at.getTime());
  });

  it('a paused schedule does not fire, and resuming does not back-fire the pause', async () => {
    await setSchedule(tdb.db, { target: 'resolve:company', cron: '* * * * * *' });
    await pauseSchedule(tdb.db, 'resolve:company');
    await sleep(2_200);
    const q = recordingEnqueuer();
    const sch = new Scheduler(tdb.db, q, { instance: 'p' });
    expect(await sch.fireDue()).toBe(0);
    await resumeSchedule(tdb.db, 'resolve:company');
    expect(await sch.fireDue()).toBe(0);
    await sleep(1_200);
    expect(await sch.fireDue()).toBe(1);
  });

  it('a tick claimed by a process that died before enqueueing is enqueued once by another', async () => {
    const queue = await JobQueue.open(tdb.db, { supervise: false, instanceName: `orphans-${kind}` });
    try {
      const s = await setSchedule(tdb.db, { target: 'sync:orphan', cron: '0 6 * * *' });
      const tick = new Date('2026-11-20T06:00:00Z');
      const jobId = tickJobId(s.id, tick);
      await tdb.db.query(
        `insert into job_schedule_ticks (schedule_id, tick_at, job_id, claimed_by, claimed_at) values ($1, $2, $3, 'dead', now() - interval '5 minutes')`,
        [s.id, tick, jobId],
      );
      const enq = { enqueue: (k: JobKind, p: JobPayload, o: { id: string }) => queue.enqueue(k, p, o), exists: (id: string) => queue.exists(id) };
      const sch = new Scheduler(tdb.db, enq, { instance: 'rescuer', orphanAfterSeconds: 30 });
      expect(await sch.recoverOrphans()).toBe(1);
      expect(await sch.recoverOrphans()).toBe(0);
      // a second rescuer racing on the same stale row cannot make a second job: the id is derived from the tick
      await queue.enqueue('sync', { connection: 'orphan', trigger: 'schedule' }, { id: jobId });
      const jobs = await queue.list({ kind: 'sync' });
      expect(jobs.filter((j) => j.id === jobId)).toHaveLength(1);
      expect((await listScheduleTicks(tdb.db, s.id))[0]).toMatchObject({ status: 'enqueued', job_id: jobId });
    } finally {
      await queue.stop(500);
    }
  });

  it('a tick whose work is already waiting is recorded as coalesced, not queued twice', async () => {
    const queue = await JobQueue.open(tdb.db, { supervise: false, instanceName: `coalesce-${kind}` });
    try {
      await setSchedule(tdb.db, { target: 'sync:busy', cron: '* * * * * *' });
      const enq = { enqueue: (k: JobKind, p: JobPayload, o: { id: string }) => queue.enqueue(k, p, o), exists: (id: string) => queue.exists(id) };
      const sch = new Scheduler(tdb.db, enq, { instance: 'c' });
      await sleep(1_100);
      expect(await sch.fireDue()).toBe(1);
      await sleep(1_100);
      expect(await sch.fireDue()).toBe(1);
      const ticks = await listScheduleTicks(tdb.db, 'sync:busy');
      expect(ticks.map((t) => t.status)).toEqual(['coalesced', 'enqueued']);
      expect((await queue.list({ kind: 'sync', state: 'created' })).filter((j) => j.singleton_key === 'sync/busy')).toHaveLength(1);
    } finally {
      await queue.stop(500);
    }
  });
});
