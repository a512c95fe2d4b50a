import { createHash } from 'node:crypto';
import { SluiceError } from '../../core/errors.js';
import type { HttpClient, HttpClientFactory } from '../../http/http-client.js';
import type { DgiConfig } from './dgi-config.js';
import { dgiAuthHeaders } from './dgi-token.js';

/** Why the server said `status: 0`, from its message (the codes are not standardised, the wording mostly is). */
export type DgiRejection = 'bad_credentials' | 'clock_skew' | 'dealer_scope' | 'window' | 'other';

export function classifyDgiRejection(message: string): DgiRejection {
  if (/timestamp|x-request-time|detik/i.test(message)) return 'clock_skew';
  // "Dealer 29437 Tidak Terdaftar Pada Dealer Group API Key Ini": the key is fine, the dealer is outside its group.
  if (/dealer/i.test(message) && /terdaftar|group|grup|akses/i.test(message) && !/api key tidak terdaftar/i.test(message)) return 'dealer_scope';
  if (/token|api[ -]?key|secret|credential|kredensial|otoritas|unauthori[sz]ed/i.test(message)) return 'bad_credentials';
  if (/rentang|range|fromtime|totime|hari|days?\b/i.test(message)) return 'window';
  return 'other';
}

/** The envelope's message is `null`, a string or an object of messages (spec §4); one readable line either way. */
export function dgiMessageText(message: unknown): string {
  if (message === null || message === undefined) return '';
  if (typeof message === 'string') return message.trim();
  if (typeof message === 'object') {
    return Object.entries(message as Record<string, unknown>)
      .map(([k, v]) => (typeof v === 'string' ? (/^message\d*$/.test(k) ? v : `${k}: ${v}`) : `${k}: ${JSON.stringify(v)}`))
      .join('; ');
  }
  return typeof message === 'number' || typeof message === 'boolean' ? String(message) : '';
}

/** A server that echoes the key back in its message must not carry it into errors and logs (invariant 7). */
function redact(text: string, secrets: readonly string[]): string {
  return secrets.filter((x) => x.length >= 4).reduce((t, x) => t.split(x).join('[redacted]'), text);
}

// Some MD servers answer an empty window with status 0 and this text instead of `status: 1, data: []`.
const NO_DATA_RE = /tidak ada data/i;

export interface DgiReadResult {
  readonly rows: unknown[];
  /** The server's `Date` header, when sent: lets `check()` measure clock skew. */
  readonly serverDate: Date | undefined;
}

export interface DgiClient {
  read(endpoint: string, body: Record<string, string>, signal?: AbortSignal): Promise<DgiReadResult>;
}

export function createDgiClient(http: HttpClientFactory, config: DgiConfig, now: () => Date): DgiClient {
  const client: HttpClient = http({
    upstream: 'dgi',
    baseUrl: `${config.base_url}/dgi-api/v1.3/`,
    // Keys are per dealer group; the limiter bucket follows the key, never exposing it.
    credentialKey: createHash('sha256').update(config.api_key).digest('hex').slice(0, 16),
    rateLimit: { perSecond: config.requests_per_second },
    timeoutMs: config.timeout_ms,
    retries: config.retries,
    headers: { accept: 'application/json' },
    // The token is bound to the second it is made: a retry 2 s later needs a fresh one.
    authHeaders: () => dgiAuthHeaders(config.api_key, config.secret_key, now()),
  });

  return {
    async read(endpoint, body, signal) {
      const res = await client.request<unknown>({ method: 'POST', path: endpoint, json: body, signal });
      const env = res.body;
      const dateHeader = res.headers.date;
      const serverDate = dateHeader && Number.isFinite(Date.parse(dateHeader)) ? new Date(dateHeader) : undefined;
      if (env === null || typeof env !== 'object' || !('status' in env)) {
        throw new SluiceError('malformed_response', `DGI ${endpoint} did not answer with the {status, message, data} envelope`, {
          details: { endpoint },
        });
      }
      const { status, message, data } = env as { status: unknown; message?: unknown; data?: unknown };
      if (Number(status) !== 1) {
        const text = redact(dgiMessageText(message) || 'no message', [config.api_key, config.secret_key]);
        if (NO_DATA_RE.test(text)) return { rows: [], serverDate };
        const reason = classifyDgiRejection(text);
        throw new SluiceError('upstream_rejected', `DGI ${endpoint} refused the request (status 0): ${text}`, {
          details: { endpoint, serverMessage: text, reason, fromTime: body.fromTime, toTime: body.toTime, dealerId: body.dealerId },
        });
      }
      if (data === null || data === undefined) return { rows: [], serverDate };
      if (!Array.isArray(data)) {
        throw new SluiceError('malformed_response', `DGI ${endpoint} returned status 1 but "data" is not an array`, {
          details: { endpoint },
        });
      }
      return { rows: data, serverDate };
    },
  };
}
