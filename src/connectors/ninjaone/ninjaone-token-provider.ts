import { SluiceError } from '../../core/errors.js';
import type { HttpClient } from '../../http/http-client.js';

interface TokenReply {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

export interface NinjaToken {
  readonly accessToken: string;
  readonly expiresAtMs: number;
  readonly ttlSeconds: number;
}

/** Why the token endpoint refused, in words a person can act on. */
export function tokenFailureMessage(host: string, status: number, body: unknown): string {
  const b = (body !== null && typeof body === 'object' ? body : {}) as TokenReply;
  const error = typeof b.error === 'string' ? b.error : undefined;
  const desc = typeof b.error_description === 'string' ? `: ${b.error_description}` : '';
  if (error === 'invalid_client' || status === 401) {
    return `NinjaOne at ${host} rejected the client id or secret (${error ?? status}${desc}). API clients only work on the region host they were created on (app, us2, eu, ca, oc .ninjarmm.com): check base_url, then the secret`;
  }
  if (error === 'invalid_scope') return `NinjaOne at ${host} refused the requested scopes (invalid_scope${desc}); "monitoring" is enough to read, and offline_access is not allowed with client credentials`;
  if (error === 'unsupported_grant_type' || error === 'unauthorized_client') return `the NinjaOne API client is not allowed the client-credentials grant (${error}${desc}); enable "Client Credentials" for the app in NinjaOne`;
  if (status === 404 || status === 405) return `${host} has no NinjaOne token endpoint (POST /ws/oauth/token answered ${status}); base_url should be a region host such as https://app.ninjarmm.com`;
  return `NinjaOne at ${host} refused the token request (${status}${error ? ` ${error}` : ''}${desc})`;
}

/**
 * Client-credentials tokens for NinjaOne. There is no refresh token for this grant, so a new token is fetched before
 * the current one expires (at 90% of its lifetime, at most one minute early), once more when a call is refused with
 * 401 mid-sync, and concurrent callers share one in-flight request.
 */
export class NinjaTokenProvider {
  private token: NinjaToken | undefined;
  private pending: Promise<NinjaToken> | undefined;
  fetched = 0;

  constructor(
    private readonly http: HttpClient,
    private readonly opts: { host: string; clientId: string; clientSecret: string; scopes: string; now: () => Date },
  ) {}

  async accessToken(): Promise<string> {
    const t = this.token;
    if (t && this.opts.now().getTime() < this.renewAt(t)) return t.accessToken;
    return (await this.renew()).accessToken;
  }

  /** Forgets the current token and fetches a new one (shared by concurrent callers). */
  renew(): Promise<NinjaToken> {
    this.token = undefined;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private renewAt(t: NinjaToken): number {
    const margin = Math.min(60_000, t.ttlSeconds * 100);
    return t.expiresAtMs - margin;
  }

  private async fetchToken(): Promise<NinjaToken> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: this.opts.clientId,
      client_secret: this.opts.clientSecret,
      scope: this.opts.scopes,
    });
    const res = await this.http.request<TokenReply | string | null>({
      method: 'POST',
      path: '/ws/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      acceptStatus: [400, 401, 403, 404, 405],
    });
    const body = res.body;
    if (res.status !== 200 || body === null || typeof body !== 'object') {
      throw new SluiceError('auth_failed', tokenFailureMessage(this.opts.host, res.status, body), { details: { status: res.status } });
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new SluiceError('malformed_response', `NinjaOne at ${this.opts.host} answered the token request without an access_token`);
    }
    const ttl = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
    const token = { accessToken: body.access_token, ttlSeconds: ttl, expiresAtMs: this.opts.now().getTime() + ttl * 1000 };
    this.token = token;
    this.fetched += 1;
    return token;
  }
}
