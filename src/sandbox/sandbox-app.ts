import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';

import { createFaultRegistry } from './fault-registry.js';
import { installFaultHooks } from './fault-hooks.js';
import type { FaultControl } from './fault-spec.js';
import { registerAdminRoutes } from './sandbox-admin-routes.js';
import { createSandboxClock, type ControllableClock } from './sandbox-clock.js';
import { createTrafficCounters, type SandboxStatsEntry } from './sandbox-stats.js';
import type { Simulator } from './simulator.js';
import { createSimulators } from './simulators.js';

export interface CreateSandboxOptions {
  /** Seed of every deterministic generator (default 42). */
  readonly seed?: number;
  /** Default: every simulator of `createSimulators()`. */
  readonly simulators?: readonly Simulator[];
  /** Advance the clock by itself, one step every `stepMs` (default 60 s), for demos. Default: only when told. */
  readonly realtime?: boolean | { readonly stepMs: number };
  /** Fastify's logger option (default off: tests and the CLI log on their own). */
  readonly logger?: FastifyServerOptions['logger'];
}

export interface Sandbox {
  readonly app: FastifyInstance;
  readonly clock: ControllableClock;
  readonly faults: FaultControl;
  readonly seed: number;
  readonly prefixes: readonly string[];
  /** Starts serving; resolves to the base URL (`http://127.0.0.1:PORT`). Port 0 picks a free port. */
  listen(port?: number, host?: string): Promise<string>;
  /** The base URL a client uses for one simulator, e.g. `http://127.0.0.1:PORT/notion` (after `listen`). */
  url(prefix: string): string;
  stats(): Record<string, SandboxStatsEntry>;
  /** Demo credentials keyed by connector config name (`sluice sandbox --print-credentials --json`). */
  credentials(): Record<string, unknown>;
  /** Clears faults, request counters and each simulator's per-test state (the clock keeps its step). */
  reset(): void;
  close(): Promise<void>;
}

export const DEFAULT_REALTIME_STEP_MS = 60_000;

/** Each simulator's demo credentials under its connector's config name (`credentialsKey`, default the prefix). */
export function sandboxCredentials(simulators: readonly Simulator[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of simulators) {
    const c = s.credentials();
    // A simulator whose upstream needs no credential (ui.com) is left out rather than printed as `{}`.
    const empty = c === undefined || c === null || (typeof c === 'object' && Object.keys(c).length === 0);
    if (!empty) out[s.credentialsKey ?? s.prefix] = c;
  }
  return out;
}

/**
 * Composes the upstream simulators into one Fastify app: each under `/<prefix>` in its own encapsulated scope, with
 * root hooks (ahead of the simulators' own) that count traffic and apply faults by prefix, plus the /_admin routes. Used by `sluice sandbox` and,
 * in-process on a random port, by tests.
 */
export async function createSandbox(opts: CreateSandboxOptions = {}): Promise<Sandbox> {
  const seed = opts.seed ?? 42;
  const simulators = opts.simulators ?? createSimulators();
  const prefixes = simulators.map((s) => s.prefix);
  const dup = prefixes.find((p, i) => prefixes.indexOf(p) !== i);
  if (dup) throw new Error(`two simulators share the prefix "${dup}"`);
  const bad = prefixes.find((p) => !/^[a-z][a-z0-9-]*$/.test(p) || p === '_admin');
  if (bad !== undefined) throw new Error(`invalid simulator prefix "${bad}"`);

  const clock = createSandboxClock();
  const registry = createFaultRegistry(seed);
  const traffic = createTrafficCounters(prefixes);
  // forceCloseConnections: hung (fault) connections must not keep close() waiting.
  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true, bodyLimit: 20 * 1024 * 1024 });

  const stats = (): Record<string, SandboxStatsEntry> => {
    const t = traffic.snapshot();
    return Object.fromEntries(
      simulators.map((s) => {
        const own = s.stats?.();
        const base = t[s.prefix] ?? { requests: 0, byStatus: {}, faults: {} };
        return [s.prefix, own === undefined ? base : { ...base, simulator: own }];
      }),
    );
  };
  const credentials = () => sandboxCredentials(simulators);
  const reset = () => {
    registry.clear();
    traffic.reset();
    for (const s of simulators) s.reset?.();
  };

  // Counted at the root, so requests to paths a simulator does not know (404) count too.
  const prefixOf = (url: string): string | undefined => {
    const first = /^\/([^/?#]+)/.exec(url)?.[1];
    return first !== undefined && prefixes.includes(first) ? first : undefined;
  };
  app.addHook('onRequest', async (req) => {
    const p = prefixOf(req.url);
    if (p) traffic.request(p);
  });
  app.addHook('onResponse', async (req, reply) => {
    const p = prefixOf(req.url);
    if (p) traffic.status(p, reply.statusCode);
  });

  installFaultHooks(app, {
    registry,
    simulators: new Map(simulators.map((s) => [s.prefix, s])),
    onFault: (prefix, f) => traffic.fault(prefix, f.kind),
  });

  for (const sim of simulators) {
    await app.register(
      async (scope) => {
        await sim.register(scope, { clock, seed });
      },
      { prefix: `/${sim.prefix}` },
    );
  }
  registerAdminRoutes(app, { clock, faults: registry, prefixes, stats, reset, credentials });
  app.get('/', async () => ({ sandbox: 'sluice', prefixes, admin: '/_admin' }));
  await app.ready();

  if (opts.realtime) clock.startRealtime(opts.realtime === true ? DEFAULT_REALTIME_STEP_MS : opts.realtime.stepMs);

  let baseUrl: string | undefined;
  const faults: FaultControl = { set: registry.set, clear: registry.clear, list: registry.list };
  return {
    app,
    clock,
    faults,
    seed,
    prefixes,
    async listen(port = 0, host = '127.0.0.1') {
      await app.listen({ port, host });
      const addr = app.server.address();
      if (addr === null || typeof addr === 'string') throw new Error('the sandbox is not listening on a TCP port');
      const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      baseUrl = `http://${h}:${addr.port}`;
      return baseUrl;
    },
    url(prefix) {
      if (!baseUrl) throw new Error('the sandbox is not listening yet: call listen() first');
      if (!prefixes.includes(prefix)) throw new Error(`no simulator under /${prefix}`);
      return `${baseUrl}/${prefix}`;
    },
    stats,
    credentials,
    reset,
    async close() {
      clock.stopRealtime();
      await app.close();
    },
  };
}
