import { createHash } from 'node:crypto';
import type { ConnectorContext } from '../../core/connector.js';
import { SluiceError } from '../../core/errors.js';
import { hostOf } from '../../http/host-of.js';
import type { HttpClient, HttpClientFactory } from '../../http/http-client.js';
import type { NinjaOneConfig } from './ninjaone-config.js';
import { NinjaTokenProvider } from './ninjaone-token-provider.js';

export const NINJAONE_UPSTREAM = 'ninjaone';

export interface NinjaApi {
  readonly client: HttpClient;
  readonly tokens: NinjaTokenProvider;
}

/** One token provider per HTTP layer and credential, so the streams of a sync share a token instead of each fetching one. */
const providers = new WeakMap<HttpClientFactory, Map<string, NinjaTokenProvider>>();

/** An API client whose bearer token is fetched before first use, renewed before expiry and once on a 401. */
export function ninjaApi(ctx: ConnectorContext, config: NinjaOneConfig): NinjaApi {
  const credentialKey = createHash('sha256').update(`${config.base_url}|${config.client_id}`).digest('hex').slice(0, 16);
  const providerKey = createHash('sha256').update(`${config.base_url}|${config.client_id}|${config.client_secret}|${config.scopes}`).digest('hex');
  let byKey = providers.get(ctx.http);
  if (!byKey) {
    byKey = new Map();
    providers.set(ctx.http, byKey);
  }
  let tokens = byKey.get(providerKey);
  if (!tokens) {
    const tokenClient = ctx.http({ upstream: NINJAONE_UPSTREAM, baseUrl: config.base_url, credentialKey });
    tokens = new NinjaTokenProvider(tokenClient, {
      host: hostOf(config.base_url),
      clientId: config.client_id,
      clientSecret: config.client_secret,
      scopes: config.scopes,
      now: ctx.now,
    });
    byKey.set(providerKey, tokens);
  }
  const provider = tokens;
  const client = ctx.http({
    upstream: NINJAONE_UPSTREAM,
    baseUrl: config.base_url,
    credentialKey,
    authHeaders: async () => ({ authorization: `Bearer ${await provider.accessToken()}` }),
    onUnauthorized: async () => {
      await provider.renew();
      return true;
    },
  });
  return { client, tokens: provider };
}

function asObjects(body: unknown, path: string): Record<string, unknown>[] {
  if (!Array.isArray(body)) {
    throw new SluiceError('malformed_response', `ninjaone GET ${path}: expected a JSON array`, { details: { path } });
  }
  return body.filter((x): x is Record<string, unknown> => x !== null && typeof x === 'object');
}

/**
 * Pages of an `after`-paginated list (organizations, devices): `after` is the last id of the previous page, ids
 * ascend, a short or empty page is the last one.
 */
export async function* ninjaAfterPages(
  client: HttpClient, path: string, pageSize: number, signal: AbortSignal,
): AsyncGenerator<Record<string, unknown>[]> {
  let after: number | undefined;
  for (;;) {
    const res = await client.request<unknown>({ path, query: { pageSize, after }, signal });
    const page = asObjects(res.body, path);
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    const last = page[page.length - 1]!.id;
    if (typeof last !== 'number' || (after !== undefined && last <= after)) {
      throw new SluiceError('malformed_response', `ninjaone GET ${path}: ids do not ascend across pages, paging would not end`, {
        details: { path, after, last },
      });
    }
    after = last;
  }
}

export async function ninjaList(client: HttpClient, path: string, signal: AbortSignal): Promise<Record<string, unknown>[]> {
  const res = await client.request<unknown>({ path, signal });
  return asObjects(res.body, path);
}
