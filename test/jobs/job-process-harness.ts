import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { SqlExecutor } from '../../src/store/database.js';

const FIXTURE = join(import.meta.dirname, 'fixtures/job-process.ts');

export interface JobProcess {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly ready: Promise<void>;
  readonly exited: Promise<number | null>;
  output(): string;
  /** Resolves when a stdout line matching `re` appears. */
  waitForLine(re: RegExp, timeoutMs?: number): Promise<string>;
  kill(signal: NodeJS.Signals): void;
}

/** Starts `node --import tsx fixtures/job-process.ts` with the given JOBS_* environment. */
export function spawnJobProcess(env: Record<string, string>): JobProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  proc.stdout.setEncoding('utf8').on('data', (d: string) => {
    out += d;
    for (const line of d.split('\n')) {
      for (const w of [...waiters]) {
        if (w.re.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    }
  });
  proc.stderr.setEncoding('utf8').on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const waitForLine = (re: RegExp, timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const hit = out.split('\n').find((l) => re.test(l));
      if (hit) return resolve(hit);
      const t = setTimeout(() => reject(new Error(`process ${proc.pid} printed no ${re} in ${timeoutMs} ms; stderr:\n${err.slice(-3000)}`)), timeoutMs);
      waiters.push({ re, resolve: (l) => { clearTimeout(t); resolve(l); } });
      void exited.then((code) => { clearTimeout(t); reject(new Error(`process ${proc.pid} exited (${code}) before ${re}; stderr:\n${err.slice(-3000)}`)); });
    });
  const ready = waitForLine(/^ready$/).then(() => undefined);
  return {
    proc,
    pid: proc.pid!,
    ready,
    exited,
    output: () => `${out}\n--- stderr ---\n${err}`,
    waitForLine,
    kill: (signal) => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
  };
}

export const EXEC_TABLE_SQL = `create table job_test_exec (
  id bigserial primary key, job_id uuid not null, kind text not null, name text not null, pid int not null, attempt int not null,
  started_at timestamptz not null default clock_timestamp(), finished_at timestamptz, outcome text)`;

interface ExecRow { job_id: string; kind: string; name: string; pid: number; attempt: number; started_at: Date; finished_at: Date | null; outcome: string | null }

export async function execRows(db: SqlExecutor): Promise<ExecRow[]> {
  return (await db.query<ExecRow>('select job_id::text as job_id, kind, name, pid, attempt, started_at, finished_at, outcome from job_test_exec order by started_at')).rows;
}

/** No two attempts for the same singleton name overlap in time (a killed attempt ends at `killedAt`). */
export function expectNoConcurrentRuns(rows: ExecRow[], killed: { pid: number; at: Date }[] = []): void {
  const end = (r: ExecRow) => r.finished_at ?? killed.find((k) => k.pid === r.pid)?.at ?? new Date(8.64e15);
  const byName = new Map<string, ExecRow[]>();
  for (const r of rows) byName.set(`${r.kind}/${r.name}`, [...(byName.get(`${r.kind}/${r.name}`) ?? []), r]);
  for (const [name, list] of byName) {
    const sorted = [...list].sort((a, b) => a.started_at.getTime() - b.started_at.getTime());
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      expect(cur.started_at.getTime(), `${name}: attempt ${cur.job_id} started before ${prev.job_id} ended`).toBeGreaterThanOrEqual(end(prev).getTime());
    }
  }
}

/**
 * Every tick of `target` up to `until` fired once, on its cron grid without gaps, and its job completed exactly once
 * (or, when the previous tick's job was still waiting, was coalesced into that job, which then started after it).
 * Returns how many ticks were checked.
 */
export async function expectTicksRanOnce(db: SqlExecutor, target: string, periodMs: number, until: Date, from = new Date(0)): Promise<number> {
  const { rows: ticks } = await db.query<{ tick_at: Date; job_id: string; status: string }>(
    `select t.tick_at, t.job_id::text as job_id, t.status from job_schedule_ticks t join job_schedules s on s.id = t.schedule_id
      where s.target = $1 and t.tick_at <= $2 and t.tick_at >= $3 order by t.tick_at`,
    [target, until, from],
  );
  expect(ticks.length, `${target} ticks`).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < ticks.length; i++) {
    expect(ticks[i]!.tick_at.getTime() - ticks[i - 1]!.tick_at.getTime(), `${target} gap before ${ticks[i]!.tick_at.toISOString()}`).toBe(periodMs);
  }
  const rows = await execRows(db);
  const { rows: jobs } = await db.query<{ id: string; state: string }>(
    `select id::text as id, state::text as state from pgboss.job where id = any($1::uuid[])`,
    [ticks.map((t) => t.job_id)],
  );
  const name = target.slice(target.indexOf(':') + 1);
  for (const t of ticks) {
    if (t.status === 'coalesced') {
      // The previous tick's job was still waiting (workers busy), so it covers this occurrence: it must start after it.
      expect(rows.some((r) => r.name === name && r.outcome === 'completed' && r.started_at.getTime() >= t.tick_at.getTime()), `${target} ${t.tick_at.toISOString()} covered`).toBe(true);
      continue;
    }
    expect(t.status, `${target} ${t.tick_at.toISOString()}`).toBe('enqueued');
    expect(jobs.find((j) => j.id === t.job_id)?.state, `job of ${target} ${t.tick_at.toISOString()}`).toBe('completed');
    expect(rows.filter((r) => r.job_id === t.job_id && r.outcome === 'completed'), `completed runs of ${t.job_id}`).toHaveLength(1);
  }
  return ticks.length;
}

/** The killed sync was retried elsewhere, its orphaned run failed, and the data is whole: no gaps, no duplicates. */
export async function expectKilledSyncConsistent(db: SqlExecutor, connection: string, prefix: string, count: number): Promise<void> {
  const { rows: runs } = await db.query<{ status: string; error: { code?: string } | null }>(
    `select status, error from runs where connection_name = $1 order by started_at`,
    [connection],
  );
  expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
  expect(runs[0]!.error?.code).toBe('interrupted');
  const one = async (sql: string, params: unknown[]) => (await db.query<{ n: number }>(sql, params)).rows[0]!.n;
  expect(await one(`select count(*)::int as n from records where key like $1 || '%'`, [prefix])).toBe(count);
  expect(await one(`select count(*)::int as n from changes where kind = 'created' and key like $1 || '%'`, [prefix])).toBe(count);
  expect(await one(`select count(*)::int as n from (select key from changes where key like $1 || '%' group by key having count(*) > 1) d`, [prefix])).toBe(0);
  const { rows: st } = await db.query<{ state: unknown }>(
    `select ss.state from stream_state ss join connections c on c.id = ss.connection_id where c.name = $1`,
    [connection],
  );
  expect(st[0]?.state).toBe(count - 1);
}
