import type { CheckResult, ConnectorContext } from '../../core/connector.js';
import { isSluiceError } from '../../core/errors.js';
import { hostOf } from '../../http/host-of.js';
import { ninjaApi } from './ninjaone-api.js';
import type { NinjaOneConfig } from './ninjaone-config.js';

/** Fetches a token, then reads one organization: says whether the host, the client or the scopes are wrong. */
export async function checkNinjaOne(config: NinjaOneConfig, ctx: ConnectorContext): Promise<CheckResult> {
  const host = hostOf(config.base_url);
  const { client, tokens } = ninjaApi(ctx, config);
  try {
    await tokens.renew();
  } catch (err) {
    return failure(err, config.base_url, host);
  }
  try {
    const res = await client.request<unknown>({ path: '/v2/organizations', query: { pageSize: 1 }, retry: false, signal: ctx.signal, acceptStatus: [403, 404] });
    if (res.status === 403) return { ok: false, message: `the token from ${host} lacks the monitoring scope (403 on /v2/organizations); add "monitoring" to scopes and to the API client in NinjaOne`, details: { status: 403 } };
    if (res.status === 404) return { ok: false, message: `${host} issued a token but has no /v2/organizations (404); check base_url`, details: { status: 404 } };
    if (!Array.isArray(res.body)) return { ok: false, message: `${host} answered /v2/organizations, but not with a list; check base_url` };
    return { ok: true, message: `connected to ${host}: client credentials accepted, scopes "${config.scopes}"` };
  } catch (err) {
    return failure(err, config.base_url, host);
  }
}

function failure(err: unknown, baseUrl: string, host: string): CheckResult {
  if (!isSluiceError(err)) return { ok: false, message: `unexpected failure: ${String(err)}` };
  switch (err.code) {
    case 'upstream_unavailable':
      return { ok: false, message: `cannot reach ${baseUrl}: ${err.message.replace(/^.*?: /, '')}`, details: { code: err.code } };
    case 'upstream_timeout':
      return { ok: false, message: `${baseUrl} did not answer in time`, details: { code: err.code } };
    case 'upstream_rate_limited':
      return { ok: false, message: `${host} is rate-limiting this client (429); try again shortly`, details: { code: err.code } };
    case 'malformed_response':
      return { ok: false, message: `${host} answered, but not with JSON: base_url is probably not a NinjaOne region host`, details: { code: err.code } };
    default:
      // auth_failed from the token provider already carries a precise reason.
      return { ok: false, message: err.message, details: { code: err.code } };
  }
}
