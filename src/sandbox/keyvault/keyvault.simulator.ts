import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Simulator, SimulatorContext } from '../simulator.js';

/**
 * Azure Key Vault (secrets, REST api-version 7.4) and the Microsoft Entra ID client-credentials token endpoint it
 * trusts, as one simulator: `/<prefix>/login/{tenant}/oauth2/v2.0/token` stands for login.microsoftonline.com and
 * `/<prefix>/vault` for https://<name>.vault.azure.net. Bodies follow the documented shapes: the secret bundle
 * `{value, id, attributes{enabled, created, updated, recoveryLevel, recoverableDays}, tags}`, Key Vault errors
 * `{error: {code, message, innererror?}}` (401 with the `WWW-Authenticate` challenge, 404 SecretNotFound, 403 for a
 * disabled secret, 400 for a missing api-version) and Entra errors `{error, error_description, error_codes, …}`.
 */
export interface KeyVaultSimulatorOptions {
  readonly prefix?: string;
  readonly tenantId?: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Initial secrets: name → value (one version each). */
  readonly secrets?: Readonly<Record<string, string>>;
  readonly tokenTtlSeconds?: number;
}

interface SecretVersion {
  readonly version: string;
  readonly value: string;
  enabled: boolean;
  readonly created: number;
  readonly contentType?: string;
  readonly tags: Record<string, string>;
}

export interface KeyVaultSimulator extends Simulator {
  /** Adds a new version of a secret (the latest is what a versionless GET returns); returns its version id. */
  setSecret(name: string, value: string, opts?: { enabled?: boolean; tags?: Record<string, string> }): string;
  /** Disables (or enables) every version of a secret. */
  setEnabled(name: string, enabled: boolean): void;
  readonly tenantId: string;
  /** The vault's base URL path within the sandbox (`/<prefix>/vault`). */
  readonly vaultPath: string;
  /** The authority host path (`/<prefix>/login`). */
  readonly loginPath: string;
}

const NAME = /^[0-9a-zA-Z-]{1,127}$/;
const SUPPORTED_API_VERSIONS = new Set(['7.0', '7.1', '7.2', '7.3', '7.4', '7.5', '7.6', '2025-07-01']);

