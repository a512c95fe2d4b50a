import type { CheckResult, ConnectorContext, SourceConnector } from '../../core/connector.js';
import { isSluiceError } from '../../core/errors.js';
import { classifyDgiRejection, createDgiClient } from './dgi-client.js';
import { DGI_FIELDS, DGI_SECRETS, dgiConfigSchema, type DgiConfig } from './dgi-config.js';
import { dgiStreams } from './dgi-streams.js';
import { formatRequestTime } from './dgi-time.js';

/** The server's tolerance for X-Request-Time (spec §2; an MD may tune it). */
const SKEW_LIMIT_S = 10;

function skewNote(serverDate: Date | undefined, local: Date): { text: string; seconds?: number } {
  if (!serverDate) return { text: '' };
  // The Date header has one-second resolution: compare whole seconds (±1 s is the measurement's own error).
  const seconds = Math.floor(local.getTime() / 1000) - Math.floor(serverDate.getTime() / 1000);
  return { text: ` (our clock is ${Math.abs(seconds)} s ${seconds >= 0 ? 'ahead of' : 'behind'} the server's)`, seconds };
}

async function checkDgi(config: DgiConfig, ctx: ConnectorContext): Promise<CheckResult> {
  const parsed = dgiConfigSchema.safeParse(config);
  if (!parsed.success) {
    return { ok: false, message: `invalid config: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}` };
  }
  const cfg = parsed.data;
  const now = ctx.now();
  const body = {
    // One hour of prospects: the smallest real read that exercises key, token, clock and dealer scope.
    fromTime: formatRequestTime(new Date(now.getTime() - 3_600_000), cfg.time_zone),
    toTime: formatRequestTime(now, cfg.time_zone),
    dealerId: cfg.dealer_id,
  };
  try {
    const res = await createDgiClient(ctx.http, cfg, ctx.now).read('prsp/read', body, ctx.signal);
    const skew = skewNote(res.serverDate, ctx.now());
    return {
      ok: true,
      message: `connected to DGI at ${cfg.base_url} as dealer ${cfg.dealer_id}; ${res.rows.length} prospect(s) in the last hour${skew.text}`,
      details: { dealerId: cfg.dealer_id, rows: res.rows.length, skewSeconds: skew.seconds },
    };
  } catch (err) {
    if (!isSluiceError(err)) return { ok: false, message: `check failed: ${String(err)}` };
    const details = (err.details ?? {}) as { serverMessage?: string; status?: number };
    if (err.code === 'upstream_rejected' && details.serverMessage !== undefined) {
      const server = details.serverMessage;
      switch (classifyDgiRejection(server)) {
        case 'clock_skew':
          return {
            ok: false,
            message: `clock skew: the server refused X-Request-Time ${Math.floor(now.getTime() / 1000)} as more than ${SKEW_LIMIT_S} s away from its clock ("${server}"); sync this machine's clock (NTP)`,
            details: { reason: 'clock_skew', serverMessage: server },
          };
        case 'bad_credentials':
          return {
            ok: false,
            message: `the API key or secret key was rejected ("${server}"); check both keys for dealer ${cfg.dealer_id}`,
            details: { reason: 'bad_credentials', serverMessage: server },
          };
        case 'dealer_scope':
          return {
            ok: false,
            message: `dealer ${cfg.dealer_id} is not in the dealer group of this API key ("${server}"); check the ODA code or use the key of that dealer's group`,
            details: { reason: 'dealer_scope', serverMessage: server },
          };
        default:
          return { ok: false, message: `DGI refused the request: "${server}"`, details: { reason: 'rejected', serverMessage: server } };
      }
    }
    if (err.code === 'auth_failed') {
      return { ok: false, message: `the API key was rejected (HTTP ${details.status ?? 401})`, details: { reason: 'bad_credentials' } };
    }
    if (['upstream_unavailable', 'upstream_timeout', 'circuit_open', 'upstream_error'].includes(err.code)) {
      return { ok: false, message: `DGI at ${cfg.base_url} is unreachable: ${err.message}`, details: { reason: 'unreachable', code: err.code } };
    }
    if (err.code === 'upstream_rejected' && details.status === 404) {
      return {
        ok: false,
        message: `${cfg.base_url} answered 404 for /dgi-api/v1.3/prsp/read: is the base URL the main dealer's DGI host?`,
        details: { reason: 'not_found' },
      };
    }
    return { ok: false, message: `check failed: ${err.message}`, details: { reason: err.code } };
  }
}

export const dgiConnector: SourceConnector<DgiConfig> = {
  manifest: {
    id: 'dgi',
    name: 'AHM DGI (Honda dealer API)',
    description:
      'Pulls one Honda dealer’s prospects, SPK, deliveries, billing, leasing, documents, unit and parts inbound, work orders, workshop and parts invoices and HLO orders from the main dealer’s DGI v1.3 API.',
    configSchema: dgiConfigSchema,
    secrets: DGI_SECRETS,
    fields: DGI_FIELDS,
  },
  check: checkDgi,
  streams: () => dgiStreams(),
};
