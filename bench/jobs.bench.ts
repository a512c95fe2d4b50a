/**
 * `npm run bench -- jobs [--jobs 2000] [--samples 40] [--concurrency 4] [--pg postgres://…]`
 *
 * No-op job throughput (jobs/s, from a pre-filled queue to the last completion) and enqueue → handler-start latency
 * (idle workers, LISTEN/NOTIFY on), on PGlite (one process) and on PostgreSQL with 1 and 3 workers. The PostgreSQL
 * case runs when --pg or SLUICE_TEST_PG_URL is given; each run uses a throwaway database. The 3 workers are three
 * pg-boss instances with pools of their own in this process (separate processes would add CPU on this 2-core box,
 * not database round trips, which is what bounds a no-op job).
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PgBoss } from 'pg-boss';
import { JobHandlerRegistry } from '../src/jobs/job-handlers.js';
import { JobQueue, SHORT_JOB_BATCH } from '../src/jobs/job-queue.js';
import { openDatabase, type Database } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';

interface Opts {
  readonly jobs: number;
  readonly samples: number;
  readonly concurrency: number;
}

const QUEUE = { superviseIntervalSeconds: 60, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 2, poolMax: 4 } as const;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(db: Database, workers: number, o: Opts): Promise<Record<string, unknown>> {
  const producer = await JobQueue.open(db, { ...QUEUE, supervise: true, instanceName: 'bench-producer' });
  const queues: JobQueue[] = [];
  let done = 0;
  const started = new Map<string, number>();
  const handlers = new JobHandlerRegistry({
    push: async () => {
      done++;
      return {};
    },
    model: async (ctx) => {
      started.set(ctx.id, performance.now());
      return {};
    },
  });
  try {
    // throughput: fill the queue first, then let the workers drain it
    const payloads = Array.from({ length: o.jobs }, (_, i) => ({ destination: `d${i}` }));
    const t0 = performance.now();
    for (let i = 0; i < payloads.length; i += 1_000) await producer.enqueueMany('push', payloads.slice(i, i + 1_000));
    const enqueueMs = performance.now() - t0;
    const t1 = performance.now();
    for (let w = 0; w < workers; w++) {
      const q = w === 0 ? producer : await JobQueue.open(db, { ...QUEUE, supervise: false, instanceName: `bench-worker-${w}` });
      if (w > 0) queues.push(q);
      await q.work(handlers, { concurrency: o.concurrency });
    }
    while (done < o.jobs) await sleep(5);
    const drainMs = performance.now() - t1;

    // latency: one job at a time into idle workers
    const lat: number[] = [];
    for (let i = 0; i < o.samples; i++) {
      const t = performance.now();
      const id = await producer.enqueue('model', { model: `m${i}` });
      if (!id) throw new Error('latency job was not created');
      while (!started.has(id)) await sleep(1);
      lat.push(started.get(id)! - t);
      await sleep(20);
    }
    lat.sort((a, b) => a - b);
    return {
      workers,
      concurrency_per_worker: o.concurrency,
      jobs: o.jobs,
      enqueue_jobs_per_s: Math.round(o.jobs / (enqueueMs / 1000)),
      noop_jobs_per_s: Math.round(o.jobs / (drainMs / 1000)),
      start_latency_ms: { p50: +pct(lat, 50).toFixed(1), p95: +pct(lat, 95).toFixed(1), max: +(lat.at(-1) ?? NaN).toFixed(1) },
    };
  } finally {
    for (const q of queues) await q.stop(1_000);
    await producer.stop(1_000);
  }
}

/**
 * The yardstick: raw pg-boss on its own (same queue settings a pg-boss user would pick for no-op jobs — batches of
 * SHORT_JOB_BATCH, the same local concurrency and polling), draining the same number of pre-filled jobs.
 */
async function rawPgBoss(url: string, o: Opts): Promise<Record<string, unknown>> {
  const boss = new PgBoss({ connectionString: url, max: QUEUE.poolMax, supervise: false, schedule: false });
  boss.on('error', () => undefined);
  await boss.start();
  try {
    await boss.createQueue('raw');
    const t0 = performance.now();
    for (let i = 0; i < o.jobs; i += 1_000) {
      await boss.insert('raw', Array.from({ length: Math.min(1_000, o.jobs - i) }, (_, j) => ({ data: { destination: `d${i + j}` } })));
    }
    const enqueueMs = performance.now() - t0;
    let done = 0;
    const t1 = performance.now();
    await boss.work('raw', { batchSize: SHORT_JOB_BATCH, localConcurrency: o.concurrency, pollingIntervalSeconds: QUEUE.pollingIntervalSeconds }, async (jobs) => {
      done += jobs.length;
    });
    while (done < o.jobs) await sleep(5);
    const drainMs = performance.now() - t1;
    return { jobs: o.jobs, enqueue_jobs_per_s: Math.round(o.jobs / (enqueueMs / 1000)), noop_jobs_per_s: Math.round(o.jobs / (drainMs / 1000)) };
  } finally {
    await boss.stop({ graceful: false, timeout: 1_000 }).catch(() => undefined);
  }
}

async function onPostgres(url: string, workers: number, o: Opts, raw = false): Promise<Record<string, unknown>> {
  const name = `sluice_bench_${randomBytes(4).toString('hex')}`;
  const admin = await openDatabase({ url, poolSize: 1 });
  await admin.exec(`create database ${name}`);
  const u = new URL(url);
  u.pathname = `/${name}`;
  const db = await openDatabase({ url: u.toString(), poolSize: 4 });
  try {
    if (raw) return await rawPgBoss(u.toString(), o);
    await migrate(db);
    return await measure(db, workers, o);
  } finally {
    await db.close();
    await admin.exec(`drop database if exists ${name} with (force)`);
    await admin.close();
  }
}

export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const o: Opts = {
    jobs: Number(opts.jobs ?? 2_000),
    samples: Number(opts.samples ?? 40),
    concurrency: Number(opts.concurrency ?? 4),
  };
  const out: Record<string, unknown> = {};
  const pglite = await openDatabase({ memory: true });
  try {
    await migrate(pglite);
    out.pglite = await measure(pglite, 1, o);
  } finally {
    await pglite.close();
  }
  const url = opts.pg ?? process.env.SLUICE_TEST_PG_URL;
  if (url) {
    out.postgres_1_worker = await onPostgres(url, 1, o);
    out.postgres_raw_pg_boss = await onPostgres(url, 1, o, true);
    out.postgres_3_workers = await onPostgres(url, 3, o);
    const ratio = (out.postgres_1_worker as { noop_jobs_per_s: number }).noop_jobs_per_s / (out.postgres_raw_pg_boss as { noop_jobs_per_s: number }).noop_jobs_per_s;
    out.noop_jobs_vs_raw_pg_boss = { ratio: Number(ratio.toFixed(2)), target: '>= 0.7', met: ratio >= 0.7 };
  } else {
    out.postgres = 'skipped: pass --pg postgres://… or set SLUICE_TEST_PG_URL';
  }
  return out;
}
