import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { FastifyReply } from 'fastify';
import { SluiceError } from '../core/errors.js';

export interface ApiRateLimiter {
  /** Consumes one point for `key`; sets the X-RateLimit-* headers; throws `rate_limited` (429) when exhausted. */
  consume(kind: 'ip' | 'credential', key: string, reply: FastifyReply): Promise<void>;
  /** Waits (briefly) for the Redis connection, so the first requests already share buckets across servers. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Per-IP and per-credential limits from rate-limiter-flexible: in memory for one process, shared through Redis when
 * SLUICE_REDIS_URL is set (several servers behind a load balancer), with an in-memory insurance limiter while Redis
 * is unreachable so an outage neither blocks every request nor lifts the limit.
 */
export function createApiRateLimiter(opts: { perMinute: number; redisUrl?: string | undefined; keyPrefix?: string }): ApiRateLimiter {
  const points = opts.perMinute;
  const duration = 60;
  const prefix = opts.keyPrefix ?? 'sluice:api';
  const redis = opts.redisUrl
    ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectionName: 'sluice-api-rl' })
    : undefined;
  redis?.on('error', () => {
    /* the insurance limiter takes over; ioredis keeps reconnecting */
  });
  const make = (kind: string): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points, duration, keyPrefix: `${prefix}:${kind}` });
    return redis
      ? new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix: `${prefix}:${kind}`, insuranceLimiter: memory })
      : memory;
  };
  const limiters = { ip: make('ip'), credential: make('cred') };

  function setHeaders(reply: FastifyReply, res: RateLimiterRes): void {
    reply.header('x-ratelimit-limit', points);
    reply.header('x-ratelimit-remaining', Math.max(0, res.remainingPoints));
    reply.header('x-ratelimit-reset', Math.ceil(res.msBeforeNext / 1000));
  }

  return {
    async consume(kind, key, reply) {
      try {
        setHeaders(reply, await limiters[kind].consume(key, 1));
      } catch (rej) {
        if (!(rej instanceof RateLimiterRes)) throw rej;
        setHeaders(reply, rej);
        const retryAfter = Math.max(1, Math.ceil(rej.msBeforeNext / 1000));
        reply.header('retry-after', retryAfter);
        throw new SluiceError('rate_limited', `too many requests; retry in ${retryAfter} s`, {
          details: { scope: kind, limit_per_minute: points, retry_after_seconds: retryAfter },
        });
      }
    },
    async ready() {
      const r = redis;
      if (!r || r.status === 'ready') return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2_000);
        r.once('ready', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    async close() {
      if (redis) await redis.quit().catch(() => undefined);
    },
  };
}
