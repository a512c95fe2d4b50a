import { SluiceError, type ErrorCode } from '../core/errors.js';

/** Where a failed call went: safe to log and to show (never headers, query values or bodies of requests). */
export interface UpstreamCallInfo {
  readonly upstream: string;
  readonly method: string;
  readonly path: string;
}

/**
 * A SluiceError raised by the HTTP layer. `retryAfterMs` carries the upstream's Retry-After to the retry backoff;
 * `countsForBreaker` marks failures that say the upstream is unhealthy (5xx, 429, timeouts, network) rather than that
 * our request was wrong (4xx).
 */
export class UpstreamHttpError extends SluiceError {
  readonly retryAfterMs: number | undefined;
  readonly status: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { info: UpstreamCallInfo; status?: number; body?: unknown; retryAfterMs?: number; cause?: unknown },
  ) {
    const details: Record<string, unknown> = { ...opts.info };
    if (opts.status !== undefined) details.status = opts.status;
    if (opts.body !== undefined) details.body = opts.body;
    super(code, message, { details, cause: opts.cause });
    this.name = 'UpstreamHttpError';
    this.retryAfterMs = opts.retryAfterMs;
    this.status = opts.status;
  }
}

/** Codes that mean "the upstream is struggling": retried, and counted by the circuit breaker after retries. */
export const TRANSIENT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'upstream_error',
  'upstream_rate_limited',
  'upstream_timeout',
  'upstream_unavailable',
]);

export function isTransient(err: unknown): err is UpstreamHttpError {
  return err instanceof UpstreamHttpError && TRANSIENT_CODES.has(err.code);
}

/** Keeps error details small: bodies of error responses can be whole HTML pages. */
export function clipBody(text: string, max = 2_000): unknown {
  const clipped = text.length > max ? `${text.slice(0, max)}…` : text;
  try {
    return text.length > max ? clipped : (JSON.parse(text) as unknown);
  } catch {
    return clipped;
  }
}
