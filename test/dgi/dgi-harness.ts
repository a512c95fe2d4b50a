import { pino } from 'pino';
import type { ReadContext, SourceMessage, StreamDef } from '../../src/core/connector.js';
import { dgiConfigSchema, type DgiConfig } from '../../src/connectors/dgi/dgi-config.js';
import { createHttpClientFactory, type SluiceHttpClientFactory } from '../../src/http/create-http-client-factory.js';
import { createDgiSimulator, type DgiCredentialView, type DgiSimulator, type DgiSimulatorStats, type DgiSimWorldOptions } from '../../src/sandbox/dgi/dgi.simulator.js';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox-app.js';

export const silent = pino({ level: 'silent' });

export interface DgiHarness {
  readonly sandbox: Sandbox;
  readonly sim: DgiSimulator;
  readonly http: SluiceHttpClientFactory;
  readonly baseUrl: string;
  readonly creds: DgiCredentialView[];
  config(i?: number, extra?: Partial<Record<keyof DgiConfig, unknown>>): DgiConfig;
  ctx(config: DgiConfig, opts?: { state?: unknown; full?: boolean; now?: () => Date }): ReadContext<DgiConfig>;
  stats(): DgiSimulatorStats;
  close(): Promise<void>;
}

/** The DGI simulator alone in a sandbox on a random port, and the real HTTP layer with short backoffs. */
export async function startDgiHarness(world: DgiSimWorldOptions = {}): Promise<DgiHarness> {
  const sim = createDgiSimulator({}, world);
  const sandbox = await createSandbox({ seed: 42, simulators: [sim] });
  await sandbox.listen(0);
  const baseUrl = sandbox.url('dgi');
  const http = createHttpClientFactory({
    config: { timeoutMs: 5_000, retries: 2, breakerFailures: 1_000, breakerHalfOpenMs: 1_000, breakerSuccesses: 1 },
    logger: silent,
    backoff: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  const creds = sim.credentials();
  return {
    sandbox,
    sim,
    http,
    baseUrl,
    creds,
    config(i = 0, extra = {}) {
      const c = creds[i];
      if (!c) throw new Error(`no sandbox dealer ${i}`);
      return dgiConfigSchema.parse({ ...c, base_url: baseUrl, requests_per_second: 100, ...extra });
    },
    ctx(config, opts = {}) {
      return {
        config,
        logger: silent,
        http,
        signal: new AbortController().signal,
        now: opts.now ?? (() => sandbox.clock.now()),
        defaultPhoneRegion: 'ID',
        state: opts.state,
        full: opts.full ?? false,
      };
    },
    stats: () => sim.stats() as unknown as DgiSimulatorStats,
    async close() {
      await sandbox.close();
      await http.close();
    },
  };
}

export async function readAll(stream: StreamDef<DgiConfig>, ctx: ReadContext<DgiConfig>): Promise<SourceMessage[]> {
  const out: SourceMessage[] = [];
  for await (const m of stream.read(ctx)) out.push(m);
  return out;
}

export function records(messages: readonly SourceMessage[]): Record<string, unknown>[] {
  return messages.flatMap((m) => (m.type === 'record' ? [m.data] : []));
}

/** The state the pipeline would commit after storing `recs` (folds `nextState`). */
export function foldState(stream: StreamDef<DgiConfig>, state: unknown, recs: readonly Record<string, unknown>[]): unknown {
  return recs.reduce((s, r) => stream.nextState?.(s, r) ?? s, state);
}
