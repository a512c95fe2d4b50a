import { startAlertMonitor } from '../alerts/evaluate-alerts.js';
import { failStaleRuns } from '../pipeline/run-repository.js';
import type { AppContext } from '../main/app-context.js';
import type { JobHandlerRegistry } from './job-handlers.js';
import type { JobKind, JobPayloads } from './job-kinds.js';
import { setQueueDepthSource } from './job-metrics.js';
import { JobQueue, type EnqueueOptions, type JobQueueOptions } from './job-queue.js';
import { Scheduler } from './scheduler.js';
import { createSluiceJobHandlers, type SluiceHandlerOptions } from './sluice-job-handlers.js';

export interface JobRuntimeOptions {
  /** Process jobs in this process. */
  readonly worker: boolean;
  /** Fire cron schedules from this process (safe in every process: a tick fires once). */
  readonly scheduler: boolean;
  /** Jobs run at once per kind; default config.jobs.concurrency. */
  readonly concurrency?: number;
  /** Handlers (default: the production ones); tests pass their own. */
  readonly handlers?: JobHandlerRegistry;
  readonly queue?: JobQueueOptions;
  readonly handlerOptions?: SluiceHandlerOptions;
  readonly schedulerIntervalMs?: number;
  readonly orphanTickAfterSeconds?: number;
  /** How long running handlers get to finish on stop before they are handed back. */
  readonly shutdownGraceMs?: number;
  /** Runs with no heartbeat for this long are failed by the periodic sweep (any trigger, any connection). */
  readonly staleRunSweepAfterMs?: number;
}

export interface JobRuntime {
  readonly queue: JobQueue;
  enqueue<K extends JobKind>(kind: K, payload: JobPayloads[K], opts?: EnqueueOptions): Promise<string | null>;
  health(): Promise<{ ok: boolean; depth: number }>;
  stop(): Promise<void>;
}

/**
 * The job runtime of one process: the queue, optionally workers and the scheduler. `sluice start` runs both in one
 * process; `sluice worker` runs workers (and, unless disabled, a scheduler — it fires each tick once regardless).
 */
export async function startJobRuntime(app: AppContext, opts: JobRuntimeOptions): Promise<JobRuntime> {
  const instance = `${opts.worker ? 'worker' : 'server'}-${process.pid}`;
  const queue = await JobQueue.open(app.db, {
    logger: app.logger,
    supervise: opts.worker || opts.scheduler,
    instanceName: instance,
    ...opts.queue,
  });
  setQueueDepthSource(() => queue.depthByKind());
  const timers: NodeJS.Timeout[] = [];
  if (opts.worker) {
    await queue.work(opts.handlers ?? createSluiceJobHandlers(app, opts.handlerOptions ?? {}), {
      concurrency: opts.concurrency ?? app.config.jobs.concurrency,
    });
    // Runs of any trigger (CLI syncs included) orphaned by a dead process; sync jobs also clear their own connection's.
    const sweepAfter = opts.staleRunSweepAfterMs ?? 10 * 60_000;
    const sweep = setInterval(() => {
      failStaleRuns(app.db, sweepAfter)
        .then((n) => n > 0 && app.logger.warn({ runs: n }, 'failed runs orphaned by a stopped process'))
        .catch((err: unknown) => app.logger.warn({ err }, 'stale run sweep failed'));
    }, Math.max(5_000, Math.min(sweepAfter / 2, 60_000)));
    sweep.unref();
    timers.push(sweep);
  }
  // Every process with a runtime evaluates alerts (idempotent and serialised in the database) and reports its breakers.
  const stopAlerts = startAlertMonitor(app);
  let scheduler: Scheduler | undefined;
  if (opts.scheduler) {
    scheduler = new Scheduler(
      app.db,
      { enqueue: (kind, payload, o) => queue.enqueue(kind, payload, o), exists: (id) => queue.exists(id) },
      {
        instance,
        logger: app.logger,
        ...(opts.schedulerIntervalMs !== undefined ? { intervalMs: opts.schedulerIntervalMs } : {}),
        ...(opts.orphanTickAfterSeconds !== undefined ? { orphanAfterSeconds: opts.orphanTickAfterSeconds } : {}),
      },
    );
    scheduler.start();
  }
  let stopped: Promise<void> | undefined;
  return {
    queue,
    enqueue: (kind, payload, o) => queue.enqueue(kind, payload, o),
    async health() {
      try {
        return { ok: true, depth: await queue.depth() };
      } catch {
        return { ok: false, depth: -1 };
      }
    },
    stop() {
      stopped ??= (async () => {
        for (const t of timers) clearInterval(t);
        stopAlerts();
        await scheduler?.stop();
        await queue.stop(opts.shutdownGraceMs ?? 10_000);
        setQueueDepthSource(undefined);
      })();
      return stopped;
    },
  };
}
