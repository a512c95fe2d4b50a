import { createHash } from 'node:crypto';
import type { ConnectorContext } from '../../core/connector.js';
import { SluiceError } from '../../core/errors.js';
import type { HttpClient } from '../../http/http-client.js';
import type { UnifiConfig } from './unifi-config.js';

export const UNIFI_UPSTREAM = 'unifi-site-manager';

/** The API's v1 limit is 10,000 requests a minute per key; stay just under it. */
const PER_SECOND = 150;

export function unifiClient(ctx: ConnectorContext, config: UnifiConfig): HttpClient {
  return ctx.http({
    upstream: UNIFI_UPSTREAM,
    baseUrl: config.base_url,
    credentialKey: createHash('sha256').update(config.api_key).digest('hex').slice(0, 16),
    rateLimit: { perSecond: PER_SECOND },
    headers: { 'X-API-KEY': config.api_key },
  });
}

interface Envelope {
  data?: unknown;
  nextToken?: unknown;
}

/**
 * Every page of a list endpoint: follows `nextToken` until it is absent or empty (the recorded /v1/hosts bodies end
 * with `"nextToken": ""`). Clients that read only the first page silently lost devices; this one never stops early.
 */
export async function* unifiPages(
  client: HttpClient, path: string, pageSize: number, signal: AbortSignal,
): AsyncGenerator<Record<string, unknown>[]> {
  let nextToken: string | undefined;
  const seen = new Set<string>();
  for (;;) {
    const res = await client.request<Envelope>({ path, query: { pageSize, nextToken }, signal });
    const body = res.body;
    if (body === null || typeof body !== 'object' || !Array.isArray(body.data)) {
      throw new SluiceError('malformed_response', `unifi-site-manager GET ${path}: the reply has no "data" list`, {
        details: { path, status: res.status },
      });
    }
    yield body.data.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object');
    const token = typeof body.nextToken === 'string' && body.nextToken !== '' ? body.nextToken : undefined;
    if (token === undefined) return;
    if (seen.has(token)) {
      throw new SluiceError('malformed_response', `unifi-site-manager GET ${path}: nextToken repeated, paging would never end`, {
        details: { path },
      });
    }
    seen.add(token);
    nextToken = token;
  }
}
