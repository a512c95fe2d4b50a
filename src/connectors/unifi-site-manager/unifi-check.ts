import type { CheckResult, ConnectorContext } from '../../core/connector.js';
import { isSluiceError } from '../../core/errors.js';
import { hostOf } from '../../http/host-of.js';
import { unifiClient } from './unifi-api.js';
import { UNIFI_DEFAULT_BASE_URL, type UnifiConfig } from './unifi-config.js';

/** One `GET /v1/hosts?pageSize=1`, no retries: says exactly which of key, host or network is wrong. */
export async function checkUnifi(config: UnifiConfig, ctx: ConnectorContext): Promise<CheckResult> {
  const host = hostOf(config.base_url);
  const client = unifiClient(ctx, config);
  try {
    const res = await client.request<unknown>({
      path: '/v1/hosts',
      query: { pageSize: 1 },
      retry: false,
      signal: ctx.signal,
      acceptStatus: [400, 401, 403, 404, 405],
    });
    const body = res.body as { data?: unknown; message?: unknown; code?: unknown } | null;
    const upstreamMsg = body && typeof body === 'object' && typeof body.message === 'string' ? `: ${body.message}` : '';
    switch (res.status) {
      case 401:
        return { ok: false, message: `the API key was rejected by ${host} (401${upstreamMsg}); create a new key at unifi.ui.com → API`, details: { status: 401 } };
      case 403:
        return { ok: false, message: `the API key is not allowed to list hosts on ${host} (403${upstreamMsg})`, details: { status: 403 } };
      case 404:
      case 405:
        return { ok: false, message: `${config.base_url} has no Site Manager API (GET /v1/hosts answered ${res.status}); base_url should be ${UNIFI_DEFAULT_BASE_URL}`, details: { status: res.status } };
      case 400:
        return { ok: false, message: `${host} refused the request (400${upstreamMsg})`, details: { status: 400 } };
    }
    if (!body || typeof body !== 'object' || !Array.isArray(body.data)) {
      return { ok: false, message: `${host} answered, but not like the Site Manager API (no "data" list); check base_url (default ${UNIFI_DEFAULT_BASE_URL})` };
    }
    return { ok: true, message: `connected to ${host}: API key accepted`, details: { firstPageHosts: body.data.length } };
  } catch (err) {
    if (!isSluiceError(err)) return { ok: false, message: `unexpected failure: ${String(err)}` };
    switch (err.code) {
      case 'upstream_unavailable':
        return { ok: false, message: `cannot reach ${config.base_url}: ${err.message.replace(/^.*?: /, '')}`, details: { code: err.code } };
      case 'upstream_timeout':
        return { ok: false, message: `${config.base_url} did not answer in time`, details: { code: err.code } };
      case 'upstream_rate_limited':
        return { ok: false, message: `${host} is rate-limiting this API key (429); try again in a minute`, details: { code: err.code } };
      case 'malformed_response':
        return { ok: false, message: `${host} answered, but not with JSON: base_url is probably not the Site Manager API (default ${UNIFI_DEFAULT_BASE_URL})`, details: { code: err.code } };
      default:
        return { ok: false, message: `${host}: ${err.message}`, details: { code: err.code } };
    }
  }
}
