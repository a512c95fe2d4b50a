import { PgBoss, type JobResult, type Job } from 'pg-boss';
import { SluiceError, toSluiceError } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Database } from '../store/database.js';
import { BOSS_SCHEMA, bossOptions, type BossTuning } from './boss-options.js';
import type { JobHandlerRegistry } from './job-handlers.js';
import { jobsFinishedTotal, type QueueDepthReading } from './job-metrics.js';
import { SpanKind, markSpanFailed, withSpan } from '../observability/with-span.js';
import {
  JOB_KIND_POLICIES,
  JOB_KINDS,
  kindOfQueue,
  parseJobPayload,
  queueNameOf,
  singletonKeyOf,
  type JobKind,
  type JobKindPolicy,
  type JobPayloads,
} from './job-kinds.js';

export type JobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** A job as the CLI, the API and the UI show it. */
export interface JobSummary {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  readonly data: Record<string, unknown>;
  readonly singleton_key: string | null;
  readonly retry_count: number;
  readonly retry_limit: number;
  readonly created_on: Date;
  readonly started_on: Date | null;
  readonly completed_on: Date | null;
  /** The handler's summary on success, the error ({code, message}) on failure. */
  readonly output: unknown;
}

export interface JobQueueOptions extends Partial<BossTuning> {
  /** Per-kind overrides of timeouts and retries (tests shorten them). */
  readonly policies?: Partial<Record<JobKind, Partial<JobKindPolicy>>>;
  /** Workers refresh a job's heartbeat this often; a job whose worker died is retried after `heartbeatSeconds`. */
  readonly heartbeatSeconds?: number;
  readonly heartbeatRefreshSeconds?: number;
  /** Idle polling when LISTEN/NOTIFY is unavailable. */
  readonly pollingIntervalSeconds?: number;
  /**
   * Polling while LISTEN/NOTIFY is up. NOTIFY only announces new jobs, not retries coming due or jobs freed by a
   * finished singleton, so this backstop bounds their start latency.
   */
  readonly notifyPollingIntervalSeconds?: number;
  /** How long a failed or completed job stays visible. */
  readonly keepSeconds?: number;
  readonly logger?: Logger;
}

export interface EnqueueOptions {
  /** A fixed id makes the enqueue idempotent (schedule ticks use one derived from the tick). */
  readonly id?: string;
  readonly startAfter?: Date;
}

export interface WorkOptions {
  readonly concurrency: number;
}

const ERROR_OUTPUT_KEYS = ['code', 'message', 'retryable', 'details'] as const;

function errorOutput(err: unknown): Record<string, unknown> {
  const e = toSluiceError(err);
  const out: Record<string, unknown> = { code: e.code, message: e.message, retryable: e.retryable };
  if (e.details !== undefined) out.details = e.details;
  return Object.fromEntries(ERROR_OUTPUT_KEYS.filter((k) => k in out).map((k) => [k, out[k]]));
}

/**
 * The job queue: pg-boss with one queue per job kind (`stately` policy, so a singleton key has at most one active and
 * one waiting job), retries with exponential backoff for retryable errors only, per-kind timeouts, and heartbeats so
 * a job whose worker died is handed to another worker.
 */
export class JobQueue {
  readonly #boss: PgBoss;
  readonly #db: Database;
  readonly #opts: JobQueueOptions;
  readonly #log: Logger | undefined;
  /** Local abort handles, so a cancel in this process stops its handler at once (other processes: via heartbeat). */
  readonly #running = new Map<string, AbortController>();
  #stopping = false;

  private constructor(boss: PgBoss, db: Database, opts: JobQueueOptions) {
    this.#boss = boss;
    this.#db = db;
    this.#opts = opts;
    this.#log = opts.logger;
  }

