/**
 * `npm run test:soak [-- --minutes N]` (default 30): the demo world on a fast clock against PostgreSQL with three
 * `sluice worker` processes. The simulators move one step every 5 s; the unifi-channels pack runs on a schedule every
 * 20 s (sync → resolve → model → Notion push). Samples every 15 s: each worker's resident memory and the row counts
 * of the growing tables. Checks at the end: every scheduled tick fired exactly once (and ran once), worker memory flat
 * (last quarter within 25 % of the second quarter), no table growing past what the data explains (records bounded by
 * the world, pg-boss jobs bounded by its retention). Needs SLUICE_SOAK_PG_URL or SLUICE_TEST_PG_URL (a server on which
 * it may create a throwaway database). Not part of `npm test`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../src/config/load-config.js';
import { createAppContext } from '../src/main/app-context.js';
import { installPack } from '../src/packs/install-pack.js';
import { setSchedule } from '../src/jobs/schedule-store.js';
import { createSandbox } from '../src/sandbox/sandbox-app.js';
import { openDatabase } from '../src/store/database.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const minutes = Number(arg('minutes', process.env.SLUICE_SOAK_MINUTES ?? '30'));
const base = process.env.SLUICE_SOAK_PG_URL ?? process.env.SLUICE_TEST_PG_URL;
if (!base) {
  process.stderr.write('test:soak needs SLUICE_SOAK_PG_URL (or SLUICE_TEST_PG_URL): a PostgreSQL server it may create a database on\n');
  process.exit(64);
}
if (!Number.isFinite(minutes) || minutes <= 0) throw new Error('--minutes must be a positive number');

const root = join(import.meta.dirname, '..');
const dbName = `sluice_soak_${Date.now().toString(36)}`;
const admin = await openDatabase({ url: base, poolSize: 1 });
await admin.exec(`create database ${dbName}`);
await admin.close();
const url = new URL(base);
url.pathname = `/${dbName}`;
const dir = mkdtempSync(join(tmpdir(), 'sluice-soak-'));
const env: Record<string, string> = { SLUICE_DATA_DIR: dir, SLUICE_DATABASE_URL: url.toString(), SLUICE_LOG_LEVEL: 'warn', SLUICE_DB_POOL_SIZE: '4' };

const sandbox = await createSandbox({ realtime: { stepMs: 5_000 } });
const sandboxUrl = await sandbox.listen(0);
const app = await createAppContext(loadConfig(env), { logger: pino({ level: 'silent' }) });
const installed = await installPack(app, 'unifi-channels', { sandbox: { url: sandboxUrl, credentials: sandbox.credentials() }, set: { 'notion.rate_per_second': '200' } });
if (installed.status !== 'installed') throw new Error(`pack install: ${installed.status}`);
// The pack's own schedule is daily; the soak fires it every 20 s.
await app.db.query("delete from job_schedules where target like 'pack:%'");
const schedule = await setSchedule(app.db, { target: 'pack:unifi-channels', cron: '*/20 * * * * *', source: 'soak' });

const workers: ChildProcess[] = [];
for (let i = 0; i < 3; i++) {
  const w = spawn(process.execPath, [join(root, 'bin/sluice'), 'worker', '--concurrency', '2'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  w.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  w.on('exit', (code, sig) => {
    if (!stopping) process.stderr.write(`worker ${i} exited early (${code ?? sig}):\n${err}\n`);
  });
  workers.push(w);
}
let stopping = false;
const started = Date.now();
const rssMb = (pid: number | undefined) => {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
};
const count = async (table: string) => Number((await app.db.query<{ n: string }>(`select count(*)::text as n from ${table}`)).rows[0]!.n);
const TABLES = ['records', 'changes', 'outbox', 'runs', 'run_logs', 'pack_runs', 'job_schedule_ticks', 'pgboss.job'];
const samples: { t: number; rss: number[]; rows: Record<string, number> }[] = [];
process.stderr.write(`soak: ${minutes} min, 3 workers, PostgreSQL database ${dbName}, pack every 20 s, world step every 5 s\n`);
while (Date.now() - started < minutes * 60_000) {
  await new Promise((r) => setTimeout(r, 15_000));
  const rows: Record<string, number> = {};
  for (const t of TABLES) rows[t] = await count(t).catch(() => NaN);
  const s = { t: Math.round((Date.now() - started) / 1000), rss: workers.map((w) => rssMb(w.pid)), rows };
  samples.push(s);
  process.stderr.write(`t=${s.t}s rss=${s.rss.join('/')} MB ${TABLES.map((t) => `${t}=${rows[t]}`).join(' ')}\n`);
}
stopping = true;
for (const w of workers) w.kill('SIGTERM');
await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.on('exit', r)))));

