import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerConnector } from '../../src/connectors/registry.js';
import { createHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { createSecretsProvider } from '../../src/secrets/secrets-provider.js';
import { describeEachDatabase } from '../support/databases.js';
import { bearer, startHarness, type Harness } from './api-harness.js';
import { createSecretConnector, SECRET_VALUE } from './secret-connector.js';

registerConnector(createSecretConnector());

describeEachDatabase('secrets never leak', (kind) => {
  let h: Harness;
  const bodies: string[] = [];
  beforeAll(async () => {
    h = await startHarness(kind);
  });
  afterAll(async () => h?.close());

  async function call(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
    const r = await h.server.inject({ method, url, headers: bearer(h.tokens.operator), ...(payload ? { payload } : {}) });
    bodies.push(r.body);
    return r;
  }

  it('stores the secret encrypted, shows only whether it is set, and still uses it', async () => {
    const created = await call('POST', '/api/v1/connections', { name: 'vault', connector: 'secret-test', config: { region: 'eu', api_key: SECRET_VALUE } });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ config: { region: 'eu', api_key: '••••' } });
    const raw = await h.app.db.query<{ secrets: unknown; config: unknown }>('select secrets, config from connections where name = $1', ['vault']);
    expect(JSON.stringify(raw.rows)).not.toContain(SECRET_VALUE);

    // A client echoing the mask back keeps the stored value.
    const patched = await call('PATCH', '/api/v1/connections/vault', { config: { region: 'us', api_key: '••••' } });
    expect(patched.json()).toMatchObject({ config: { region: 'us', api_key: '••••' } });
    const test = await call('POST', '/api/v1/connections/vault/test');
    expect(test.json()).toEqual({ ok: true, message: 'the API key was accepted' });
    const audit = await h.app.db.query<{ target: string; details: { purpose: string } }>(`select target, details from audit_log where action = 'secret.read'`);
    expect(audit.rows).toContainEqual(expect.objectContaining({ target: 'connection:vault', details: expect.objectContaining({ purpose: 'check' }) }));

    // Invalid config: the problems are listed, the value is not echoed.
    const bad = await call('POST', '/api/v1/connections', { name: 'bad', connector: 'secret-test', config: { region: 'mars', api_key: SECRET_VALUE } });
    expect(bad.statusCode).toBe(400);
    await call('GET', '/api/v1/connections');
    await call('GET', '/api/v1/connections/vault');
    await call('GET', '/api/v1/connectors/secret-test');
  });

  it('syncs with it and exports records, logs and audit without it', async () => {
    const started = await call('POST', '/api/v1/connections/vault/sync', {});
    expect(started.statusCode).toBe(202);
    const { run_id: runId } = started.json<{ run_id: string }>();
    let status = 'running';
    for (let i = 0; i < 100 && (status === 'running' || status === 'queued'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      const run = await call('GET', `/api/v1/runs/${runId}`);
      if (run.statusCode === 200) status = run.json<{ status: string }>().status;
    }
    expect(status).toBe('succeeded');
    const csv = await call('GET', '/api/v1/streams/secret_items/export?format=csv');
    expect(csv.body.trim().split('\n')).toHaveLength(6);
    await call('GET', '/api/v1/streams/secret_items/export?format=ndjson');
    await call('GET', `/api/v1/runs/${runId}/logs`);
    const auditPage = await h.server.inject({ url: '/api/v1/audit?limit=1000', headers: bearer(h.tokens.admin) });
    bodies.push(auditPage.body);

    for (const b of bodies) expect(b).not.toContain(SECRET_VALUE);
    expect(h.logs.length).toBeGreaterThan(0);
    expect(h.logs.join('')).not.toContain(SECRET_VALUE);
    const tables = await h.app.db.query<{ t: string }>(
      `select (select coalesce(json_agg(a), '[]')::text from audit_log a) || (select coalesce(json_agg(l), '[]')::text from run_logs l) as t`,
    );
    expect(tables.rows[0]?.t).not.toContain(SECRET_VALUE);
  });
});

