import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  ExponentialBackoff,
  IsolatedCircuitError,
  TimeoutStrategy,
  circuitBreaker,
  decorrelatedJitterGenerator,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
  type IBackoff,
  type IRetryBackoffContext,
} from 'cockatiel';
import { Redis } from 'ioredis';

import type { Config } from '../config/load-config.js';
import { SluiceError } from '../core/errors.js';
import type { Logger } from '../observability/logger.js';
import { abortable } from './abortable.js';
import { buildRequestUrl, loggablePath } from './build-request-url.js';
import type { HttpClient, HttpClientFactory, HttpRequest, HttpResponse, UpstreamOptions } from './http-client.js';
import { upstreamBreakerState, upstreamRetriesTotal } from './http-metrics.js';
import { createRateLimiterPool } from './rate-limiter-pool.js';
import { sendHttpAttempt } from './send-http-attempt.js';
import { UpstreamHttpError, isTransient, type UpstreamCallInfo } from './upstream-http-error.js';
import { SpanKind, withSpan } from '../observability/with-span.js';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CreateHttpClientFactoryOptions {
  readonly config: Config['http'];
  readonly logger: Logger;
  /** Shares rate-limit buckets between processes; in-process limiting otherwise. */
  readonly redisUrl?: string | undefined;
  /** Prefix of the shared rate-limit keys in Redis (tests use one per run). Default `sluice:rl`. */
  readonly redisKeyPrefix?: string;
  /** A longer Retry-After is not waited for: the call fails at once as `upstream_rate_limited`. Default 120 s. */
  readonly maxRetryAfterMs?: number;
  /** Exponential backoff (decorrelated jitter) when the upstream gives no Retry-After. Default 250 ms … 30 s. */
  readonly backoff?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** The fetch to use (default: global fetch). */
  readonly fetch?: typeof fetch;
}

export type SluiceHttpClientFactory = HttpClientFactory & {
  close(): Promise<void>;
  breakerStates(): Record<string, BreakerState>;
  /** Each breaker's state and, unless closed, when it last left `closed` (half-open trials that fail keep it). */
  breakerDetails(): { upstream: string; state: BreakerState; openSince: Date | null }[];
};

interface BreakerEntry {
  readonly upstream: string;
  readonly policy: CircuitBreakerPolicy;
  openedAt: number;
  /** When it left `closed` (0 while closed): a breaker that stays open is alerted on (src/alerts). */
  troubleSince: number;
}

const GAUGE_VALUE: Record<BreakerState, number> = { closed: 0, half_open: 1, open: 2 };

/**
 * Builds the HTTP layer (DESIGN.md invariant 8) from cockatiel and rate-limiter-flexible. Per request:
 * breaker(upstream) → retry(jittered exponential backoff or Retry-After) → per attempt: rate limiter(credential) →
 * timeout → fetch. The breaker sits outside the retry, so it counts requests that failed after their retries, and it
 * only counts transient failures (5xx, 429, timeouts, network errors): a 4xx says our request was wrong, not that the
 * upstream is down.
 */
