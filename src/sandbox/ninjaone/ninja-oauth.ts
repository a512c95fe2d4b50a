import { randomBytes } from 'node:crypto';

export interface NinjaClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scopes: readonly string[];
}

interface IssuedToken {
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly expiresAtMs: number;
}

export type TokenGrant =
  | { readonly ok: true; readonly body: { access_token: string; token_type: 'Bearer'; expires_in: number; scope: string } }
  | { readonly ok: false; readonly status: 400 | 401; readonly body: { error: string; error_description: string } };

const KNOWN_SCOPES = new Set(['monitoring', 'management', 'control']);

/**
 * NinjaOne's client-credentials token endpoint: no refresh token, `expires_in` 3600 s by default. Expiry is measured on
 * the sandbox clock, so advancing it expires tokens without waiting.
 */
export class NinjaTokenIssuer {
  private readonly tokens = new Map<string, IssuedToken>();
  issued = 0;

  constructor(
    private readonly clients: readonly NinjaClient[],
    public ttlSeconds: number,
    private readonly nowMs: () => number,
  ) {}

  grant(form: URLSearchParams, authorization: string | undefined): TokenGrant {
    const fail = (status: 400 | 401, error: string, description: string): TokenGrant => ({ ok: false, status, body: { error, error_description: description } });
    let clientId = form.get('client_id') ?? undefined;
    let clientSecret = form.get('client_secret') ?? undefined;
    // client_secret_basic: credentials in the Authorization header instead of the form.
    const basic = authorization && /^Basic\s+(.+)$/i.exec(authorization);
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const i = decoded.indexOf(':');
      if (i > 0) {
        clientId = decodeURIComponent(decoded.slice(0, i));
        clientSecret = decodeURIComponent(decoded.slice(i + 1));
      }
    }
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return fail(400, 'unsupported_grant_type', `grant type ${grantType ?? '(missing)'} is not supported`);
    }
    const client = this.clients.find((c) => c.clientId === clientId);
    if (!client || client.clientSecret !== clientSecret) return fail(401, 'invalid_client', 'Bad client credentials');
    const requested = (form.get('scope') ?? client.scopes.join(' ')).split(/\s+/).filter((s) => s !== '');
    const unknown = requested.find((s) => !KNOWN_SCOPES.has(s) || !client.scopes.includes(s));
    if (unknown) return fail(400, 'invalid_scope', `Invalid scope: ${unknown}`);
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { clientId: client.clientId, scopes: requested, expiresAtMs: this.nowMs() + this.ttlSeconds * 1000 });
    this.issued += 1;
    return { ok: true, body: { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds, scope: requested.join(' ') } };
  }

  /** The token's grant when it is known and not expired. */
  verify(authorization: string | undefined): IssuedToken | undefined {
    const m = authorization && /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!m) return undefined;
    const t = this.tokens.get(m[1]!);
    if (!t) return undefined;
    if (t.expiresAtMs <= this.nowMs()) {
      this.tokens.delete(m[1]!);
      return undefined;
    }
    return t;
  }

  /** Invalidates every issued token (an admin rotating the client secret's sessions). */
  revokeAll(): void {
    this.tokens.clear();
  }
}