export function createKeyVaultSimulator(opts: KeyVaultSimulatorOptions = {}): KeyVaultSimulator {
  const prefix = opts.prefix ?? 'keyvault';
  const tenantId = opts.tenantId ?? '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const client = { id: opts.clientId ?? '0c5e7f54-2a37-4d0b-9b2e-6f8c3f1d2a10', secret: opts.clientSecret ?? 'sandbox-azure-client-secret-0001' };
  const ttl = opts.tokenTtlSeconds ?? 3599;
  const secrets = new Map<string, SecretVersion[]>();
  const tokens = new Map<string, number>();
  const counts = new Map<string, number>();
  let clockNow = () => Date.now();
  const count = (route: string) => counts.set(route, (counts.get(route) ?? 0) + 1);

  const setSecret = (name: string, value: string, o: { enabled?: boolean; tags?: Record<string, string> } = {}) => {
    const version = randomBytes(16).toString('hex');
    const list = secrets.get(name.toLowerCase()) ?? [];
    list.push({ version, value, enabled: o.enabled ?? true, created: Math.floor(clockNow() / 1000), tags: o.tags ?? {} });
    secrets.set(name.toLowerCase(), list);
    return version;
  };
  for (const [k, v] of Object.entries(opts.secrets ?? { 'sandbox-secret': 'sandbox-secret-value' })) setSecret(k, v);

  const kvError = (reply: FastifyReply, status: number, code: string, message: string, inner?: string) =>
    reply.code(status).header('content-type', 'application/json; charset=utf-8')
      .send({ error: { code, message, ...(inner ? { innererror: { code: inner } } : {}) } });

  const entraError = (reply: FastifyReply, status: number, error: string, code: number, description: string) =>
    reply.code(status).send({
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomBytes(16).toString('hex')} Correlation ID: ${randomBytes(16).toString('hex')} Timestamp: ${new Date(clockNow()).toISOString().replace('T', ' ').slice(0, 19)}Z`,
      error_codes: [code],
      timestamp: new Date(clockNow()).toISOString().replace('T', ' ').slice(0, 19) + 'Z',
      trace_id: randomBytes(16).toString('hex'),
      correlation_id: randomBytes(16).toString('hex'),
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    });

  return {
    prefix,
    tenantId,
    vaultPath: `/${prefix}/vault`,
    loginPath: `/${prefix}/login`,
    credentialsKey: 'azure-key-vault',
    faultBody: (status, message) => ({ error: { code: status === 429 ? 'Throttled' : 'InternalServerError', message } }),
    credentials: () => ({ tenant_id: tenantId, client_id: client.id, client_secret: client.secret }),
    stats: () => ({ requests: Object.fromEntries(counts), secrets: secrets.size }),
    reset: () => counts.clear(),
    setSecret,
    setEnabled(name, enabled) {
      for (const v of secrets.get(name.toLowerCase()) ?? []) v.enabled = enabled;
    },
    register(app: FastifyInstance, ctx: SimulatorContext) {
      clockNow = () => ctx.clock.now().getTime();
      if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
        app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
          done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')));
        });
      }

      app.post<{ Params: { tenant: string } }>('/login/:tenant/oauth2/v2.0/token', async (req, reply) => {
        count('POST /login/{tenant}/oauth2/v2.0/token');
        const form = req.body instanceof URLSearchParams ? req.body : new URLSearchParams();
        if (req.params.tenant !== tenantId) {
          return entraError(reply, 400, 'invalid_request', 90002, `Tenant '${req.params.tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`);
        }
        if (form.get('grant_type') !== 'client_credentials') {
          return entraError(reply, 400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
        }
        if (form.get('client_id') !== client.id) {
          return entraError(reply, 400, 'unauthorized_client', 700016, `Application with identifier '${form.get('client_id') ?? ''}' was not found in the directory.`);
        }
        if (form.get('client_secret') !== client.secret) {
          return entraError(reply, 401, 'invalid_client', 7000215, 'Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.');
        }
        if (form.get('scope') !== 'https://vault.azure.net/.default') {
          return entraError(reply, 400, 'invalid_scope', 1002012, `The provided value for scope ${form.get('scope') ?? ''} is not valid.`);
        }
        const token = randomBytes(32).toString('base64url');
        tokens.set(token, clockNow() + ttl * 1000);
        return reply.send({ token_type: 'Bearer', expires_in: ttl, ext_expires_in: ttl, access_token: token });
      });

      const challenge = `Bearer authorization="https://login.microsoftonline.com/${tenantId}", resource="https://vault.azure.net"`;
      app.get<{ Params: { name: string; version?: string }; Querystring: Record<string, string | undefined> }>(
        '/vault/secrets/:name/:version?',
        async (req, reply) => {
          count('GET /secrets/{name}[/{version}]');
          const auth = req.headers.authorization ?? '';
          const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
          if (!bearer) {
            return kvError(reply.header('www-authenticate', challenge), 401, 'Unauthorized', 'AKV10000: Request is missing a Bearer or PoP token.');
          }
          const exp = tokens.get(bearer);
          if (exp === undefined || exp <= clockNow()) {
            return kvError(reply.header('www-authenticate', challenge), 401, 'Unauthorized', 'AKV10022: Invalid audience or the token has expired.');
          }
          const apiVersion = req.query['api-version'];
          if (!apiVersion) return kvError(reply, 400, 'BadParameter', 'The request URI contains an invalid api-version (missing).');
          if (!SUPPORTED_API_VERSIONS.has(apiVersion)) return kvError(reply, 400, 'BadParameter', `The specified version (${apiVersion}) is not recognized. Consider using the latest supported version (7.4).`);
          const { name, version } = req.params;
          if (!NAME.test(name)) return kvError(reply, 400, 'BadParameter', `The secret name '${name}' is invalid: only 0-9, a-z, A-Z and - are allowed.`);
          const list = secrets.get(name.toLowerCase()) ?? [];
          const v = version ? list.find((x) => x.version === version) : list.at(-1);
          if (!v) {
            return kvError(reply, 404, 'SecretNotFound',
              `A secret with (name/id) ${name}${version ? `/${version}` : ''} was not found in this key vault. If you recently deleted this secret you may be able to recover it using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182`);
          }
          if (!v.enabled) return kvError(reply, 403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled');
          const host = `${req.protocol}://${req.headers.host ?? 'localhost'}/${prefix}/vault`;
          return reply.send({
            value: v.value,
            ...(v.contentType ? { contentType: v.contentType } : {}),
            id: `${host}/secrets/${name}/${v.version}`,
            attributes: { enabled: v.enabled, created: v.created, updated: v.created, recoveryLevel: 'Recoverable+Purgeable', recoverableDays: 90 },
            tags: v.tags,
          });
        },
      );
    },
  };
}
