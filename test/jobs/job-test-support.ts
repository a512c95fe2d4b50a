import { setTimeout as sleep } from 'node:timers/promises';
import type { JobQueueOptions } from '../../src/jobs/job-queue.js';

/** Queue settings that make retries, expiry and dead-worker detection take seconds instead of minutes. */
export const FAST_QUEUE: JobQueueOptions = {
  superviseIntervalSeconds: 1,
  heartbeatSeconds: 10,
  heartbeatRefreshSeconds: 1,
  pollingIntervalSeconds: 0.5,
  notifyPollingIntervalSeconds: 1,
  poolMax: 3,
  policies: {
    sync: { retryDelaySeconds: 1, retryDelayMaxSeconds: 1, retryLimit: 3 },
    push: { retryDelaySeconds: 1, retryDelayMaxSeconds: 1, retryLimit: 2 },
    resolve: { retryDelaySeconds: 1, retryDelayMaxSeconds: 1, retryLimit: 2 },
    model: { retryDelaySeconds: 1, retryDelayMaxSeconds: 1, retryLimit: 0, timeoutSeconds: 2 },
  },
};

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 100): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/** Sleeps `ms` or until `signal` aborts, whichever is first; rejects with the abort reason. */
export async function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal });
}
