/**
 * dgi-dealers at the seed's scale (issue #13): `npm run bench -- dgi [--dealers 1000] [--per-key 10] [--workers 3]
 * [--concurrency 4] [--days 7] [--serial 20] [--page-rows 5000000] [--page-dealers 1000] [--page-runs 7]
 * [--phases fanout,throughput,page] [--explain] [--keep-db] [--pg postgres://…]` on PostgreSQL (--pg or SLUICE_TEST_PG_URL; a throwaway
 * database, kept with --keep-db). `--phases page --dealers 2` measures the pages alone; `--explain` adds the slowest
 * statements of each page with their EXPLAIN ANALYZE plan nodes.
 *
 * 1. Fan-out: the pack installed against the DGI simulator serving `--dealers` generated dealers (seeded), every dealer
 *    added with `addPackInstance` (its connection and 15 staggered schedules): time per add, schedules, runs per minute
 *    of the hour and per API key — yardstick: the same dealers with one fixed cron per job type (every dealer in the
 *    same minute). Then one minute's ticks are made due and fired by the scheduler (ticks/s).
 * 2. Throughput: one range sync job per dealer (all 15 job types, the last `--days` days) drained by `--workers`
 *    workers × `--concurrency`: jobs/s, dealer × job-type runs/s, records/s, run durations, upstream calls, peak RSS —
 *    yardsticks in the same run: no-op jobs/s on the same workers, and `--serial` dealers synced one after another
 *    without the queue (records/s of one sync at a time).
 * 3. Dashboard pages over a FIXTURE of `--page-rows` workshop invoices (+ NJB / NSC lines) bulk-inserted in SQL from
 *    the synced rows (bench/dgi-page-phase.ts): the page of 50 with its statistics for several filters, p50 / p95 —
 *    yardstick: the same statements replayed bare in the same run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { JobHandlerRegistry } from '../src/jobs/job-handlers.js';
import { JobQueue } from '../src/jobs/job-queue.js';
import { Scheduler } from '../src/jobs/scheduler.js';
import { createSluiceJobHandlers } from '../src/jobs/sluice-job-handlers.js';
import { createAppContext } from '../src/main/app-context.js';
import { addPackInstance, installPack } from '../src/packs/install-pack.js';
import { generatePageFixture, measurePages } from './dgi-page-phase.js';
import { runSync } from '../src/pipeline/run-sync.js';
import { createDgiSimulator, type DgiSimulatorStats } from '../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox } from '../src/sandbox/sandbox-app.js';
import { openDatabase } from '../src/store/database.js';
import { migrate } from '../src/store/migrate.js';
import { freshPgDatabase } from './fresh-pg-database.js';

const num = (v: string | undefined, d: number) => (v === undefined ? d : Number(v));
const QUEUE = { superviseIntervalSeconds: 60, pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 2, poolMax: 4 } as const;
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
const mb = (b: number) => Math.round(b / 1_048_576);

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export async function run(opts: Record<string, string>): Promise<Record<string, unknown>> {
  const dealers = num(opts.dealers, 1000);
  const perKey = num(opts['per-key'], 10);
  const workers = num(opts.workers, 3);
  const concurrency = num(opts.concurrency, 4);
  const days = num(opts.days, 7);
  const serial = Math.min(num(opts.serial, 20), dealers);
  const pageRows = num(opts['page-rows'], 5_000_000);
  const pageDealers = num(opts['page-dealers'], 1000);
  const phases = new Set((opts.phases ?? 'fanout,throughput,page').split(','));
  const base = opts.pg ?? process.env.SLUICE_TEST_PG_URL;
  if (!base) throw new Error('the dgi benchmark runs on PostgreSQL: pass --pg postgres://… or set SLUICE_TEST_PG_URL');

  const dir = mkdtempSync(join(tmpdir(), 'sluice-bench-dgi-'));
  const sim = createDgiSimulator({}, { dealers, seed: 42, dealersPerKey: perKey });
  const sandbox = await createSandbox({ seed: 42, simulators: [sim] });
  const url = await sandbox.listen(0);
  const fresh = await freshPgDatabase(base, 'dgi_bench');
  const db = await openDatabase({ url: fresh.url, poolSize: workers * concurrency + 4 });
  await migrate(db);
  const logger = pino({ level: 'silent' });
  const app = await createAppContext(loadConfig({ SLUICE_DATA_DIR: dir, SLUICE_LOG_LEVEL: 'silent', SLUICE_DATABASE_URL: fresh.url }), { db, logger });
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const queues: JobQueue[] = [];
  try {
    // 1. fan-out
    await installPack(app, 'dgi-dealers', { sandbox: { url, credentials: sandbox.credentials() } });
    const creds = sim.credentials();
    const addMs: number[] = [];
    let respread = 0;
    const t0 = performance.now();
    for (const [i, c] of creds.entries()) {
      const t = performance.now();
      const r = await addPackInstance(app, 'dgi-dealers', 'dealer', `D${c.dealer_id}`, {
        set: { 'dealer.dealer_id': c.dealer_id, 'dealer.dealer_name': c.dealer_name, 'dealer.api_key': c.api_key, 'dealer.secret_key': c.secret_key },
      });
      respread += r.changes.filter((x) => x.kind === 'schedule' && !x.name.startsWith(`sync:D${c.dealer_id}/`)).length;
      addMs.push(performance.now() - t);
      if ((i + 1) % 100 === 0) process.stderr.write(`  ${i + 1} dealers added\n`);
    }
    const addTotal = performance.now() - t0;
    const { rows: sched } = await db.query<{ target: string; cron: string }>(`select target, cron from job_schedules where target like 'sync:%'`);
    const keyOf = new Map(creds.map((c) => [`D${c.dealer_id}`, c.api_key]));
    const perMinute = new Array<number>(60).fill(0);
    const perKeyMinute = new Map<string, number>();
    for (const s of sched) {
      const m = Number(s.cron.split(' ')[0]);
      perMinute[m]! += 1;
      const k = `${keyOf.get(s.target.slice(5).split('/')[0] ?? '')}@${m}`;
      perKeyMinute.set(k, (perKeyMinute.get(k) ?? 0) + 1);
    }
    const sortedAdd = [...addMs].sort((a, b) => a - b);
    // one minute's ticks due now: what the scheduler fires at the top of a busy minute
    await db.query(`update job_schedules set next_due_at = now() - interval '1 second' where cron like '0 %' and target like 'sync:%'`);
    const producer = await JobQueue.open(db, { ...QUEUE, supervise: true, instanceName: 'bench-producer', logger });
    queues.push(producer);
    const scheduler = new Scheduler(db, { enqueue: (k, p, o) => producer.enqueue(k, p, o), exists: (id) => producer.exists(id) }, { instance: 'bench' });
    const tf = performance.now();
    let fired = 0;
    for (let n = await scheduler.fireDue(); n > 0; n = await scheduler.fireDue()) fired += n;
    const fireMs = performance.now() - tf;
    // the fired ticks are not synced here (part 2 syncs every dealer): drop them and park the schedules
    await db.query(`delete from pgboss.job where name like '%sync%' and state in ('created', 'retry')`).catch(() => undefined);
    await db.query(`update job_schedules set paused = true, next_due_at = null`);
    const fanout = {
      dealers: creds.length,
      api_keys: new Set(creds.map((c) => c.api_key)).size,
      schedules: sched.length,
      add_dealer_ms: { total: Math.round(addTotal), avg: round(addTotal / creds.length), p95: round(pct(sortedAdd, 95)), max: round(sortedAdd.at(-1) ?? NaN) },
      schedules_respread_by_adds: respread,
      runs_per_minute: { min: Math.min(...perMinute), max: Math.max(...perMinute), even: round(sched.length / 60) },
      max_runs_per_key_per_minute: Math.max(...perKeyMinute.values()),
      yardstick_unstaggered_max_runs_per_minute: creds.length,
      ratio_peak_vs_unstaggered: round(Math.max(...perMinute) / creds.length, 3),
      scheduler_minute: { ticks_fired: fired, ms: Math.round(fireMs), ticks_per_s: Math.round(fired / (fireMs / 1000)) },
    };
    process.stderr.write(`fan-out: ${JSON.stringify(fanout)}\n`);

    const to = new Date(sandbox.clock.now().getTime());
    const from = new Date(to.getTime() - (days - 1) * 86_400_000);
    const range = { from: ymd(from), to: ymd(to) };
    const throughput = phases.has('throughput') ? await syncAll() : undefined;
    if (!throughput && phases.has('page')) {
      // the page fixture clones synced rows: one dealer's sync is enough
      for (const c of creds.slice(0, 2)) await runSync(app, { connection: `D${c.dealer_id}`, range, trigger: 'bench-serial' });
    }
    let dashboard: Record<string, unknown> | undefined;
    if (phases.has('page')) {
      const fixture = await generatePageFixture(app.db, { invoices: pageRows, dealers: pageDealers, days: 60, anchor: range.to });
      process.stderr.write(`fixture: ${JSON.stringify(fixture)}\n`);
      const weekAgo = ymd(new Date(to.getTime() - 6 * 86_400_000));
      const pages = await measurePages(app.db, { dealer: `FX${String(Math.floor(pageDealers / 2)).padStart(5, '0')}`, from: weekAgo, to: range.to, runs: num(opts['page-runs'], 7), explain: opts.explain !== undefined });
      dashboard = { fixture, pages, peak_rss_mb: mb(peakRss) };
    }
    return { fanout, ...(throughput ? { throughput } : {}), ...(dashboard ? { dashboard } : {}) };

    async function syncAll(): Promise<Record<string, unknown>> {
      // 2. throughput — yardstick a: no-op jobs on the same workers
      let noop = 0;
      const noopHandlers = new JobHandlerRegistry({ push: async () => ((noop += 1), {}) });
      const noopQueues: JobQueue[] = [];
      for (let w = 0; w < workers; w++) {
        const q = await JobQueue.open(db, { ...QUEUE, supervise: false, instanceName: `bench-noop-${w}`, logger });
        noopQueues.push(q);
      }
      const noopJobs = creds.length;
      for (let i = 0; i < noopJobs; i += 500) await producer.enqueueMany('push', Array.from({ length: Math.min(500, noopJobs - i) }, (_, j) => ({ destination: `d${i + j}` })));
      const tn = performance.now();
      for (const q of noopQueues) await q.work(noopHandlers, { concurrency });
      while (noop < noopJobs) await sleep(5);
      const noopMs = performance.now() - tn;
      for (const q of noopQueues) await q.stop(1_000);

      // yardstick b: dealers synced one after another, no queue
      const ts = performance.now();
      let serialRecords = 0;
      for (const c of creds.slice(0, serial)) {
        const s = await runSync(app, { connection: `D${c.dealer_id}`, range, trigger: 'bench-serial' });
        serialRecords += Object.values(s.streams).reduce((n, x) => n + x.fetched, 0);
      }
      const serialMs = performance.now() - ts;

      const simBefore = sim.stats() as unknown as DgiSimulatorStats;
      const jobs = creds.slice(serial).map((c) => ({ connection: `D${c.dealer_id}`, range, trigger: 'bench' }));
      const tj = performance.now();
      for (let i = 0; i < jobs.length; i += 500) await producer.enqueueMany('sync', jobs.slice(i, i + 500));
      const handlers = createSluiceJobHandlers(app, {});
      for (let w = 0; w < workers; w++) {
        const q = await JobQueue.open(db, { ...QUEUE, supervise: false, instanceName: `bench-worker-${w}`, logger });
        queues.push(q);
        await q.work(handlers, { concurrency });
      }
      for (;;) {
        const { rows } = await db.query<{ n: string }>(`select count(*) as n from runs where trigger = 'bench' and finished_at is not null`);
        if (Number(rows[0]?.n ?? 0) >= jobs.length) break;
        await sleep(250);
      }
      const syncMs = performance.now() - tj;
      const simAfter = sim.stats() as unknown as DgiSimulatorStats;
      const { rows: runRows } = await db.query<{ status: string; ms: string; fetched: string; created: string }>(
        `select status, (extract(epoch from (finished_at - started_at)) * 1000)::bigint as ms,
                (select coalesce(sum((v->>'fetched')::bigint), 0) from jsonb_each(streams) e(k, v)) as fetched,
                (select coalesce(sum((v->>'created')::bigint), 0) from jsonb_each(streams) e(k, v)) as created
           from runs where trigger = 'bench'`,
      );
      const durations = runRows.map((r) => Number(r.ms)).sort((a, b) => a - b);
      const fetched = runRows.reduce((n, r) => n + Number(r.fetched), 0);
      const statuses: Record<string, number> = {};
      for (const r of runRows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      const syncJobsPerS = jobs.length / (syncMs / 1000);
      const throughput = {
        workers, concurrency_per_worker: concurrency, range_days: days,
        sync_jobs: jobs.length, statuses,
        wall_s: round(syncMs / 1000),
        sync_jobs_per_s: round(syncJobsPerS, 2),
        dealer_job_type_runs_per_s: round((jobs.length * 15) / (syncMs / 1000)),
        records_fetched: fetched,
        records_created: runRows.reduce((n, r) => n + Number(r.created), 0),
        records_per_s: Math.round(fetched / (syncMs / 1000)),
        run_ms: { p50: pct(durations, 50), p95: pct(durations, 95), max: durations.at(-1) ?? null },
        upstream_calls: simAfter.requests - simBefore.requests,
        upstream_calls_per_s: Math.round((simAfter.requests - simBefore.requests) / (syncMs / 1000)),
        upstream_refusals: Object.values(simAfter.rejected).reduce((a, b) => a + b, 0) - Object.values(simBefore.rejected).reduce((a, b) => a + b, 0),
        yardstick_noop_jobs_per_s: Math.round(noopJobs / (noopMs / 1000)),
        ratio_sync_vs_noop_jobs: round(syncJobsPerS / (noopJobs / (noopMs / 1000)), 4),
        yardstick_serial: { dealers: serial, records_per_s: Math.round(serialRecords / (serialMs / 1000)), dealers_per_s: round(serial / (serialMs / 1000), 2) },
        ratio_records_per_s_vs_serial: round(fetched / (syncMs / 1000) / (serialRecords / (serialMs / 1000)), 2),
        peak_rss_mb: mb(peakRss),
      };
      process.stderr.write(`throughput: ${JSON.stringify(throughput)}\n`);
      for (const q of queues.splice(0)) await q.stop(2_000);
      return throughput;
    }

  } finally {
    clearInterval(rssTimer);
    for (const q of queues) await q.stop(1_000).catch(() => undefined);
    await app.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    await sandbox.close();
    if (opts['keep-db'] === undefined) await fresh.drop().catch(() => undefined);
    else process.stderr.write(`kept the database: ${fresh.url}\n`);
    rmSync(dir, { recursive: true, force: true });
  }
}
