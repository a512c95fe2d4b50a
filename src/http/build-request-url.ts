import type { HttpRequest } from './http-client.js';

/** Joins base URL, path and query; an absolute path (e.g. a `next` link from the upstream) is used as it is. */
export function buildRequestUrl(baseUrl: string, path: string, query?: HttpRequest['query']): URL {
  const url = /^https?:\/\//i.test(path)
    ? new URL(path)
    : new URL(`${baseUrl.replace(/\/+$/, '')}${path === '' || path.startsWith('/') || path.startsWith('?') ? '' : '/'}${path}`);
  if (query) {
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null) continue;
      url.searchParams.append(k, String(v));
    }
  }
  return url;
}

/** The part of a request that is safe in logs and error details: the path without its query (query values may carry keys). */
export function loggablePath(path: string): string {
  if (/^https?:\/\//i.test(path)) {
    try {
      return new URL(path).pathname;
    } catch {
      return '(invalid url)';
    }
  }
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}
