import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { runSync } from '../../src/pipeline/run-sync.js';
import { createKeyVaultSimulator, type KeyVaultSimulator } from '../../src/sandbox/keyvault/keyvault.simulator.js';
import { createNinjaOneSimulator, type NinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { parseSecretReference } from '../../src/secrets/secret-reference.js';
import { resolveConnectionSecrets } from '../../src/secrets/resolve-connection-secrets.js';
import { createSecretsProvider } from '../../src/secrets/secrets-provider.js';
import { createConnection } from '../../src/store/connection-store.js';
import { createHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { describeEachDatabase } from '../support/databases.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('Key Vault references', () => {
  it('parse the short form and both App Service forms; anything else is a plain value', () => {
    expect(parseSecretReference('keyvault:ninjaone-secret')).toEqual({ name: 'ninjaone-secret', version: undefined, envName: 'NINJAONE_SECRET' });
    expect(parseSecretReference('keyvault:a-b/0123abcd?env=MY_VAR')).toEqual({ name: 'a-b', version: '0123abcd', envName: 'MY_VAR' });
    expect(parseSecretReference('@Microsoft.KeyVault(SecretUri=https://acme.vault.azure.net/secrets/notion-token/ab12)')).toEqual({
      name: 'notion-token', version: 'ab12', vaultUrl: 'https://acme.vault.azure.net', envName: 'NOTION_TOKEN',
    });
    expect(parseSecretReference('@Microsoft.KeyVault(VaultName=acme;SecretName=s1)')).toMatchObject({ name: 's1', vaultUrl: 'https://acme.vault.azure.net' });
    for (const plain of ['sk_live_123', 'keyvault:bad_name', 'keyvault:', '@Microsoft.KeyVault(SecretUri=not a url)', 42, null]) expect(parseSecretReference(plain)).toBeNull();
  });
});

