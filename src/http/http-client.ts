/**
 * The one HTTP layer every connector and destination uses (DESIGN.md invariant 8): timeout, retry with jittered
 * exponential backoff honouring Retry-After, a circuit breaker per upstream and a rate limiter per credential.
 * This file is the port; `create-http-client-factory.ts` builds it from cockatiel and rate-limiter-flexible.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  readonly method?: HttpMethod;
  /** Appended to the upstream's base URL; an absolute URL is used as it is. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | number | boolean | undefined | null>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON with `content-type: application/json`. */
  readonly json?: unknown;
  /** Raw body (e.g. form-encoded OAuth token requests). */
  readonly body?: string;
  /** How to read the body; `json` fails with `malformed_response` when it does not parse. Default `json`. */
  readonly expect?: 'json' | 'text';
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Retry on 429/5xx/network errors. Default true; set false for non-idempotent calls that must not repeat. */
  readonly retry?: boolean;
  /** Statuses returned to the caller instead of thrown (e.g. 404 for a lookup, 400 to record a per-item failure). */
  readonly acceptStatus?: readonly number[];
}

export interface HttpResponse<T = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: T;
  readonly attempts: number;
}

export interface HttpClient {
  request<T = unknown>(req: HttpRequest): Promise<HttpResponse<T>>;
  /** The breaker's state for /health/ready and /metrics. */
  breakerState(): 'closed' | 'open' | 'half_open';
}

export interface UpstreamOptions {
  /** Breaker and metrics label: `notion`, `unifi-site-manager`, `ninjaone`, `dgi`, `ui-locator`, `webhook`. */
  readonly upstream: string;
  readonly baseUrl: string;
  /** Rate-limit bucket key, e.g. a hash of the token; shared by all workers when Redis is configured. */
  readonly credentialKey?: string;
  readonly rateLimit?: {
    /** Average requests per second (Notion: 3). */
    readonly perSecond?: number;
    /** Minimum spacing between requests (ui.com: 200 ms). */
    readonly minIntervalMs?: number;
  };
  readonly timeoutMs?: number;
  /** Attempts after the first; default from config (3). */
  readonly retries?: number;
  /** Headers sent on every request (auth headers are redacted from logs). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Called before each attempt for headers that change (OAuth bearer tokens, DGI time-based tokens). */
  readonly authHeaders?: () => Promise<Record<string, string>> | Record<string, string>;
  /** Called once on a 401 before failing, e.g. to renew an OAuth token; return true to retry the request once. */
  readonly onUnauthorized?: () => Promise<boolean>;
}

export type HttpClientFactory = (opts: UpstreamOptions) => HttpClient;
