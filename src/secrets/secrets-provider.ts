import type { HttpClient, HttpClientFactory } from '../http/http-client.js';
import type { Logger } from '../observability/logger.js';
import { writeAudit } from '../auth/audit-log.js';
import type { SqlExecutor } from '../store/database.js';

export type SecretSource = 'azure-key-vault' | 'environment' | 'missing';

export interface SecretReadContext {
  /** Who needs it: `connection:<name>`, `user:<email>`, `system`. */
  readonly actor: string;
  /** Why: `sync`, `check`, `push`, … (audited). */
  readonly purpose: string;
  readonly requestId?: string | undefined;
}

/**
 * Seed 001's credential manager: Azure Key Vault first (production), environment variables as the fallback
 * (development, or when the vault is unreachable), every read written to the audit log with its source — never its
 * value.
 */
export interface SecretsProvider {
  readonly primary: 'azure-key-vault' | 'environment';
  get(name: string, ctx: SecretReadContext): Promise<{ value: string | undefined; source: SecretSource }>;
  /**
   * A Key Vault reference (a connection secret written as `keyvault:<name>[/<version>]` or
   * `@Microsoft.KeyVault(SecretUri=…)`): read from its vault, else from the environment variable `ref.envName`.
   */
  getReference(ref: SecretReference, ctx: SecretReadContext): Promise<{ value: string | undefined; source: SecretSource }>;
}

export interface SecretReference {
  /** The secret's name in the vault. */
  readonly name: string;
  readonly version?: string | undefined;
  /** The vault named by the reference itself (`SecretUri=`), else the configured one. */
  readonly vaultUrl?: string | undefined;
  /** Environment variable read when the vault cannot answer. */
  readonly envName: string;
}

export interface SecretsProviderOptions {
  readonly db: SqlExecutor;
  readonly logger: Logger;
  /** The raw environment (Config.env): fallback values and the Azure client credentials. */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly vaultUrl?: string | undefined;
  readonly http?: HttpClientFactory;
  /** Values are cached briefly so a sync of 10 streams does not ask the vault 10 times. Default 5 min. */
  readonly cacheTtlMs?: number;
  readonly now?: () => number;
}

/** Key Vault names allow only letters, digits and dashes: `NOTION_TOKEN` is stored as `notion-token`. */
export function vaultSecretName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
}

interface AzureToken {
  value: string;
  expiresAt: number;
}

function createVaultReader(opts: SecretsProviderOptions & { vaultUrl: string; http: HttpClientFactory }) {
  const now = opts.now ?? Date.now;
  const tenant = opts.env.AZURE_TENANT_ID;
  const clientId = opts.env.AZURE_CLIENT_ID;
  const clientSecret = opts.env.AZURE_CLIENT_SECRET;
  const authority = (opts.env.AZURE_AUTHORITY_HOST ?? 'https://login.microsoftonline.com').replace(/\/+$/, '');
  let token: AzureToken | undefined;
  const login: HttpClient = opts.http({ upstream: 'azure-ad', baseUrl: authority });
  const vault: HttpClient = opts.http({
    upstream: 'azure-key-vault',
    baseUrl: opts.vaultUrl.replace(/\/+$/, ''),
    authHeaders: async () => ({ authorization: `Bearer ${await accessToken()}` }),
    onUnauthorized: async () => {
      token = undefined;
      return true;
    },
  });

  async function accessToken(): Promise<string> {
    // Renew a minute early so a token never expires between the check and the vault call.
    if (token && token.expiresAt - 60_000 > now()) return token.value;
    if (!tenant || !clientId || !clientSecret) {
      throw new Error('AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET are needed to read from Key Vault');
    }
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: 'https://vault.azure.net/.default',
    }).toString();
    const r = await login.request<{ access_token: string; expires_in: number }>({
      method: 'POST',
      path: `/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    token = { value: r.body.access_token, expiresAt: now() + Number(r.body.expires_in) * 1000 };
    return token.value;
  }

  return async (name: string, version?: string): Promise<string | undefined> => {
    const r = await vault.request<{ value?: string }>({
      path: `/secrets/${encodeURIComponent(name)}${version ? `/${encodeURIComponent(version)}` : ''}`,
      query: { 'api-version': '7.4' },
      acceptStatus: [404],
    });
    return r.status === 404 ? undefined : r.body.value;
  };
}

export function createSecretsProvider(opts: SecretsProviderOptions): SecretsProvider {
  const now = opts.now ?? Date.now;
  const ttl = opts.cacheTtlMs ?? 300_000;
  const cache = new Map<string, { value: string; at: number }>();
  const readers = new Map<string, ReturnType<typeof createVaultReader>>();
  const readerFor = (vaultUrl: string | undefined) => {
    if (!vaultUrl || !opts.http) return undefined;
    let r = readers.get(vaultUrl);
    if (!r) {
      r = createVaultReader({ ...opts, vaultUrl, http: opts.http });
      readers.set(vaultUrl, r);
    }
    return r;
  };
  const log = opts.logger.child({ component: 'secrets' });

  async function resolve(
    name: string, where: { vaultName: string; version?: string | undefined; vaultUrl?: string | undefined; envName: string } = { vaultName: vaultSecretName(name), envName: name },
  ): Promise<{ value: string | undefined; source: SecretSource; fallbackReason?: string }> {
    const read = readerFor(where.vaultUrl ?? opts.vaultUrl);
    const cacheKey = `${where.vaultUrl ?? ''}|${where.vaultName}|${where.version ?? ''}`;
    if (read) {
      const hit = cache.get(cacheKey);
      if (hit && now() - hit.at < ttl) return { value: hit.value, source: 'azure-key-vault' };
      try {
        const v = await read(where.vaultName, where.version);
        if (v !== undefined) {
          cache.set(cacheKey, { value: v, at: now() });
          return { value: v, source: 'azure-key-vault' };
        }
      } catch (err) {
        // Seed 001: "Key Vault down → fall back to environment variables". Logged without the secret, audited below.
        log.warn({ secret_name: name, err: (err as Error).message }, 'Key Vault unavailable; falling back to the environment');
        const envValue = opts.env[where.envName];
        return envValue
          ? { value: envValue, source: 'environment', fallbackReason: 'vault_unavailable' }
          : { value: undefined, source: 'missing', fallbackReason: 'vault_unavailable' };
      }
    }
    const envValue = opts.env[where.envName];
    return envValue ? { value: envValue, source: 'environment' } : { value: undefined, source: 'missing' };
  }

  const audit = async (target: string, r: Awaited<ReturnType<typeof resolve>>, ctx: SecretReadContext) =>
    writeAudit(opts.db, {
      actor: ctx.actor,
      action: 'secret.read',
      target,
      outcome: r.value === undefined ? 'failed' : 'ok',
      requestId: ctx.requestId,
      details: { source: r.source, purpose: ctx.purpose, ...(r.fallbackReason ? { fallback_reason: r.fallbackReason } : {}) },
    });

  return {
    primary: opts.vaultUrl && opts.http ? 'azure-key-vault' : 'environment',
    async get(name, ctx) {
      const r = await resolve(name);
      await audit(name, r, ctx);
      return { value: r.value, source: r.source };
    },
    async getReference(ref, ctx) {
      const r = await resolve(ref.name, { vaultName: ref.name, version: ref.version, vaultUrl: ref.vaultUrl, envName: ref.envName });
      await audit(`keyvault:${ref.name}${ref.version ? `/${ref.version}` : ''}`, r, ctx);
      return { value: r.value, source: r.source };
    },
  };
}
