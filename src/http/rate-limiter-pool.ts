import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterQueue, RateLimiterRedis } from 'rate-limiter-flexible';

import { abortable } from './abortable.js';

export interface RateLimit {
  /** Average requests per second (Notion: 3). */
  readonly perSecond?: number | undefined;
  /** Minimum spacing between requests (ui.com: 200 ms). */
  readonly minIntervalMs?: number | undefined;
}

export interface RateLimiterPool {
  /** Waits until one request may be sent on `bucket` (a credential) under `limit`. */
  acquire(bucket: string, limit: RateLimit, signal?: AbortSignal): Promise<void>;
}

/**
 * Rate limiters per credential, built from rate-limiter-flexible.
 *
 * In every process, a memory limiter of one point per interval spaces requests evenly (interval = max(minIntervalMs,
 * 1000 / perSecond)), which is what ui.com's "≥ 0.2 s apart" and Notion's "3 per second on average" ask for.
 * With Redis, a second limiter shares a fixed window (whole seconds: Redis keys of rate-limiter-flexible cannot expire
 * in less than a second) between all processes using the same credential, so N workers together stay within the
 * rate. If Redis fails, that limiter falls back to an in-memory insurance limiter rather than stopping every sync.
 */
export function createRateLimiterPool(opts: { redis?: Redis | undefined; keyPrefix: string }): RateLimiterPool {
  const queues = new Map<string, RateLimiterQueue[]>();

  function build(limit: RateLimit): RateLimiterQueue[] {
    const perSecond = limit.perSecond && limit.perSecond > 0 ? limit.perSecond : undefined;
    const minInterval = limit.minIntervalMs && limit.minIntervalMs > 0 ? limit.minIntervalMs : undefined;
    const intervalMs = Math.max(minInterval ?? 0, perSecond ? 1000 / perSecond : 0);
    if (intervalMs <= 0) return [];
    const tag = `${intervalMs.toFixed(3)}`;
    const spacing = new RateLimiterMemory({ keyPrefix: `${opts.keyPrefix}:space:${tag}`, points: 1, duration: intervalMs / 1000 });
    const out = [new RateLimiterQueue(spacing)];
    if (opts.redis) {
      const ratePerSecond = 1000 / intervalMs;
      const windowSec = ratePerSecond >= 1 ? 1 : Math.ceil(1 / ratePerSecond);
      const points = Math.max(1, Math.floor(ratePerSecond * windowSec + 1e-9));
      const keyPrefix = `${opts.keyPrefix}:win:${points}per${windowSec}`;
      const shared = new RateLimiterRedis({
        storeClient: opts.redis,
        keyPrefix,
        points,
        duration: windowSec,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `${keyPrefix}:ins`, points, duration: windowSec }),
      });
      out.push(new RateLimiterQueue(shared));
    }
    return out;
  }

  return {
    async acquire(bucket, limit, signal) {
      const id = `${limit.perSecond ?? ''}|${limit.minIntervalMs ?? ''}`;
      let qs = queues.get(id);
      if (!qs) {
        qs = build(limit);
        queues.set(id, qs);
      }
      for (const q of qs) await abortable(q.removeTokens(1, bucket), signal);
    },
  };
}