  static async open(db: Database, opts: JobQueueOptions = {}): Promise<JobQueue> {
    const tuning: BossTuning = {
      supervise: opts.supervise ?? true,
      superviseIntervalSeconds: opts.superviseIntervalSeconds ?? 15,
      poolMax: opts.poolMax ?? 4,
      instanceName: opts.instanceName ?? `sluice-${process.pid}`,
    };
    const boss = new PgBoss(bossOptions(db, tuning));
    const q = new JobQueue(boss, db, opts);
    boss.on('error', (err) => q.#log?.warn({ err }, 'job queue error'));
    boss.on('warning', (w) => q.#log?.debug({ warning: w }, 'job queue warning'));
    await boss.start();
    for (const kind of JOB_KINDS) await q.#ensureQueue(kind);
    return q;
  }

  #policy(kind: JobKind): JobKindPolicy {
    return { ...JOB_KIND_POLICIES[kind], ...this.#opts.policies?.[kind] };
  }

  async #ensureQueue(kind: JobKind): Promise<void> {
    const p = this.#policy(kind);
    const options = {
      expireInSeconds: p.timeoutSeconds,
      retryLimit: p.retryLimit,
      retryDelay: p.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: p.retryDelayMaxSeconds,
      heartbeatSeconds: this.#opts.heartbeatSeconds ?? 30,
      deleteAfterSeconds: this.#opts.keepSeconds ?? 30 * 86_400,
      notify: true,
    };
    const name = queueNameOf(kind);
    // The policy is fixed at creation; the rest follows the current settings on every start.
    if (await this.#boss.getQueue(name)) await this.#boss.updateQueue(name, options);
    else await this.#boss.createQueue(name, { ...options, policy: 'stately' });
  }

  /**
   * Enqueues one job; resolves null when the same work is already waiting (it will cover this request). A sync of some
   * streams meeting a waiting sync of other streams of the same connection (one singleton key per connection) adds its
   * streams to the waiting job, so under a backlog a dealer's job types coalesce into one run instead of all but one
   * being dropped. A range run is never merged: its window is its own.
   */
  async enqueue<K extends JobKind>(kind: K, payload: JobPayloads[K], opts: EnqueueOptions = {}): Promise<string | null> {
    const data = parseJobPayload(kind, payload);
    const send = () =>
      this.#boss.send(queueNameOf(kind), data, {
        singletonKey: singletonKeyOf(kind, data),
        ...(opts.id ? { id: opts.id } : {}),
        ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      });
    const id = await send();
    if (id !== null || kind !== 'sync') return id;
    const sync = data as JobPayloads['sync'];
    if (!sync.streams || sync.range) return null;
    if (await this.#addStreamsToWaiting(singletonKeyOf(kind, data), sync.streams)) return null;
    // The waiting job started between the two statements: this one now takes the free waiting slot.
    return send();
  }

  /** Adds streams to the waiting sync of a singleton key (one of every stream covers them already); false when none waits or it is a range run. */
  async #addStreamsToWaiting(key: string, streams: readonly string[]): Promise<boolean> {
    const { rows } = await this.#db.query<{ id: string }>(
      `update ${BOSS_SCHEMA}.job set data = case when data ? 'streams'
           then jsonb_set(data, '{streams}', to_jsonb(array(select distinct x from (select jsonb_array_elements_text(data->'streams') as x union select unnest($3::text[])) u order by 1)))
           else data end
        where name = $1 and singleton_key = $2 and state in ('created', 'retry') and not data ? 'range'
        returning id::text as id`,
      [queueNameOf('sync'), key, [...streams]],
    );
    return rows.length > 0;
  }

  /** Enqueues many jobs of one kind in one statement (bulk triggers, packs); same singleton rules as `enqueue`. */
  async enqueueMany<K extends JobKind>(kind: K, payloads: readonly JobPayloads[K][]): Promise<number> {
    const jobs = payloads.map((p) => {
      const data = parseJobPayload(kind, p);
      return { data, singletonKey: singletonKeyOf(kind, data) };
    });
    const ids = await this.#boss.insert(queueNameOf(kind), jobs, { returnId: true });
    return ids?.length ?? 0;
  }

  async get(id: string): Promise<JobSummary | undefined> {
    const rows = await this.#select('id = $1', [id], 1);
    return rows[0];
  }

  async list(filter: { kind?: JobKind; state?: JobState; limit?: number } = {}): Promise<JobSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind) {
      params.push(queueNameOf(filter.kind));
      where.push(`name = $${params.length}`);
    } else {
      params.push(JOB_KINDS.map(queueNameOf));
      where.push(`name = any($${params.length}::text[])`);
    }
    if (filter.state) {
      params.push(filter.state);
      where.push(`state::text = $${params.length}`);
    }
    return this.#select(where.join(' and '), params, filter.limit ?? 50);
  }

  async #select(where: string, params: unknown[], limit: number): Promise<JobSummary[]> {
    const { rows } = await this.#db.query<Omit<JobSummary, 'kind'> & { name: string }>(
      `select id::text as id, name, state::text as state, data, singleton_key, retry_count, retry_limit,
              created_on, started_on, completed_on, output
         from ${BOSS_SCHEMA}.job where ${where} order by created_on desc, id limit ${Math.max(1, Math.min(limit, 10_000))}`,
      params,
    );
    return rows.flatMap(({ name, ...r }) => {
      const kind = kindOfQueue(name);
      return kind ? [{ ...r, kind }] : [];
    });
  }

  async #require(id: string): Promise<JobSummary> {
    const job = await this.get(id);
    if (!job) throw new SluiceError('not_found', `job ${id} not found`);
    return job;
  }

  /** Cancels a waiting or running job; a running handler sees its AbortSignal fire and ends its run `cancelled`. */
  async cancel(id: string): Promise<JobSummary> {
    const job = await this.#require(id);
    if (!['created', 'retry', 'active'].includes(job.state)) {
      throw new SluiceError('conflict', `job ${id} is ${job.state}; only waiting or running jobs can be cancelled`);
    }
    await this.#boss.cancel(queueNameOf(job.kind), id);
    this.#running.get(id)?.abort(new SluiceError('cancelled', `job ${id} was cancelled`));
    return this.#require(id);
  }

  /** Runs a failed or cancelled job again. */
  async retry(id: string): Promise<JobSummary> {
    const job = await this.#require(id);
    if (!['failed', 'cancelled'].includes(job.state)) {
      throw new SluiceError('conflict', `job ${id} is ${job.state}; only failed or cancelled jobs can be retried`);
    }
    // pg-boss: retry() re-queues failed jobs, resume() cancelled ones.
    if (job.state === 'failed') await this.#boss.retry(queueNameOf(job.kind), id);
    else await this.#boss.resume(queueNameOf(job.kind), id);
    return this.#require(id);
  }

  /** Jobs waiting to run (created or retry, due now or later) across all kinds. */
  async depth(): Promise<number> {
    const { rows } = await this.#db.query<{ n: number }>(
      `select count(*)::int as n from ${BOSS_SCHEMA}.job where name = any($1::text[]) and state in ('created', 'retry')`,
      [JOB_KINDS.map(queueNameOf)],
    );
    return rows[0]?.n ?? 0;
  }

  /** Waiting and active jobs per kind (the depth gauge). */
  async depthByKind(): Promise<QueueDepthReading[]> {
    const { rows } = await this.#db.query<{ name: string; state: 'waiting' | 'active'; n: number }>(
      `select name, case when state = 'active' then 'active' else 'waiting' end as state, count(*)::int as n
         from ${BOSS_SCHEMA}.job where name = any($1::text[]) and state in ('created', 'retry', 'active') group by 1, 2`,
      [JOB_KINDS.map(queueNameOf)],
    );
    const out: QueueDepthReading[] = [];
    for (const kind of JOB_KINDS) {
      for (const state of ['waiting', 'active'] as const) {
        out.push({ kind, state, count: rows.find((r) => r.name === queueNameOf(kind) && r.state === state)?.n ?? 0 });
      }
    }
    return out;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.get(id)) !== undefined;
  }

  /**
   * Starts workers for every kind the registry has a handler for. Short jobs (pushes, model refreshes) are fetched in
   * batches, so a backlog of them costs one fetch per batch instead of one per job and drains at queue speed.
   */
  async work(registry: JobHandlerRegistry, opts: WorkOptions): Promise<void> {
    for (const kind of registry.kinds()) {
      await this.#boss.work<Record<string, unknown>, unknown, { localConcurrency: number; batchSize: number; perJobResults: true; pollingIntervalSeconds: number; notifyPollingIntervalSeconds: number; heartbeatRefreshSeconds: number }>(
        queueNameOf(kind),
        {
          localConcurrency: opts.concurrency,
          batchSize: batchSizeOf(kind),
          perJobResults: true,
          pollingIntervalSeconds: this.#opts.pollingIntervalSeconds ?? 2,
          notifyPollingIntervalSeconds: Math.max(this.#opts.pollingIntervalSeconds ?? 2, this.#opts.notifyPollingIntervalSeconds ?? 5),
          heartbeatRefreshSeconds: this.#opts.heartbeatRefreshSeconds ?? Math.max(1, Math.floor((this.#opts.heartbeatSeconds ?? 30) / 4)),
        },
        (jobs) => Promise.all(jobs.map((job) => this.#traced(kind, job, registry))),
      );
    }
  }

  /** Each job attempt is the root of its own trace (`job sync`, `job push`…), so a worker's traces read one by one. */
  #traced(kind: JobKind, job: Job<Record<string, unknown>>, registry: JobHandlerRegistry): Promise<JobResult> {
    return withSpan(`job ${kind}`, {
      kind: SpanKind.CONSUMER,
      root: true,
      attributes: { 'messaging.system': 'pg-boss', 'messaging.destination.name': queueNameOf(kind), 'messaging.message.id': job.id, 'sluice.job.attempt': job.retryCount },
    }, async (span) => {
      const result = await this.#run(kind, job, registry);
      span.setAttribute('sluice.job.status', result.status);
      if (result.status !== 'completed') markSpanFailed(span, String((result.output as { message?: unknown } | undefined)?.message ?? result.status));
      return result;
    });
  }

  async #run(kind: JobKind, job: Job<Record<string, unknown>>, registry: JobHandlerRegistry): Promise<JobResult> {
    const handler = registry.get(kind);
    const local = new AbortController();
    this.#running.set(job.id, local);
    const signal = AbortSignal.any([job.signal, local.signal]);
    const started = Date.now();
    try {
      if (!handler) throw new SluiceError('internal', `no handler for ${kind} jobs in this process`);
      const payload = parseJobPayload(kind, job.data);
      this.#log?.info({ job: job.id, kind, attempt: job.retryCount }, 'job started');
      const output = await handler({
        id: job.id,
        kind,
        payload: payload,
        attempt: job.retryCount,
        signal,
        enqueue: (k, p) => this.enqueue(k, p),
      });
      if (this.#stopping && signal.aborted) {
        jobsFinishedTotal.inc({ kind, outcome: 'handed_back' });
        // Shut down mid-job: hand it back (retried by the next worker) rather than record a half-done success.
        return { id: job.id, status: 'failed', output: { code: 'worker_shutdown', message: 'the worker shut down during the job', retryable: true } };
      }
      this.#log?.info({ job: job.id, kind, ms: Date.now() - started }, 'job completed');
      jobsFinishedTotal.inc({ kind, outcome: 'completed' });
      return { id: job.id, status: 'completed', output };
    } catch (err) {
      const out = errorOutput(err);
      const handBack = this.#stopping && signal.aborted;
      const retry = handBack || out.retryable === true;
      this.#log?.warn({ job: job.id, kind, error: out, retry }, 'job failed');
      jobsFinishedTotal.inc({ kind, outcome: handBack ? 'handed_back' : retry ? 'retry' : 'failed' });
      // `deadletter` fails the job terminally (our queues have no dead-letter queue): no retry for permanent errors.
      return { id: job.id, status: retry ? 'failed' : 'deadletter', output: out };
    } finally {
      this.#running.delete(job.id);
      this.#wakeWorkers(queueNameOf(kind));
    }
  }

  /**
   * pg-boss waits a polling interval after each job, even with a backlog (its burst mode needs batches or cached
   * stats). Waking this queue's workers when a job ends drains a backlog — a fan-out of pushes, a catch-up after
   * downtime, jobs freed by a finished singleton — back to back; an idle queue costs one empty fetch per worker.
   */
  #wakeWorkers(queue: string): void {
    if (this.#stopping) return;
    for (const w of this.#boss.getWipData()) if (w.name === queue && w.state === 'active') this.#boss.notifyWorker(w.id);
  }

  /** Jobs this process is running now. */
  activeCount(): number {
    return this.#running.size;
  }

  /**
   * Graceful stop: no new jobs are fetched, running handlers get `graceMs` to finish; those still running are aborted
   * and handed back (failed with retries left, so another worker picks them up).
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.#stopping = true;
    const timer = setTimeout(() => {
      for (const ac of this.#running.values()) ac.abort(new SluiceError('cancelled', 'the worker is shutting down'));
    }, graceMs);
    try {
      await this.#boss.stop({ graceful: true, timeout: graceMs + 5_000, close: true });
    } finally {
      clearTimeout(timer);
    }
  }

  get boss(): PgBoss {
    return this.#boss;
  }
}

/** Jobs fetched per poll: short kinds in batches (run side by side), long ones one at a time. */
export const SHORT_JOB_BATCH = 8;
function batchSizeOf(kind: JobKind): number {
  return kind === 'push' || kind === 'model' ? SHORT_JOB_BATCH : 1;
}