describeEachDatabase('secrets provider (Key Vault with environment fallback)', (kind) => {
  let h: Harness;
  const vault = Fastify();
  let vaultUrl = '';
  let tokenRequests = 0;
  beforeAll(async () => {
    h = await startHarness(kind);
    vault.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    // A local stand-in for Azure AD and Key Vault speaking their wire format (token endpoint, GET /secrets/{name}).
    vault.post('/tenant-1/oauth2/v2.0/token', async (req, reply) => {
      const form = req.body as Record<string, string>;
      if (form.client_secret !== 'client-secret-value' || form.scope !== 'https://vault.azure.net/.default') {
        return reply.status(401).send({ error: 'invalid_client' });
      }
      tokenRequests++;
      return { token_type: 'Bearer', expires_in: 3599, access_token: 'aad-token' };
    });
    vault.get('/secrets/:name', async (req, reply) => {
      if (req.headers.authorization !== 'Bearer aad-token') return reply.status(401).send({ error: { code: 'Unauthorized' } });
      const { name } = req.params as { name: string };
      if (name === 'notion-token') return { value: 'from-vault', id: `${vaultUrl}/secrets/notion-token/1`, attributes: { enabled: true } };
      return reply.status(404).send({ error: { code: 'SecretNotFound', message: `A secret with (name/id) ${name} was not found` } });
    });
    vaultUrl = await vault.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await vault.close().catch(() => undefined);
    await h?.close();
  });

  it('reads Key Vault first, falls back to the environment, audits every read without its value', async () => {
    const http = createHttpClientFactory({
      config: { ...h.app.config.http, retries: 0 },
      logger: h.app.logger,
      backoff: { initialDelayMs: 1, maxDelayMs: 2 },
    });
    const env = {
      AZURE_TENANT_ID: 'tenant-1',
      AZURE_CLIENT_ID: 'client',
      AZURE_CLIENT_SECRET: 'client-secret-value',
      AZURE_AUTHORITY_HOST: vaultUrl,
      NOTION_TOKEN: 'from-env',
      UNIFI_API_KEY: 'unifi-from-env',
    };
    const provider = createSecretsProvider({ db: h.app.db, logger: h.app.logger, env, vaultUrl, http, cacheTtlMs: 0 });
    expect(provider.primary).toBe('azure-key-vault');
    const ctx = { actor: 'connection:msp', purpose: 'sync' };
    expect(await provider.get('NOTION_TOKEN', ctx)).toEqual({ value: 'from-vault', source: 'azure-key-vault' });
    expect(await provider.get('UNIFI_API_KEY', ctx)).toEqual({ value: 'unifi-from-env', source: 'environment' });
    expect(await provider.get('MISSING_ONE', ctx)).toEqual({ value: undefined, source: 'missing' });
    expect(tokenRequests).toBe(1);
    await vault.close();
    // Seed 001: Key Vault down → environment variables.
    expect(await provider.get('NOTION_TOKEN', ctx)).toEqual({ value: 'from-env', source: 'environment' });
    const audit = await h.app.db.query<{ target: string; outcome: string; details: Record<string, unknown> }>(
      `select target, outcome, details from audit_log where action = 'secret.read' order by id`,
    );
    expect(audit.rows.map((r) => [r.target, r.details.source, r.outcome])).toEqual([
      ['NOTION_TOKEN', 'azure-key-vault', 'ok'],
      ['UNIFI_API_KEY', 'environment', 'ok'],
      ['MISSING_ONE', 'missing', 'failed'],
      ['NOTION_TOKEN', 'environment', 'ok'],
    ]);
    expect(audit.rows[3]?.details.fallback_reason).toBe('vault_unavailable');
    const all = JSON.stringify(audit.rows) + h.logs.join('');
    for (const v of ['from-vault', 'from-env', 'unifi-from-env', 'client-secret-value', 'aad-token']) expect(all).not.toContain(v);
    await http.close();
  });

  it('uses the environment alone when no vault is configured', async () => {
    const provider = createSecretsProvider({ db: h.app.db, logger: h.app.logger, env: { A_KEY: 'a' } });
    expect(provider.primary).toBe('environment');
    expect(await provider.get('A_KEY', { actor: 'system', purpose: 'test' })).toEqual({ value: 'a', source: 'environment' });
  });
});
