import { SluiceError } from '../core/errors.js';
import type { SqlExecutor } from '../store/database.js';
import { assertCron, nextOccurrence } from './cron-occurrence.js';
import type { JobKind, JobPayload } from './job-kinds.js';
import { parseScheduleTarget } from './schedule-target.js';

/** A schedule as the CLI and the API show it. */
export interface JobSchedule {
  readonly id: string;
  readonly target: string;
  readonly kind: JobKind;
  readonly payload: JobPayload;
  readonly cron: string;
  readonly timezone: string;
  readonly paused: boolean;
  readonly source: string | null;
  readonly last_tick_at: Date | null;
  readonly next_due_at: Date | null;
  readonly created_at: Date;
  readonly updated_at: Date;
}

export interface SetScheduleInput {
  /** `sync:<connection>[/<stream>]`, `push:<destination>`, `resolve:<entity type>`, `model:<model>|*` */
  readonly target: string;
  readonly cron: string;
  /** IANA zone the cron is read in; default UTC. */
  readonly timezone?: string | undefined;
  /** Who set it (cli, api, pack:<id>). */
  readonly source?: string | undefined;
  readonly paused?: boolean | undefined;
}

const COLUMNS = `id::text as id, target, kind, payload, cron, timezone, paused, source, last_tick_at, next_due_at,
  created_at, updated_at`;

async function dbNow(db: SqlExecutor): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('select now() as now');
  return new Date(rows[0]?.now ?? Date.now());
}

export async function listSchedules(db: SqlExecutor): Promise<JobSchedule[]> {
  const { rows } = await db.query<JobSchedule>(`select ${COLUMNS} from job_schedules order by target`);
  return rows;
}

/** By target (`sync:dealer-12`) or id. */
export async function getSchedule(db: SqlExecutor, ref: string): Promise<JobSchedule | undefined> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(ref);
  const { rows } = await db.query<JobSchedule>(
    `select ${COLUMNS} from job_schedules where ${isUuid ? 'id = $1::uuid' : 'target = $1'}`,
    [isUuid ? ref : parseScheduleTarget(ref).target],
  );
  return rows[0];
}

async function requireSchedule(db: SqlExecutor, ref: string): Promise<JobSchedule> {
  const s = await getSchedule(db, ref);
  if (!s) throw new SluiceError('not_found', `no schedule for ${ref}`);
  return s;
}

/** Creates or replaces the schedule of a target. The next occurrence is counted from now: editing never back-fires. */
export async function setSchedule(db: SqlExecutor, input: SetScheduleInput): Promise<JobSchedule> {
  const t = parseScheduleTarget(input.target);
  const tz = input.timezone ?? 'UTC';
  assertCron(input.cron, tz);
  const paused = input.paused ?? false;
  const next = paused ? null : nextOccurrence(input.cron, tz, await dbNow(db));
  const { rows } = await db.query<JobSchedule>(
    `insert into job_schedules (target, kind, payload, cron, timezone, paused, source, next_due_at)
     values ($1, $2, $3::jsonb, $4, $5, $6, $7, $8)
     on conflict (target) do update set kind = excluded.kind, payload = excluded.payload, cron = excluded.cron,
       timezone = excluded.timezone, paused = excluded.paused, source = coalesce(excluded.source, job_schedules.source),
       next_due_at = excluded.next_due_at, updated_at = now()
     returning ${COLUMNS}`,
    [t.target, t.kind, JSON.stringify(t.payload), input.cron, tz, paused, input.source ?? null, next],
  );
  const row = rows[0];
  if (!row) throw new SluiceError('internal', `schedule for ${t.target} was not stored`);
  return row;
}

/** The schedules of these targets (one statement; targets without a schedule are absent). */
export async function getSchedulesOf(db: SqlExecutor, targets: readonly string[]): Promise<JobSchedule[]> {
  if (targets.length === 0) return [];
  const { rows } = await db.query<JobSchedule>(`select ${COLUMNS} from job_schedules where target = any($1::text[])`, [targets.map((t) => parseScheduleTarget(t).target)]);
  return rows;
}

