import createClient from 'openapi-fetch';
import type { paths } from './schema';

/** An error answer of the API: its stable code, message and HTTP status, shown to the user as they are. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const CSRF_COOKIE = 'sluice_csrf';
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === CSRF_COOKIE) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

function withCsrf(req: Request): Request {
  if (SAFE.has(req.method)) return req;
  const token = csrfToken();
  if (!token) return req;
  const headers = new Headers(req.headers);
  headers.set('x-csrf-token', token);
  return new Request(req, { headers });
}

let refreshing: Promise<boolean> | undefined;

/** Rotates the session with the refresh cookie; concurrent 401s share one refresh. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/v1/auth/refresh', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'x-csrf-token': csrfToken() ?? '' },
  })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

const NO_REFRESH = /\/api\/v1\/auth\/(login|refresh|logout|setup)$/;

/**
 * Every API call goes through here: the session cookies ride along, state-changing calls carry the CSRF header, and
 * an expired access token is refreshed once and the call replayed, so a long-open page keeps working.
 */
export async function sessionFetch(input: Request): Promise<Response> {
  const replay = input.clone();
  const res = await fetch(withCsrf(input));
  if (res.status !== 401 || NO_REFRESH.test(new URL(input.url).pathname)) return res;
  if (!(await refreshSession())) return res;
  return fetch(withCsrf(replay));
}

export const api = createClient<paths>({
  baseUrl: window.location.origin,
  credentials: 'same-origin',
  fetch: sessionFetch,
});

interface ErrorBody {
  error?: { code?: string; message?: string; details?: unknown };
}

export function toApiError(status: number, body: unknown): ApiError {
  const e = (body as ErrorBody | undefined)?.error;
  return new ApiError(status, e?.code ?? `http_${status}`, e?.message ?? `the server answered ${status}`, e?.details);
}

/** Unwraps an openapi-fetch result: the data, or an ApiError with the server's code and message. */
export async function unwrap<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const r = await p;
  if (r.error !== undefined || !r.response.ok) throw toApiError(r.response.status, r.error);
  return r.data as T;
}

/** Builds a query string with repeatable keys (where=…&where=…), skipping empty values. */
export function queryString(params: Record<string, string | number | boolean | readonly string[] | undefined | null>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const item of v as readonly string[]) sp.append(k, item);
    else sp.set(k, String(v));
  }
  const s = sp.toString();
  return s ? `?${s}` : '';
}
