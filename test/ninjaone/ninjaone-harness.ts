import type { ConnectorContext, ReadContext, StreamDef } from '../../src/core/connector.js';
import { ninjaoneConnector } from '../../src/connectors/ninjaone/ninjaone.connector.js';
import { ninjaoneConfigSchema, type NinjaOneConfig } from '../../src/connectors/ninjaone/ninjaone-config.js';
import { createHttpClientFactory, type SluiceHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { createNinjaOneSimulator, type NinjaOneSimulator, type NinjaOneSimulatorOptions } from '../../src/sandbox/ninjaone/ninjaone.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { silent } from '../unifi/unifi-harness.js';

export { byKey, diffSnapshots, readAll, records } from '../unifi/unifi-harness.js';

export interface NinjaHarness {
  readonly sandbox: Sandbox;
  readonly sim: NinjaOneSimulator;
  readonly http: SluiceHttpClientFactory;
  readonly baseUrl: string;
  readonly creds: { client_id: string; client_secret: string };
  config(extra?: Partial<Record<keyof NinjaOneConfig, unknown>>): NinjaOneConfig;
  connectorCtx(): ConnectorContext;
  ctx(config?: NinjaOneConfig, opts?: { state?: unknown; full?: boolean }): ReadContext<NinjaOneConfig>;
  stream(name: string): StreamDef<NinjaOneConfig>;
  token(scope?: string): Promise<string>;
  get(path: string, token?: string): Promise<{ status: number; headers: Headers; body: unknown }>;
  requests(route: string): number;
  tokensIssued(): number;
  close(): Promise<void>;
}

/**
 * The NinjaOne simulator alone in a sandbox on a random port, with a fresh HTTP layer per harness (so cached tokens
 * never cross tests that build their own harness).
 */
export async function startNinjaHarness(opts: NinjaOneSimulatorOptions = {}, seed = 42): Promise<NinjaHarness> {
  const sim = createNinjaOneSimulator(opts);
  const sandbox = await createSandbox({ seed, simulators: [sim] });
  await sandbox.listen(0);
  const baseUrl = sandbox.url('ninjaone');
  const http = createHttpClientFactory({
    config: { timeoutMs: 5_000, retries: 2, breakerFailures: 1_000, breakerHalfOpenMs: 1_000, breakerSuccesses: 1 },
    logger: silent,
    backoff: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  const creds = sim.credentials() as { client_id: string; client_secret: string };
  const connectorCtx = (): ConnectorContext => ({
    logger: silent, http, signal: new AbortController().signal, now: () => sandbox.clock.now(), defaultPhoneRegion: 'US',
  });
  const stat = () => sim.stats?.() as { requests: Record<string, number>; tokensIssued: number };
  const h: NinjaHarness = {
    sandbox,
    sim,
    http,
    baseUrl,
    creds,
    config: (extra = {}) => ninjaoneConfigSchema.parse({ ...creds, base_url: baseUrl, ...extra }),
    connectorCtx,
    ctx: (config, o = {}) => ({ ...connectorCtx(), config: config ?? h.config(), state: o.state, full: o.full ?? false }),
    stream: (name) => {
      const s = ninjaoneConnector.streams(h.config()).find((x) => x.name === name);
      if (!s) throw new Error(`no stream ${name}`);
      return s;
    },
    async token(scope = 'monitoring') {
      const res = await fetch(`${baseUrl}/ws/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', ...creds, scope }).toString(),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    async get(path, token) {
      const res = await fetch(`${baseUrl}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined };
    },
    requests: (route) => stat().requests[route] ?? 0,
    tokensIssued: () => stat().tokensIssued,
    async close() {
      await sandbox.close();
      await http.close();
    },
  };
  return h;
}
