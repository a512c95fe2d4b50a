import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobQueue } from '../../src/jobs/job-queue.js';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../support/databases.js';
import { FAST_QUEUE } from '../jobs/job-test-support.js';

// A dealer's 15 job types share one singleton key (its connection): under a backlog their ticks must coalesce into the
// waiting run, not be dropped.
describeEachDatabase('dgi job types coalesce under a backlog', (kind) => {
  let tdb: TestDatabase;
  let queue: JobQueue;
  beforeAll(async () => {
    tdb = await createTestDatabase(kind);
    queue = await JobQueue.open(tdb.db, { ...FAST_QUEUE, instanceName: `coalesce-${kind}` }); // no worker: everything waits
  });
  afterAll(async () => {
    await queue.stop(1_000);
    await tdb.drop();
  });

  it('adds a job type to the waiting sync of the same dealer; never into a range run; other dealers queue apart', async () => {
    const first = await queue.enqueue('sync', { connection: 'D1', streams: ['dgi_pkb'] });
    expect(first).not.toBeNull();
    expect(await queue.enqueue('sync', { connection: 'D1', streams: ['dgi_inv2'] })).toBeNull();
    expect(await queue.enqueue('sync', { connection: 'D1', streams: ['dgi_pkb', 'dgi_spk'] })).toBeNull();
    expect((await queue.get(first!))?.data).toMatchObject({ connection: 'D1', streams: ['dgi_inv2', 'dgi_pkb', 'dgi_spk'] });
    expect(await queue.enqueue('sync', { connection: 'D2', streams: ['dgi_inv2'] })).not.toBeNull();

    const range = await queue.enqueue('sync', { connection: 'D3', streams: ['dgi_pkb'], range: { from: '2026-11-01', to: '2026-11-07' } });
    expect(await queue.enqueue('sync', { connection: 'D3', streams: ['dgi_inv2'] })).toBeNull();
    expect((await queue.get(range!))?.data).toMatchObject({ streams: ['dgi_pkb'], range: { from: '2026-11-01', to: '2026-11-07' } });

    // a waiting sync of every stream covers any job type as it is
    const all = await queue.enqueue('sync', { connection: 'D4' });
    expect(await queue.enqueue('sync', { connection: 'D4', streams: ['dgi_inv2'] })).toBeNull();
    expect((await queue.get(all!))?.data).toEqual({ connection: 'D4' });
  });
});
