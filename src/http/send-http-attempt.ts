import { SluiceError } from '../core/errors.js';
import type { HttpRequest, HttpResponse } from './http-client.js';
import { recordUpstreamCall } from './upstream-health.js';
import { upstreamRateLimitedTotal, upstreamRequestDuration, upstreamRequestsTotal } from './http-metrics.js';
import { parseRetryAfter } from './retry-after.js';
import { UpstreamHttpError, clipBody, type UpstreamCallInfo } from './upstream-http-error.js';

export interface AttemptInput {
  readonly url: URL;
  readonly info: UpstreamCallInfo;
  readonly req: HttpRequest;
  readonly headers: Record<string, string>;
  /** Aborts on the attempt's timeout and on the caller's cancellation. */
  readonly signal: AbortSignal;
  readonly attempt: number;
  readonly fetchImpl: typeof fetch;
}

/**
 * Sends one HTTP attempt and turns its outcome into a response or a classified UpstreamHttpError. Retrying, breaking
 * and limiting happen around it (create-http-client-factory.ts); this function only knows what one response means.
 */
export async function sendHttpAttempt<T>(a: AttemptInput): Promise<HttpResponse<T>> {
  const { info, req } = a;
  const started = performance.now();
  const observe = (status: string) => {
    upstreamRequestsTotal.inc({ upstream: info.upstream, status });
    upstreamRequestDuration.observe({ upstream: info.upstream }, (performance.now() - started) / 1000);
    recordUpstreamCall(info.upstream, status, performance.now() - started);
  };
  let status: number;
  let headers: Record<string, string>;
  let text: string;
  try {
    const res = await a.fetchImpl(a.url, {
      method: info.method,
      headers: a.headers,
      body: req.json !== undefined ? JSON.stringify(req.json) : req.body,
      signal: a.signal,
    });
    status = res.status;
    headers = Object.fromEntries(res.headers.entries());
    // The body is read inside the attempt so that a hung or truncated body is a timeout or a network error too.
    text = await res.text();
  } catch (err) {
    if (req.signal?.aborted) {
      observe('cancelled');
      throw new SluiceError('cancelled', 'the request was cancelled', { details: info, cause: err });
    }
    if (a.signal.aborted) {
      observe('timeout');
      throw new UpstreamHttpError('upstream_timeout', `${info.upstream} did not answer ${info.method} ${info.path} in time`, {
        info,
        cause: err,
      });
    }
    observe('network_error');
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
    throw new UpstreamHttpError('upstream_unavailable', `${info.upstream} ${info.method} ${info.path}: ${reason}`, {
      info,
      cause: err,
    });
  }
  observe(String(status));

  const accepted = req.acceptStatus?.includes(status) ?? false;
  if ((status >= 200 && status < 300) || accepted) {
    return { status, headers, body: parseBody<T>(text, req, info, status, accepted), attempts: a.attempt };
  }
  const retryAfterMs = parseRetryAfter(headers['retry-after']);
  if (status === 429) {
    upstreamRateLimitedTotal.inc({ upstream: info.upstream });
    throw new UpstreamHttpError('upstream_rate_limited', `${info.upstream} rate-limited ${info.method} ${info.path} (429)`, {
      info,
      status,
      retryAfterMs,
    });
  }
  if (status >= 500) {
    throw new UpstreamHttpError('upstream_error', `${info.upstream} failed ${info.method} ${info.path} with ${status}`, {
      info,
      status,
      body: clipBody(text),
      retryAfterMs,
    });
  }
  if (status === 401 || status === 403) {
    throw new UpstreamHttpError('auth_failed', `${info.upstream} refused the credentials (${status})`, {
      info,
      status,
      body: clipBody(text),
    });
  }
  throw new UpstreamHttpError('upstream_rejected', `${info.upstream} rejected ${info.method} ${info.path} with ${status}`, {
    info,
    status,
    body: clipBody(text),
  });
}

function parseBody<T>(text: string, req: HttpRequest, info: UpstreamCallInfo, status: number, accepted: boolean): T {
  if ((req.expect ?? 'json') === 'text') return text as T;
  if (text.trim() === '') return null as T;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    // An accepted error status (e.g. a 404 HTML page for a lookup) is handed back as text rather than failing.
    if (accepted && (status < 200 || status >= 300)) return text as T;
    throw new UpstreamHttpError('malformed_response', `${info.upstream} sent a body that is not valid JSON`, {
      info,
      status,
      body: clipBody(text, 200),
      cause: err,
    });
  }
}