// Every 20-s occurrence in the window fired once: the primary key makes a second claim impossible, so count them
// against the occurrences and check each tick's job ran once (one pack run per tick, the last may still be running).
const ticks = (await app.db.query<{ tick_at: Date; status: string }>('select tick_at, status from job_schedule_ticks where schedule_id = $1 order by tick_at', [schedule.id])).rows;
// Occurrences from the first tick the schedulers fired (workers take a while to start) to the end.
const expectedTicks = ticks[0] ? Math.floor((Date.now() - ticks[0].tick_at.getTime()) / 20_000) + 1 : 0;
const enqueued = ticks.filter((t) => t.status === 'enqueued').length;
const packRuns = await count("pack_runs where pack_id = 'unifi-channels'");
const packStatuses = (await app.db.query<{ status: string; n: string }>("select status, count(*)::text as n from pack_runs group by status")).rows;
const gaps = ticks.slice(1).map((t, i) => (t.tick_at.getTime() - ticks[i]!.tick_at.getTime()) / 1000).filter((g) => g !== 20);
const quarter = Math.max(1, Math.floor(samples.length / 4));
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const memory = workers.map((_, i) => {
  const early = avg(samples.slice(quarter, 2 * quarter).map((s) => s.rss[i]!));
  const late = avg(samples.slice(-quarter).map((s) => s.rss[i]!));
  return { early: Math.round(early), late: Math.round(late), growth: Number(((late - early) / early).toFixed(3)) };
});
const last = samples.at(-1)!.rows;
const world = sandbox.stats();
const result = {
  minutes, workers: 3, samples: samples.length,
  ticks: { fired: ticks.length, enqueued, coalesced: ticks.length - enqueued, expected_about: expectedTicks, irregular_gaps: gaps, statuses: [...new Set(ticks.map((t) => t.status))] },
  pack_runs: { total: packRuns, by_status: Object.fromEntries(packStatuses.map((r) => [r.status, Number(r.n)])) },
  memory_mb: memory,
  final_rows: last,
  upstream_requests: Object.fromEntries(Object.entries(world).map(([k, v]) => [k, (v as { requests?: number }).requests ?? v])),
};
const problems: string[] = [];
if (gaps.length > 0) problems.push(`ticks missed or doubled: gaps ${gaps.join(', ')} s`);
if (Math.abs(ticks.length - expectedTicks) > 1) problems.push(`${ticks.length} ticks for about ${expectedTicks} occurrences`);
// A tick whose pack run was still waiting is coalesced into it (status `coalesced`); each enqueued tick runs once.
if (packRuns < enqueued - 1 || packRuns > enqueued) problems.push(`${packRuns} pack runs for ${enqueued} enqueued ticks`);
if (ticks.some((t) => t.status === 'claimed')) problems.push('a tick was claimed and never enqueued');
if (last['pgboss.job']! > 3 * ticks.length + 20) problems.push(`pg-boss jobs grow: ${last['pgboss.job']} rows for ${ticks.length} ticks`);
for (const [i, m] of memory.entries()) if (m.growth > 0.25) problems.push(`worker ${i} memory grew ${Math.round(m.growth * 100)} % (${m.early} → ${m.late} MB)`);
process.stdout.write(`${JSON.stringify({ ...result, problems }, null, 2)}\n`);
await app.close();
await sandbox.close();
const a2 = await openDatabase({ url: base, poolSize: 1 });
await a2.exec(`drop database if exists ${dbName} with (force)`);
await a2.close();
rmSync(dir, { recursive: true, force: true });
process.exit(problems.length ? 1 : 0);
