import { SluiceError } from '../core/errors.js';
import { startJobRuntime } from '../jobs/start-job-runtime.js';
import { scheduleBackups } from '../backup/schedule-backups.js';
import { scheduleRetention } from '../store/apply-retention.js';
import type { CommandRegistry } from './command-context.js';

/**
 * `sluice worker`: processes jobs until SIGTERM/SIGINT, then stops fetching, gives running jobs the grace period to
 * finish and hands the rest back to the queue (another worker retries them). A second signal exits at once.
 */
export function registerWorkerCommand(reg: CommandRegistry): void {
  reg.program
    .command('worker')
    .description('run jobs (and fire schedules) until stopped; run several on one PostgreSQL to scale out')
    .option('--concurrency <n>', 'jobs at once per kind (default SLUICE_WORKER_CONCURRENCY)')
    .option('--no-scheduler', 'do not fire schedules from this process')
    .option('--grace <seconds>', 'how long running jobs get to finish on shutdown', '30')
    .action(async (o: { concurrency?: string; scheduler: boolean; grace: string }) => {
      const concurrency = o.concurrency === undefined ? undefined : Number.parseInt(o.concurrency, 10);
      if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)) {
        throw new SluiceError('bad_request', '--concurrency must be an integer from 1 to 256');
      }
      const graceMs = Math.max(0, Number(o.grace) || 0) * 1000;
      const app = await reg.app();
      if (app.db.kind === 'pglite') {
        app.logger.warn('the embedded database serves one process: run `sluice start` alone, or use PostgreSQL for separate workers');
      }
      const runtime = await startJobRuntime(app, {
        worker: true,
        scheduler: o.scheduler && app.config.jobs.scheduler,
        ...(concurrency !== undefined ? { concurrency } : {}),
        shutdownGraceMs: graceMs,
      });
      app.logger.info({ concurrency: concurrency ?? app.config.jobs.concurrency, database: app.db.kind }, 'worker started');
      // Retention rides on the processes that fire schedules; several doing it is harmless (idempotent deletes).
      const stopRetention = o.scheduler && app.config.jobs.scheduler ? scheduleRetention(app.db, app.config.retentionDays, app.logger) : () => undefined;
      const stopBackups = o.scheduler && app.config.jobs.scheduler ? scheduleBackups(app) : () => undefined;
      await new Promise<void>((resolve) => {
        const onSignal = (sig: NodeJS.Signals) => {
          app.logger.info({ signal: sig }, 'worker stopping: finishing or handing back running jobs');
          process.once(sig, () => process.exit(130));
          resolve();
        };
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
      });
      stopRetention();
      stopBackups();
      await runtime.stop();
      app.logger.info('worker stopped');
    });
}