describeEachDatabase('Key Vault for connection secrets (local Key Vault server)', (kind) => {
  let sandbox: Sandbox;
  let kv: KeyVaultSimulator;
  let ninja: NinjaOneSimulator;
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    kv = createKeyVaultSimulator({ secrets: {} });
    ninja = createNinjaOneSimulator({ devices: 12, organizations: 3 });
    sandbox = await createSandbox({ seed: 7, simulators: [kv, ninja] });
    await sandbox.listen(0);
    const c = kv.credentials() as { tenant_id: string; client_id: string; client_secret: string };
    env = {
      SLUICE_AZURE_KEY_VAULT_URL: sandbox.url('keyvault') + '/vault', AZURE_TENANT_ID: c.tenant_id, AZURE_CLIENT_ID: c.client_id,
      AZURE_CLIENT_SECRET: c.client_secret, AZURE_AUTHORITY_HOST: sandbox.url('keyvault') + '/login',
    };
    t = await createTestApp(kind, env);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.close();
  });

  it('speaks the Key Vault and Entra ID REST shapes', async () => {
    const base = sandbox.url('keyvault');
    const c = kv.credentials() as { tenant_id: string; client_id: string; client_secret: string };
    const token = async (secret: string, tenant = c.tenant_id) => fetch(`${base}/login/${tenant}/oauth2/v2.0/token`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: c.client_id, client_secret: secret, scope: 'https://vault.azure.net/.default' }).toString(),
    });
    const bad = await token('wrong');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect((await token(c.client_secret, 'other-tenant')).status).toBe(400);
    const ok = (await (await token(c.client_secret)).json()) as { access_token: string; token_type: string; expires_in: number };
    expect(ok).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const v1 = kv.setSecret('api-key', 'one');
    kv.setSecret('api-key', 'two');
    const get = (path: string, auth = true) => fetch(`${base}/vault${path}`, { headers: auth ? { authorization: `Bearer ${ok.access_token}` } : {} });
    const noAuth = await get('/secrets/api-key?api-version=7.4', false);
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Bearer authorization="https:\/\/login\.microsoftonline\.com\/.+", resource="https:\/\/vault\.azure\.net"$/);
    expect(await noAuth.json()).toEqual({ error: { code: 'Unauthorized', message: 'AKV10000: Request is missing a Bearer or PoP token.' } });
    const latest = (await (await get('/secrets/api-key?api-version=7.4')).json()) as Record<string, unknown>;
    expect(latest).toMatchObject({ value: 'two', attributes: { enabled: true, recoveryLevel: 'Recoverable+Purgeable' } });
    expect(String(latest.id)).toMatch(/\/secrets\/api-key\/[0-9a-f]{32}$/);
    expect(((await (await get(`/secrets/api-key/${v1}?api-version=7.4`)).json()) as { value: string }).value).toBe('one');
    const missing = await get('/secrets/nope?api-version=7.4');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('SecretNotFound');
    expect((await get('/secrets/api-key')).status).toBe(400);
    kv.setEnabled('api-key', false);
    const disabled = await get('/secrets/api-key?api-version=7.4');
    expect(disabled.status).toBe(403);
    expect(await disabled.json()).toMatchObject({ error: { code: 'Forbidden', innererror: { code: 'SecretDisabled' } } });
  });

  it('a NinjaOne connection whose client secret is a Key Vault reference syncs, and the read is audited with its source', async () => {
    const creds = ninja.credentials() as { client_id: string; client_secret: string };
    kv.setSecret('ninjaone-client-secret', creds.client_secret);
    await createConnection(t.app.db, t.app.secrets, {
      name: 'ninja-kv', connector: 'ninjaone',
      config: { base_url: sandbox.url('ninjaone'), client_id: creds.client_id, client_secret: 'keyvault:ninjaone-client-secret' },
    });
    const s = await runSync(t.app, { connection: 'ninja-kv', streams: ['ninjaone_organizations'], now: () => sandbox.clock.now() });
    expect(s.status).toBe('succeeded');
    const audit = await t.app.db.query<{ target: string; outcome: string; details: Record<string, unknown> }>(
      "select target, outcome, details from audit_log where action = 'secret.read' and target like 'keyvault:%'");
    expect(audit.rows).toEqual([{ target: 'keyvault:ninjaone-client-secret', outcome: 'ok', details: { source: 'azure-key-vault', purpose: 'sync' } }]);
    expect(JSON.stringify(audit.rows)).not.toContain(creds.client_secret);
  });

  it('falls back to the environment when the vault is down, and fails clearly when neither has it', async () => {
    const http = createHttpClientFactory({ config: { timeoutMs: 2_000, retries: 0, breakerFailures: 1_000, breakerHalfOpenMs: 1_000, breakerSuccesses: 1 }, logger: pino({ level: 'silent' }) });
    const provider = createSecretsProvider({
      db: t.app.db, logger: t.app.logger, vaultUrl: env.SLUICE_AZURE_KEY_VAULT_URL, http,
      env: { ...env, NINJAONE_CLIENT_SECRET: 'from-env' },
    });
    sandbox.faults.set([{ prefix: 'keyvault', kind: 'error', status: 503 }]);
    try {
      const cfg = await resolveConnectionSecrets(t.app, 'c1', { client_secret: 'keyvault:ninjaone-client-secret', client_id: 'x' }, ['client_secret'], 'sync', provider);
      expect(cfg).toEqual({ client_secret: 'from-env', client_id: 'x' });
      await expect(resolveConnectionSecrets(t.app, 'c1', { client_secret: 'keyvault:other-secret' }, ['client_secret'], 'sync', provider))
        .rejects.toMatchObject({ code: 'secret_unavailable' });
    } finally {
      sandbox.faults.set([]);
      await http.close();
    }
    const audit = await t.app.db.query<{ outcome: string; details: Record<string, unknown> }>(
      "select outcome, details from audit_log where action = 'secret.read' and actor = 'connection:c1' order by id");
    expect(audit.rows).toEqual([
      { outcome: 'ok', details: { source: 'environment', purpose: 'sync', fallback_reason: 'vault_unavailable' } },
      { outcome: 'failed', details: { source: 'missing', purpose: 'sync', fallback_reason: 'vault_unavailable' } },
    ]);
  });
});
