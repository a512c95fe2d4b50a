import { randomUUID } from 'node:crypto';
import type { ReadRangeInput } from '../core/read-range.js';
import type { AppContext } from '../main/app-context.js';
import { runSync } from '../pipeline/run-sync.js';

/**
 * Syncs started by the API when no job queue is attached (tests, API-only embedded use): run in this process, each
 * with its own abort handle, so shutdown cancels them instead of leaving them half-written (their cursors do not
 * advance, DESIGN.md invariant 2).
 */
export interface BackgroundSyncs {
  start(opts: { connection: string; streams?: string[] | undefined; full?: boolean | undefined; range?: ReadRangeInput | undefined; trigger: string }): string;
  /** Any other API-started work (a push) under the same shutdown discipline. */
  task(label: string, fn: (signal: AbortSignal) => Promise<unknown>): void;
  /** Cancels a run this process started; false when it is not one of them. */
  cancel(runId: string): boolean;
  stop(): Promise<void>;
}

export function createBackgroundSyncs(app: AppContext): BackgroundSyncs {
  const running = new Map<string, { ctrl: AbortController; done: Promise<void> }>();
  return {
    start(opts) {
      const runId = randomUUID();
      const ctrl = new AbortController();
      const done = runSync(app, {
        connection: opts.connection,
        ...(opts.streams ? { streams: opts.streams } : {}),
        ...(opts.full !== undefined ? { full: opts.full } : {}),
        ...(opts.range ? { range: opts.range } : {}),
        trigger: opts.trigger,
        runId,
        signal: ctrl.signal,
      })
        .then((s) => app.logger.info({ run_id: s.run_id, status: s.status }, 'sync finished'))
        .catch((err: unknown) => app.logger.warn({ run_id: runId, err: (err as Error).message }, 'sync failed'))
        .finally(() => running.delete(runId));
      running.set(runId, { ctrl, done });
      return runId;
    },
    task(label, fn) {
      const id = randomUUID();
      const ctrl = new AbortController();
      const done = fn(ctrl.signal)
        .then(() => app.logger.info({ task: label }, 'background task finished'))
        .catch((err: unknown) => app.logger.warn({ task: label, err: (err as Error).message }, 'background task failed'))
        .finally(() => running.delete(id));
      running.set(id, { ctrl, done });
    },
    cancel(runId) {
      const r = running.get(runId);
      r?.ctrl.abort();
      return r !== undefined;
    },
    async stop() {
      for (const r of running.values()) r.ctrl.abort();
      await Promise.all([...running.values()].map((r) => r.done));
    },
  };
}
