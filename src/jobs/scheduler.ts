import { createHash } from 'node:crypto';
import type { Logger } from '../observability/logger.js';
import type { Database } from '../store/database.js';
import { latestOccurrence, nextOccurrence } from './cron-occurrence.js';
import type { JobKind, JobPayload } from './job-kinds.js';

/** What the scheduler needs from the queue (the JobQueue, or a fake in unit tests). */
export interface TickEnqueuer {
  enqueue(kind: JobKind, payload: JobPayload, opts: { id: string }): Promise<string | null>;
  exists(id: string): Promise<boolean>;
}

export interface SchedulerOptions {
  /** Who claims ticks (shown in `job_schedule_ticks.claimed_by`). */
  readonly instance: string;
  /** How often due schedules are checked. 1 s keeps second-level crons on time; a pass is one indexed query. */
  readonly intervalMs?: number;
  /** A tick claimed but not enqueued for this long (its process died in between) is enqueued by someone else. */
  readonly orphanAfterSeconds?: number;
  readonly logger?: Logger;
}

interface DueRow {
  id: string;
  kind: JobKind;
  payload: JobPayload;
  cron: string;
  timezone: string;
  db_now: Date;
}

/** A job id derived from (schedule, tick): re-enqueueing an orphaned tick can never create a second job. */
export function tickJobId(scheduleId: string, tickAt: Date): string {
  const h = createHash('sha256').update(`${scheduleId}@${tickAt.toISOString()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Fires cron schedules. Every process may run one: a tick is claimed by a guarded UPDATE of the schedule's
 * `last_tick_at` (only one process's UPDATE matches) plus an insert into `job_schedule_ticks` keyed by
 * (schedule, tick) — so a tick fires once however many schedulers run, and after downtime only the latest missed
 * occurrence fires. Times come from the database clock, so processes on different hosts agree.
 */
export class Scheduler {
  readonly #db: Database;
  readonly #queue: TickEnqueuer;
  readonly #opts: SchedulerOptions;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #stopped = true;
  #passes = 0;

  constructor(db: Database, queue: TickEnqueuer, opts: SchedulerOptions) {
    this.#db = db;
    this.#queue = queue;
    this.#opts = opts;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#arm(0);
  }

  #arm(ms: number): void {
    this.#timer = setTimeout(() => {
      this.#pass = this.runOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.#opts.logger?.warn({ err }, 'scheduler pass failed'))
        .finally(() => {
          this.#pass = undefined;
          if (!this.#stopped) this.#arm(this.#opts.intervalMs ?? 1_000);
        });
    }, ms);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#pass;
  }

  /** One pass: fire due ticks, then (every tenth pass) enqueue ticks orphaned by a process that died. Returns ticks fired. */
  async runOnce(): Promise<number> {
    const fired = await this.fireDue();
    if (this.#passes++ % 10 === 0) await this.recoverOrphans();
    return fired;
  }

  async fireDue(): Promise<number> {
    const { rows } = await this.#db.query<DueRow>(
      `select id::text as id, kind, payload, cron, timezone, now() as db_now
         from job_schedules where not paused and next_due_at <= now() order by next_due_at limit 200`,
    );
    let fired = 0;
    for (const s of rows) {
      const now = new Date(s.db_now);
      const tick = latestOccurrence(s.cron, s.timezone, now);
      const next = nextOccurrence(s.cron, s.timezone, now);
      const jobId = tickJobId(s.id, tick);
      const claimed = await this.#db.transaction(async (tx) => {
        const won = await tx.query(
          `update job_schedules set last_tick_at = $2, next_due_at = $3
            where id = $1::uuid and not paused and next_due_at <= $4
              and (last_tick_at is null or last_tick_at < $2)
           returning id`,
          [s.id, tick, next, now],
        );
        if (won.rows.length === 0) return false;
        const ins = await tx.query(
          `insert into job_schedule_ticks (schedule_id, tick_at, job_id, claimed_by) values ($1::uuid, $2, $3::uuid, $4)
           on conflict do nothing returning job_id`,
          [s.id, tick, jobId, this.#opts.instance],
        );
        return ins.rows.length === 1;
      });
      if (!claimed) continue;
      await this.#enqueue(s.id, tick, s.kind, s.payload, jobId);
      fired += 1;
    }
    return fired;
  }

  async #enqueue(scheduleId: string, tick: Date, kind: JobKind, payload: JobPayload, jobId: string): Promise<void> {
    const id = await this.#queue.enqueue(kind, payload, { id: jobId });
    // null: the same work is already waiting (stately singleton), so this occurrence is covered by that job.
    const status = id ? 'enqueued' : (await this.#queue.exists(jobId)) ? 'enqueued' : 'coalesced';
    await this.#db.query(
      `update job_schedule_ticks set status = $3 where schedule_id = $1::uuid and tick_at = $2 and status = 'claimed'`,
      [scheduleId, tick, status],
    );
    this.#opts.logger?.info({ schedule: scheduleId, tick: tick.toISOString(), job: jobId, status }, 'schedule fired');
  }

  /** Ticks claimed by a process that died before enqueueing: enqueue them now, with the same job id. */
  async recoverOrphans(): Promise<number> {
    const { rows } = await this.#db.query<{ schedule_id: string; tick_at: Date; job_id: string; kind: JobKind; payload: JobPayload }>(
      `select t.schedule_id::text as schedule_id, t.tick_at, t.job_id::text as job_id, s.kind, s.payload
         from job_schedule_ticks t join job_schedules s on s.id = t.schedule_id
        where t.status = 'claimed' and t.claimed_at < now() - make_interval(secs => $1) limit 100`,
      [this.#opts.orphanAfterSeconds ?? 30],
    );
    for (const r of rows) await this.#enqueue(r.schedule_id, new Date(r.tick_at), r.kind, r.payload, r.job_id);
    return rows.length;
  }
}
