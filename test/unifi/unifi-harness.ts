import { pino } from 'pino';
import type { ConnectorContext, ReadContext, SourceMessage, StreamDef } from '../../src/core/connector.js';
import { unifiSiteManagerConnector } from '../../src/connectors/unifi-site-manager/unifi-site-manager.connector.js';
import { unifiConfigSchema, type UnifiConfig } from '../../src/connectors/unifi-site-manager/unifi-config.js';
import { createHttpClientFactory, type SluiceHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';
import { createUnifiSimulator, type UnifiSimulator, type UnifiSimulatorOptions } from '../../src/sandbox/unifi/unifi.simulator.js';

export const silent = pino({ level: 'silent' });

export interface UnifiHarness {
  readonly sandbox: Sandbox;
  readonly sim: UnifiSimulator;
  readonly http: SluiceHttpClientFactory;
  readonly baseUrl: string;
  readonly apiKey: string;
  config(extra?: Partial<Record<keyof UnifiConfig, unknown>>): UnifiConfig;
  connectorCtx(): ConnectorContext;
  ctx(config?: UnifiConfig): ReadContext<UnifiConfig>;
  stream(name: string): StreamDef<UnifiConfig>;
  /** GET with the API key; returns status and parsed body. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }>;
  requests(route: string): number;
  close(): Promise<void>;
}

/** The UniFi simulator alone in a sandbox on a random port, and the real HTTP layer with short backoffs. */
export async function startUnifiHarness(opts: UnifiSimulatorOptions = {}, seed = 42): Promise<UnifiHarness> {
  const sim = createUnifiSimulator(opts);
  const sandbox = await createSandbox({ seed, simulators: [sim] });
  await sandbox.listen(0);
  const baseUrl = sandbox.url('unifi');
  const http = createHttpClientFactory({
    config: { timeoutMs: 5_000, retries: 2, breakerFailures: 1_000, breakerHalfOpenMs: 1_000, breakerSuccesses: 1 },
    logger: silent,
    backoff: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  const apiKey = (sim.credentials() as { api_key: string }).api_key;
  const connectorCtx = (): ConnectorContext => ({
    logger: silent, http, signal: new AbortController().signal, now: () => sandbox.clock.now(), defaultPhoneRegion: 'US',
  });
  const h: UnifiHarness = {
    sandbox,
    sim,
    http,
    baseUrl,
    apiKey,
    config: (extra = {}) => unifiConfigSchema.parse({ api_key: apiKey, base_url: baseUrl, ...extra }),
    connectorCtx,
    ctx: (config) => ({ ...connectorCtx(), config: config ?? h.config(), state: undefined, full: false }),
    stream: (name) => {
      const s = unifiSiteManagerConnector.streams(h.config()).find((x) => x.name === name);
      if (!s) throw new Error(`no stream ${name}`);
      return s;
    },
    async get(path, headers = { 'X-API-KEY': apiKey }) {
      const res = await fetch(`${baseUrl}${path}`, { headers });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
    },
    requests: (route) => {
      const s = sim.stats?.() as { requests: Record<string, number> } | undefined;
      return s?.requests[route] ?? 0;
    },
    async close() {
      await sandbox.close();
      await http.close();
    },
  };
  return h;
}

export async function readAll<C>(stream: StreamDef<C>, ctx: ReadContext<C>): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  for await (const m of stream.read(ctx)) out.push(m);
  return out;
}

export function records(messages: readonly SourceMessage[]): Record<string, unknown>[] {
  return messages.flatMap((m) => (m.type === 'record' ? [m.data] : []));
}

export function byKey(recs: readonly Record<string, unknown>[], key: string): Map<string, Record<string, unknown>> {
  return new Map(recs.map((r) => [String(r[key]), r]));
}

/** Keys created, removed and updated between two snapshots of the same stream. */
export function diffSnapshots(before: Map<string, Record<string, unknown>>, after: Map<string, Record<string, unknown>>) {
  const created = [...after.keys()].filter((k) => !before.has(k)).sort();
  const removed = [...before.keys()].filter((k) => !after.has(k)).sort();
  const updated = [...after.keys()].filter((k) => before.has(k) && JSON.stringify(before.get(k)) !== JSON.stringify(after.get(k))).sort();
  return { created, removed, updated };
}