/** `setSchedule` for many targets in one statement (a pack instance's schedules), each as `setSchedule` stores it. */
export async function setSchedules(db: SqlExecutor, inputs: readonly SetScheduleInput[]): Promise<JobSchedule[]> {
  if (inputs.length === 0) return [];
  const now = await dbNow(db);
  const rows = inputs.map((input) => {
    const t = parseScheduleTarget(input.target);
    const tz = input.timezone ?? 'UTC';
    assertCron(input.cron, tz);
    const paused = input.paused ?? false;
    return { target: t.target, kind: t.kind, payload: t.payload, cron: input.cron, timezone: tz, paused, source: input.source ?? null, next_due_at: paused ? null : nextOccurrence(input.cron, tz, now) };
  });
  const { rows: out } = await db.query<JobSchedule>(
    `insert into job_schedules (target, kind, payload, cron, timezone, paused, source, next_due_at)
     select target, kind, payload, cron, timezone, paused, source, next_due_at
       from jsonb_to_recordset($1::jsonb) as x(target text, kind text, payload jsonb, cron text, timezone text, paused boolean, source text, next_due_at timestamptz)
     on conflict (target) do update set kind = excluded.kind, payload = excluded.payload, cron = excluded.cron,
       timezone = excluded.timezone, paused = excluded.paused, source = coalesce(excluded.source, job_schedules.source),
       next_due_at = excluded.next_due_at, updated_at = now()
     returning ${COLUMNS}`,
    [JSON.stringify(rows)],
  );
  return out;
}

export async function pauseSchedule(db: SqlExecutor, ref: string): Promise<JobSchedule> {
  const s = await requireSchedule(db, ref);
  const { rows } = await db.query<JobSchedule>(
    `update job_schedules set paused = true, next_due_at = null, updated_at = now() where id = $1::uuid returning ${COLUMNS}`,
    [s.id],
  );
  return rows[0] ?? s;
}

/** Resumes from now: occurrences that fell inside the pause are not fired. */
export async function resumeSchedule(db: SqlExecutor, ref: string): Promise<JobSchedule> {
  const s = await requireSchedule(db, ref);
  const next = nextOccurrence(s.cron, s.timezone, await dbNow(db));
  const { rows } = await db.query<JobSchedule>(
    `update job_schedules set paused = false, next_due_at = $2, updated_at = now() where id = $1::uuid returning ${COLUMNS}`,
    [s.id, next],
  );
  return rows[0] ?? s;
}

export async function removeSchedule(db: SqlExecutor, ref: string): Promise<JobSchedule> {
  const s = await requireSchedule(db, ref);
  await db.query('delete from job_schedules where id = $1::uuid', [s.id]);
  return s;
}

export interface ScheduleTick {
  readonly schedule_id: string;
  readonly target: string;
  readonly tick_at: Date;
  readonly job_id: string;
  readonly status: 'claimed' | 'enqueued' | 'coalesced';
  readonly claimed_by: string;
  readonly claimed_at: Date;
}

/** The recent ticks of one schedule (or all), newest first: which occurrence fired, which process claimed it, which job ran it. */
export async function listScheduleTicks(db: SqlExecutor, ref?: string, limit = 50): Promise<ScheduleTick[]> {
  const s = ref ? await requireSchedule(db, ref) : undefined;
  const { rows } = await db.query<ScheduleTick>(
    `select t.schedule_id::text as schedule_id, s.target, t.tick_at, t.job_id::text as job_id, t.status, t.claimed_by, t.claimed_at
       from job_schedule_ticks t join job_schedules s on s.id = t.schedule_id
      where ($1::uuid is null or t.schedule_id = $1::uuid)
      order by t.tick_at desc limit $2`,
    [s?.id ?? null, limit],
  );
  return rows;
}