export function createHttpClientFactory(opts: CreateHttpClientFactoryOptions): SluiceHttpClientFactory {
  const cfg = opts.config;
  const log = opts.logger.child({ component: 'http' });
  const fetchImpl = opts.fetch ?? globalThis.fetch;
  const maxRetryAfterMs = opts.maxRetryAfterMs ?? 120_000;
  const redis = opts.redisUrl
    ? // lazyConnect: a command that never calls an upstream (e.g. `sluice migrate`) does not connect at all.
      new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableAutoPipelining: true, connectionName: 'sluice-http' })
    : undefined;
  let lastRedisError = '';
  redis?.on('error', (err: Error) => {
    // ioredis reconnects by itself; log each distinct error once instead of once per reconnect attempt.
    if (err.message !== lastRedisError) log.warn({ err: err.message }, 'rate-limit store (Redis) unavailable; limiting in-process');
    lastRedisError = err.message;
  });
  redis?.on('ready', () => {
    lastRedisError = '';
  });
  const limiter = createRateLimiterPool({ redis, keyPrefix: opts.redisKeyPrefix ?? 'sluice:rl' });
  const breakers = new Map<string, BreakerEntry>();

  function stateOf(e: BreakerEntry): BreakerState {
    const state = rawStateOf(e);
    // Keeps the gauge right when an open breaker's wait has run out without a call since.
    upstreamBreakerState.set({ upstream: e.upstream }, GAUGE_VALUE[state]);
    return state;
  }

  function rawStateOf(e: BreakerEntry): BreakerState {
    switch (e.policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half_open';
      case CircuitState.Isolated:
        return 'open';
      default:
        // cockatiel moves to half-open lazily on the next call; report what that call would see.
        return Date.now() - e.openedAt >= cfg.breakerHalfOpenMs ? 'half_open' : 'open';
    }
  }

  function breakerFor(upstream: string): BreakerEntry {
    const existing = breakers.get(upstream);
    if (existing) return existing;
    const policy = circuitBreaker(
      handleWhen((err) => isTransient(err)),
      {
        breaker: new ConsecutiveBreaker(cfg.breakerFailures),
        halfOpenAfter: cfg.breakerHalfOpenMs,
        // threshold 0: one failure among the trial calls re-opens the breaker.
        halfOpenSampling: { calls: cfg.breakerSuccesses, threshold: 0 },
      },
    );
    const entry: BreakerEntry = { upstream, policy, openedAt: 0, troubleSince: 0 };
    upstreamBreakerState.set({ upstream }, 0);
    policy.onStateChange((s) => {
      if (s === CircuitState.Open) entry.openedAt = Date.now();
      if (s === CircuitState.Open && entry.troubleSince === 0) entry.troubleSince = entry.openedAt;
      if (s === CircuitState.Closed) entry.troubleSince = 0;
      stateOf(entry);
    });
    policy.onBreak(() => log.warn({ upstream, half_open_after_ms: cfg.breakerHalfOpenMs }, 'circuit breaker opened'));
    policy.onHalfOpen(() => log.info({ upstream }, 'circuit breaker half-open: trying the upstream again'));
    policy.onReset(() => log.info({ upstream }, 'circuit breaker closed'));
    breakers.set(upstream, entry);
    return entry;
  }

  const exponential = new ExponentialBackoff({
    generator: decorrelatedJitterGenerator,
    initialDelay: opts.backoff?.initialDelayMs ?? 250,
    maxDelay: opts.backoff?.maxDelayMs ?? 30_000,
  });
  // Retry-After wins when the upstream sends it (0 included); otherwise jittered exponential backoff.
  const backoff = new DelegateBackoff<IRetryBackoffContext<unknown>, IBackoff<IRetryBackoffContext<unknown>> | undefined>(
    (ctx, state) => {
      const next = state ? state.next(ctx) : exponential.next();
      const err = 'error' in ctx.result ? ctx.result.error : undefined;
      const retryAfter = err instanceof UpstreamHttpError ? err.retryAfterMs : undefined;
      return { delay: retryAfter ?? next.duration, state: next };
    },
  );

  function createClient(up: UpstreamOptions): HttpClient {
    const breaker = breakerFor(up.upstream);
    const clog = log; // `info` already carries the upstream name
    const bucket = `${up.upstream}:${up.credentialKey ?? 'default'}`;
    const rate = { perSecond: up.rateLimit?.perSecond, minIntervalMs: up.rateLimit?.minIntervalMs };

    async function runOnce<T>(req: HttpRequest, url: URL, info: UpstreamCallInfo): Promise<HttpResponse<T>> {
      const timeoutMs = req.timeoutMs ?? up.timeoutMs ?? cfg.timeoutMs;
      const maxAttempts = req.retry === false ? 0 : (up.retries ?? cfg.retries);
      const retryPolicy = retry(
        handleWhen((err) => isTransient(err) && (err.retryAfterMs ?? 0) <= maxRetryAfterMs),
        { maxAttempts, backoff },
      );
      retryPolicy.onRetry((r) => {
        upstreamRetriesTotal.inc({ upstream: up.upstream });
        const err = 'error' in r ? r.error : undefined;
        clog.warn(
          { ...info, attempt: r.attempt, delay_ms: Math.round(r.delay), code: err instanceof SluiceError ? err.code : undefined },
          'retrying upstream request',
        );
      });
      const timeoutPolicy = timeout(timeoutMs, TimeoutStrategy.Cooperative);
      let attempt = 0;
      return breaker.policy.execute(
        ({ signal }) =>
          retryPolicy.execute(async ({ signal: retrySignal }) => {
            attempt += 1;
            if (req.signal?.aborted) throw new SluiceError('cancelled', 'the request was cancelled', { details: info });
            await limiter.acquire(bucket, rate, req.signal);
            const accept = (req.expect ?? 'json') === 'json' ? 'application/json' : '*/*';
            const headers: Record<string, string> = { accept, ...up.headers };
            if (up.authHeaders) Object.assign(headers, await up.authHeaders());
            Object.assign(headers, req.headers);
            if (req.json !== undefined) headers['content-type'] ??= 'application/json';
            const res = await timeoutPolicy.execute(
              ({ signal: attemptSignal }) =>
                sendHttpAttempt<T>({ url, info, req, headers, signal: attemptSignal, attempt, fetchImpl }),
              retrySignal,
            );
            clog.debug({ ...info, status: res.status, attempt }, 'upstream request');
            return res;
          }, signal),
        req.signal,
      );
    }

    function request<T>(req: HttpRequest): Promise<HttpResponse<T>> {
      const method = req.method ?? 'GET';
      const info: UpstreamCallInfo = { upstream: up.upstream, method, path: loggablePath(req.path) };
      // One CLIENT span per request (its retries included); the path is the loggable one (no secrets in queries).
      return withSpan(`upstream ${up.upstream} ${method}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'sluice.upstream': up.upstream, 'http.request.method': method, 'url.path': info.path },
      }, async (span) => {
        try {
          const res = await send<T>(req, info, method);
          span.setAttributes({ 'http.response.status_code': res.status, 'http.request.resend_count': res.attempts - 1 });
          return res;
        } catch (err) {
          if (err instanceof UpstreamHttpError && err.status !== undefined) span.setAttribute('http.response.status_code', err.status);
          if (err instanceof SluiceError) span.setAttribute('error.type', err.code);
          throw err;
        }
      });
    }

    async function send<T>(req: HttpRequest, info: UpstreamCallInfo, method: string): Promise<HttpResponse<T>> {
      let url: URL;
      try {
        url = buildRequestUrl(up.baseUrl, req.path, req.query);
      } catch (err) {
        // URL errors quote their input, which may hold a key in its query: say what failed, not the URL.
        throw new SluiceError('bad_request', `invalid request URL for ${up.upstream} ${method} ${info.path}`, {
          details: info,
          cause: err instanceof Error ? new Error(err.name) : undefined,
        });
      }
      try {
        try {
          return await abortable(runOnce<T>(req, url, info), req.signal, info);
        } catch (err) {
          // One renewal (e.g. a fresh OAuth token) on an auth failure, then the failure stands.
          if (!(err instanceof SluiceError && err.code === 'auth_failed' && up.onUnauthorized)) throw err;
          if (!(await up.onUnauthorized())) throw err;
          clog.info(info, 'credentials renewed after an auth failure; retrying once');
          return await abortable(runOnce<T>(req, url, info), req.signal, info);
        }
      } catch (err) {
        throw toHttpError(err, info);
      }
    }

    return { request, breakerState: () => stateOf(breaker) };
  }

  const factory = createClient as SluiceHttpClientFactory;
  factory.breakerStates = () => Object.fromEntries([...breakers].map(([k, e]) => [k, stateOf(e)]));
  factory.breakerDetails = () => [...breakers].map(([upstream, e]) => {
    const state = stateOf(e);
    return { upstream, state, openSince: state === 'closed' || e.troubleSince === 0 ? null : new Date(e.troubleSince) };
  });
  factory.close = async () => {
    if (!redis) return;
    if (redis.status === 'wait' || redis.status === 'end') redis.disconnect();
    else await redis.quit().catch(() => redis.disconnect());
  };
  return factory;
}

function toHttpError(err: unknown, info: UpstreamCallInfo): SluiceError {
  if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) {
    return new SluiceError('circuit_open', `${info.upstream} is failing; calls are paused by the circuit breaker`, {
      details: info,
      cause: err,
    });
  }
  if (err instanceof SluiceError) return err;
  if (err instanceof Error && err.name === 'AbortError') {
    return new SluiceError('cancelled', 'the request was cancelled', { details: info, cause: err });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SluiceError('internal', `HTTP layer failure: ${message}`, { details: info, cause: err });
}
