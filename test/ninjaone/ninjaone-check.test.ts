import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectorContext } from '../../src/core/connector.js';
import { ninjaoneConnector } from '../../src/connectors/ninjaone/ninjaone.connector.js';
import { ninjaoneConfigSchema } from '../../src/connectors/ninjaone/ninjaone-config.js';
import { createHttpClientFactory, type SluiceHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { createNinjaOneSimulator } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { silent } from '../unifi/unifi-harness.js';

describe('ninjaone check()', () => {
  let sandbox: Sandbox;
  let http: SluiceHttpClientFactory;
  const us = createNinjaOneSimulator({ devices: 10, organizations: 3, extraClients: [{ clientId: 'mgmt-only', clientSecret: 'm', scopes: ['management'] }] });
  const eu = createNinjaOneSimulator({ prefix: 'ninjaone-eu', devices: 5, organizations: 2, clientId: 'eu-client', clientSecret: 'eu-secret' });
  const creds = us.credentials() as { client_id: string; client_secret: string };
  const ctx = (): ConnectorContext => ({ logger: silent, http, signal: new AbortController().signal, now: () => sandbox.clock.now(), defaultPhoneRegion: 'US' });
  const config = (extra: Record<string, unknown> = {}) => ninjaoneConfigSchema.parse({ ...creds, base_url: sandbox.url('ninjaone'), ...extra });

  beforeAll(async () => {
    sandbox = await createSandbox({ seed: 42, simulators: [us, eu] });
    await sandbox.listen(0);
    http = createHttpClientFactory({
      config: { timeoutMs: 3_000, retries: 1, breakerFailures: 1_000, breakerHalfOpenMs: 1_000, breakerSuccesses: 1 },
      logger: silent,
      backoff: { initialDelayMs: 5, maxDelayMs: 20 },
    });
  });
  afterAll(async () => {
    await sandbox.close();
    await http.close();
  });

  it('accepts good credentials', async () => {
    const r = await ninjaoneConnector.check(config(), ctx());
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/client credentials accepted, scopes "monitoring"/);
  });

  it('names a wrong secret and the region rule', async () => {
    const r = await ninjaoneConnector.check(config({ client_secret: 'wrong' }), ctx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/rejected the client id or secret \(invalid_client.*region host/);
  });

  it('credentials of one region are rejected on another region host, and the message says so', async () => {
    const r = await ninjaoneConnector.check(config({ base_url: sandbox.url('ninjaone-eu') }), ctx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/only work on the region host they were created on .* check base_url/);
    const ok = await ninjaoneConnector.check(config({ base_url: sandbox.url('ninjaone-eu'), client_id: 'eu-client', client_secret: 'eu-secret' }), ctx());
    expect(ok.ok).toBe(true);
  });

  it('names a host that is not NinjaOne', async () => {
    const base = sandbox.url('ninjaone').replace(/\/ninjaone$/, '/nothing-here');
    const r = await ninjaoneConnector.check(config({ base_url: base }), ctx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/has no NinjaOne token endpoint .*404/);
  });

  it('names an unreachable host', async () => {
    const r = await ninjaoneConnector.check(config({ base_url: 'http://127.0.0.1:9' }), ctx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:9/);
  });

  it('names refused scopes', async () => {
    const r = await ninjaoneConnector.check(config({ client_id: 'mgmt-only', client_secret: 'm' }), ctx());
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/refused the requested scopes \(invalid_scope/);
  });

  it('flags the client secret in its manifest; config needs the monitoring scope', () => {
    const m = ninjaoneConnector.manifest;
    expect(m.secrets).toEqual(['client_secret']);
    expect(m.fields.find((f) => f.name === 'client_secret')?.secret).toBe(true);
    expect(m.configSchema.parse({ client_id: 'a', client_secret: 'b' })).toMatchObject({ base_url: 'https://app.ninjarmm.com', scopes: 'monitoring' });
    expect(m.configSchema.safeParse({ client_id: 'a', client_secret: 'b', scopes: 'management' }).success).toBe(false);
    expect(sandbox.credentials()).toMatchObject({ ninjaone: creds });
  });
});
